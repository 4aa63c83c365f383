import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { WEB, fileResult, finding, options, runResult, sampleResult, VARIABLES } from './fixture.js';

describe('checkstyle', () => {
  it('writes one file element per file with findings, escaped', () => {
    expect(formatResult('checkstyle', sampleResult(), options())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="stacks/db &amp; &quot;cache&quot;/[v2] main,1%.tf">',
        '    <error line="2" column="3" severity="error" message="Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json" source="infralint.no-plaintext-secrets"/>',
        '    <error line="7" column="5" severity="warning" message="Use the sentinel path with master mymaster for Sidekiq" source="infralint.redis-endpoint"/>',
        '  </file>',
        '  <file name="stacks/web/main.tf">',
        '    <error line="1" column="1" severity="error" message="Add &quot;spec[0].template[0].spec[0].dns_config&quot; to ignore_changes &lt;&amp;&quot;&gt;|% (KYVERNO_LIFECYCLE_V1)" source="infralint.kyverno-lifecycle"/>',
        '    <error line="2" column="3" severity="info" message="Namespace web is not Keel-enrolled: nothing to add" source="infralint.keel-lifecycle"/>',
        '    <error line="3" column="13" severity="warning" message="Use var.redis_host instead of the literal redis host" source="infralint.shared-variables"/>',
        '  </file>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
  });

  it('adds suppressed findings with their reason only when asked', () => {
    const output = formatResult('checkstyle', sampleResult(), options({ showSuppressed: true }));
    expect(output).toContain(
      '    <error line="5" column="1" severity="warning" message="Use module &quot;nfs_volume&quot; instead of an inline nfs {} volume (suppressed: migrating in PR #42)" source="infralint.no-inline-nfs"/>\n',
    );
    expect(formatResult('checkstyle', sampleResult(), options())).not.toContain('no-inline-nfs');
  });

  it('keeps line breaks in attributes and replaces characters XML cannot carry', () => {
    const odd = finding({ path: WEB, ruleId: 'x', line: 1, column: 1, message: "a\nb\tc\x01d\ud800e 'f'" });
    expect(formatResult('checkstyle', runResult([fileResult(WEB, [odd])]), options())).toContain(
      'message="a&#10;b&#9;c\uFFFDd\uFFFDe &apos;f&apos;"',
    );
  });

  it('is an empty report for a clean run', () => {
    expect(formatResult('checkstyle', runResult([fileResult(VARIABLES, [])]), options())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n',
    );
  });
});
