import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { DB, WEB, fileResult, finding, kyverno, options, runResult, sampleResult, secret, sharedVariable, VARIABLES } from './fixture.js';

const sampleResults = [
  {
    file: 'stacks/db & "cache"/[v2] main,1%.tf',
    ruleId: 'no-plaintext-secrets',
    severity: 'error',
    message: 'Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
    line: 2,
    column: 3,
    endLine: 2,
    endColumn: 30,
    fix: null,
    suggestion: 'Read the value from secrets.sops.json with sops_decrypt_file.',
  },
  {
    file: 'stacks/db & "cache"/[v2] main,1%.tf',
    ruleId: 'redis-endpoint',
    severity: 'warn',
    message: 'Use the sentinel path with master mymaster for Sidekiq',
    line: 7,
    column: 5,
    endLine: 7,
    endColumn: 20,
    fix: 'unsafe',
    suggestion: null,
  },
  {
    file: 'stacks/web/main.tf',
    ruleId: 'kyverno-lifecycle',
    severity: 'error',
    message: 'Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 9,
    fix: 'safe',
    suggestion: 'Add a lifecycle block that ignores dns_config, tagged # KYVERNO_LIFECYCLE_V1.',
  },
  {
    file: 'stacks/web/main.tf',
    ruleId: 'keel-lifecycle',
    severity: 'info',
    message: 'Namespace web is not Keel-enrolled: nothing to add',
    line: 2,
    column: 3,
    endLine: 4,
    endColumn: 4,
    fix: null,
    suggestion: null,
  },
  {
    file: 'stacks/web/main.tf',
    ruleId: 'shared-variables',
    severity: 'warn',
    message: 'Use var.redis_host instead of the literal redis host',
    line: 3,
    column: 13,
    endLine: 3,
    endColumn: 51,
    fix: null,
    suggestion: null,
  },
];

describe('json', () => {
  it('is the documented contract, sorted by file, line, column and rule', () => {
    const output = formatResult('json', sampleResult(), options());
    expect(JSON.parse(output)).toStrictEqual({
      version: 1,
      results: sampleResults,
      summary: { errors: 2, warnings: 2, infos: 1, fixable: 2, files: 3 },
    });
    expect(Object.keys(JSON.parse(output) as object)).toEqual(['version', 'results', 'summary']);
  });

  it('is two-space indented, with keys in the documented order, and newline-terminated', () => {
    const result = runResult([fileResult(WEB, [kyverno])], 1);
    expect(formatResult('json', result, options())).toBe(`{
  "version": 1,
  "results": [
    {
      "file": "stacks/web/main.tf",
      "ruleId": "kyverno-lifecycle",
      "severity": "error",
      "message": "Add \\"spec[0].template[0].spec[0].dns_config\\" to ignore_changes <&\\">|% (KYVERNO_LIFECYCLE_V1)",
      "line": 1,
      "column": 1,
      "endLine": 1,
      "endColumn": 9,
      "fix": "safe",
      "suggestion": "Add a lifecycle block that ignores dns_config, tagged # KYVERNO_LIFECYCLE_V1."
    }
  ],
  "summary": {
    "errors": 1,
    "warnings": 0,
    "infos": 0,
    "fixable": 1,
    "files": 1
  }
}
`);
  });

  it('does not depend on the order of files and findings in the run', () => {
    const forward = runResult([fileResult(WEB, [kyverno, sharedVariable]), fileResult(DB, [secret])]);
    const sameLine = finding({ path: WEB, ruleId: 'a-rule', line: 1, column: 1 });
    const backward = runResult([fileResult(DB, [secret]), fileResult(WEB, [sharedVariable, kyverno])]);
    expect(formatResult('json', backward, options())).toBe(formatResult('json', forward, options()));
    const tie = JSON.parse(
      formatResult('json', runResult([fileResult(WEB, [kyverno, sameLine])]), options()),
    ) as { results: { ruleId: string }[] };
    expect(tie.results.map((result) => result.ruleId)).toEqual(['a-rule', 'kyverno-lifecycle']);
  });

  it('marks suppressed findings with their reason only with showSuppressed, and never counts them', () => {
    const shown = JSON.parse(formatResult('json', sampleResult(), options({ showSuppressed: true }))) as {
      results: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    expect(shown.results).toHaveLength(6);
    expect(shown.results[5]).toStrictEqual({
      file: 'stacks/web/main.tf',
      ruleId: 'no-inline-nfs',
      severity: 'warn',
      message: 'Use module "nfs_volume" instead of an inline nfs {} volume',
      line: 5,
      column: 1,
      endLine: 5,
      endColumn: 2,
      fix: 'unsafe',
      suggestion: null,
      suppressed: { reason: 'migrating in PR #42', line: 4 },
    });
    expect(shown.summary).toStrictEqual({ errors: 2, warnings: 2, infos: 1, fixable: 2, files: 3 });
  });

  it('counts errors only when quiet', () => {
    const quiet = JSON.parse(formatResult('json', sampleResult(), options({ quiet: true }))) as {
      results: { severity: string }[];
      summary: Record<string, number>;
    };
    expect(quiet.results.map((result) => result.severity)).toEqual(['error', 'error']);
    expect(quiet.summary).toStrictEqual({ errors: 2, warnings: 0, infos: 0, fixable: 1, files: 3 });
  });

  it('lists what --fix applied, the dry-run edits and why a finding was not fixed', () => {
    const dryRun = finding({
      path: WEB,
      ruleId: 'kyverno-lifecycle',
      line: 1,
      column: 1,
      fix: 'safe',
      message: 'Add the lifecycle block',
      edits: [
        { start: 40, end: 40, text: '\n  lifecycle {}\n' },
        { path: '/repo/stacks/web/variables.tf', start: 0, end: 0, text: 'variable "redis_host" {}\n' },
      ],
    });
    const unstaged = finding({
      path: DB,
      ruleId: 'shared-variables',
      line: 3,
      column: 9,
      fix: 'safe',
      message: 'Use var.nfs_server',
      notFixedReason: 'the file has unstaged changes',
    });
    const result = runResult([
      fileResult(WEB, [dryRun], { fixed: true, applied: [{ ruleId: 'redis-endpoint', message: 'Rewrote the host' }, { ruleId: 'kyverno-lifecycle', message: 'Added the marker' }] }),
      fileResult(DB, [unstaged]),
      fileResult(VARIABLES, [], { fixed: true, applied: [{ ruleId: 'no-plaintext-secrets', message: 'Marked the variable sensitive' }] }),
    ]);
    const report = JSON.parse(formatResult('json', result, options({ fixRequested: true }))) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'results', 'summary', 'fixed']);
    expect(report.fixed).toStrictEqual([
      { file: 'stacks/web/main.tf', ruleId: 'redis-endpoint', message: 'Rewrote the host' },
      { file: 'stacks/web/main.tf', ruleId: 'kyverno-lifecycle', message: 'Added the marker' },
      { file: 'stacks/web/variables.tf', ruleId: 'no-plaintext-secrets', message: 'Marked the variable sensitive' },
    ]);
    const results = report.results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ ruleId: 'shared-variables', notFixedReason: 'the file has unstaged changes' });
    expect(results[0]).not.toHaveProperty('edits');
    expect(results[1]).toMatchObject({
      ruleId: 'kyverno-lifecycle',
      edits: [
        { file: 'stacks/web/main.tf', start: 40, end: 40, text: '\n  lifecycle {}\n' },
        { file: 'stacks/web/variables.tf', start: 0, end: 0, text: 'variable "redis_host" {}\n' },
      ],
    });
    expect(results[1]).not.toHaveProperty('notFixedReason');
    const withoutFix = JSON.parse(formatResult('json', result, options())) as Record<string, unknown>;
    expect(withoutFix).not.toHaveProperty('fixed');
    expect((withoutFix.results as Record<string, unknown>[])[0]).not.toHaveProperty('notFixedReason');
  });

  it('lists the run errors (which make the exit code 2) only when there are some', () => {
    const result = {
      ...runResult([fileResult(WEB, [kyverno])]),
      errors: [
        { path: '/repo/stacks/z/main.tf', message: 'rule keel-lifecycle crashed: boom' },
        { path: '/repo/stacks/a/secret.tf', message: 'cannot read (EACCES)' },
      ],
    };
    const report = JSON.parse(formatResult('json', result, options({ fixRequested: true }))) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'results', 'summary', 'fixed', 'runErrors']);
    expect(report.runErrors).toStrictEqual([
      { file: 'stacks/a/secret.tf', message: 'cannot read (EACCES)' },
      { file: 'stacks/z/main.tf', message: 'rule keel-lifecycle crashed: boom' },
    ]);
    expect(JSON.parse(formatResult('json', sampleResult(), options()))).not.toHaveProperty('runErrors');
  });

  it('has an empty list and zero counts for a clean run', () => {
    expect(JSON.parse(formatResult('json', runResult([fileResult(VARIABLES, [])]), options({ fixRequested: true })))).toStrictEqual({
      version: 1,
      results: [],
      summary: { errors: 0, warnings: 0, infos: 0, fixable: 0, files: 1 },
      fixed: [],
    });
  });
});
