/** Checkstyle XML (version 4.3), read by Jenkins' warnings plugin and many CI dashboards. */
import type { RunResult } from '../engine/types.js';
import { collect, escapeXml, severityWord, type ReportedFinding } from './common.js';
import type { ReportOptions } from './options.js';

/** One `<file>` per file with shown findings; `source` is `infralint.<rule-id>`. */
export function formatCheckstyle(result: RunResult, options: ReportOptions): string {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const reported of collect(result, options).findings) {
    const group = byFile.get(reported.file);
    if (group === undefined) byFile.set(reported.file, [reported]);
    else group.push(reported);
  }
  let output = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';
  for (const [file, group] of byFile) {
    output += `  <file name="${escapeXml(file)}">\n`;
    for (const { finding } of group) {
      const message =
        finding.suppressedBy === undefined
          ? finding.message
          : `${finding.message} (suppressed: ${finding.suppressedBy.reason})`;
      output +=
        `    <error line="${finding.line}" column="${finding.column}" severity="${severityWord(finding.severity)}"` +
        ` message="${escapeXml(message)}" source="infralint.${escapeXml(finding.ruleId)}"/>\n`;
    }
    output += '  </file>\n';
  }
  return `${output}</checkstyle>\n`;
}
