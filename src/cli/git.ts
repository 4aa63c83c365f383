/**
 * Git integration: `--staged` (the content of the git index), `--changed-since`
 * (the stacks a branch touches) and `install-hook`. Loaded only when used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
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

/**
 * The folders where git may keep loose objects for the repository that holds
 * `root`: GIT_OBJECT_DIRECTORY, GIT_DIR's `objects`, and the `objects` of the
 * nearest `.git` upward (a folder, or in a linked worktree or a submodule a
 * file naming the git dir, whose `commondir` holds the objects). Found
 * without running git, so it may guess wrong; `readLooseBlob` makes a wrong
 * guess harmless.
 */
function objectDirs(root: string): string[] {
  const dirs: string[] = [];
  const env = process.env;
  if (env.GIT_OBJECT_DIRECTORY) dirs.push(resolve(root, env.GIT_OBJECT_DIRECTORY));
  const gitDirs = env.GIT_DIR ? [resolve(root, env.GIT_DIR)] : [];
  for (let dir = root; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    try {
      if (statSync(dotGit).isDirectory()) gitDirs.push(dotGit);
      else {
        const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
        if (m) gitDirs.push(resolve(dir, m[1]!.trim()));
      }
      break;
    } catch {
      if (dirname(dir) === dir) break;
    }
  }
  for (const gitDir of gitDirs) {
    let common = env.GIT_COMMON_DIR ? resolve(root, env.GIT_COMMON_DIR) : gitDir;
    try {
      if (!env.GIT_COMMON_DIR) common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // no commondir: the git dir is the common dir
    }
    dirs.push(join(common, 'objects'));
  }
  return dirs;
}

/**
 * A blob read from a loose object file (`git add` writes each blob it stages
 * as one: zlib-compressed `blob <size>\0<content>`, named after its id), or
 * undefined when no folder has it loose (it may be packed). As when git reads
 * a loose object, the file name vouches for the id, and zlib's checksum and
 * the size in the header catch a damaged file; so a wrong folder from
 * `objectDirs` can only miss, never hand back other content.
 */
function readLooseBlob(dirs: readonly string[], oid: string): Buffer | undefined {
  for (const dir of dirs) {
    let raw: Buffer;
    try {
      raw = inflateSync(readFileSync(join(dir, oid.slice(0, 2), oid.slice(2))));
    } catch {
      continue;
    }
    const nul = raw.indexOf(0);
    const m = /^blob (\d+)$/.exec(raw.subarray(0, Math.max(nul, 0)).toString('latin1'));
    if (nul < 0 || !m || Number(m[1]) !== raw.length - nul - 1) continue;
    return raw.subarray(nul + 1);
  }
  return undefined;
}

/** The options that make a lint run look at the git index or at a branch's changes. */
export function gitLintOptions(args: CliArgs, root: string): Partial<LintOptions> {
  if (args.staged) {
    try {
      return stagedOptions(root);
    } catch (error) {
      // Outside a repository or without git, the top-level lookup fails with git's own words, as it always did
      gitTop(root);
      throw error;
    }
  }
  return changedSinceOptions(gitTop(root), args.changedSince!, args.newOnly);
}

/**
 * What `--staged` needs from git, in one process (each costs 15-30 ms here,
 * nearly all of it start-up), run in `root` with paths relative to it
 * (`--relative`), so that the top of the work tree is never asked for and the
 * files outside `root` are left out by git itself:
 * - the files that differ between HEAD and the index (added, copied, modified
 *   or renamed; a deleted file or a submodule is not linted), with their
 *   staged blob ids;
 * - those blobs: read from their loose object files, which `git add` has just
 *   written; a blob that is not loose (packed, or in an alternate object
 *   store) comes from one `git cat-file --batch`;
 * - only once a fix is about to be made (`--fix` with something to fix), the
 *   files whose work tree differs from the index, from `git diff`: they are
 *   not rewritten, since re-staging them would stage the unstaged changes.
 *   Fixes are written after every pass has asked, so the answer is about the
 *   user's changes, never ours.
 * Everything else is read from the work tree.
 */
function stagedOptions(root: string): Partial<LintOptions> {
  const listed = git(root, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--relative', '--diff-filter=ACMR']);
  // a submodule (gitlink) is a commit of another repository, not a file to lint
  const entries = parseRawDiff(listed).filter((e) => e.mode !== GITLINK_MODE);
  const blobs = new Map<string, Buffer>();
  const dirs = entries.length > 0 ? objectDirs(root) : [];
  const packed: string[] = [];
  for (const e of entries) {
    if (blobs.has(e.oid)) continue;
    const blob = readLooseBlob(dirs, e.oid);
    if (blob) blobs.set(e.oid, blob);
    else packed.push(e.oid);
  }
  if (packed.length > 0) {
    const batch = git(root, ['cat-file', '--batch'], packed.map((id) => `${id}\n`).join(''));
    for (const [oid, blob] of parseBatch(batch, packed)) blobs.set(oid, blob);
  }
  const byPath = new Map<string, Buffer>();
  for (const e of entries) {
    const blob = blobs.get(e.oid);
    if (blob) byPath.set(resolve(root, e.path), blob);
  }
  let unstaged: Set<string> | undefined;
  const source: FileSource = {
    read(path) {
      return byPath.get(path) ?? diskSource.read(path);
    },
  };
  return {
    targets: entries.map((e) => resolve(root, e.path)),
    source,
    staged: true,
    fixBlockedReason: (path) => {
      unstaged ??= new Set(nulList(git(root, ['diff', '--name-only', '-z', '--relative'])).map((p) => resolve(root, p)));
      return unstaged.has(path) ? 'the file has unstaged changes; stage or stash them, then run --fix again' : undefined;
    },
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
  const diffed = nulList(git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base])).map((p) => resolve(top, p));
  const untrackedPaths = nulList(git(top, ['ls-files', '--others', '--exclude-standard', '-z'])).map((p) => resolve(top, p));
  const changed = [...diffed, ...untrackedPaths];
  const lines = newOnly ? changedLines(top, base) : undefined;
  const untracked = new Set(untrackedPaths);
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
