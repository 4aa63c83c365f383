/**
 * Applying fixes: text edits on offsets of the unchanged source, chosen so
 * that no two overlap, and atomic writes.
 *
 * Invariants: a fix is all or nothing; two identical edits (same file, range
 * and text — e.g. two findings that both declare `variable "redis_host"`) are
 * applied once; an edit that overlaps an accepted one defers its whole fix to
 * the next pass, when it is recomputed on the new text.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TextEdit } from './types.js';

export interface PendingFix {
  /** Absolute path of the file the finding is in (edits without `path` apply to it). */
  readonly path: string;
  readonly edits: readonly TextEdit[];
}

export interface ResolvedEdit {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function resolveEdits(fix: PendingFix): ResolvedEdit[] {
  return fix.edits.map((e) => ({ path: e.path ?? fix.path, start: e.start, end: e.end, text: e.text }));
}

function overlaps(a: ResolvedEdit, b: ResolvedEdit): boolean {
  if (a.path !== b.path) return false;
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function same(a: ResolvedEdit, b: ResolvedEdit): boolean {
  return a.path === b.path && a.start === b.start && a.end === b.end && a.text === b.text;
}

/**
 * Chooses, in order, the fixes whose edits do not overlap those already
 * chosen. Returns the indexes of the chosen fixes and the deduplicated edits
 * grouped by file.
 */
export function selectFixes(fixes: readonly PendingFix[]): { chosen: number[]; edits: Map<string, ResolvedEdit[]> } {
  const accepted: ResolvedEdit[] = [];
  const chosen: number[] = [];
  fixes.forEach((fix, index) => {
    const edits = resolveEdits(fix);
    const fresh: ResolvedEdit[] = [];
    for (const e of edits) {
      if (accepted.some((a) => same(a, e)) || fresh.some((f) => same(f, e))) continue;
      if (accepted.some((a) => overlaps(a, e)) || fresh.some((f) => overlaps(f, e))) return;
      fresh.push(e);
    }
    accepted.push(...fresh);
    chosen.push(index);
  });
  const byFile = new Map<string, ResolvedEdit[]>();
  for (const e of accepted) {
    let list = byFile.get(e.path);
    if (!list) byFile.set(e.path, (list = []));
    list.push(e);
  }
  return { chosen, edits: byFile };
}

/** Applies non-overlapping edits to `text`. Inserted line breaks follow `eol`. */
export function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[], eol: '\n' | '\r\n' = '\n'): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + (eol === '\r\n' ? e.text.replace(/\r?\n/g, '\r\n') : e.text);
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** The dominant line ending of a text. */
export function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export class WriteConflictError extends Error {}

/** Test seam: lets a test fail the rename to simulate a crash mid-write. */
export const fsOps = { rename: renameSync };

/**
 * Writes `text` to `path` atomically (a temp file in the same folder, then a
 * rename), keeping the file's mode. When `expected` is given and the file on
 * disk no longer holds it, nothing is written and WriteConflictError is thrown.
 */
export function writeFileAtomic(path: string, text: string, expected?: string | Uint8Array): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  if (expected !== undefined) {
    const current = readFileSync(path);
    const want = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : Buffer.from(expected);
    if (!current.equals(want)) throw new WriteConflictError(`${path} changed on disk while infralint was fixing it; not overwritten`);
  }
  const tmp = join(dirname(path), `.${basename(path)}.infralint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(tmp, mode);
    fsOps.rename(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw error;
  }
}
