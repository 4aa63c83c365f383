import { statSync, chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { fsOps } from '../../src/engine/fixer.js';
import { lint, type LintOptions } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { parseError } from '../../rules/parse-error.js';
import { suppressions } from '../../rules/suppressions.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { breaksFile, needsOwner, noFixme, noTodo, testRules, useHostVar } from './test-rules.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const allRules = new Map<string, Rule>([...testRules, parseError, suppressions].map((r) => [r.meta.id, r]));

function configFor(dir: string, rules: ReadonlyMap<string, Rule> = allRules): Config {
  return new Config(undefined, dir, {}, rules, new Map(), []);
}

async function run(r: TempRepo, extra: Partial<LintOptions> = {}): Promise<RunResult> {
  return lint({ cwd: r.dir, root: r.dir, paths: ['.'], rules: allRules, config: configFor(r.dir), now: new Date('2026-11-26T12:00:00Z'), ...extra });
}

function summary(result: RunResult): string[] {
  return result.results.flatMap((r) => r.findings.map((f) => `${r.path.slice(result.root.length + 1)}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`));
}

describe('lint', () => {
  it('reports exact positions for HCL and text files, in file then line order', async () => {
    repo = tempRepo({
      'stacks/web/main.tf': 'resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n',
      'scripts/deploy.sh': '#!/bin/bash\necho hi # FIXME later\n',
    });
    const result = await run(repo);
    expect(summary(result)).toEqual(['scripts/deploy.sh:2:11 warn no-fixme FIXME left in the file', 'stacks/web/main.tf:3:3 error no-todo remove todo in resource']);
    expect(result.summary).toMatchObject({ errors: 1, warnings: 1, fixable: 1, files: 2 });
    expect(result.errors).toEqual([]);
  });

  it('reports a syntax error as parse-error and runs no other rule on that file', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  todo = \n}\n', 'stacks/web/ok.tf': 'locals {\n  todo = 1\n}\n' });
    const result = await run(repo);
    const lines = summary(result);
    expect(lines.filter((l) => l.startsWith('stacks/web/main.tf') && !l.includes('parse-error'))).toEqual([]);
    expect(lines).toContain('stacks/web/ok.tf:2:3 error no-todo remove todo in locals');
    expect(lines.some((l) => l.startsWith('stacks/web/main.tf:2:') && l.includes('error parse-error'))).toBe(true);
  });

  it('skips git-crypt ciphertext silently and reports a binary .tf file', async () => {
    repo = tempRepo({
      'terraform.tfvars': Buffer.concat([Buffer.from('\0GITCRYPT\0'), Buffer.from([1, 2, 3, 250])]),
      'stacks/web/blob.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]),
    });
    expect(summary(await run(repo))).toEqual(['stacks/web/blob.tf:1:1 error parse-error binary content in an HCL file; it cannot be linted']);
  });

  it('lints only the paths asked for but indexes the whole repository', async () => {
    repo = tempRepo({
      'stacks/a/main.tf': 'resource "x" "a" {\n  todo = 1\n}\n',
      'stacks/b/main.tf': 'resource "x" "b" {\n  todo = 1\n}\n',
    });
    const result = await run(repo, { paths: ['stacks/b'] });
    expect(summary(result)).toEqual(['stacks/b/main.tf:1:1 warn needs-owner resource has no owner', 'stacks/b/main.tf:2:3 error no-todo remove todo in resource']);
    expect(result.results.map((r) => r.path.slice(repo!.dir.length + 1))).toEqual(['stacks/b/main.tf']);
  });

  it('honours .gitignore and ignorePatterns', async () => {
    repo = tempRepo({
      '.gitignore': 'generated/\n',
      'generated/x.tf': 'locals {\n  todo = 1\n}\n',
      'stacks/old/main.tf': 'locals {\n  todo = 1\n}\n',
      'stacks/new/main.tf': 'locals {\n  todo = 1\n}\n',
    });
    const config = new Config(undefined, repo.dir, { ignorePatterns: ['stacks/old/'] }, allRules, new Map(), []);
    const result = await run(repo, { config });
    expect(result.results.map((r) => r.path.slice(repo!.dir.length + 1))).toEqual(['stacks/new/main.tf']);
  });

  it('throws a usage error for a path that does not exist', async () => {
    repo = tempRepo({ 'a.tf': '' });
    await expect(run(repo, { paths: ['nope'] })).rejects.toThrow('no such file or directory: nope');
  });

  it('--only runs only the named rules', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  todo = 1\n}\n' });
    expect(summary(await run(repo, { only: ['needs-owner'] }))).toEqual(['stacks/web/main.tf:1:1 warn needs-owner resource has no owner']);
  });
});

describe('fix', () => {
  it('applies safe fixes only, unless unsafe fixes are asked for', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  name = "a"\n  todo = 1\n}\n' });
    const safe = await run(repo, { fix: 'safe' });
    expect(repo.read('stacks/web/main.tf')).toBe('resource "x" "a" {\n  name = "a"\n}\n');
    expect(safe.results[0]!.applied).toEqual([{ ruleId: 'no-todo', message: 'remove todo in resource' }]);
    expect(summary(safe)).toEqual(['stacks/web/main.tf:1:1 warn needs-owner resource has no owner']);
    await run(repo, { fix: 'unsafe' });
    expect(repo.read('stacks/web/main.tf')).toBe('resource "x" "a" {\n  name = "a"\n  owner = "platform"\n}\n');
  });

  it('a second --fix changes nothing', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  todo = 1\n}\n' });
    await run(repo, { fix: 'unsafe' });
    const first = repo.read('stacks/web/main.tf');
    const again = await run(repo, { fix: 'unsafe' });
    expect(repo.read('stacks/web/main.tf')).toBe(first);
    expect(again.results.every((r) => !r.fixed)).toBe(true);
  });

  it('declares a variable once when three findings in a folder add it, across files', async () => {
    repo = tempRepo({
      'stacks/web/main.tf': 'module "a" {\n  host = "db.local"\n}\nmodule "b" {\n  host = "db.local"\n}\n',
      'stacks/web/other.tf': 'module "c" {\n  host = "db.local"\n}\n',
      'stacks/web/variables.tf': 'variable "name" {}\n',
    });
    const result = await run(repo, { fix: 'safe', only: ['use-host-var'] });
    expect(repo.read('stacks/web/main.tf')).toBe('module "a" {\n  host = var.host\n}\nmodule "b" {\n  host = var.host\n}\n');
    expect(repo.read('stacks/web/other.tf')).toBe('module "c" {\n  host = var.host\n}\n');
    expect(repo.read('stacks/web/variables.tf')).toBe('variable "name" {}\nvariable "host" {\n  type = string\n}\n');
    expect(result.summary.fixed).toBe(3);
    expect(summary(result)).toEqual([]);
  });

  it('drops a fix whose output does not parse and says why', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'broken "x" {\n}\n' });
    const result = await run(repo, { fix: 'safe', only: ['breaks-file'] });
    expect(repo.read('stacks/web/main.tf')).toBe('broken "x" {\n}\n');
    expect(result.results[0]!.findings.map((f) => [f.ruleId, f.notFixedReason])).toEqual([['breaks-file', 'the fixed file would not parse; fix it by hand']]);
  });

  it('keeps CRLF line endings, the BOM and the file mode', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': '\uFEFFresource "x" "a" {\r\n  todo = 1\r\n}\r\n' });
    chmodSync(repo.path('stacks/web/main.tf'), 0o640);
    await run(repo, { fix: 'unsafe' });
    expect(repo.read('stacks/web/main.tf')).toBe('\uFEFFresource "x" "a" {\r\n  owner = "platform"\r\n}\r\n');
    expect(statSync(repo.path('stacks/web/main.tf')).mode & 0o777).toBe(0o640);
  });

  it('--diff mode computes the fixed text without writing', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n' });
    const result = await run(repo, { fix: 'safe', noWrite: true });
    expect(repo.read('stacks/web/main.tf')).toBe('resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n');
    expect(result.results[0]!.fixedText).toBe('resource "x" "a" {\n  owner = "me"\n}\n');
  });

  it('--fix-dry-run attaches each finding\'s edits and applies nothing', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n' });
    const result = await run(repo, { fix: 'safe', attachEdits: true, noWrite: true });
    expect(result.results[0]!.findings[0]!.edits).toEqual([{ path: repo.path('stacks/web/main.tf'), start: 34, end: 45, text: '' }]);
    expect(result.results[0]!.fixed).toBe(false);
  });

  it('does not overwrite a file that changed on disk after it was read', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n' });
    const path = repo.path('stacks/web/main.tf');
    const sneaky: Rule = {
      meta: { ...noTodo.meta, id: 'sneaky' },
      check(ctx) {
        writeFileSync(path, 'locals {}\n');
        noTodo.check(ctx);
      },
    };
    const rules = new Map<string, Rule>([['sneaky', sneaky]]);
    const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config: configFor(repo.dir, rules), fix: 'safe' });
    expect(repo.read('stacks/web/main.tf')).toBe('locals {}\n');
    expect(result.errors.map((e) => e.message)).toEqual([`${path} changed on disk while infralint was fixing it; not overwritten`]);
  });

  it('leaves the old file intact and no temp file behind when the rename fails', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n' });
    const rename = fsOps.rename;
    fsOps.rename = () => {
      throw new Error('simulated crash');
    };
    try {
      const result = await run(repo, { fix: 'safe' });
      expect(result.errors.map((e) => e.message)).toEqual(['could not write the fixed file: simulated crash']);
    } finally {
      fsOps.rename = rename;
    }
    expect(repo.read('stacks/web/main.tf')).toBe('resource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n');
    expect(readdirSync(repo.path('stacks/web'))).toEqual(['main.tf']);
  });
});

describe('suppressions', () => {
  const base = (body: string): Record<string, string> => ({ 'stacks/web/main.tf': body });

  it('a leading comment covers the whole block', async () => {
    repo = tempRepo(base('# infralint-ignore no-todo, needs-owner -- legacy, tracked in T12\nresource "x" "a" {\n  todo = 1\n}\n'));
    expect(summary(await run(repo))).toEqual([]);
  });

  it('a comment that ends a line covers only that line', async () => {
    repo = tempRepo(base('resource "x" "a" {\n  owner = "me"\n  todo = 1 # infralint-ignore no-todo -- needed by the import\n}\nresource "x" "b" {\n  owner = "me"\n  todo = 2\n}\n'));
    expect(summary(await run(repo))).toEqual(['stacks/web/main.tf:7:3 error no-todo remove todo in resource']);
  });

  it('infralint-ignore-file covers the file; --show-suppressed lists it with the reason', async () => {
    repo = tempRepo(base('# infralint-ignore-file needs-owner -- generated by a tool\nresource "x" "a" {\n  name = 1\n}\n'));
    expect(summary(await run(repo))).toEqual([]);
    const shown = await run(repo, { showSuppressed: true });
    expect(shown.results[0]!.findings.map((f) => [f.ruleId, f.suppressedBy])).toEqual([['needs-owner', { reason: 'generated by a tool', line: 1 }]]);
    expect(shown.summary.warnings).toBe(0);
  });

  it('reports a missing reason (and does not suppress), an unknown rule, an expired and an unused suppression', async () => {
    repo = tempRepo(
      base(
        [
          '# infralint-ignore no-todo',
          'resource "x" "a" {',
          '  owner = "me"',
          '  todo = 1',
          '}',
          '# infralint-ignore no-such-rule -- typo',
          'resource "x" "b" {',
          '  owner = "me"',
          '}',
          '# infralint-ignore no-todo -- until the migration exp:2026-01-31',
          'resource "x" "c" {',
          '  owner = "me"',
          '  todo = 1',
          '}',
          '# infralint-ignore needs-owner -- not needed any more',
          'resource "x" "d" {',
          '  owner = "me"',
          '}',
          '',
        ].join('\n'),
      ),
    );
    expect(summary(await run(repo))).toEqual([
      'stacks/web/main.tf:1:1 warn suppressions infralint-ignore needs a reason after `--`; without one it suppresses nothing',
      'stacks/web/main.tf:4:3 error no-todo remove todo in resource',
      'stacks/web/main.tf:6:1 warn suppressions infralint-ignore names unknown rule "no-such-rule"; see `infralint rules`',
      'stacks/web/main.tf:10:1 warn suppressions infralint-ignore expired on 2026-01-31; fix the finding or extend the date',
      'stacks/web/main.tf:13:3 error no-todo remove todo in resource',
      'stacks/web/main.tf:15:1 warn suppressions unused infralint-ignore for needs-owner: nothing is reported there; remove it',
    ]);
  });

  it('--fix removes an unused suppression', async () => {
    repo = tempRepo(base('resource "x" "a" {\n  # infralint-ignore no-todo -- old\n  owner = "me" # infralint-ignore needs-owner -- old too\n}\n'));
    await run(repo, { fix: 'safe' });
    expect(repo.read('stacks/web/main.tf')).toBe('resource "x" "a" {\n  owner = "me"\n}\n');
  });

  it('--no-inline-ignores ignores them, and suppressible: false refuses them', async () => {
    repo = tempRepo(base('# infralint-ignore no-todo -- legacy\nresource "x" "a" {\n  owner = "me"\n  todo = 1\n}\n'));
    expect(summary(await run(repo, { noInlineIgnores: true }))).toEqual(['stacks/web/main.tf:4:3 error no-todo remove todo in resource']);
    const config = new Config(undefined, repo.dir, {}, allRules, new Map([['no-todo', { suppressible: false }]]), []);
    expect(summary(await run(repo, { config }))).toEqual([
      'stacks/web/main.tf:1:1 warn suppressions rule no-todo cannot be suppressed inline here (suppressible: false in the config)',
      'stacks/web/main.tf:4:3 error no-todo remove todo in resource',
    ]);
  });

  it('works in YAML and shell comments for the next line', async () => {
    repo = tempRepo({ 'scripts/a.sh': '#!/bin/sh\n# infralint-ignore no-fixme -- upstream bug\necho FIXME\necho FIXME\n' });
    expect(summary(await run(repo))).toEqual(['scripts/a.sh:4:6 warn no-fixme FIXME left in the file']);
  });
});

describe('rules and stats', () => {
  it('records time and findings per rule', async () => {
    repo = tempRepo({ 'stacks/web/main.tf': 'resource "x" "a" {\n  todo = 1\n}\n' });
    const result = await run(repo);
    expect(result.ruleStats.map((s) => [s.ruleId, s.findings])).toEqual(
      expect.arrayContaining([
        ['needs-owner', 1],
        ['no-todo', 1],
      ]),
    );
  });

  it('exposes every test rule', () => {
    expect([noTodo, needsOwner, useHostVar, breaksFile, noFixme].map((r) => r.meta.id)).toEqual(['no-todo', 'needs-owner', 'use-host-var', 'breaks-file', 'no-fixme']);
  });
});
