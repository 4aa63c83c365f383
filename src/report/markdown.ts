/**
 * A summary for a pull-request comment: the verdict, counts per rule, the top
 * findings with links to their lines, and how to fix them locally.
 */
import type { Finding, RunResult, Severity } from '../engine/types.js';
import { collect, compareReported, compareStrings, oneLine, plural, severityWord, toUriReference, type ReportedFinding } from './common.js';
import type { ReportOptions } from './options.js';

/** How many findings the comment lists; the rest are counted. */
export const MAX_LISTED_FINDINGS = 20;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warn: 1, info: 2 };
const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warn: '⚠️', info: 'ℹ️' };

/**
 * Escapes text for inline Markdown that never starts a line (CommonMark, GFM
 * tables, strikethrough and math, Gitea/GitHub `#123` references and `@user`
 * mentions): a backslash before every character that can start markup there,
 * line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>#@|~&$]/g, '\\$&');
}

interface RuleRow {
  readonly ruleId: string;
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

function countByRule(findings: readonly Finding[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  for (const finding of findings) {
    let row = rows.get(finding.ruleId);
    if (row === undefined) {
      row = { ruleId: finding.ruleId, errors: 0, warnings: 0, infos: 0, fixable: 0 };
      rows.set(finding.ruleId, row);
    }
    if (finding.severity === 'error') row.errors++;
    else if (finding.severity === 'warn') row.warnings++;
    else row.infos++;
    if (finding.fix !== null) row.fixable++;
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.errors - a.errors || b.warnings - a.warnings || b.infos - a.infos || compareStrings(a.ruleId, b.ruleId),
  );
}

function link(file: string, line: number, repoUrl: string | undefined): string {
  const base = repoUrl === undefined ? '' : `${repoUrl.replace(/\/+$/, '')}/`;
  return `[${escapeMarkdown(`${file}:${line}`)}](${base}${toUriReference(file)}#L${line})`;
}

function listItem({ file, finding }: ReportedFinding, repoUrl: string | undefined): string {
  const where = link(file, finding.line, repoUrl);
  return `- ${SEVERITY_ICON[finding.severity]} **${severityWord(finding.severity)}** ${where} \`${finding.ruleId}\`: ${escapeMarkdown(finding.message)}`;
}

export function formatMarkdown(result: RunResult, options: ReportOptions): string {
  const { findings, counts } = collect(result, options);
  const active = findings.filter(({ finding }) => finding.suppressedBy === undefined);
  const suppressed = findings.filter(({ finding }) => finding.suppressedBy !== undefined);
  const sections: string[] = [];

  if (counts.errors > 0) {
    sections.push(`## ❌ infralint: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`);
  } else if (counts.warnings > 0) {
    sections.push(`## ⚠️ infralint: passed with ${plural(counts.warnings, 'warning')}`);
  } else {
    sections.push(`## ✅ infralint: no problems`);
  }

  if (active.length === 0) {
    sections.push(`No problems in ${plural(result.summary.files, 'file')}.`);
  } else {
    const rows = countByRule(active.map(({ finding }) => finding));
    const withInfo = counts.infos > 0;
    const header = withInfo ? ['Rule', 'Errors', 'Warnings', 'Info', 'Fixable'] : ['Rule', 'Errors', 'Warnings', 'Fixable'];
    const table = [`| ${header.join(' | ')} |`, `| --- |${' ---: |'.repeat(header.length - 1)}`];
    for (const row of rows) {
      const cells = [`\`${row.ruleId}\``, row.errors, row.warnings, ...(withInfo ? [row.infos] : []), row.fixable];
      table.push(`| ${cells.join(' | ')} |`);
    }
    sections.push(table.join('\n'));

    const top = [...active]
      .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || compareReported(a, b))
      .slice(0, MAX_LISTED_FINDINGS);
    const list = top.map((reported) => listItem(reported, options.repoUrl));
    if (active.length > top.length) list.push(`- …and ${plural(active.length - top.length, 'more finding')}`);
    sections.push(`### Findings\n\n${list.join('\n')}`);
  }

  if (suppressed.length > 0) {
    const list = suppressed.map(
      ({ file, finding }) =>
        `- ${link(file, finding.line, options.repoUrl)} \`${finding.ruleId}\`: ${escapeMarkdown(finding.message)} (suppressed: ${escapeMarkdown(finding.suppressedBy?.reason ?? '')})`,
    );
    sections.push(`### Suppressed\n\n${list.join('\n')}`);
  }

  if (active.length > 0) sections.push(footer(counts.safeFixable, counts.unsafeFixable));
  return `${sections.join('\n\n')}\n`;
}

function footer(safe: number, unsafe: number): string {
  const parts: string[] = [];
  if (safe > 0) parts.push(`Run \`npx infralint --fix\` locally to fix ${safe} of them.`);
  if (unsafe > 0) {
    parts.push(
      `\`npx infralint --fix --unsafe-fixes\` fixes ${unsafe} ${safe > 0 ? 'more' : 'of them'}; review those changes before you apply them.`,
    );
  }
  parts.push('`npx infralint --explain <rule-id>` says how to fix the rest by hand.');
  return parts.join(' ');
}
