import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { fileResult, options, runResult, sampleResult, VARIABLES } from './fixture.js';

const DB_NAME = 'stacks/db &amp; &quot;cache&quot;/[v2] main,1%.tf';

describe('junit', () => {
  it('has a suite per file, a failing case per finding and a passing case per clean file', () => {
    expect(formatResult('junit', sampleResult(), options())).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="infralint" tests="6" failures="5" errors="0" skipped="0">',
        `  <testsuite name="${DB_NAME}" tests="2" failures="2" errors="0" skipped="0">`,
        `    <testcase name="${DB_NAME}:2:3 no-plaintext-secrets" classname="${DB_NAME}">`,
        `      <failure message="Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json" type="error">error at ${DB_NAME}:2:3: Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json (no-plaintext-secrets)</failure>`,
        '    </testcase>',
        `    <testcase name="${DB_NAME}:7:5 redis-endpoint" classname="${DB_NAME}">`,
        `      <failure message="Use the sentinel path with master mymaster for Sidekiq" type="warning">warning at ${DB_NAME}:7:5: Use the sentinel path with master mymaster for Sidekiq (redis-endpoint)</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="stacks/web/main.tf" tests="3" failures="3" errors="0" skipped="0">',
        '    <testcase name="stacks/web/main.tf:1:1 kyverno-lifecycle" classname="stacks/web/main.tf">',
        '      <failure message="Add &quot;spec[0].template[0].spec[0].dns_config&quot; to ignore_changes &lt;&amp;&quot;&gt;|% (KYVERNO_LIFECYCLE_V1)" type="error">error at stacks/web/main.tf:1:1: Add &quot;spec[0].template[0].spec[0].dns_config&quot; to ignore_changes &lt;&amp;&quot;&gt;|% (KYVERNO_LIFECYCLE_V1) (kyverno-lifecycle)</failure>',
        '    </testcase>',
        '    <testcase name="stacks/web/main.tf:2:3 keel-lifecycle" classname="stacks/web/main.tf">',
        '      <failure message="Namespace web is not Keel-enrolled: nothing to add" type="info">info at stacks/web/main.tf:2:3: Namespace web is not Keel-enrolled: nothing to add (keel-lifecycle)</failure>',
        '    </testcase>',
        '    <testcase name="stacks/web/main.tf:3:13 shared-variables" classname="stacks/web/main.tf">',
        '      <failure message="Use var.redis_host instead of the literal redis host" type="warning">warning at stacks/web/main.tf:3:13: Use var.redis_host instead of the literal redis host (shared-variables)</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="stacks/web/variables.tf" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase name="stacks/web/variables.tf" classname="stacks/web/variables.tf"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('makes a shown suppressed finding a skipped case', () => {
    const output = formatResult('junit', sampleResult(), options({ showSuppressed: true }));
    expect(output).toContain('<testsuites name="infralint" tests="7" failures="5" errors="0" skipped="1">\n');
    expect(output).toContain('  <testsuite name="stacks/web/main.tf" tests="4" failures="3" errors="0" skipped="1">\n');
    expect(output).toContain(
      '    <testcase name="stacks/web/main.tf:5:1 no-inline-nfs" classname="stacks/web/main.tf">\n      <skipped message="suppressed: migrating in PR #42">warning at stacks/web/main.tf:5:1: Use module &quot;nfs_volume&quot; instead of an inline nfs {} volume (no-inline-nfs)</skipped>\n    </testcase>\n',
    );
  });

  it('turns a file whose findings are all hidden (quiet) into a passing case', () => {
    const output = formatResult('junit', runResult([fileResult(VARIABLES, [])]), options({ quiet: true }));
    expect(output).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="infralint" tests="1" failures="0" errors="0" skipped="0">',
        '  <testsuite name="stacks/web/variables.tf" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase name="stacks/web/variables.tf" classname="stacks/web/variables.tf"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    const quietSample = formatResult('junit', sampleResult(), options({ quiet: true }));
    expect(quietSample).toContain('<testsuites name="infralint" tests="3" failures="2" errors="0" skipped="0">\n');
  });
});
