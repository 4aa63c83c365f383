import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { DB, VARIABLES, WEB, WEB_SOURCE, fileResult, finding, options, runResult, sampleResult, sharedVariable } from './fixture.js';

function range(startLine: number, startColumn: number, endLine: number, endColumn: number) {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

const DB_FILE = 'stacks/db & "cache"/[v2] main,1%.tf';

describe('rdjson', () => {
  it('is a reviewdog diagnostic result with a code per rule', () => {
    expect(JSON.parse(formatResult('rdjson', sampleResult(), options()))).toStrictEqual({
      source: { name: 'infralint', url: 'https://www.npmjs.com/package/infralint' },
      severity: 'ERROR',
      diagnostics: [
        {
          message: 'Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
          location: { path: DB_FILE, range: range(2, 3, 2, 30) },
          severity: 'ERROR',
          code: { value: 'no-plaintext-secrets' },
        },
        {
          message: 'Use the sentinel path with master mymaster for Sidekiq',
          location: { path: DB_FILE, range: range(7, 5, 7, 20) },
          severity: 'WARNING',
          code: { value: 'redis-endpoint' },
        },
        {
          message: 'Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)',
          location: { path: 'stacks/web/main.tf', range: range(1, 1, 1, 9) },
          severity: 'ERROR',
          code: { value: 'kyverno-lifecycle', url: 'https://example.org/rules/kyverno-lifecycle' },
        },
        {
          message: 'Namespace web is not Keel-enrolled: nothing to add',
          location: { path: 'stacks/web/main.tf', range: range(2, 3, 4, 4) },
          severity: 'INFO',
          code: { value: 'keel-lifecycle' },
        },
        {
          message: 'Use var.redis_host instead of the literal redis host',
          location: { path: 'stacks/web/main.tf', range: range(3, 13, 3, 51) },
          severity: 'WARNING',
          code: { value: 'shared-variables' },
        },
      ],
    });
  });

  it('counts columns in UTF-8 bytes when the source is known (an emoji is 4 bytes, 1 column)', () => {
    const sourceOf = (path: string) => (path === WEB ? WEB_SOURCE : undefined);
    const report = JSON.parse(formatResult('rdjson', runResult([fileResult(WEB, [sharedVariable])]), options({ sourceOf }))) as {
      diagnostics: { location: { range: unknown } }[];
    };
    expect(report.diagnostics[0]!.location.range).toStrictEqual(range(3, 13, 3, 54));
  });

  it('offers the edits as suggestions when every edit is in the finding’s own file', () => {
    const sourceOf = (path: string) => (path === WEB ? WEB_SOURCE : undefined);
    const rewrite = finding({
      path: WEB,
      ruleId: 'shared-variables',
      line: 3,
      column: 13,
      fix: 'safe',
      edits: [
        { start: 41, end: 41, text: '  # note\n' },
        { path: WEB, start: 69, end: 105, text: 'var.redis_host' },
      ],
    });
    const crossFile = finding({
      path: WEB,
      ruleId: 'redis-endpoint',
      line: 3,
      column: 14,
      fix: 'safe',
      edits: [
        { start: 69, end: 105, text: 'var.redis_host' },
        { path: VARIABLES, start: 0, end: 0, text: 'variable "redis_host" {}\n' },
      ],
    });
    const report = JSON.parse(formatResult('rdjson', runResult([fileResult(WEB, [rewrite, crossFile])]), options({ sourceOf }))) as {
      diagnostics: Record<string, unknown>[];
    };
    expect(report.diagnostics[0]!.suggestions).toStrictEqual([
      { range: range(2, 1, 2, 1), text: '  # note\n' },
      { range: range(3, 18, 3, 54), text: 'var.redis_host' },
    ]);
    expect(report.diagnostics[1]).not.toHaveProperty('suggestions');
    const withoutSource = JSON.parse(formatResult('rdjson', runResult([fileResult(WEB, [rewrite])]), options())) as {
      diagnostics: Record<string, unknown>[];
    };
    expect(withoutSource.diagnostics[0]).not.toHaveProperty('suggestions');
  });

  it('shows a suppressed finding as INFO with its reason only when asked', () => {
    const shown = JSON.parse(formatResult('rdjson', sampleResult(), options({ showSuppressed: true }))) as {
      diagnostics: Record<string, unknown>[];
    };
    expect(shown.diagnostics).toHaveLength(6);
    expect(shown.diagnostics[5]).toStrictEqual({
      message: 'Use module "nfs_volume" instead of an inline nfs {} volume (suppressed: migrating in PR #42)',
      location: { path: 'stacks/web/main.tf', range: range(5, 1, 5, 2) },
      severity: 'INFO',
      code: { value: 'no-inline-nfs' },
    });
  });

  it('takes the highest severity present as the result’s severity', () => {
    const warning = finding({ path: DB, ruleId: 'x', severity: 'warn', line: 1, column: 1 });
    const severityOf = (result: ReturnType<typeof runResult>) =>
      (JSON.parse(formatResult('rdjson', result, options())) as { severity: string }).severity;
    expect(severityOf(runResult([fileResult(DB, [warning])]))).toBe('WARNING');
    expect(severityOf(runResult([]))).toBe('INFO');
  });
});
