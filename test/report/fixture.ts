import type { FileResult, Finding, RunResult } from '../../src/engine/types.js';
import type { ReportOptions } from '../../src/report/index.js';

export const WEB = '/repo/stacks/web/main.tf';
/** A path with a space, `&`, `"`, brackets, `,` and `%` in it. */
export const DB = '/repo/stacks/db & "cache"/[v2] main,1%.tf';
export const VARIABLES = '/repo/stacks/web/variables.tf';

export const WEB_SOURCE = [
  'resource "kubernetes_deployment" "web" {',
  '  metadata {',
  '    host = "😀 redis-master.redis.svc.cluster.local"',
  '  }',
  '}',
  '',
].join('\n');

export function finding(overrides: Partial<Finding> & Pick<Finding, 'path' | 'ruleId' | 'line' | 'column'>): Finding {
  return {
    severity: 'error',
    message: 'message',
    endLine: overrides.line,
    endColumn: overrides.column + 1,
    start: 0,
    end: 0,
    fix: null,
    suggestion: undefined,
    blockAddress: 'resource.kubernetes_deployment.web',
    ...overrides,
  };
}

export const kyverno = finding({
  path: WEB,
  ruleId: 'kyverno-lifecycle',
  severity: 'error',
  message: 'Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 9,
  start: 0,
  end: 8,
  fix: 'safe',
  suggestion: 'Add a lifecycle block that ignores dns_config, tagged # KYVERNO_LIFECYCLE_V1.',
});

export const sharedVariable = finding({
  path: WEB,
  ruleId: 'shared-variables',
  severity: 'warn',
  message: 'Use var.redis_host instead of the literal redis host',
  line: 3,
  column: 13,
  endLine: 3,
  endColumn: 51,
  start: 67,
  end: 106,
  fix: null,
});

export const keelNote = finding({
  path: WEB,
  ruleId: 'keel-lifecycle',
  severity: 'info',
  message: 'Namespace web is not Keel-enrolled: nothing to add',
  line: 2,
  column: 3,
  endLine: 4,
  endColumn: 4,
});

export const suppressedNfs = finding({
  path: WEB,
  ruleId: 'no-inline-nfs',
  severity: 'warn',
  message: 'Use module "nfs_volume" instead of an inline nfs {} volume',
  line: 5,
  column: 1,
  endLine: 5,
  endColumn: 2,
  fix: 'unsafe',
  suppressedBy: { reason: 'migrating in PR #42', line: 4 },
});

export const secret = finding({
  path: DB,
  ruleId: 'no-plaintext-secrets',
  severity: 'error',
  message: 'Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 30,
  blockAddress: 'resource.kubernetes_secret.db',
  suggestion: 'Read the value from secrets.sops.json with sops_decrypt_file.',
});

export const redisEndpoint = finding({
  path: DB,
  ruleId: 'redis-endpoint',
  severity: 'warn',
  message: 'Use the sentinel path with master mymaster for Sidekiq',
  line: 7,
  column: 5,
  endLine: 7,
  endColumn: 20,
  fix: 'unsafe',
  blockAddress: 'resource.kubernetes_deployment.sidekiq',
});

export function fileResult(path: string, findings: Finding[], extra: Partial<FileResult> = {}): FileResult {
  return { path, findings, fixed: false, applied: [], ...extra };
}

export function runResult(results: FileResult[], files = results.length): RunResult {
  const all = results.flatMap((result) => result.findings).filter((item) => item.suppressedBy === undefined);
  return {
    cwd: '/repo',
    root: '/repo',
    results,
    summary: {
      errors: all.filter((item) => item.severity === 'error').length,
      warnings: all.filter((item) => item.severity === 'warn').length,
      infos: all.filter((item) => item.severity === 'info').length,
      fixable: all.filter((item) => item.fix !== null).length,
      fixed: results.reduce((sum, item) => sum + item.applied.length, 0),
      files,
      durationMs: 12,
    },
    errors: [],
    ruleStats: [],
  };
}

/** The sample run: two files with findings (web first, out of path order) and a clean file. */
export function sampleResult(): RunResult {
  return runResult([
    fileResult(WEB, [kyverno, keelNote, sharedVariable, suppressedNfs]),
    fileResult(DB, [secret, redisEndpoint]),
    fileResult(VARIABLES, []),
  ]);
}

export const RULES: ReportOptions['rules'] = new Map([
  ['kyverno-lifecycle', { description: 'Pod-owning resources ignore the Kyverno-injected dns_config', severity: 'error', fix: 'safe', helpUri: 'https://example.org/rules/kyverno-lifecycle' }],
  ['keel-lifecycle', { description: 'Workloads in Keel-enrolled namespaces carry the canonical lifecycle block', severity: 'warn', fix: 'safe' }],
  ['no-inline-nfs', { description: 'No inline nfs {} volume outside the nfs_volume module', severity: 'warn', fix: 'unsafe' }],
  ['no-plaintext-secrets', { description: 'No secret values in plain text', severity: 'error' }],
  ['redis-endpoint', { description: 'Redis is reached through var.redis_host or the sentinel', severity: 'warn', fix: 'unsafe' }],
  ['shared-variables', { description: 'Shared values come from shared variables', severity: 'info' }],
  ['import-blocks', { description: 'import blocks are well-formed and removed once landed', severity: 'off' }],
]);

export function options(overrides: Partial<ReportOptions> = {}): ReportOptions {
  return { cwd: '/repo', color: false, toolVersion: '0.1.0', rules: RULES, ...overrides };
}
