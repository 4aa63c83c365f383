/**
 * reviewdog's Diagnostic Format (rdjson), which reviewdog turns into review
 * comments on Gitea/Forgejo pull requests. Its columns count UTF-8 bytes: they
 * are converted with the file's text when `sourceOf` provides it (else code
 * point columns are passed through, which is exact on ASCII lines).
 */
import type { Finding, RunResult } from '../engine/types.js';
import { collect } from './common.js';
import { TOOL_URI, type ReportOptions } from './options.js';
import { LineMap } from './line-map.js';

type RdSeverity = 'ERROR' | 'WARNING' | 'INFO';

interface RdPosition {
  readonly line: number;
  readonly column: number;
}

interface RdRange {
  readonly start: RdPosition;
  readonly end: RdPosition;
}

function severityOf(finding: Finding): RdSeverity {
  if (finding.suppressedBy !== undefined || finding.severity === 'info') return 'INFO';
  return finding.severity === 'error' ? 'ERROR' : 'WARNING';
}

/** Replacement suggestions from the finding's edits, only when every edit is in the finding's own file. */
function suggestionsOf(finding: Finding, lines: LineMap | undefined): { range: RdRange; text: string }[] | undefined {
  const edits = finding.edits;
  if (edits === undefined || edits.length === 0 || lines === undefined) return undefined;
  if (edits.some((edit) => edit.path !== undefined && edit.path !== finding.path)) return undefined;
  return edits.map((edit) => ({
    range: { start: lines.utf8PositionAt(edit.start), end: lines.utf8PositionAt(edit.end) },
    text: edit.text,
  }));
}

export function buildRdjson(result: RunResult, options: ReportOptions): Record<string, unknown> {
  const lineMaps = new Map<string, LineMap | undefined>();
  const lineMapOf = (path: string): LineMap | undefined => {
    if (!lineMaps.has(path)) {
      const text = options.sourceOf?.(path);
      lineMaps.set(path, text === undefined ? undefined : new LineMap(text));
    }
    return lineMaps.get(path);
  };
  const diagnostics = collect(result, options).findings.map(({ file, finding }) => {
    const lines = lineMapOf(finding.path);
    const column = (line: number, codePointColumn: number): number =>
      lines === undefined ? codePointColumn : lines.utf8Column(line, codePointColumn);
    const rule = options.rules.get(finding.ruleId);
    const suggestions = suggestionsOf(finding, lines);
    const message =
      finding.suppressedBy === undefined
        ? finding.message
        : `${finding.message} (suppressed: ${finding.suppressedBy.reason})`;
    return {
      message,
      location: {
        path: file,
        range: {
          start: { line: finding.line, column: column(finding.line, finding.column) },
          end: { line: finding.endLine, column: column(finding.endLine, finding.endColumn) },
        },
      },
      severity: severityOf(finding),
      code: { value: finding.ruleId, ...(rule?.helpUri === undefined ? {} : { url: rule.helpUri }) },
      ...(suggestions === undefined ? {} : { suggestions }),
    };
  });
  const severities = new Set(diagnostics.map((diagnostic) => diagnostic.severity));
  const severity: RdSeverity = severities.has('ERROR') ? 'ERROR' : severities.has('WARNING') ? 'WARNING' : 'INFO';
  return { source: { name: 'infralint', url: TOOL_URI }, severity, diagnostics };
}

export function formatRdjson(result: RunResult, options: ReportOptions): string {
  return `${JSON.stringify(buildRdjson(result, options), null, 2)}\n`;
}
