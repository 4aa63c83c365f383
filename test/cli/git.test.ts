/**
 * End-to-end git integration: a real temporary repository, real commits and
 * staging, and the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/infralint.js');

function run(cmd: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const git = (cwd: string, ...args: string[]): string => {
  const r = run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const cli = (cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } => run(process.execPath, [BIN, ...args], cwd);

const CLEAN = 'locals {\n  a = 1\n}\n';
const BROKEN = 'locals {\n  a = \n}\n';
const STALE = 'locals {\n  a = 1 # infralint-ignore parse-error -- stale\n}\n';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function gitRepo(files: Record<string, string>): TempRepo {
  const r = tempRepo({ '.infralintrc.json': '{}\n', ...files });
  git(r.dir, 'init', '-q', '-b', 'master');
  git(r.dir, 'add', '-A');
  git(r.dir, 'commit', '-qm', 'initial');
  return r;
}

describe('--staged', () => {
  it('lints the staged content, not the working tree, and only staged files', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN, 'stacks/b/main.tf': BROKEN });
    repo.write('stacks/a/main.tf', BROKEN);
    git(repo.dir, 'add', 'stacks/a/main.tf');
    repo.write('stacks/a/main.tf', CLEAN);
    const r = cli(repo.dir, '--staged', '--format', 'compact');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('stacks/a/main.tf:2:'))).toBe(true);
    expect(r.stdout).toContain('[parse-error]');
  });

  it('passes when the staged content is clean even if the working tree is broken', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', 'locals {\n  a = 2\n}\n');
    git(repo.dir, 'add', 'stacks/a/main.tf');
    repo.write('stacks/a/main.tf', BROKEN);
    expect(cli(repo.dir, '--staged').code).toBe(0);
  });

  it('with --fix, fixes and re-stages a staged file without unstaged changes', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', STALE);
    git(repo.dir, 'add', 'stacks/a/main.tf');
    const r = cli(repo.dir, '--staged', '--fix', '--exit-non-zero-on-fix');
    expect(r.code).toBe(1);
    expect(repo.read('stacks/a/main.tf')).toBe(CLEAN);
    expect(git(repo.dir, 'show', ':stacks/a/main.tf')).toBe(CLEAN);
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('with --fix, leaves a file with unstaged changes alone and says why', () => {
    repo = gitRepo({ 'stacks/a/main.tf': CLEAN });
    repo.write('stacks/a/main.tf', STALE);
    git(repo.dir, 'add', 'stacks/a/main.tf');
    repo.write('stacks/a/main.tf', STALE + '# more\n');
    const r = cli(repo.dir, '--staged', '--fix', '--format', 'json');
    expect(repo.read('stacks/a/main.tf')).toBe(STALE + '# more\n');
    expect(git(repo.dir, 'show', ':stacks/a/main.tf')).toBe(STALE);
    const data = JSON.parse(r.stdout) as { results: { ruleId: string; notFixedReason?: string }[] };
    expect(data.results.map((x) => [x.ruleId, x.notFixedReason])).toEqual([['suppressions', 'the file has unstaged changes; stage or stash them, then run --fix again']]);
  });

  it('outside a git repository is a clear error (exit 2)', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'a.tf': CLEAN });
    const r = cli(repo.dir, '--staged');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^infralint: git rev-parse --show-toplevel failed: /);
  });
});

describe('--changed-since', () => {
  it('lints the stacks touched since the merge base, and the stacks that call a changed module', () => {
    repo = gitRepo({
      'stacks/a/main.tf': BROKEN,
      'stacks/b/main.tf': 'module "m" {\n  source = "../../modules/kubernetes/m"\n}\n',
      'stacks/c/main.tf': BROKEN,
      'modules/kubernetes/m/main.tf': CLEAN,
    });
    git(repo.dir, 'checkout', '-qb', 'feature');
    repo.write('modules/kubernetes/m/main.tf', 'locals {\n  a = 2\n}\n');
    repo.write('stacks/a/extra.tf', CLEAN);
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-qm', 'change');
    const r = cli(repo.dir, '--changed-since', 'master', '--format', 'json');
    const data = JSON.parse(r.stdout) as { results: { file: string }[]; summary: { files: number } };
    expect([...new Set(data.results.map((x) => x.file))]).toEqual(['stacks/a/main.tf']);
    expect(data.summary.files).toBe(4);
    expect(r.code).toBe(1);
  });

  it('--new-only reports only findings on changed lines', () => {
    repo = gitRepo({ 'stacks/a/main.tf': STALE });
    git(repo.dir, 'checkout', '-qb', 'feature');
    repo.write('stacks/a/main.tf', STALE + 'locals {\n  b = 1 # infralint-ignore parse-error -- also stale\n}\n');
    git(repo.dir, 'commit', '-qam', 'change');
    const all = JSON.parse(cli(repo.dir, '--changed-since', 'master', '--format', 'json').stdout) as { results: { line: number }[] };
    expect(all.results.map((x) => x.line)).toEqual([2, 5]);
    const fresh = JSON.parse(cli(repo.dir, '--changed-since', 'master', '--new-only', '--format', 'json').stdout) as { results: { line: number }[] };
    expect(fresh.results.map((x) => x.line)).toEqual([5]);
  });
});

describe('install-hook', () => {
  it('installs an executable pre-commit hook, refuses a foreign one without --force', () => {
    repo = gitRepo({ 'a.tf': CLEAN });
    const hook = resolve(repo.dir, '.git/hooks/pre-commit');
    expect(cli(repo.dir, 'install-hook')).toMatchObject({ code: 0, stdout: 'installed .git/hooks/pre-commit\n' });
    expect(readFileSync(hook, 'utf8')).toContain('infralint --staged');
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(cli(repo.dir, 'install-hook').code).toBe(0);
    repo.write('.git/hooks/pre-commit', '#!/bin/sh\nexec my-other-hook\n');
    const refused = cli(repo.dir, 'install-hook');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists and was not written by infralint; use --force to replace it');
    expect(cli(repo.dir, 'install-hook', '--force').code).toBe(0);
    expect(existsSync(hook) && readFileSync(hook, 'utf8').includes('infralint --staged')).toBe(true);
  });
});
