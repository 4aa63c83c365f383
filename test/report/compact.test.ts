import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { fileResult, options, runResult, sampleResult, VARIABLES } from './fixture.js';

describe('compact', () => {
  it('prints one finding a line in report order', () => {
    expect(formatResult('compact', sampleResult(), options())).toBe(
      [
        'stacks/db & "cache"/[v2] main,1%.tf:2:3: error [no-plaintext-secrets] Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
        'stacks/db & "cache"/[v2] main,1%.tf:7:5: warning [redis-endpoint] Use the sentinel path with master mymaster for Sidekiq',
        'stacks/web/main.tf:1:1: error [kyverno-lifecycle] Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)',
        'stacks/web/main.tf:2:3: info [keel-lifecycle] Namespace web is not Keel-enrolled: nothing to add',
        'stacks/web/main.tf:3:13: warning [shared-variables] Use var.redis_host instead of the literal redis host',
        '',
      ].join('\n'),
    );
  });

  it('adds suppressed findings with their reason when asked', () => {
    expect(formatResult('compact', sampleResult(), options({ showSuppressed: true, quiet: true }))).toBe(
      [
        'stacks/db & "cache"/[v2] main,1%.tf:2:3: error [no-plaintext-secrets] Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
        'stacks/web/main.tf:1:1: error [kyverno-lifecycle] Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)',
        '',
      ].join('\n'),
    );
    expect(formatResult('compact', sampleResult(), options({ showSuppressed: true }))).toContain(
      'stacks/web/main.tf:5:1: warning [no-inline-nfs] Use module "nfs_volume" instead of an inline nfs {} volume (suppressed: migrating in PR #42)\n',
    );
  });

  it('prints nothing for a clean run', () => {
    expect(formatResult('compact', runResult([fileResult(VARIABLES, [])]), options())).toBe('');
  });
});
