import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { WEB, fileResult, finding, options, runResult, sampleResult } from './fixture.js';

describe('github', () => {
  it('writes one workflow command per finding, escaped as the Actions toolkit does', () => {
    expect(formatResult('github', sampleResult(), options())).toBe(
      [
        '::error file=stacks/db & "cache"/[v2] main%2C1%25.tf,line=2,col=3,endLine=2,endColumn=30,title=no-plaintext-secrets::Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json',
        '::warning file=stacks/db & "cache"/[v2] main%2C1%25.tf,line=7,col=5,endLine=7,endColumn=20,title=redis-endpoint::Use the sentinel path with master mymaster for Sidekiq',
        '::error file=stacks/web/main.tf,line=1,col=1,endLine=1,endColumn=9,title=kyverno-lifecycle::Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|%25 (KYVERNO_LIFECYCLE_V1)',
        '::notice file=stacks/web/main.tf,line=2,col=3,endLine=4,endColumn=4,title=keel-lifecycle::Namespace web is not Keel-enrolled: nothing to add',
        '::warning file=stacks/web/main.tf,line=3,col=13,endLine=3,endColumn=51,title=shared-variables::Use var.redis_host instead of the literal redis host',
        '',
      ].join('\n'),
    );
  });

  it('shows a suppressed finding as a notice with its reason when asked', () => {
    expect(formatResult('github', sampleResult(), options({ showSuppressed: true }))).toContain(
      '::notice file=stacks/web/main.tf,line=5,col=1,endLine=5,endColumn=2,title=no-inline-nfs::Use module "nfs_volume" instead of an inline nfs {} volume (suppressed: migrating in PR #42)\n',
    );
  });

  it('escapes %, CR and LF in messages and also : and , in properties', () => {
    expect(escapeData('50%\r\nnext: a,b')).toBe('50%25%0D%0Anext: a,b');
    expect(escapeProperty('a:b,c%d\n')).toBe('a%3Ab%2Cc%25d%0A');
    const multiLine = finding({ path: '/repo/a:b.tf', ruleId: 'x', line: 1, column: 1, message: 'first\nsecond' });
    expect(formatResult('github', runResult([fileResult(WEB, [multiLine])]), options())).toBe(
      '::error file=a%3Ab.tf,line=1,col=1,endLine=1,endColumn=2,title=x::first%0Asecond\n',
    );
  });
});
