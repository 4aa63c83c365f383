/**
 * Git integration: `--staged` (the content of the git index), `--changed-since`
 * (the stacks a branch touches) and `install-hook`. Loaded only when used.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LintOptions } from '../engine/runner.js';
import { UsageError } from '../engine/runner.js';
import { writeFileAtomic } from '../engine/fixer.js';
import type { Finding, SourceFile } from '../engine/types.js';
import type { RepoIndex } from '../project/index-types.js';
import { diskSource, type FileSource } from '../project/repo-index.js';
import { toPosixRelative } from '../project/discover.js';
import type { CliArgs } from './args.js';
import type { Io } from './main.js';

function git(cwd: string, args: readonly string[], input?: string | Buffer): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) throw new UsageError(`git is not available: ${r.error.message}`);
  if (r.status !== 0) throw new UsageError(`git ${args.join(' ')} failed: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

function nulList(out: Buffer): string[] {
  return out.toString('utf8').split('\0').filter((s) => s.length > 0);
}

/** The top of the git work tree that holds `dir`. */
export function gitTop(dir: string): string {
  return git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
}

/**
 * Runs git without blocking, so that several git processes overlap (each costs
 * 15-30 ms to start). Resolves to its stdout once it exits with status 0.
 * `input`, when given, is written to its stdin once it resolves, and the stdin
 * is closed either way, so a process that waits for input always ends.
 */
function gitAsync(cwd: string, args: readonly string[], input?: Promise<string>): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolvePromise(Buffer.concat(out));
      else reject(new UsageError(`git ${args.join(' ')} failed: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    const stdin = child.stdin;
    if (input && stdin) {
      // a git that failed to start or exited early closes its end: its status says why, not EPIPE
      stdin.on('error', () => undefined);
      input.then(
        (text) => stdin.end(text),
        () => stdin.end(),
      );
    }
  });
}

/** A file in the index that differs from HEAD: its blob and its path relative to where git ran. */
interface StagedEntry {
  readonly mode: string;
  readonly oid: string;
  readonly path: string;
}

/**
 * Parses `git diff --raw -z`: per file a `:<old mode> <new mode> <old oid>
 * <new oid> <status>` field, then the path, or for a rename or copy
 * (status R or C with a score) the old path and the new one.
 */
function parseRawDiff(out: Buffer): StagedEntry[] {
  const fields = nulList(out);
  const entries: StagedEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const head = fields[i]!.split(' ');
    const mode = head[1];
    const oid = head[3];
    const status = head[4] ?? '';
    const path = fields[(i += status.startsWith('R') || status.startsWith('C') ? 2 : 1)];
    if (mode === undefined || oid === undefined || path === undefined) throw new UsageError(`git diff --raw: unexpected output near "${fields[i - 1] ?? ''}"`);
    entries.push({ mode, oid, path });
  }
  return entries;
}

/**
 * Splits the output of `git cat-file --batch` fed `oids`, one per line: per
 * object a `<oid> <type> <size>` line, the content and a newline, or
 * `<oid> missing`. Only blobs are kept.
 */
function parseBatch(out: Buffer, oids: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let pos = 0;
  for (let n = 0; n < oids.length; n++) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(out.subarray(pos, nl).toString('utf8'));
    pos = nl + 1;
    if (!m) continue;
    const size = Number(m[3]);
    if (m[2] === 'blob') blobs.set(m[1]!, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return blobs;
}

const GITLINK_MODE = '160000';

/** The options that make a lint run look at the git index or at a branch's changes. */
export async function gitLintOptions(args: CliArgs, root: string): Promise<Partial<LintOptions>> {
  if (args.staged) {
    try {
      return await stagedOptions(root, args.fix);
    } catch (error) {
      // Outside a repository or without git, the top-level lookup fails with git's own words, as it always did
      gitTop(root);
      throw error;
    }
  }
  return changedSinceOptions(gitTop(root), args.changedSince!, args.newOnly);
}

/**
 * What `--staged` needs from git, in at most three processes that run at the
 * same time, all in `root` with paths relative to it (`--relative`), so that
 * the top of the work tree is never asked for and the files outside `root`
 * are left out by git itself:
 * - the files that differ between HEAD and the index (added, copied, modified
 *   or renamed; a deleted file is not linted), with their staged blob ids;
 * - those blobs, from one `git cat-file --batch` started alongside and fed the
 *   ids as soon as they are known;
 * - with `--fix` only, the files whose work tree differs from the index: they
 *   are not rewritten, since re-staging them would stage the unstaged changes.
 * Everything else is read from the work tree.
 */
async function stagedOptions(root: string, fix: boolean): Promise<Partial<LintOptions>> {
  const listed = gitAsync(root, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--relative', '--diff-filter=ACMR']).then(parseRawDiff);
  const wanted = listed.then((entries) => entries.filter((e) => e.mode !== GITLINK_MODE).map((e) => e.oid));
  const [entries, oids, batch, unstagedOut] = await Promise.all([
    listed,
    wanted,
    gitAsync(root, ['cat-file', '--batch'], wanted.then((ids) => ids.map((id) => `${id}\n`).join(''))),
    fix ? gitAsync(root, ['diff', '--name-only', '-z', '--relative']) : undefined,
  ]);
  const blobs = parseBatch(batch, oids);
  const byPath = new Map<string, Buffer>();
  for (const e of entries) {
    const blob = blobs.get(e.oid);
    if (blob) byPath.set(resolve(root, e.path), blob);
  }
  const unstaged = new Set(unstagedOut ? nulList(unstagedOut).map((p) => resolve(root, p)) : []);
  const source: FileSource = {
    read(path) {
      return byPath.get(path) ?? diskSource.read(path);
    },
  };
  return {
    targets: entries.map((e) => resolve(root, e.path)),
    source,
    staged: true,
    fixBlockedReason: (path) => (unstaged.has(path) ? 'the file has unstaged changes; stage or stash them, then run --fix again' : undefined),
    writeFile: (path: string, text: string, original: SourceFile) => {
      writeFileAtomic(path, text, original.text);
      git(root, ['add', '--', toPosixRelative(root, path)]);
    },
  };
}

/** Changed line numbers per absolute path, from `git diff -U0`. */
export function changedLines(top: string, base: string): Map<string, Set<number>> {
  const diff = git(top, ['diff', '-U0', '--no-color', '--no-ext-diff', base]).toString('utf8');
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const p = line.slice(4);
      current = p === '/dev/null' ? undefined : new Set();
      if (current) out.set(resolve(top, p.replace(/^b\//, '')), current);
    } else if (line.startsWith('@@') && current) {
      const m = /\+(\d+)(?:,(\d+))?/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  return out;
}

/**
 * The stacks a change touches: a changed file in `stacks/<x>/` selects the
 * whole stack; a change in a module selects every stack that calls it
 * (transitively); a change elsewhere (config.tfvars, the root terragrunt.hcl)
 * selects every stack. Changed files outside stacks are linted too.
 */
export function affectedFiles(index: RepoIndex, changed: readonly string[]): string[] {
  const root = index.root;
  const stackOfPath = (p: string): string | undefined => {
    const parts = toPosixRelative(root, p).split('/');
    return parts[0] === 'stacks' && parts.length > 2 ? join(root, 'stacks', parts[1]!) : undefined;
  };
  const stacks = new Set<string>();
  const extra = new Set<string>();
  let everything = false;
  const moduleDirs: string[] = [];
  for (const p of changed) {
    const rel = toPosixRelative(root, p);
    if (rel.startsWith('..')) continue;
    if (existsSync(p)) extra.add(p);
    const stack = stackOfPath(p);
    if (stack) {
      stacks.add(stack);
      if (index.folderOf(p)?.kind === 'nested-module') moduleDirs.push(dirname(p));
    } else if (rel.startsWith('modules/')) moduleDirs.push(dirname(p));
    else if (/\.(tf|hcl|tfvars)$/.test(rel)) everything = true;
  }
  const seen = new Set<string>();
  while (moduleDirs.length > 0) {
    const dir = moduleDirs.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const call of index.callersOf(dir)) {
      const stack = stackOfPath(call.file.path);
      if (stack) stacks.add(stack);
      moduleDirs.push(call.callerDir);
    }
  }
  const out = new Set<string>(extra);
  for (const p of index.paths) {
    const stack = stackOfPath(p);
    if (everything ? stack !== undefined : stack !== undefined && stacks.has(stack)) out.add(p);
  }
  return [...out].sort();
}

function changedSinceOptions(top: string, ref: string, newOnly: boolean): Partial<LintOptions> {
  const base = git(top, ['merge-base', ref, 'HEAD']).toString('utf8').trim();
  const changed = [
    ...nulList(git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base])),
    ...nulList(git(top, ['ls-files', '--others', '--exclude-standard', '-z'])),
  ].map((p) => resolve(top, p));
  const lines = newOnly ? changedLines(top, base) : undefined;
  const untracked = new Set(nulList(git(top, ['ls-files', '--others', '--exclude-standard', '-z'])).map((p) => resolve(top, p)));
  return {
    selectTargets: (index) => affectedFiles(index, changed),
    ...(lines
      ? {
          findingFilter: (f: Finding) => untracked.has(f.path) || (lines.get(f.path)?.has(f.line) ?? false),
        }
      : {}),
  };
}

const HOOK_MARKER = '# infralint pre-commit hook';

/** Installs `.git/hooks/pre-commit` running `infralint --staged`. */
export function installHook(io: Io, force: boolean): number {
  const top = gitTop(io.cwd);
  const hooksDir = resolve(top, git(top, ['rev-parse', '--git-path', 'hooks']).toString('utf8').trim());
  const hook = join(hooksDir, 'pre-commit');
  if (existsSync(hook) && !readFileSync(hook, 'utf8').includes(HOOK_MARKER) && !force) {
    io.stderr.write(`infralint: ${hook} exists and was not written by infralint; use --force to replace it\n`);
    return 2;
  }
  mkdirSync(hooksDir, { recursive: true });
  writeFileSync(
    hook,
    `#!/bin/sh\n${HOOK_MARKER} (installed by \`infralint install-hook\`)\n# Lints what is staged; a commit with errors is stopped. Skip once with: git commit --no-verify\nexec npx --no-install infralint --staged\n`,
  );
  chmodSync(hook, 0o755);
  io.stdout.write(`installed ${toPosixRelative(io.cwd, hook)}\n`);
  return 0;
}
