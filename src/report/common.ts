/**
 * What every reporter shares: which findings are shown, in which order, with
 * which path, and the counts of the summary.
 */
import path from 'node:path';
import type { Finding, RunResult, Severity } from '../engine/types.js';

/** The subset of the report options that decides what is shown. */
export interface VisibilityOptions {
  readonly cwd: string;
  readonly quiet?: boolean;
  readonly showSuppressed?: boolean;
}

/** A finding with its display path (relative to the cwd, `/` separators). */
export interface ReportedFinding {
  readonly file: string;
  readonly finding: Finding;
}

export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings `--fix` can fix (safe fixes). */
  readonly safeFixable: number;
  /** Findings only `--fix --unsafe-fixes` can fix. */
  readonly unsafeFixable: number;
  /** Suppressed findings that are shown (only with `showSuppressed`). */
  readonly suppressed: number;
}

export interface Collected {
  /** Shown findings in report order: file, line, column, rule id (then end, message). */
  readonly findings: readonly ReportedFinding[];
  /** Counts of the shown findings; suppressed ones count only in `suppressed`. */
  readonly counts: Counts;
}

/** `absolute` relative to `cwd`, with `/` separators on every platform. */
export function relativePath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, absolute));
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/**
 * A relative path as a URI reference: each segment percent-encoded, `()'!*`
 * too, so it is also safe as a Markdown link destination
 * (`a b/c#(d).tf` → `a%20b/c%23%28d%29.tf`).
 */
export function toUriReference(relative: string): string {
  return relative
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[()'!*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

export function isSuppressed(finding: Finding): boolean {
  return finding.suppressedBy !== undefined;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The report order: file, line, column, rule id; end and message break the remaining ties. */
export function compareReported(a: ReportedFinding, b: ReportedFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.finding.line - b.finding.line ||
    a.finding.column - b.finding.column ||
    compareStrings(a.finding.ruleId, b.finding.ruleId) ||
    a.finding.endLine - b.finding.endLine ||
    a.finding.endColumn - b.finding.endColumn ||
    compareStrings(a.finding.message, b.finding.message)
  );
}

/**
 * The findings a report shows: suppressed ones only with `showSuppressed`,
 * errors only with `quiet`; sorted in report order.
 */
export function collect(result: RunResult, options: VisibilityOptions): Collected {
  const findings: ReportedFinding[] = [];
  const paths = new Map<string, string>();
  for (const fileResult of result.results) {
    for (const finding of fileResult.findings) {
      if (isSuppressed(finding) && options.showSuppressed !== true) continue;
      if (options.quiet === true && finding.severity !== 'error') continue;
      let file = paths.get(finding.path);
      if (file === undefined) {
        file = relativePath(options.cwd, finding.path);
        paths.set(finding.path, file);
      }
      findings.push({ file, finding });
    }
  }
  findings.sort(compareReported);
  return { findings, counts: countFindings(findings.map((reported) => reported.finding)) };
}

export function countFindings(findings: readonly Finding[]): Counts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let safeFixable = 0;
  let unsafeFixable = 0;
  let suppressed = 0;
  for (const finding of findings) {
    if (isSuppressed(finding)) {
      suppressed++;
      continue;
    }
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warn') warnings++;
    else infos++;
    if (finding.fix === 'safe') safeFixable++;
    else if (finding.fix === 'unsafe') unsafeFixable++;
  }
  return { errors, warnings, infos, safeFixable, unsafeFixable, suppressed };
}

/** The word people read for a severity: `error`, `warning`, `info`. */
export function severityWord(severity: Severity): string {
  return severity === 'warn' ? 'warning' : severity;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;
// C0 and C1 controls except tab, plus DEL: they could move a terminal's cursor or change its colors.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One line of plain text for line-oriented formats: line breaks become spaces, control characters U+FFFD. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL_CHARACTERS, '\uFFFD');
}

/** Replaces control characters (not tabs) with U+FFFD; keeps line breaks out (callers split first). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '\uFFFD');
}

const ZERO_WIDTH: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xe0100, 0xe01ef],
];

const DOUBLE_WIDTH: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function inRanges(codePoint: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/**
 * Terminal cells taken by one code point: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide characters and emoji, else 1. An
 * approximation of wcwidth that is right for the text linters print.
 */
export function codePointWidth(codePoint: number): number {
  if (codePoint < 0x300) return 1;
  if (inRanges(codePoint, ZERO_WIDTH)) return 0;
  return inRanges(codePoint, DOUBLE_WIDTH) ? 2 : 1;
}

/** Terminal cells taken by a string without control characters. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += codePointWidth(character.codePointAt(0)!);
  return width;
}

/** Pads `text` with spaces on the right to `width` terminal cells. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads `text` with spaces on the left to `width` terminal cells. */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

// XML 1.0 forbids these (and lone surrogates) even as character references.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Escapes text for XML content or a double-quoted attribute. Characters XML
 * cannot carry become U+FFFD; in attributes, tab, CR and LF become character
 * references so that attribute-value normalisation keeps them.
 */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${character.charCodeAt(0)};`;
    }
  });
}

/** The summary line's list: `2 errors, 1 warning`, plus `, N info` when there are info notes. */
export function describeCounts(counts: Counts): string {
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  return parts.join(', ');
}
