/**
 * The stale-import check against a real temporary git repository with
 * committed history: commits dated 30 days ago and today, uncommitted and
 * untracked changes, and the same files outside any repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { parse } from '../../src/hcl/index.js';
import { deletionRange } from '../../rules/_import-git.js';
import { importBlocks } from '../../rules/import-blocks.js';

const rule = importBlocks as unknown as Rule;
const DAY = 86_400;

const KURED_MAIN = `resource "kubernetes_namespace_v1" "kured" {
  metadata {
    name = "kured"
  }
}

resource "helm_release" "kured" {
  name      = "kured"
  namespace = kubernetes_namespace_v1.kured.metadata[0].name
}
`;

const KURED_IMPORTS = `# Adopting the release and namespace created by hand.
# Delete this file after the apply lands.

import {
  to = helm_release.kured
  id = "kured/kured"
}

import {
  to = kubernetes_namespace_v1.kured
  id = "kured"
}
`;

const APP_OLD = `resource "helm_release" "app" {
  name      = "app"
  namespace = "app"
}

# Adopted from the hand-installed release.
import {
  to = helm_release.app
  id = "app/app"
}

resource "helm_release" "worker" {
  name      = "worker"
  namespace = "app"
}

import {
  to = helm_release.worker
  id = "app/wrker"
}
`;

/** Today's commit fixes the worker id: that block is new again. */
const APP_NOW = APP_OLD.replace('"app/wrker"', '"app/worker"');

const APP_FIXED = `resource "helm_release" "app" {
  name      = "app"
  namespace = "app"
}

resource "helm_release" "worker" {
  name      = "worker"
  namespace = "app"
}

import {
  to = helm_release.worker
  id = "app/worker"
}
`;

const CACHE_OLD = `resource "helm_release" "redis" {
  name      = "redis"
  namespace = "redis"
}

import {
  to = helm_release.redis
  id = "redis/redis"
}
`;

const WEB_NEW = `resource "helm_release" "web" {
  name      = "web"
  namespace = "web"
}

import {
  to = helm_release.web
  id = "web/web"
}
`;

function write(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function git(dir: string, args: string[], epoch?: number): void {
  const date = epoch === undefined ? {} : { GIT_AUTHOR_DATE: `@${epoch} +0000`, GIT_COMMITTER_DATE: `@${epoch} +0000` };
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...date },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

async function run(dir: string, options: Record<string, unknown> = {}, fix?: 'safe' | 'unsafe'): Promise<RunResult> {
  const rules = new Map([[rule.meta.id, rule]]);
  const config = new Config(join(dir, '.infralintrc.json'), dir, { rules: { [rule.meta.id]: ['error', options] } }, rules, new Map([[rule.meta.id, { options }]]), []);
  return lint({ cwd: dir, root: dir, paths: [], rules, config, ...(fix ? { fix, noWrite: true } : {}) });
}

function findings(result: RunResult, dir: string): string[] {
  return result.results.flatMap((r) => r.findings.map((f) => `${r.path.slice(dir.length + 1)}:${f.line}:${f.column} ${f.severity} ${f.fix ?? '-'} ${f.message}`));
}

function fixed(result: RunResult, dir: string): Record<string, string> {
  return Object.fromEntries(result.results.filter((r) => r.fixedText !== undefined).map((r) => [r.path.slice(dir.length + 1), r.fixedText!]));
}

const stale = (to: string, rest = ''): string =>
  `import block for \`${to}\` was last changed 30 days ago (maxAgeDays 14); once its apply has landed, delete it in a follow-up commit${rest}`;
const WHOLE = ', with this file (it holds nothing else)';

describe('import-blocks: stale import blocks by git blame', () => {
  let repo: string;
  let plain: string;

  beforeAll(() => {
    const now = Math.floor(Date.now() / 1000);
    repo = mkdtempSync(join(tmpdir(), 'infralint-import-git-'));
    git(repo, ['init', '-q']);
    write(repo, '.infralintrc.json', '{}\n');
    write(repo, 'stacks/kured/main.tf', KURED_MAIN);
    write(repo, 'stacks/kured/imports.tf', KURED_IMPORTS);
    write(repo, 'stacks/app/main.tf', APP_OLD);
    write(repo, 'stacks/cache/main.tf', CACHE_OLD);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'adopt kured, app and cache'], now - 30 * DAY - 600);
    write(repo, 'stacks/app/main.tf', APP_NOW);
    write(repo, 'stacks/web/main.tf', WEB_NEW);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'fix the worker id, adopt web'], now - 60);
    write(repo, 'stacks/cache/main.tf', CACHE_OLD.replace('"redis/redis"', '"redis/redis" # adopted again'));
    write(repo, 'stacks/dns/main.tf', WEB_NEW.replaceAll('web', 'dns'));

    plain = mkdtempSync(join(tmpdir(), 'infralint-import-nogit-'));
    write(plain, '.infralintrc.json', '{}\n');
    write(plain, 'stacks/kured/main.tf', KURED_MAIN);
    write(plain, 'stacks/kured/imports.tf', KURED_IMPORTS);
    write(plain, 'stacks/app/main.tf', APP_NOW);
  });

  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(plain, { recursive: true, force: true });
  });

  it('reports blocks whose lines are all older than maxAgeDays, and nothing recent, uncommitted or untracked', async () => {
    const result = await run(repo);
    expect(result.errors).toEqual([]);
    expect(findings(result, repo)).toEqual([
      `stacks/app/main.tf:7:1 warn unsafe ${stale('helm_release.app')}`,
      `stacks/kured/imports.tf:4:1 warn unsafe ${stale('helm_release.kured', WHOLE)}`,
      `stacks/kured/imports.tf:9:1 warn unsafe ${stale('kubernetes_namespace_v1.kured', WHOLE)}`,
    ]);
  });

  it('names the file to remove when only stale import blocks are left in it', async () => {
    const result = await run(repo);
    const kured = result.results.find((r) => r.path.endsWith('imports.tf'))!;
    expect(kured.findings.map((f) => f.suggestion)).toEqual([
      '`git rm stacks/kured/imports.tf` (the fix empties the file; remove it)',
      '`git rm stacks/kured/imports.tf` (the fix empties the file; remove it)',
    ]);
    const app = result.results.find((r) => r.path.endsWith('app/main.tf'))!;
    expect(app.findings.map((f) => f.suggestion)).toEqual(['delete the block and its comments in a follow-up commit']);
  });

  it('honours maxAgeDays', async () => {
    expect(findings(await run(repo, { maxAgeDays: 45 }), repo)).toEqual([]);
    const age = (to: string, ago: string): string =>
      `import block for \`${to}\` was last changed ${ago} (maxAgeDays 0); once its apply has landed, delete it in a follow-up commit`;
    expect(findings(await run(repo, { maxAgeDays: 0 }), repo)).toEqual([
      `stacks/app/main.tf:7:1 warn unsafe ${age('helm_release.app', '30 days ago')}`,
      `stacks/app/main.tf:17:1 warn unsafe ${age('helm_release.worker', 'today')}`,
      `stacks/kured/imports.tf:4:1 warn unsafe ${age('helm_release.kured', '30 days ago')}${WHOLE}`,
      `stacks/kured/imports.tf:9:1 warn unsafe ${age('kubernetes_namespace_v1.kured', '30 days ago')}${WHOLE}`,
      `stacks/web/main.tf:6:1 warn unsafe ${age('helm_release.web', 'today')}`,
    ]);
  });

  it('the unsafe fix deletes the block with its lead comment and the blank line after it, and empties a file of stale blocks', async () => {
    const result = await run(repo, {}, 'unsafe');
    expect(result.errors).toEqual([]);
    expect(fixed(result, repo)).toEqual({ 'stacks/app/main.tf': APP_FIXED, 'stacks/kured/imports.tf': '' });
  });

  it('a safe --fix leaves stale blocks alone', async () => {
    const result = await run(repo, {}, 'safe');
    expect(fixed(result, repo)).toEqual({});
  });

  it('works when the linted root is a folder inside the work tree', async () => {
    const root = join(repo, 'stacks');
    const result = await run(root);
    expect(result.errors).toEqual([]);
    expect(findings(result, root)).toEqual([
      `app/main.tf:7:1 warn unsafe ${stale('helm_release.app')}`,
      `kured/imports.tf:4:1 warn unsafe ${stale('helm_release.kured', WHOLE)}`,
      `kured/imports.tf:9:1 warn unsafe ${stale('kubernetes_namespace_v1.kured', WHOLE)}`,
    ]);
  });

  it('reports nothing outside a git repository', async () => {
    const result = await run(plain);
    expect(result.errors).toEqual([]);
    expect(findings(result, plain)).toEqual([]);
  });
});

describe('import-blocks: what deleting a stale block removes', () => {
  const cases: { name: string; source: string; expected: string }[] = [
    {
      name: 'lead comments, the line comment and the blank line after',
      source: 'locals {}\n\n# adopted\n# by hand\nimport {\n  to = a.b\n  id = "c"\n} # done\n\nresource "a" "b" {}\n',
      expected: 'locals {}\n\nresource "a" "b" {}\n',
    },
    {
      name: 'at the end of the file: the blank line before',
      source: 'resource "a" "b" {}\n\nimport {\n  to = a.b\n  id = "c"\n}\n',
      expected: 'resource "a" "b" {}\n',
    },
    {
      name: 'directly followed by another block: only its lines',
      source: 'import {\n  to = a.b\n  id = "c"\n}\nresource "a" "b" {}\n',
      expected: 'resource "a" "b" {}\n',
    },
    {
      name: 'CRLF line endings',
      source: 'resource "a" "b" {}\r\n\r\n# adopted\r\nimport {\r\n  to = a.b\r\n  id = "c"\r\n}\r\n\r\nlocals {}\r\n',
      expected: 'resource "a" "b" {}\r\n\r\nlocals {}\r\n',
    },
    {
      name: 'after a BOM, first in the file',
      source: '\uFEFFimport {\n  to = a.b\n  id = "c"\n}\n\nlocals {}\n',
      expected: '\uFEFFlocals {}\n',
    },
    {
      name: 'sharing its line with a comment: only the block',
      source: '/* x */ import {\n  to = a.b\n  id = "c"\n}\n',
      expected: '/* x */ \n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const file = parse(c.source, 'main.tf');
      const block = file.body.items.find((i) => i.kind === 'Block' && i.type === 'import');
      if (block?.kind !== 'Block') throw new Error('no import block');
      const r = deletionRange(c.source, block);
      expect(c.source.slice(0, r.start) + c.source.slice(r.end)).toBe(c.expected);
    });
  }
});
