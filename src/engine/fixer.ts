/**
 * Applying fixes: text edits on offsets of the unchanged source, chosen so
 * that no two overlap, and atomic writes.
 *
 * Invariants: a fix is all or nothing; two identical edits (same file, range
 * and text — e.g. two findings that both declare `variable "redis_host"`) are
 * applied once; an edit that overlaps an accepted one defers its whole fix to
 * the next pass, when it is recomputed on the new text.
 */
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, type Dirent } from 'node:fs';
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

/**
 * Applies non-overlapping edits to `text`. Inserted line breaks follow `eol`.
 * Whether a non-empty text ends with a line break is kept: an edit that
 * appends to a text without one loses its trailing line breaks, and an edit
 * that removes a text's final line break gets it back (in the text's style).
 */
export function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[], eol: '\n' | '\r\n' = '\n'): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + (eol === '\r\n' ? e.text.replace(/\r?\n/g, '\r\n') : e.text);
    pos = e.end;
  }
  out += text.slice(pos);
  if (text.length === 0 || out.length === 0) return out;
  const finalBreak = /\r\n$|[\r\n]$/.exec(text)?.[0];
  if (finalBreak === undefined) return out.replace(/[\r\n]+$/, '');
  return /[\r\n]$/.test(out) ? out : out + finalBreak;
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

/** A write refused because the file on disk is no longer what the fix was computed from. */
export class WriteConflictError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A write that failed after its checks passed; `written` are the files of its group already replaced. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly written: readonly string[],
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * Test seams: a test replaces `rename` to simulate a crash mid-write, or
 * `read` (the read of the file on disk just before it is replaced) to
 * simulate another writer. Both are synchronous like the fs calls they stand for.
 */
export const fsOps = {
  rename: renameSync as (from: string, to: string) => void,
  read: readFileSync as (path: string) => Buffer,
};

/**
 * Lock timing in ms (mutable for tests): a lock older than `staleMs` (by its
 * mtime) is stale, its holder crashed or hung; a write waits up to `waitMs`
 * for a live holder before giving up.
 */
export const lockPolicy = { staleMs: 10_000, waitMs: 5_000 };

/** The lock file that guards `path`; its name is ignored by discovery. */
export function lockPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.infralint-lock`);
}

let hostCache: string | undefined;
/** This host's name as it appears in lock and temp file names (node:os loads on first use). */
function host(): string {
  hostCache ??= process.getBuiltinModule('node:os').hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  return hostCache;
}

/** Random hex digits for unique names (node:crypto loads only when a run writes). */
function randomHex(bytes: number): string {
  return process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');
}

/** A temp file older than this (ms) is left over from a crash even if its writer's host is another. */
const STALE_TEMP_MS = 10 * 60_000;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when process `pid` of host `at` is known to be gone (only this host's processes can be checked). */
function isGone(pid: number, at: string): boolean {
  if (at !== host() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * A lock is stale when its holder on this host is no longer running, or when
 * it is older than lockPolicy.staleMs (a holder on another host, or a hung one).
 * An empty lock (its holder has not written its id yet) is judged by age only.
 */
function isStale(lockPath: string, content: string): boolean {
  const m = /^(\d+)@(\S*) /.exec(content);
  return (m !== null && isGone(Number(m[1]), m[2]!)) || ageMs(lockPath) > lockPolicy.staleMs;
}

/** A temp file is stale when its writer on this host is gone or it is older than STALE_TEMP_MS. */
function isStaleTemp(temp: string): boolean {
  const m = /\.infralint-[0-9a-f]{8}-(\d+)@(.*)\.tmp$/.exec(temp);
  return (m !== null && isGone(Number(m[1]), m[2]!)) || ageMs(temp) > STALE_TEMP_MS;
}

/**
 * Removes the temp files a killed run left beside `path` (its writer is gone,
 * or the file is older than STALE_TEMP_MS). Called under the lock of `path`.
 */
function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.infralint-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return;
  }
  for (const name of names) {
    const temp = join(dirname(path), name);
    if (isStaleTemp(temp)) removeQuietly(temp);
  }
}

/** Folders the leftover sweep never enters (as discovery). */
const SWEEP_SKIPPED = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache']);

/**
 * Removes what killed runs left anywhere under `root`: temp files of gone
 * writers and locks of gone holders (both judged as above; a live run's files
 * are left alone). A --fix run that writes calls it once, before writing.
 */
export function removeStaleLeftovers(root: string): void {
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SWEEP_SKIPPED.has(e.name)) walk(path);
      } else if (e.isFile() && e.name.startsWith('.') && e.name.includes('.infralint-')) {
        if (e.name.endsWith('.tmp')) {
          if (isStaleTemp(path)) removeQuietly(path);
        } else if (e.name.endsWith('.infralint-lock')) {
          const content = readOrUndefined(path);
          if (content !== undefined && isStale(path, content)) breakLock(path, content);
        }
      }
    }
  };
  walk(root);
}

/**
 * Removes a stale lock without ever removing a fresh one: the lock is moved
 * aside first, and if what was moved is not the lock judged stale (another
 * process replaced it in between), it is linked back (link fails if yet
 * another lock exists, which then stays the valid one).
 */
function breakLock(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.${process.pid}-${randomHex(4)}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  if (readOrUndefined(aside) !== staleContent) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third process took the lock meanwhile and holds it; the owner of the
      // one moved aside finds it gone and releases nothing. Needs three
      // processes racing on a stale lock within microseconds.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

/**
 * Takes the exclusive lock of `path` (a lock file created with O_EXCL),
 * waiting up to lockPolicy.waitMs for a live holder and breaking stale locks.
 * Returns the token written into the lock, which `releaseLock` checks.
 */
function acquireLock(path: string): string {
  const lockPath = lockPathOf(path);
  const token = `${process.pid}@${host()} ${randomHex(6)}\n`;
  const deadline = Date.now() + lockPolicy.waitMs;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lockPath, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return token;
    }
    const content = readOrUndefined(lockPath);
    if (content !== undefined && isStale(lockPath, content)) {
      breakLock(lockPath, content);
      continue;
    }
    if (Date.now() > deadline) throw new WriteConflictError(path, `${path} is locked by another infralint process (${lockPath}); not overwritten`);
    sleepMs(5 + Math.floor(Math.random() * 20));
  }
}

/** Removes the lock if it is still ours (a lock broken as stale and retaken by another process is left alone). */
function releaseLock(path: string, token: string): void {
  const lockPath = lockPathOf(path);
  if (readOrUndefined(lockPath) !== token) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

export interface FileWrite {
  readonly path: string;
  readonly text: string;
  /** What the file must hold for the write to go ahead (compare-and-swap); undefined writes unconditionally. */
  readonly expected?: string | Uint8Array;
}

/**
 * Whether `w` still has to be written: false when the file already holds its
 * text (another run made the same fix). Throws WriteConflictError when the
 * file holds neither what the fix was computed from nor its result.
 */
function needsWrite(w: FileWrite): boolean {
  if (w.expected === undefined) return true;
  let current: Buffer;
  try {
    current = fsOps.read(w.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WriteConflictError(w.path, `${w.path} was deleted while infralint was fixing it; not recreated`);
    throw error;
  }
  const want = typeof w.expected === 'string' ? Buffer.from(w.expected, 'utf8') : Buffer.from(w.expected);
  if (current.equals(want)) return true;
  if (current.equals(Buffer.from(w.text, 'utf8'))) return false;
  throw new WriteConflictError(w.path, `${w.path} changed on disk while infralint was fixing it; not overwritten`);
}

/** Writes `text` to a new temp file beside `path`, flushed to disk, with `path`'s mode. Returns the temp file. */
function writeTemp(path: string, text: string): string {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  removeStaleTemps(path);
  const tmp = join(dirname(path), `.${basename(path)}.infralint-${randomHex(4)}-${process.pid}@${host()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', mode ?? 0o644);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(tmp, mode);
  } catch (error) {
    removeQuietly(tmp);
    throw error;
  }
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Writes a group of files (those one fix spans, e.g. a reference and the
 * declaration it needs) as one unit, as far as a file system allows:
 *
 * 1. takes every file's lock, in path order (two runs cannot deadlock);
 * 2. compares every file with its `expected`: one conflict, nothing written;
 * 3. writes and flushes a temp file beside each: one failure, nothing written;
 * 4. renames each temp file over its file.
 *
 * A reader, a concurrent infralint or a crash therefore sees every file old
 * or new, never torn or truncated; only a crash within step 4 (a few renames)
 * leaves a group part old, part new. Locks are released and temp files
 * removed on every failure (a killed process leaves them; the next write of
 * the file removes its stale temps and breaks its stale lock).
 *
 * Throws WriteConflictError (nothing written), or WriteError whose `written`
 * lists the files replaced before the failure.
 */
export function writeFilesAtomic(writes: readonly FileWrite[]): void {
  const sorted = [...writes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const locks: { path: string; token: string }[] = [];
  try {
    for (const w of sorted) locks.push({ path: w.path, token: acquireLock(w.path) });
    const todo = sorted.filter(needsWrite);
    const temps: { path: string; tmp: string }[] = [];
    for (const w of todo) {
      try {
        temps.push({ path: w.path, tmp: writeTemp(w.path, w.text) });
      } catch (error) {
        for (const t of temps) removeQuietly(t.tmp);
        throw new WriteError(w.path, [], error);
      }
    }
    const written: string[] = [];
    for (const [i, t] of temps.entries()) {
      try {
        fsOps.rename(t.tmp, t.path);
      } catch (error) {
        for (const rest of temps.slice(i)) removeQuietly(rest.tmp);
        throw new WriteError(t.path, written, error);
      }
      written.push(t.path);
    }
  } finally {
    for (const l of locks) releaseLock(l.path, l.token);
  }
}

/**
 * Writes one file atomically (see writeFilesAtomic): the old file or the new
 * one, never a mix; its mode kept. With `expected`, a compare-and-swap that
 * throws WriteConflictError when the file changed on disk. Other failures
 * throw the underlying error.
 */
export function writeFileAtomic(path: string, text: string, expected?: string | Uint8Array): void {
  try {
    writeFilesAtomic([{ path, text, ...(expected !== undefined ? { expected } : {}) }]);
  } catch (error) {
    throw error instanceof WriteError ? error.reason : error;
  }
}
