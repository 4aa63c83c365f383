import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { DB, WEB, fileResult, finding, kyverno, options, runResult, sampleResult, VARIABLES } from './fixture.js';

describe('stylish', () => {
  it('groups by file in path order with aligned columns and a summary', () => {
    expect(formatResult('stylish', sampleResult(), options())).toBe(
      [
        'stacks/db & "cache"/[v2] main,1%.tf',
        '  2:3  error    Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json  no-plaintext-secrets',
        '  7:5  warning  Use the sentinel path with master mymaster for Sidekiq                                     redis-endpoint',
        '',
        'stacks/web/main.tf',
        '  1:1   error    Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)  kyverno-lifecycle',
        '  2:3   info     Namespace web is not Keel-enrolled: nothing to add                                            keel-lifecycle',
        '  3:13  warning  Use var.redis_host instead of the literal redis host                                          shared-variables',
        '',
        '✖ 5 problems (2 errors, 2 warnings, 1 info)',
        '  1 fixable with --fix, 1 more with --fix --unsafe-fixes',
        '',
      ].join('\n'),
    );
  });

  it('shows suppressed findings with their reason only when asked, without counting them', () => {
    const output = formatResult('stylish', sampleResult(), options({ showSuppressed: true }));
    expect(output).toContain(
      '  5:1   warning  Use module "nfs_volume" instead of an inline nfs {} volume (suppressed: migrating in PR #42)  no-inline-nfs\n',
    );
    expect(output).toContain('✖ 5 problems (2 errors, 2 warnings, 1 info)\n');
    expect(output.endsWith('  1 suppressed finding shown\n')).toBe(true);
    expect(formatResult('stylish', sampleResult(), options())).not.toContain('no-inline-nfs');
  });

  it('shows errors only when quiet', () => {
    expect(formatResult('stylish', sampleResult(), options({ quiet: true }))).toBe(
      [
        'stacks/db & "cache"/[v2] main,1%.tf',
        '  2:3  error  Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json  no-plaintext-secrets',
        '',
        'stacks/web/main.tf',
        '  1:1  error  Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)  kyverno-lifecycle',
        '',
        '✖ 2 problems (2 errors, 0 warnings)',
        '  1 fixable with --fix',
        '',
      ].join('\n'),
    );
  });

  it('prints a clean message when there is nothing', () => {
    expect(formatResult('stylish', runResult([fileResult(VARIABLES, [])], 3), options())).toBe(
      '✔ No problems found in 3 files.\n',
    );
  });

  it('colors with plain ANSI codes when asked', () => {
    const result = runResult([fileResult(WEB, [kyverno, finding({ path: WEB, ruleId: 'x', severity: 'warn', line: 10, column: 2, message: 'm' })])]);
    expect(formatResult('stylish', result, options({ color: true }))).toBe(
      [
        '\x1b[4mstacks/web/main.tf\x1b[24m',
        '  \x1b[2m 1:1\x1b[22m  \x1b[31merror  \x1b[39m  Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)  \x1b[2mkyverno-lifecycle\x1b[22m',
        '  \x1b[2m10:2\x1b[22m  \x1b[33mwarning\x1b[39m  m                                                                                             \x1b[2mx\x1b[22m',
        '',
        '\x1b[31m\x1b[1m✖ 2 problems (1 error, 1 warning)\x1b[22m\x1b[39m',
        '  1 fixable with --fix',
        '',
      ].join('\n'),
    );
    expect(formatResult('stylish', runResult([]), options({ color: true }))).toBe(
      '\x1b[32m✔ No problems found in 0 files.\x1b[39m\n',
    );
  });

  it('reports what --fix did and why a finding was not fixed', () => {
    const left = finding({
      path: DB,
      ruleId: 'shared-variables',
      line: 4,
      column: 1,
      fix: 'safe',
      message: 'Use var.nfs_server',
      notFixedReason: 'the file has unstaged changes',
    });
    const result = runResult([
      fileResult(WEB, [], { fixed: true, applied: [{ ruleId: 'kyverno-lifecycle', message: 'a' }, { ruleId: 'kyverno-lifecycle', message: 'b' }] }),
      fileResult(DB, [left]),
    ]);
    expect(formatResult('stylish', result, options({ fixRequested: true }))).toBe(
      [
        'stacks/db & "cache"/[v2] main,1%.tf',
        '  4:1  error  Use var.nfs_server (not fixed: the file has unstaged changes)  shared-variables',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '  1 fixable with --fix',
        '  Fixed 2 problems in 1 file.',
        '',
      ].join('\n'),
    );
  });

  it('keeps a multi-line message or a control character from breaking the layout', () => {
    const result = runResult([fileResult(WEB, [finding({ path: WEB, ruleId: 'x', line: 1, column: 1, message: 'one\ntwo\x1b[31m' })])]);
    expect(formatResult('stylish', result, options())).toContain('  1:1  error  one two\uFFFD[31m  x\n');
  });
});
