/**
 * How old the lines of an `import {}` block are, from `git blame`, and the
 * text range that deleting a block removes.
 *
 * Blame runs on the text being linted (`--contents -`), so staged content and
 * fixed-but-unwritten text are blamed as they are; lines that differ from
 * HEAD count as uncommitted. Times are Unix seconds (committer time: when the
 * change landed). Git runs at the top of the work tree (found by its `.git`
 * entry), so a relative `GIT_DIR` from a hook still resolves, with optional
 * locks off so that linting never contends with a concurrent commit. Anything
 * git cannot answer (no repository, no git binary, an untracked file) gives
 * no answer, never an error.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Block } from '../src/hcl/index.js';

const workTreeCache = new Map<string, string | null>();

/** The top of the git work tree holding `dir` (the nearest folder with a `.git` entry), or null. */
function workTreeTop(dir: string): string | null {
  const cached = workTreeCache.get(dir);
  if (cached !== undefined) return cached;
  const parent = dirname(dir);
  const result = existsSync(join(dir, '.git')) ? dir : parent === dir ? null : workTreeTop(parent);
  workTreeCache.set(dir, result);
  return result;
}

const HEADER = /^([0-9a-f]{40,64}) \d+ (\d+)(?: \d+)?$/;
const UNCOMMITTED = /^0+$/;

/** The committer time of every blamed line (by 1-based line number); `null` for uncommitted lines. */
function parsePorcelain(out: string): Map<number, number | null> {
  const times = new Map<string, number>();
  const lines = new Map<number, string>();
  let sha: string | undefined;
  for (const line of out.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      sha = header[1]!;
      lines.set(Number(header[2]), sha);
    } else if (sha !== undefined && line.startsWith('committer-time ')) {
      times.set(sha, Number(line.slice('committer-time '.length)));
    }
  }
  const result = new Map<number, number | null>();
  for (const [n, s] of lines) result.set(n, UNCOMMITTED.test(s) ? null : (times.get(s) ?? null));
  return result;
}

const blameCache = new Map<string, (number | undefined)[] | undefined>();
const MAX_CACHE = 500;

/**
 * For each line range (1-based, inclusive), the newest committer time of its
 * lines, or undefined when a line is uncommitted or git cannot tell. The
 * whole result is undefined when the file is not in a git work tree or git
 * fails. One `git blame` per file and text; cached.
 */
export function newestCommitTimes(path: string, text: string, ranges: readonly (readonly [number, number])[]): (number | undefined)[] | undefined {
  const top = ranges.length === 0 ? null : workTreeTop(dirname(path));
  if (top === null) return undefined;
  const key = `${path}\0${ranges.map((r) => r.join(',')).join(';')}\0${text}`;
  if (blameCache.has(key)) return blameCache.get(key);
  const args = ['blame', '--porcelain', '--contents', '-', ...ranges.flatMap(([a, b]) => ['-L', `${a},${b}`]), '--', relative(top, path).split(sep).join('/')];
  const r = process.getBuiltinModule('node:child_process').spawnSync('git', args, {
    cwd: top,
    input: text,
    encoding: 'utf8',
    timeout: 10_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  let result: (number | undefined)[] | undefined;
  if (r.error === undefined && r.status === 0) {
    const times = parsePorcelain(r.stdout);
    result = ranges.map(([a, b]) => {
      let newest = 0;
      for (let n = a; n <= b; n++) {
        const t = times.get(n);
        if (t === undefined || t === null) return undefined;
        newest = Math.max(newest, t);
      }
      return newest;
    });
  }
  if (blameCache.size >= MAX_CACHE) blameCache.clear();
  blameCache.set(key, result);
  return result;
}

function isBlank(text: string, from: number, to: number): boolean {
  return text.slice(from, to).trim() === '';
}

/**
 * The range that deleting `block` removes: its lead comments and its lines
 * (with the line comment), then one blank line after it; at the end of the
 * file, one blank line before it instead. When the block shares a line with
 * other code, only the block itself.
 */
export function deletionRange(text: string, block: Block): { start: number; end: number } {
  const first = block.leadComments[0]?.start ?? block.start;
  const lineStart = text.lastIndexOf('\n', first - 1) + 1;
  const last = block.lineComment?.end ?? block.end;
  const nl = text.indexOf('\n', last);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  const bom = text.startsWith('\uFEFF') && lineStart === 0 ? 1 : 0;
  if (!isBlank(text, lineStart + bom, first) || !isBlank(text, last, lineEnd)) return { start: block.start, end: block.end };
  let start = lineStart + bom;
  let end = lineEnd;
  const nextNl = text.indexOf('\n', end);
  const nextEnd = nextNl < 0 ? text.length : nextNl + 1;
  if (end < text.length && isBlank(text, end, nextEnd)) {
    end = nextEnd;
  } else if (end >= text.length && start > 0) {
    const prevStart = text.lastIndexOf('\n', start - 2) + 1;
    if (isBlank(text, prevStart, start)) start = prevStart;
  }
  return { start, end };
}
