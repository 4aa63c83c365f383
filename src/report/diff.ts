/**
 * Unified diffs of what `--fix` changes, in the format `git apply` and
 * `patch -p1` read.
 */
import { oneLine } from './common.js';

/** Above this many differences between the two line lists the diff gives up and replaces the changed region whole. */
const MAX_EDIT_DISTANCE = 2000;

/** A region that differs: old lines [oldStart, oldEnd) became new lines [newStart, newEnd); 0-based. */
interface Change {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/**
 * The unified diff from `before` to `after` (`--- a/path`, `+++ b/path`,
 * `@@ -l,n +l,n @@` hunks with `context` lines around each change, 3 by
 * default), or `''` when the texts are equal.
 *
 * Lines are compared with their terminators, so a change of line ending or of
 * the final newline is a change; a last line without a newline is followed by
 * `\ No newline at end of file`. Content lines keep their `\r` before the `\n`
 * (so the patch applies to a CRLF file); headers and markers never carry one.
 * The line diff is Myers' O(ND) algorithm after trimming the common prefix and
 * suffix; past MAX_EDIT_DISTANCE differences the changed middle becomes one
 * deletion and one insertion, which is still a correct patch.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const changes = diffLines(oldLines, newLines);
  const name = oneLine(path);
  let output = `--- a/${name}\n+++ b/${name}\n`;
  for (const hunk of groupHunks(changes, oldLines.length, Math.max(0, context))) {
    output += renderHunk(hunk, oldLines, newLines);
  }
  return output;
}

/** Lines with their `\n` (the last one may lack it); `''` has no lines. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function diffLines(oldLines: readonly string[], newLines: readonly string[]): Change[] {
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const a = oldLines.map(intern);
  const b = newLines.map(intern);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    suffix++;
  }
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  const matches = myersMatches(middleA, middleB, MAX_EDIT_DISTANCE);
  if (matches === undefined) {
    return [{ oldStart: prefix, oldEnd: a.length - suffix, newStart: prefix, newEnd: b.length - suffix }];
  }
  const changes: Change[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  const closeChange = (oldEnd: number, newEnd: number): void => {
    if (oldEnd > oldIndex || newEnd > newIndex) {
      changes.push({ oldStart: prefix + oldIndex, oldEnd: prefix + oldEnd, newStart: prefix + newIndex, newEnd: prefix + newEnd });
    }
  };
  for (const [x, y] of matches) {
    closeChange(x, y);
    oldIndex = x + 1;
    newIndex = y + 1;
  }
  closeChange(middleA.length, middleB.length);
  return changes;
}

/**
 * The matched index pairs of a shortest edit script from `a` to `b`, in
 * ascending order, or undefined when more than `limit` edits are needed.
 * Keeps the frontier of each round (2d+1 entries), so memory is O(D²).
 */
function myersMatches(a: readonly number[], b: readonly number[], limit: number): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, limit); d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
      let x = down ? frontier[offset + k + 1]! : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
    trace.push(frontier.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], distance: number, n: number, m: number): [number, number][] {
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = distance; d > 0; d--) {
    const previous = trace[d - 1]!;
    const at = (k: number): number => previous[k + d - 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      matches.push([x, y]);
    }
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    matches.push([x, y]);
  }
  return matches.reverse();
}

interface Hunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
  readonly changes: readonly Change[];
}

/** Changes closer than 2 × context lines share a hunk (as in GNU diff). */
function groupHunks(changes: readonly Change[], oldLength: number, context: number): Hunk[] {
  const hunks: Hunk[] = [];
  let group: Change[] = [];
  const flush = (): void => {
    const first = group[0];
    const last = group[group.length - 1];
    if (first === undefined || last === undefined) return;
    const oldStart = Math.max(0, first.oldStart - context);
    const oldEnd = Math.min(oldLength, last.oldEnd + context);
    hunks.push({
      oldStart,
      oldEnd,
      newStart: first.newStart - (first.oldStart - oldStart),
      newEnd: last.newEnd + (oldEnd - last.oldEnd),
      changes: group,
    });
    group = [];
  };
  for (const change of changes) {
    const previous = group[group.length - 1];
    if (previous !== undefined && change.oldStart - previous.oldEnd > 2 * context) flush();
    group.push(change);
  }
  flush();
  return hunks;
}

function renderHunk(hunk: Hunk, oldLines: readonly string[], newLines: readonly string[]): string {
  let output = `@@ -${hunkRange(hunk.oldStart, hunk.oldEnd)} +${hunkRange(hunk.newStart, hunk.newEnd)} @@\n`;
  let oldIndex = hunk.oldStart;
  for (const change of hunk.changes) {
    for (; oldIndex < change.oldStart; oldIndex++) output += diffLine(' ', oldLines[oldIndex]!);
    for (let index = change.oldStart; index < change.oldEnd; index++) output += diffLine('-', oldLines[index]!);
    for (let index = change.newStart; index < change.newEnd; index++) output += diffLine('+', newLines[index]!);
    oldIndex = change.oldEnd;
  }
  for (; oldIndex < hunk.oldEnd; oldIndex++) output += diffLine(' ', oldLines[oldIndex]!);
  return output;
}

/** `l,n` with l 1-based; an empty range names the line before it, a one-line range omits `,1` (as git and GNU diff do). */
function hunkRange(start: number, end: number): string {
  const length = end - start;
  if (length === 0) return `${start},0`;
  return length === 1 ? `${start + 1}` : `${start + 1},${length}`;
}

function diffLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}
