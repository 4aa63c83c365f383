import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverRepoFiles, toPosixRelative } from '../../src/project/discover.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function discovered(r: TempRepo, ignorePatterns: string[] = []): string[] {
  return discoverRepoFiles({ root: r.dir, ignorePatterns }).map((p) => relative(r.dir, p));
}

describe('discoverRepoFiles', () => {
  it('lists every file, dotfiles included, sorted, without tool folders, the cache or transient files', () => {
    repo = tempRepo({
      'stacks/b/main.tf': '',
      'stacks/a/main.tf': '',
      '.gitattributes': '',
      'stacks/a/.terraform/providers.tf': '',
      'stacks/a/.terragrunt-cache/x/main.tf': '',
      'node_modules/x/index.js': '',
      '.git/config': '',
      '.infralintcache': '{}',
      'stacks/a/.main.tf.infralint-123.tmp': '',
      'stacks/a/.main.tf.infralint-lock': '',
    });
    expect(discovered(repo)).toEqual(['.gitattributes', 'stacks/a/main.tf', 'stacks/b/main.tf']);
  });

  it('honours .gitignore files at every level and ignorePatterns, and prunes ignored folders', () => {
    repo = tempRepo({
      '.gitignore': 'generated/\n*.log\n',
      'generated/main.tf': '',
      'keep.log': '',
      'stacks/a/.gitignore': 'local.tf\n!keep.log\n',
      'stacks/a/local.tf': '',
      'stacks/a/main.tf': '',
      'stacks/b/local.tf': '',
      'stacks/old/main.tf': '',
    });
    expect(discovered(repo, ['stacks/old/'])).toEqual(['.gitignore', 'stacks/a/.gitignore', 'stacks/a/main.tf', 'stacks/b/local.tf']);
  });

  it('lists symbolic links to files and does not follow links to folders', () => {
    repo = tempRepo({ 'common/providers.tf': '', 'stacks/a/main.tf': '' });
    symlinkSync(join(repo.dir, 'common/providers.tf'), join(repo.dir, 'stacks/a/providers.tf'));
    symlinkSync(join(repo.dir, 'stacks'), join(repo.dir, 'stacks/a/loop'));
    symlinkSync(join(repo.dir, 'missing.tf'), join(repo.dir, 'stacks/a/broken.tf'));
    mkdirSync(join(repo.dir, 'empty'));
    expect(discovered(repo)).toEqual(['common/providers.tf', 'stacks/a/main.tf', 'stacks/a/providers.tf']);
  });
});

describe('toPosixRelative', () => {
  it.each([
    ['/repo', '/repo/stacks/a/main.tf', 'stacks/a/main.tf'],
    ['/repo', '/repo', ''],
    ['/repo', '/repo2/x', '../repo2/x'],
    ['/repo', '/repo/./stacks/../x.tf', 'x.tf'],
    ['/repo/', '/repo/x.tf', 'x.tf'],
    ['/repo', '/repo/.gitignore', '.gitignore'],
  ])('%s → %s is %s', (base, path, expected) => {
    expect(toPosixRelative(base, path)).toBe(expected);
  });
});
