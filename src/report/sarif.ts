/**
 * SARIF 2.1.0 for code-scanning dashboards. Locations are relative to the
 * `%SRCROOT%` base (the cwd); columns count Unicode code points, so the run
 * says `columnKind: unicodeCodePoints`.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { RunResult } from '../engine/types.js';
import { collect, compareStrings, relativePath, toUriReference } from './common.js';
import { TOOL_URI, type ReportOptions } from './options.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The key of `partialFingerprints`; its value hashes the baseline key (file from the repository root, block address, rule). */
export const FINGERPRINT_KEY = 'infralintBaselineKey/v1';

type Level = 'error' | 'warning' | 'note' | 'none';

function levelOf(severity: string): Level {
  switch (severity) {
    case 'error':
      return 'error';
    case 'info':
      return 'note';
    case 'off':
      return 'none';
    default:
      return 'warning';
  }
}

export function buildSarif(result: RunResult, options: ReportOptions): Record<string, unknown> {
  const { findings } = collect(result, options);
  const ruleIds = [...new Set([...options.rules.keys(), ...findings.map(({ finding }) => finding.ruleId)])].sort(
    compareStrings,
  );
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const rules = ruleIds.map((id) => {
    const rule = options.rules.get(id);
    return {
      id,
      shortDescription: { text: rule?.description ?? id },
      defaultConfiguration: { level: levelOf(rule?.severity ?? 'warn') },
      ...(rule?.helpUri === undefined ? {} : { helpUri: rule.helpUri }),
    };
  });
  const occurrences = new Map<string, number>();
  const results = findings.map(({ file, finding }) => {
    const key = createHash('sha256')
      .update(`${relativePath(result.root, finding.path)}\0${finding.blockAddress}\0${finding.ruleId}`)
      .digest('hex')
      .slice(0, 32);
    const occurrence = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, occurrence);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: levelOf(finding.severity),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUriReference(file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: finding.line,
              startColumn: finding.column,
              endLine: finding.endLine,
              endColumn: finding.endColumn,
            },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${key}:${occurrence}` },
      ...(finding.suppressedBy === undefined
        ? {}
        : { suppressions: [{ kind: 'inSource', justification: finding.suppressedBy.reason }] }),
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'infralint', version: options.toolVersion, informationUri: TOOL_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

export function formatSarif(result: RunResult, options: ReportOptions): string {
  return `${JSON.stringify(buildSarif(result, options), null, 2)}\n`;
}
