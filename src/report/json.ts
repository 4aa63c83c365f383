/**
 * The JSON contract for agents and scripts; `docs/json-format.md` documents
 * every field. Any change here is a change of that contract: additive fields
 * keep `version` 1, anything else bumps it.
 */
import type { FixKind, RunResult, Severity } from '../engine/types.js';
import { collect, compareStrings, relativePath } from './common.js';
import type { ReportOptions } from './options.js';

export const JSON_FORMAT_VERSION = 1;

export interface JsonEdit {
  readonly file: string;
  /** UTF-16 code unit offsets into the file's text, half-open. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface JsonResult {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fix: FixKind | null;
  readonly suggestion: string | null;
  readonly suppressed?: { readonly reason: string; readonly line: number };
  readonly edits?: readonly JsonEdit[];
  readonly notFixedReason?: string;
}

export interface JsonReport {
  readonly version: typeof JSON_FORMAT_VERSION;
  readonly results: readonly JsonResult[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly fixable: number;
    readonly files: number;
  };
  readonly fixed?: readonly { readonly file: string; readonly ruleId: string; readonly message: string }[];
  /** Problems that are not findings (unreadable file, rule crash); present only when there are some. They make the exit code 2. */
  readonly runErrors?: readonly { readonly file: string; readonly message: string }[];
}

export function buildJsonReport(result: RunResult, options: ReportOptions): JsonReport {
  const { findings, counts } = collect(result, options);
  const results = findings.map(({ file, finding }): JsonResult => {
    const entry: {
      -readonly [Key in keyof JsonResult]: JsonResult[Key];
    } = {
      file,
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      fix: finding.fix,
      suggestion: finding.suggestion ?? null,
    };
    if (finding.suppressedBy !== undefined) {
      entry.suppressed = { reason: finding.suppressedBy.reason, line: finding.suppressedBy.line };
    }
    if (finding.edits !== undefined) {
      entry.edits = finding.edits.map((edit) => ({
        file: edit.path === undefined ? file : relativePath(options.cwd, edit.path),
        start: edit.start,
        end: edit.end,
        text: edit.text,
      }));
    }
    if (options.fixRequested === true && finding.notFixedReason !== undefined) {
      entry.notFixedReason = finding.notFixedReason;
    }
    return entry;
  });
  const report: JsonReport = {
    version: JSON_FORMAT_VERSION,
    results,
    summary: {
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      fixable: counts.safeFixable + counts.unsafeFixable,
      files: result.summary.files,
    },
  };
  const fixed =
    options.fixRequested === true
      ? result.results
          .map((fileResult) => ({ file: relativePath(options.cwd, fileResult.path), applied: fileResult.applied }))
          .sort((a, b) => compareStrings(a.file, b.file))
          .flatMap(({ file, applied }) => applied.map(({ ruleId, message }) => ({ file, ruleId, message })))
      : undefined;
  const runErrors = result.errors
    .map((error) => ({ file: relativePath(options.cwd, error.path), message: error.message }))
    .sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.message, b.message));
  return {
    ...report,
    ...(fixed === undefined ? {} : { fixed }),
    ...(runErrors.length === 0 ? {} : { runErrors }),
  };
}

/** Two-space indented, newline-terminated; keys in the documented order. */
export function formatJson(result: RunResult, options: ReportOptions): string {
  return `${JSON.stringify(buildJsonReport(result, options), null, 2)}\n`;
}
