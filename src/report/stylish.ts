/**
 * The eslint-like human format: findings grouped by file in aligned columns,
 * then a summary.
 */
import type { Finding, RunResult } from '../engine/types.js';
import { paint, type Paint } from './ansi.js';
import {
  collect,
  describeCounts,
  displayWidth,
  oneLine,
  padEnd,
  padStart,
  plural,
  severityWord,
  type Collected,
  type ReportedFinding,
} from './common.js';
import type { ReportOptions } from './options.js';

export function formatStylish(result: RunResult, options: ReportOptions): string {
  const collected = collect(result, options);
  const colors = paint(options.color);
  const blocks: string[] = [];
  for (const group of groupByFile(collected.findings)) blocks.push(renderFile(group, colors));
  blocks.push(renderSummary(result, collected, options, colors));
  return `${blocks.join('\n\n')}\n`;
}

function groupByFile(findings: readonly ReportedFinding[]): ReportedFinding[][] {
  const groups: ReportedFinding[][] = [];
  for (const reported of findings) {
    const current = groups[groups.length - 1];
    if (current?.[0]?.file === reported.file) current.push(reported);
    else groups.push([reported]);
  }
  return groups;
}

function describeMessage(finding: Finding): string {
  let message = oneLine(finding.message);
  if (finding.suppressedBy !== undefined) message += ` (suppressed: ${oneLine(finding.suppressedBy.reason)})`;
  if (finding.notFixedReason !== undefined) message += ` (not fixed: ${oneLine(finding.notFixedReason)})`;
  return message;
}

function paintSeverity(finding: Finding, colors: Paint): (text: string) => string {
  if (finding.suppressedBy !== undefined) return colors.dim;
  if (finding.severity === 'error') return colors.red;
  return finding.severity === 'warn' ? colors.yellow : colors.cyan;
}

/** The file's path, then `  line:column  severity  message  rule-id` rows, aligned per file. */
function renderFile(group: readonly ReportedFinding[], colors: Paint): string {
  const rows = group.map(({ finding }) => ({
    finding,
    line: String(finding.line),
    column: String(finding.column),
    severity: severityWord(finding.severity),
    message: describeMessage(finding),
  }));
  const width = (pick: (row: (typeof rows)[number]) => string): number =>
    Math.max(...rows.map((row) => displayWidth(pick(row))));
  const lineWidth = width((row) => row.line);
  const columnWidth = width((row) => row.column);
  const severityWidth = width((row) => row.severity);
  const messageWidth = width((row) => row.message);
  const lines = [colors.underline(oneLine(group[0]!.file))];
  for (const row of rows) {
    const position = colors.dim(`${padStart(row.line, lineWidth)}:${padEnd(row.column, columnWidth)}`);
    const severity = paintSeverity(row.finding, colors)(padEnd(row.severity, severityWidth));
    lines.push(`  ${position}  ${severity}  ${padEnd(row.message, messageWidth)}  ${colors.dim(row.finding.ruleId)}`);
  }
  return lines.join('\n');
}

function renderSummary(result: RunResult, collected: Collected, options: ReportOptions, colors: Paint): string {
  const { counts } = collected;
  const problems = counts.errors + counts.warnings + counts.infos;
  const lines: string[] = [];
  if (problems === 0) {
    lines.push(colors.green(`✔ No problems found in ${plural(result.summary.files, 'file')}.`));
  } else {
    const tone = counts.errors > 0 ? colors.red : counts.warnings > 0 ? colors.yellow : colors.cyan;
    lines.push(tone(colors.bold(`✖ ${plural(problems, 'problem')} (${describeCounts(counts)})`)));
    const fixable: string[] = [];
    if (counts.safeFixable > 0) fixable.push(`${counts.safeFixable} fixable with --fix`);
    if (counts.unsafeFixable > 0) {
      fixable.push(`${counts.unsafeFixable} ${counts.safeFixable > 0 ? 'more ' : ''}with --fix --unsafe-fixes`);
    }
    if (fixable.length > 0) lines.push(`  ${fixable.join(', ')}`);
  }
  if (counts.suppressed > 0) lines.push(colors.dim(`  ${plural(counts.suppressed, 'suppressed finding')} shown`));
  if (options.fixRequested === true) {
    const fixedFiles = result.results.filter((file) => file.applied.length > 0);
    const fixed = fixedFiles.reduce((sum, file) => sum + file.applied.length, 0);
    if (fixed > 0) lines.push(colors.green(`  Fixed ${plural(fixed, 'problem')} in ${plural(fixedFiles.length, 'file')}.`));
  }
  return lines.join('\n');
}
