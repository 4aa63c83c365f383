/**
 * Git integration: `--staged` (the content of the git index), `--changed-since`
 * (the stacks a branch touches) and `install-hook`. Loaded only when used.
 */
import { spawnSync } from 'node:child_process';
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
 * Reads the staged blobs of `paths` (relative to `top`) with one
 * `git cat-file --batch` process. A path missing from the index is absent.
 */
export function readStagedBlobs(top: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (paths.length === 0) return out;
  const stdout = git(top, ['cat-file', '--batch'], paths.map((p) => `:${p}`).join('\n') + '\n');
  let pos = 0;
  for (const p of paths) {
    const nl = stdout.indexOf(10, pos);
    if (nl < 0) break;
    const header = stdout.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[1]);
    out.set(p, stdout.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/** The options that make a lint run look at the git index or at a branch's changes. */
export function gitLintOptions(args: CliArgs, root: string): Partial<LintOptions> {
  const top = gitTop(root);
  if (args.staged) return stagedOptions(top, root);
  return changedSinceOptions(top, args.changedSince!, args.newOnly);
}

function stagedOptions(top: string, root: string): Partial<LintOptions> {
  const staged = nulList(git(top, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'])).map((p) => resolve(top, p)).filter((p) => p.startsWith(root));
  const unstaged = new Set(nulList(git(top, ['diff', '--name-only', '-z'])).map((p) => resolve(top, p)));
  const blobs = readStagedBlobs(top, staged.map((p) => toPosixRelative(top, p)));
  const byPath = new Map<string, Buffer>();
  for (const [rel, blob] of blobs) byPath.set(resolve(top, rel), blob);
  const source: FileSource = {
    read(path) {
      return byPath.get(path) ?? diskSource.read(path);
    },
  };
  return {
    targets: staged,
    source,
    staged: true,
    fixBlockedReason: (path) => (unstaged.has(path) ? 'the file has unstaged changes; stage or stash them, then run --fix again' : undefined),
    writeFile: (path: string, text: string, original: SourceFile) => {
      writeFileAtomic(path, text, original.text);
      git(top, ['add', '--', toPosixRelative(top, path)]);
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
