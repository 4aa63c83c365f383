/**
 * Pure presentation helpers for the terminal UI: which findings are shown,
 * how they are grouped and counted. No lint logic lives here; everything is
 * derived from the `RunResult` the reporters also get.
 */
import { dirname, relative, sep } from 'node:path';
import { TOKEN_PATTERNS } from '../../engine/mask.js';
import type { FileResult, Finding, OffsetRange, RunResult, Severity } from '../../engine/types.js';
import type { Progress, UiOptions } from './types.js';

/** The group for files outside any stack and module. */
export const REPOSITORY_GROUP = '(repository)';

export interface FileGroup {
  readonly path: string;
  readonly file: FileResult;
  /** Relative to `UiOptions.cwd`, with `/` separators. */
  readonly displayPath: string;
  /** Visible findings, in the engine's line/column order. */
  readonly findings: readonly Finding[];
}

export interface StackGroup {
  /** `stacks/web`, `modules/kubernetes/nfs_volume` or `(repository)`. */
  readonly name: string;
  readonly files: readonly FileGroup[];
}

export interface RuleRow {
  readonly ruleId: string;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings with a fix of either kind. */
  readonly fixable: number;
}

export interface FixHints {
  /** Findings a plain `--fix` would fix. */
  readonly safe: number;
  /** Findings only `--fix --unsafe-fixes` would fix. */
  readonly unsafe: number;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `2340` → `2,340`, the same on every machine. */
export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** `1 file`, `2 files`, `1,000 files`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(count)} ${count === 1 ? word : pluralWord}`;
}

/** `to` relative to `from`, with `/` separators; `to` itself when it is already relative. */
export function relativePath(from: string, to: string): string {
  const rel = relative(from, to) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function severityLabel(severity: Severity): string {
  return severity === 'warn' ? 'warning' : severity;
}

/** Suppressed findings are never shown (nor counted) by the UI. */
export function isVisible(finding: Finding): boolean {
  return finding.suppressedBy === undefined;
}

export function visibleFindings(result: RunResult): Finding[] {
  return result.results.flatMap((file) => file.findings.filter(isVisible));
}

/**
 * The text a finding's suggestion names as expected: its first `backtick`
 * span (`add \`# KYVERNO_LIFECYCLE_V1\` to the line` → `# KYVERNO_LIFECYCLE_V1`).
 */
export function expectedText(finding: Finding): string | undefined {
  const match = finding.suggestion === undefined ? null : /`([^`\n]+)`/.exec(finding.suggestion);
  return match?.[1];
}

function groupNameOf(path: string, result: RunResult, options: UiOptions): string {
  const stack = options.stackOf(path);
  if (stack !== undefined) return stack;
  const repoPath = relativePath(result.root, path);
  if (repoPath.startsWith('modules/')) return dirname(repoPath);
  return REPOSITORY_GROUP;
}

function groupRank(name: string): number {
  if (name.startsWith('stacks/')) return 0;
  if (name.startsWith('modules/')) return 1;
  if (name === REPOSITORY_GROUP) return 3;
  return 2;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Files with visible findings, grouped: stacks first, then modules, then any
 * other group, then `(repository)`; groups and files in code-point order, so
 * the output is the same on every machine.
 */
export function groupByStack(result: RunResult, options: UiOptions): StackGroup[] {
  const groups = new Map<string, FileGroup[]>();
  for (const file of result.results) {
    const findings = file.findings.filter(isVisible);
    if (findings.length === 0) continue;
    const name = groupNameOf(file.path, result, options);
    const files = groups.get(name) ?? [];
    files.push({ path: file.path, file, displayPath: relativePath(options.cwd, file.path), findings });
    groups.set(name, files);
  }
  return [...groups]
    .map(([name, files]) => ({
      name,
      files: files.sort((a, b) => compareStrings(a.displayPath, b.displayPath)),
    }))
    .sort((a, b) => groupRank(a.name) - groupRank(b.name) || compareStrings(a.name, b.name));
}

/** Per-rule counts of the visible findings, by rule id. */
export function ruleRows(findings: readonly Finding[]): RuleRow[] {
  const rows = new Map<string, { errors: number; warnings: number; infos: number; fixable: number }>();
  for (const finding of findings) {
    const row = rows.get(finding.ruleId) ?? { errors: 0, warnings: 0, infos: 0, fixable: 0 };
    if (finding.severity === 'error') row.errors++;
    else if (finding.severity === 'warn') row.warnings++;
    else row.infos++;
    if (finding.fix !== null) row.fixable++;
    rows.set(finding.ruleId, row);
  }
  return [...rows]
    .map(([ruleId, row]) => ({ ruleId, ...row }))
    .sort((a, b) => compareStrings(a.ruleId, b.ruleId));
}

/**
 * How many findings another run could fix. After `--fix`, the safe fixes that
 * are left could not be applied (they carry a `notFixedReason`), so only
 * findings without a reason count.
 */
export function fixHints(findings: readonly Finding[]): FixHints {
  let safe = 0;
  let unsafe = 0;
  for (const finding of findings) {
    if (finding.notFixedReason !== undefined) continue;
    if (finding.fix === 'safe') safe++;
    else if (finding.fix === 'unsafe') unsafe++;
  }
  return { safe, unsafe };
}

/** Files `--fix` rewrote, in display order. */
export function fixedFiles(result: RunResult, options: UiOptions): { displayPath: string; file: FileResult }[] {
  return result.results
    .filter((file) => file.fixed || file.applied.length > 0)
    .map((file) => ({ displayPath: relativePath(options.cwd, file.path), file }))
    .sort((a, b) => compareStrings(a.displayPath, b.displayPath));
}

const PHASE_VERBS: Record<Progress['phase'], string> = {
  discover: 'Discovering',
  parse: 'Parsing',
  lint: 'Linting',
  fix: 'Fixing',
};

/** A rate over a shorter time than this (milliseconds) is noise, so it is not shown. */
export const MIN_RATE_WINDOW_MS = 200;

/**
 * The progress text: `Parsing 123/500 files · 2,340 files/s`. The rate is
 * files per second since the phase started; it is left out until
 * `MIN_RATE_WINDOW_MS` have passed and a file is done. Times are in milliseconds.
 */
export function progressText(progress: Progress, startedAt: number, now: number): string {
  const verb = PHASE_VERBS[progress.phase];
  if (progress.total === 0 && progress.done === 0) return `${verb} files`;
  const count =
    progress.total > 0
      ? `${formatCount(progress.done)}/${plural(progress.total, 'file')}`
      : plural(progress.done, 'file');
  const elapsedMs = now - startedAt;
  if (elapsedMs < MIN_RATE_WINDOW_MS || progress.done === 0) return `${verb} ${count}`;
  const rate = (progress.done * 1000) / elapsedMs;
  return `${verb} ${count} · ${formatCount(rate)} files/s`;
}

/** The rule whose reported ranges are secret values. */
export const SECRET_RULE_ID = 'no-plaintext-secrets';

/**
 * The ranges of `source` a code frame must not show: every known token format
 * and the range of every finding of the secret rule (suppressed ones too).
 */
export function secretRanges(source: string, findings: readonly Finding[]): OffsetRange[] {
  const ranges: OffsetRange[] = findings
    .filter((finding) => finding.ruleId === SECRET_RULE_ID)
    .map((finding) => ({ start: finding.start, end: finding.end }));
  for (const { pattern } of TOKEN_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const secret = match[1] ?? match[0];
      const start = match.index + match[0].indexOf(secret);
      ranges.push({ start, end: start + secret.length });
    }
  }
  return ranges;
}

/**
 * `source` with each range masked the way `maskSecret` does (at most the first
 * 4 characters stay), but in place: every other code point becomes `*` and
 * line breaks stay, so lines, columns and carets are unchanged.
 */
export function maskRanges(source: string, ranges: readonly OffsetRange[]): string {
  if (ranges.length === 0) return source;
  let out = source;
  // Last range first: a masked astral character shrinks the text, which must not move the ranges before it.
  for (const range of [...ranges].sort((a, b) => b.start - a.start)) {
    const characters = Array.from(out.slice(range.start, range.end));
    const visible = characters.length >= 16 ? 4 : characters.length >= 8 ? 2 : 0;
    const masked = characters.map((c, i) => (i < visible || c === '\n' || c === '\r' ? c : '*')).join('');
    out = out.slice(0, range.start) + masked + out.slice(range.end);
  }
  return out;
}
