/**
 * `--staged` reads exactly what git would commit: the cases around the index
 * that the fast path (one `git diff --cached`, blobs read from loose objects,
 * paths relative to the lint root) must get right. A real temporary
 * repository and the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/infralint.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const cli = (cwd: string, ...args: string[]): Run => run(process.execPath, [BIN, ...args], cwd);

const CLEAN = 'locals {\n  a = 1\n}\n';
const BROKEN = 'locals {\n  a = \n}\n';
const STALE = 'locals {\n  a = 1 # infralint-ignore parse-error -- stale\n}\n';
const BROKEN_LINE = 'error [parse-error] Missing expression: Expected the start of an expression, but found the end of the line.';
const STALE_LINE = 'warning [suppressions] unused infralint-ignore for parse-error: nothing is reported there; remove it';

let repo: TempRepo | undefined;
const extra: string[] = [];
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  for (const dir of extra.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function gitRepo(files: Record<string, string | Uint8Array>): TempRepo {
  const r = tempRepo({ '.infralintrc.json': '{}\n', ...files });
  git(r.dir, 'init', '-q', '-b', 'master');
  git(r.dir, 'add', '-A');
  git(r.dir, 'commit', '-qm', 'initial');
  return r;
}

describe('--staged reads exactly the index', () => {
  it('lints the new path of a staged rename and skips a staged deletion', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': BROKEN });
    git(repo.dir, 'mv', 'stacks/a/main.tf', 'stacks/a/renamed.tf');
    repo.write('stacks/a/renamed.tf', STALE);
    git(repo.dir, 'add', 'stacks/a/renamed.tf');
    git(repo.dir, 'rm', '-q', 'stacks/b/main.tf');
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 0, stdout: `stacks/a/renamed.tf:2:9: ${STALE_LINE}\n`, stderr: '' });
  });

  it('reads a staged blob that is packed as well as one that is loose', () => {
    repo = gitRepo({ 'stacks/a/main.tf': BROKEN, 'stacks/b/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', CLEAN);
    git(repo.dir, 'commit', '-qam', 'fix');
    git(repo.dir, 'gc', '-q');
    git(repo.dir, 'checkout', 'HEAD~1', '--', 'stacks/a/main.tf');
    repo.write('stacks/a/main.tf', CLEAN);
    repo.write('stacks/b/main.tf', STALE);
    git(repo.dir, 'add', 'stacks/b/main.tf');
    const loose = (rel: string): boolean => {
      const oid = git(repo!.dir, 'rev-parse', `:${rel}`).trim();
      return existsSync(repo!.path(`.git/objects/${oid.slice(0, 2)}/${oid.slice(2)}`));
    };
    expect([loose('stacks/a/main.tf'), loose('stacks/b/main.tf')]).toEqual([false, true]);
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `stacks/a/main.tf:2:7: ${BROKEN_LINE}\nstacks/b/main.tf:2:9: ${STALE_LINE}\n` });
  });

  it('skips a staged submodule: it is a commit of another repository, not a file', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    const sub = tempRepo({ 'main.tf': BROKEN });
    extra.push(sub.dir);
    git(sub.dir, 'init', '-q', '-b', 'master');
    git(sub.dir, 'add', '-A');
    git(sub.dir, 'commit', '-qm', 'sub');
    git(repo.dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'stacks/sub');
    repo.write('stacks/a/main.tf', STALE);
    git(repo.dir, 'add', 'stacks/a/main.tf');
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toEqual({ code: 0, stdout: `stacks/a/main.tf:2:9: ${STALE_LINE}\n`, stderr: '' });
  });

  it('lints the staged bytes of a binary file, whatever the working tree holds', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', Buffer.from('loc\0als {\n}\n'));
    git(repo.dir, 'add', 'stacks/a/main.tf');
    repo.write('stacks/a/main.tf', CLEAN);
    repo.write('stacks/b/main.tf', 'locals {\n  b = 2\n}\n');
    git(repo.dir, 'add', 'stacks/b/main.tf');
    repo.write('stacks/b/main.tf', Buffer.from('loc\0als {\n}\n'));
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: 'stacks/a/main.tf:1:1: error [parse-error] binary content in an HCL file; it cannot be linted\n' });
  });

  it('with nothing staged, lints nothing and passes', () => {
    repo = gitRepo({ 'stacks/a/main.tf': BROKEN });
    repo.write('stacks/a/main.tf', BROKEN + '# unstaged\n');
    expect(cli(repo.dir, '--staged', '--format', 'compact')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('lints staged files in an unborn branch (the first commit)', () => {
    repo = tempRepo({ '.infralintrc.json': '{}\n', 'stacks/a/main.tf': BROKEN, 'stacks/b/main.tf': BROKEN });
    git(repo.dir, 'init', '-q', '-b', 'master');
    git(repo.dir, 'add', 'stacks/a/main.tf');
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `stacks/a/main.tf:2:7: ${BROKEN_LINE}\n` });
  });

  it('handles file names with spaces, quotes and non-ASCII letters', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    const name = 'stacks/a/mäin "x" file.tf';
    repo.write(name, BROKEN);
    git(repo.dir, 'add', name);
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `${name}:2:7: ${BROKEN_LINE}\n` });
  });

  it('run from a subfolder, lints every staged file of the repository with paths relative to the subfolder', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', BROKEN);
    repo.write('stacks/b/main.tf', STALE);
    git(repo.dir, 'add', '-A');
    const r = cli(repo.path('stacks/a'), '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `../b/main.tf:2:9: ${STALE_LINE}\nmain.tf:2:7: ${BROKEN_LINE}\n` });
  });

  it('with its config in a subfolder of the git repository, lints only the staged files under that folder', () => {
    repo = gitRepo({ 'infra/.infralintrc.json': '{}\n', 'infra/stacks/a/main.tf': CLEAN, 'infra2/stacks/b/main.tf': CLEAN, 'other.tf': CLEAN });
    for (const p of ['infra/stacks/a/main.tf', 'infra2/stacks/b/main.tf', 'other.tf']) repo.write(p, BROKEN);
    git(repo.dir, 'add', '-A');
    const r = cli(repo.path('infra'), '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `stacks/a/main.tf:2:7: ${BROKEN_LINE}\n` });
  });

  it('reads the index of a linked worktree (.git is a file there)', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    const parent = realpathSync(mkdtempSync(join(tmpdir(), 'infralint-wt-')));
    extra.push(parent);
    const wt = join(parent, 'wt');
    git(repo.dir, 'worktree', 'add', '-q', '-b', 'side', wt);
    run('sh', ['-c', `printf 'locals {\\n  a = \\n}\\n' > stacks/a/main.tf && git add stacks/a/main.tf && printf '${CLEAN.replace(/\n/g, '\\n')}' > stacks/a/main.tf`], wt);
    const r = cli(wt, '--staged', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: `stacks/a/main.tf:2:7: ${BROKEN_LINE}\n` });
    expect(cli(repo.dir, '--staged', '--format', 'compact')).toMatchObject({ code: 0, stdout: '' });
  });

  it('reads the index named by GIT_INDEX_FILE, as in the hook of `git commit <paths>`', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': CLEAN });
    const index = repo.path('alt-index');
    repo.write('stacks/a/main.tf', BROKEN);
    repo.write('stacks/b/main.tf', STALE);
    git(repo.dir, 'add', 'stacks/b/main.tf');
    expect(run('git', ['read-tree', 'HEAD'], repo.dir, { GIT_INDEX_FILE: index }).code).toBe(0);
    expect(run('git', ['add', 'stacks/a/main.tf'], repo.dir, { GIT_INDEX_FILE: index }).code).toBe(0);
    const r = run(process.execPath, [BIN, '--staged', '--format', 'compact'], repo.dir, { GIT_INDEX_FILE: index });
    expect(r).toMatchObject({ code: 1, stdout: `stacks/a/main.tf:2:7: ${BROKEN_LINE}\n` });
  });

  it('without git on the PATH is a clear error (exit 2)', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    const r = run(process.execPath, [BIN, '--staged'], repo.dir, { PATH: repo.path('no-such-bin') });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'infralint: git is not available: spawnSync git ENOENT\n' });
  });
});

describe('--staged --fix', () => {
  it('fixes and re-stages each file without unstaged changes, leaves the others and says why', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': CLEAN, 'stacks/c/main.tf': CLEAN });
    for (const p of ['stacks/a/main.tf', 'stacks/b/main.tf', 'stacks/c/main.tf']) repo.write(p, STALE);
    git(repo.dir, 'add', '-A');
    repo.write('stacks/b/main.tf', STALE + '# more\n');
    const r = cli(repo.dir, '--staged', '--fix', '--format', 'json');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { results: { file: string; ruleId: string; notFixedReason?: string }[] };
    expect(data.results.map((x) => [x.file, x.ruleId, x.notFixedReason])).toEqual([['stacks/b/main.tf', 'suppressions', 'the file has unstaged changes; stage or stash them, then run --fix again']]);
    expect(git(repo.dir, 'status', '--porcelain')).toBe('MM stacks/b/main.tf\n');
    expect(git(repo.dir, 'diff', '--cached', '--name-only')).toBe('stacks/b/main.tf\n');
    expect([repo.read('stacks/a/main.tf'), repo.read('stacks/c/main.tf')]).toEqual([CLEAN, CLEAN]);
    expect(git(repo.dir, 'show', ':stacks/b/main.tf')).toBe(STALE);
  });

  it('re-stages the fixed file when the lint root is a subfolder of the git repository', () => {
    repo = gitRepo({ 'infra/.infralintrc.json': '{}\n', 'infra/stacks/a/main.tf': CLEAN });
    repo.write('infra/stacks/a/main.tf', STALE);
    git(repo.dir, 'add', '-A');
    const r = cli(repo.path('infra/stacks'), '--staged', '--fix', '--exit-non-zero-on-fix', '--format', 'compact');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(repo.read('infra/stacks/a/main.tf')).toBe(CLEAN);
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });
});
