import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import { DB, WEB, fileResult, finding, options, runResult, sampleResult } from './fixture.js';

/**
 * The official SARIF 2.1.0 schema (rtm.5, the one the OASIS standard
 * published), as shipped by @microsoft/jest-sarif. It is a draft-04 schema
 * whose only draft-04-specific keyword is its top-level `id`; without `id` and
 * `$schema` it means the same to ajv 8's draft-07 validator. One of its
 * patterns (`language`) is not valid with the `u` flag, hence `unicodeRegExp: false`.
 */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/') && !/[\s"<>\\^`{|}]/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(schema);
}

const validate = sarifValidator();

function location(uri: string, startLine: number, startColumn: number, endLine: number, endColumn: number) {
  return [
    {
      physicalLocation: {
        artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
        region: { startLine, startColumn, endLine, endColumn },
      },
    },
  ];
}

const DB_URI = 'stacks/db%20%26%20%22cache%22/%5Bv2%5D%20main%2C1%25.tf';

describe('sarif', () => {
  it('is valid against the SARIF 2.1.0 schema, with suppressions shown or not', () => {
    for (const showSuppressed of [false, true]) {
      const log: unknown = JSON.parse(formatResult('sarif', sampleResult(), options({ showSuppressed })));
      const valid = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
    expect(validate(JSON.parse(formatResult('sarif', runResult([]), options())))).toBe(true);
  });

  it('is rejected by the same validator when it breaks the schema', () => {
    const log = JSON.parse(formatResult('sarif', sampleResult(), options())) as {
      runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    log.runs[0]!.results[0]!.level = 'warn';
    expect(validate(log)).toBe(false);
    log.runs[0]!.results[0]!.level = 'warning';
    log.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
  });

  it('describes the tool, every rule and each result with a relative, percent-encoded location', () => {
    const log = JSON.parse(formatResult('sarif', sampleResult(), options())) as Record<string, unknown>;
    expect(log).toStrictEqual({
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'infralint',
              version: '0.1.0',
              informationUri: 'https://www.npmjs.com/package/infralint',
              rules: [
                { id: 'import-blocks', shortDescription: { text: 'import blocks are well-formed and removed once landed' }, defaultConfiguration: { level: 'none' } },
                { id: 'keel-lifecycle', shortDescription: { text: 'Workloads in Keel-enrolled namespaces carry the canonical lifecycle block' }, defaultConfiguration: { level: 'warning' } },
                {
                  id: 'kyverno-lifecycle',
                  shortDescription: { text: 'Pod-owning resources ignore the Kyverno-injected dns_config' },
                  defaultConfiguration: { level: 'error' },
                  helpUri: 'https://example.org/rules/kyverno-lifecycle',
                },
                { id: 'no-inline-nfs', shortDescription: { text: 'No inline nfs {} volume outside the nfs_volume module' }, defaultConfiguration: { level: 'warning' } },
                { id: 'no-plaintext-secrets', shortDescription: { text: 'No secret values in plain text' }, defaultConfiguration: { level: 'error' } },
                { id: 'redis-endpoint', shortDescription: { text: 'Redis is reached through var.redis_host or the sentinel' }, defaultConfiguration: { level: 'warning' } },
                { id: 'shared-variables', shortDescription: { text: 'Shared values come from shared variables' }, defaultConfiguration: { level: 'note' } },
              ],
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///repo/' } },
          columnKind: 'unicodeCodePoints',
          results: [
            {
              ruleId: 'no-plaintext-secrets',
              ruleIndex: 4,
              level: 'error',
              message: { text: 'Secret-named attribute password has a literal value (p***d): move it to secrets.sops.json' },
              locations: location(DB_URI, 2, 3, 2, 30),
              partialFingerprints: { 'infralintBaselineKey/v1': '1c9b01861d784e5f71ac8d8bfe49961e:1' },
            },
            {
              ruleId: 'redis-endpoint',
              ruleIndex: 5,
              level: 'warning',
              message: { text: 'Use the sentinel path with master mymaster for Sidekiq' },
              locations: location(DB_URI, 7, 5, 7, 20),
              partialFingerprints: { 'infralintBaselineKey/v1': '76da8e366458644bdbd0af153b266e46:1' },
            },
            {
              ruleId: 'kyverno-lifecycle',
              ruleIndex: 2,
              level: 'error',
              message: { text: 'Add "spec[0].template[0].spec[0].dns_config" to ignore_changes <&">|% (KYVERNO_LIFECYCLE_V1)' },
              locations: location('stacks/web/main.tf', 1, 1, 1, 9),
              partialFingerprints: { 'infralintBaselineKey/v1': '29d1f31868228c013c4d02fe610a578d:1' },
            },
            {
              ruleId: 'keel-lifecycle',
              ruleIndex: 1,
              level: 'note',
              message: { text: 'Namespace web is not Keel-enrolled: nothing to add' },
              locations: location('stacks/web/main.tf', 2, 3, 4, 4),
              partialFingerprints: { 'infralintBaselineKey/v1': '76c5c1d9eade9a917c1be97fea548a04:1' },
            },
            {
              ruleId: 'shared-variables',
              ruleIndex: 6,
              level: 'warning',
              message: { text: 'Use var.redis_host instead of the literal redis host' },
              locations: location('stacks/web/main.tf', 3, 13, 3, 51),
              partialFingerprints: { 'infralintBaselineKey/v1': 'a6d50722d544792bc6696dce1e53c061:1' },
            },
          ],
        },
      ],
    });
  });

  it('carries an in-source suppression with its justification when suppressed findings are shown', () => {
    const log = JSON.parse(formatResult('sarif', sampleResult(), options({ showSuppressed: true }))) as {
      runs: { results: Record<string, unknown>[] }[];
    };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(6);
    expect(results[5]).toMatchObject({
      ruleId: 'no-inline-nfs',
      ruleIndex: 3,
      suppressions: [{ kind: 'inSource', justification: 'migrating in PR #42' }],
    });
    expect(results.filter((result) => 'suppressions' in result)).toHaveLength(1);
  });

  it('fingerprints by file, block and rule (not by line), counting repeats in one block', () => {
    const at = (line: number) => finding({ path: WEB, ruleId: 'keel-lifecycle', line, column: 1 });
    const fingerprints = (lines: number[], path = WEB) => {
      const log = JSON.parse(formatResult('sarif', runResult([fileResult(path, lines.map(at))]), options())) as {
        runs: { results: { partialFingerprints: Record<string, string> }[] }[];
      };
      return log.runs[0]!.results.map((result) => result.partialFingerprints['infralintBaselineKey/v1']!);
    };
    const [first, second] = fingerprints([3, 9]);
    expect(first).toMatch(/^[0-9a-f]{32}:1$/);
    expect(second).toBe(first!.replace(/:1$/, ':2'));
    expect(fingerprints([40, 90])).toEqual([first, second]);
    const other = finding({ path: WEB, ruleId: 'keel-lifecycle', line: 3, column: 1, blockAddress: 'resource.kubernetes_deployment.api' });
    const log = JSON.parse(formatResult('sarif', runResult([fileResult(WEB, [other])]), options())) as {
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    };
    expect(log.runs[0]!.results[0]!.partialFingerprints['infralintBaselineKey/v1']).not.toBe(first);
  });

  it('adds a rule entry for a finding of a rule the map does not know (parse-error)', () => {
    const parseError = finding({ path: DB, ruleId: 'parse-error', line: 1, column: 1, message: 'Unclosed block' });
    const log: unknown = JSON.parse(formatResult('sarif', runResult([fileResult(DB, [parseError])]), options({ rules: new Map() })));
    expect(validate(log)).toBe(true);
    expect(log).toMatchObject({
      runs: [
        {
          tool: { driver: { rules: [{ id: 'parse-error', shortDescription: { text: 'parse-error' }, defaultConfiguration: { level: 'warning' } }] } },
          results: [{ ruleId: 'parse-error', ruleIndex: 0, level: 'error' }],
        },
      ],
    });
  });
});
