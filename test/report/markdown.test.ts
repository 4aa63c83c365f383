import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import { WEB, fileResult, finding, options, runResult, sampleResult, VARIABLES } from './fixture.js';

const DB_TEXT = 'stacks/db \\& "cache"/\\[v2\\] main,1%.tf';
const DB_LINK = 'stacks/db%20%26%20%22cache%22/%5Bv2%5D%20main%2C1%25.tf';

describe('markdown', () => {
  it('has the verdict, counts per rule, the findings errors first with links, and how to fix', () => {
    expect(formatResult('markdown', sampleResult(), options())).toBe(
      [
        '## ❌ infralint: 2 errors, 2 warnings',
        '',
        '| Rule | Errors | Warnings | Info | Fixable |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| `kyverno-lifecycle` | 1 | 0 | 0 | 1 |',
        '| `no-plaintext-secrets` | 1 | 0 | 0 | 0 |',
        '| `redis-endpoint` | 0 | 1 | 0 | 1 |',
        '| `shared-variables` | 0 | 1 | 0 | 0 |',
        '| `keel-lifecycle` | 0 | 0 | 1 | 0 |',
        '',
        '### Findings',
        '',
        `- ❌ **error** [${DB_TEXT}:2](${DB_LINK}#L2) \`no-plaintext-secrets\`: Secret-named attribute password has a literal value (p\\*\\*\\*d): move it to secrets.sops.json`,
        '- ❌ **error** [stacks/web/main.tf:1](stacks/web/main.tf#L1) `kyverno-lifecycle`: Add "spec\\[0\\].template\\[0\\].spec\\[0\\].dns\\_config" to ignore\\_changes \\<\\&"\\>\\|% (KYVERNO\\_LIFECYCLE\\_V1)',
        `- ⚠️ **warning** [${DB_TEXT}:7](${DB_LINK}#L7) \`redis-endpoint\`: Use the sentinel path with master mymaster for Sidekiq`,
        '- ⚠️ **warning** [stacks/web/main.tf:3](stacks/web/main.tf#L3) `shared-variables`: Use var.redis\\_host instead of the literal redis host',
        '- ℹ️ **info** [stacks/web/main.tf:2](stacks/web/main.tf#L2) `keel-lifecycle`: Namespace web is not Keel-enrolled: nothing to add',
        '',
        'Run `npx infralint --fix` locally to fix 1 of them. `npx infralint --fix --unsafe-fixes` fixes 1 more; review those changes before you apply them. `npx infralint --explain <rule-id>` says how to fix the rest by hand.',
        '',
      ].join('\n'),
    );
  });

  it('links into the repository when a base URL is given, and lists suppressed findings when asked', () => {
    const output = formatResult(
      'markdown',
      sampleResult(),
      options({ repoUrl: 'https://git.example.org/infra/repo/src/branch/main/', showSuppressed: true, quiet: true }),
    );
    expect(output).toBe(
      [
        '## ❌ infralint: 2 errors, 0 warnings',
        '',
        '| Rule | Errors | Warnings | Fixable |',
        '| --- | ---: | ---: | ---: |',
        '| `kyverno-lifecycle` | 1 | 0 | 1 |',
        '| `no-plaintext-secrets` | 1 | 0 | 0 |',
        '',
        '### Findings',
        '',
        `- ❌ **error** [${DB_TEXT}:2](https://git.example.org/infra/repo/src/branch/main/${DB_LINK}#L2) \`no-plaintext-secrets\`: Secret-named attribute password has a literal value (p\\*\\*\\*d): move it to secrets.sops.json`,
        '- ❌ **error** [stacks/web/main.tf:1](https://git.example.org/infra/repo/src/branch/main/stacks/web/main.tf#L1) `kyverno-lifecycle`: Add "spec\\[0\\].template\\[0\\].spec\\[0\\].dns\\_config" to ignore\\_changes \\<\\&"\\>\\|% (KYVERNO\\_LIFECYCLE\\_V1)',
        '',
        'Run `npx infralint --fix` locally to fix 1 of them. `npx infralint --explain <rule-id>` says how to fix the rest by hand.',
        '',
      ].join('\n'),
    );
    const withSuppressed = formatResult('markdown', sampleResult(), options({ showSuppressed: true }));
    expect(withSuppressed).toContain(
      '### Suppressed\n\n- [stacks/web/main.tf:5](stacks/web/main.tf#L5) `no-inline-nfs`: Use module "nfs\\_volume" instead of an inline nfs {} volume (suppressed: migrating in PR \\#42)\n',
    );
  });

  it('says so when there is nothing, and when only warnings are left', () => {
    expect(formatResult('markdown', runResult([fileResult(VARIABLES, [])], 12), options())).toBe(
      '## ✅ infralint: no problems\n\nNo problems in 12 files.\n',
    );
    const warning = finding({ path: WEB, ruleId: 'shared-variables', severity: 'warn', line: 4, column: 1, message: 'Use var.mail_host' });
    expect(formatResult('markdown', runResult([fileResult(WEB, [warning])]), options())).toBe(
      [
        '## ⚠️ infralint: passed with 1 warning',
        '',
        '| Rule | Errors | Warnings | Fixable |',
        '| --- | ---: | ---: | ---: |',
        '| `shared-variables` | 0 | 1 | 0 |',
        '',
        '### Findings',
        '',
        '- ⚠️ **warning** [stacks/web/main.tf:4](stacks/web/main.tf#L4) `shared-variables`: Use var.mail\\_host',
        '',
        '`npx infralint --explain <rule-id>` says how to fix the rest by hand.',
        '',
      ].join('\n'),
    );
  });

  it('lists at most 20 findings, errors first, and counts the rest', () => {
    const warnings = Array.from({ length: 15 }, (_, index) =>
      finding({ path: WEB, ruleId: 'shared-variables', severity: 'warn', line: index + 1, column: 1, message: `w${index + 1}` }),
    );
    const errors = Array.from({ length: 10 }, (_, index) =>
      finding({ path: WEB, ruleId: 'kyverno-lifecycle', line: 100 + index, column: 1, message: `e${index + 1}` }),
    );
    const output = formatResult('markdown', runResult([fileResult(WEB, [...warnings, ...errors])]), options());
    const items = output.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(21);
    expect(items.slice(0, 10).every((item) => item.startsWith('- ❌'))).toBe(true);
    expect(items[10]).toContain('`shared-variables`: w1');
    expect(items[19]).toContain('`shared-variables`: w10');
    expect(items[20]).toBe('- …and 5 more findings');
  });

  it('escapes everything that could become markup, a mention, a reference or a broken table', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> &i; ~j~ $k$ #1 @me \\ line\nbreak')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&i; \\~j\\~ \\$k\\$ \\#1 \\@me \\\\ line break',
    );
  });
});
