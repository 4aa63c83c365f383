/**
 * import-blocks on the bundled sample repository (a temporary copy, which is
 * not a git repository: no stale-block findings). The findings are exactly the
 * import-blocks cases that fixtures/README.md lists; everything else is silent.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { importBlocks } from '../../rules/import-blocks.js';

const rule = importBlocks as unknown as Rule;
const fixtures = resolve(import.meta.dirname, '../../fixtures/repo');

const runs = (where: string, command: string): string =>
  `${where} runs \`${command}\`, which changes state with no review or audit trail; write an \`import {}\` block in the stack instead`;

const write = (to: string, id: string, stack: string): string =>
  `write \`import {\n  to = ${to}\n  id = "${id}"\n}\` in a .tf file of ${stack}, run scripts/tg plan until it shows 0 changes, then scripts/tg apply, and delete the block in a follow-up commit`;

async function run(dir: string, fix?: 'unsafe'): Promise<RunResult> {
  const rules = new Map([[rule.meta.id, rule]]);
  const config = new Config(join(dir, '.infralintrc.json'), dir, {}, rules, new Map(), []);
  return lint({ cwd: dir, root: dir, paths: [], rules, config, ...(fix ? { fix, noWrite: true } : {}) });
}

describe('import-blocks on fixtures/repo', () => {
  let dir: string;
  let result: RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infralint-import-fixtures-'));
    cpSync(fixtures, dir, { recursive: true });
    result = await run(dir);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the import-blocks cases of fixtures/README.md', () => {
    expect(result.errors).toEqual([]);
    const findings = result.results.flatMap((r) =>
      r.findings.map((f) => ({ at: `${r.path.slice(dir.length + 1)}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`, severity: f.severity, fix: f.fix, message: f.message, suggestion: f.suggestion })),
    );
    expect(findings).toEqual([
      {
        at: '.woodpecker/adopt.yml:14:9-14:65',
        severity: 'error',
        fix: null,
        message: runs('CI step `import`', 'terragrunt import ${ADDRESS}'),
        suggestion: write('<ADDRESS>', '<ID>', 'stacks/<STACK>'),
      },
      {
        at: 'Makefile:35:24-35:61',
        severity: 'error',
        fix: null,
        message: runs('Target `adopt`', '../../scripts/tg import $(ADDR)'),
        suggestion: write('<ADDR>', '<ID>', 'stacks/<STACK>'),
      },
      {
        at: 'docs/runbooks/adopting-resources.md:34:1-34:91',
        severity: 'error',
        fix: null,
        message: runs('This `bash` code block', 'scripts/tg import authentik_provider_proxy.k8s_portal'),
        suggestion: write('authentik_provider_proxy.k8s_portal', '0eecac07-97c7-443c-9a2f-3b1c5d7e9f10', 'stacks/authentik'),
      },
      {
        at: 'scripts/adopt-helm-release.sh:14:1-14:74',
        severity: 'error',
        fix: null,
        message: runs('This script', 'terraform import helm_release.${release//-/_}'),
        suggestion: write('helm_release.<release>', '<namespace>/<release>', 'stacks/<stack>'),
      },
      {
        at: 'stacks/cloudflared/imports.tf:8:8-8:37',
        severity: 'error',
        fix: null,
        message:
          '`to` names `cloudflare_record.tunnel_aaaa`, which is not declared in stacks/cloudflared; write its `resource "cloudflare_record" "tunnel_aaaa"` block in this stack first, or fix the address',
        suggestion: undefined,
      },
      {
        at: 'stacks/keel/main.tf:13:8-13:14',
        severity: 'error',
        fix: 'unsafe',
        message: 'import id `keel` is not in the helm_release format `<namespace>/<release-name>`: it has no `/`; write `id = "keel/keel"` (release `keel` in namespace `keel`)',
        suggestion: '`id = "keel/keel"`',
      },
    ]);
  });

  it('is silent on the valid import blocks and the other shell-bearing files', () => {
    const silent = [
      'stacks/kured/imports.tf',
      'stacks/dbaas/mysql.tf',
      'scripts/tg',
      '.woodpecker/plan.yml',
      '.woodpecker/apply.yml',
      'README.md',
      'docs/architecture/redis.md',
      'docs/post-mortems/2026-06-01-keel-match-tag-image-swap.md',
    ];
    for (const rel of silent) {
      const r = result.results.find((x) => x.path === join(dir, rel));
      expect(r, `${rel} is linted`).toBeDefined();
      expect(r!.findings, rel).toEqual([]);
    }
  });

  it('--fix --unsafe-fixes rewrites only the keel id, from the release and its namespace', async () => {
    const fixed = await run(dir, 'unsafe');
    const changed = fixed.results.filter((r) => r.fixedText !== undefined);
    expect(changed.map((r) => r.path.slice(dir.length + 1))).toEqual(['stacks/keel/main.tf']);
    const original = readFileSync(join(fixtures, 'stacks/keel/main.tf'), 'utf8');
    expect(changed[0]!.fixedText).toBe(original.replace('  id = "keel"\n', '  id = "keel/keel"\n'));
  });
});
