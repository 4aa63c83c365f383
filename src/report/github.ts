/** GitHub Actions workflow commands: one annotation per finding (Forgejo and Gitea Actions read them too). */
import type { Finding, RunResult } from '../engine/types.js';
import { collect } from './common.js';
import type { ReportOptions } from './options.js';

/** Escapes a command's message, as the Actions toolkit does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: the message escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(finding: Finding): string {
  if (finding.suppressedBy !== undefined || finding.severity === 'info') return 'notice';
  return finding.severity === 'error' ? 'error' : 'warning';
}

/** `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule-id>::<message>` lines. */
export function formatGithub(result: RunResult, options: ReportOptions): string {
  let output = '';
  for (const { file, finding } of collect(result, options).findings) {
    const properties = [
      `file=${escapeProperty(file)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `endLine=${finding.endLine}`,
      `endColumn=${finding.endColumn}`,
      `title=${escapeProperty(finding.ruleId)}`,
    ].join(',');
    const message =
      finding.suppressedBy === undefined
        ? finding.message
        : `${finding.message} (suppressed: ${finding.suppressedBy.reason})`;
    output += `::${command(finding)} ${properties}::${escapeData(message)}\n`;
  }
  return output;
}
