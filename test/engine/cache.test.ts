import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { noTodo } from './test-rules.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/** no-todo, counting the files it was called for. */
function countingRule(): { rule: Rule; calls: string[] } {
  const calls: string[] = [];
  const rule: Rule = {
    meta: noTodo.meta,
    check(ctx) {
      calls.push(ctx.file.relPath);
      noTodo.check(ctx);
    },
  };
  return { rule, calls };
}

async function run(r: TempRepo, rule: Rule, key = 'k1'): Promise<RunResult> {
  const rules = new Map([[rule.meta.id, rule]]);
  return lint({ cwd: r.dir, root: r.dir, paths: ['.'], rules, config: new Config(undefined, r.dir, {}, rules, new Map(), []), cache: { path: r.path('.infralintcache'), key } });
}

const findings = (r: RunResult): string[] => r.results.flatMap((x) => x.findings.map((f) => `${x.path.slice(x.path.lastIndexOf('stacks'))}:${f.line} ${f.message}`));

describe('--cache', () => {
  const files = {
    'stacks/a/main.tf': 'resource "x" "a" {\n  todo = 1\n}\n',
    'stacks/b/main.tf': 'resource "x" "b" {\n  name = 1\n}\n',
    'stacks/b/variables.tf': 'variable "v" {}\n',
  };

  it('replays every file when nothing changed, with the same findings', async () => {
    repo = tempRepo(files);
    const first = countingRule();
    const a = await run(repo, first.rule);
    expect(first.calls.sort()).toEqual(['stacks/a/main.tf', 'stacks/b/main.tf', 'stacks/b/variables.tf']);
    const second = countingRule();
    const b = await run(repo, second.rule);
    expect(second.calls).toEqual([]);
    expect(findings(b)).toEqual(findings(a));
    expect(findings(b)).toEqual(['stacks/a/main.tf:2 remove todo in resource']);
    expect(b.summary).toMatchObject({ errors: 1, files: 3 });
  });

  it('re-lints only the changed file when repo facts are unchanged', async () => {
    repo = tempRepo(files);
    await run(repo, countingRule().rule);
    repo.write('stacks/b/main.tf', 'resource "x" "b" {\n  name = 2\n  todo = 2\n}\n');
    const c = countingRule();
    const r = await run(repo, c.rule);
    expect(c.calls).toEqual(['stacks/b/main.tf']);
    expect(findings(r)).toEqual(['stacks/a/main.tf:2 remove todo in resource', 'stacks/b/main.tf:3 remove todo in resource']);
  });

  it('re-lints everything when a repo-wide fact changes (a variable is declared)', async () => {
    repo = tempRepo(files);
    await run(repo, countingRule().rule);
    repo.write('stacks/b/variables.tf', 'variable "v" {}\nvariable "w" {}\n');
    const c = countingRule();
    await run(repo, c.rule);
    expect(c.calls.sort()).toEqual(['stacks/a/main.tf', 'stacks/b/main.tf', 'stacks/b/variables.tf']);
  });

  it('a different run key (config, version, options) ignores the cache', async () => {
    repo = tempRepo(files);
    await run(repo, countingRule().rule, 'k1');
    const c = countingRule();
    await run(repo, c.rule, 'k2');
    expect(c.calls.length).toBe(3);
  });

  it.each([['not json {'], ['{"format":1,"key":"k1","files":{},"facts":"x","results":{"a":{"hash":3}}}'], ['null'], ['[]']])('a corrupt cache (%s) is ignored and rebuilt', async (content) => {
    repo = tempRepo(files);
    writeFileSync(repo.path('.infralintcache'), content);
    const c = countingRule();
    const r = await run(repo, c.rule);
    expect(c.calls.length).toBe(3);
    expect(findings(r)).toEqual(['stacks/a/main.tf:2 remove todo in resource']);
    expect(JSON.parse(readFileSync(repo.path('.infralintcache'), 'utf8'))).toMatchObject({ format: 1, key: 'k1' });
  });
});
