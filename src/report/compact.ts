/** One finding a line, `file:line:col: severity [rule-id] message`, for grep, editors and hooks. */
import type { RunResult } from '../engine/types.js';
import { collect, oneLine, severityWord } from './common.js';
import type { ReportOptions } from './options.js';

/** No summary line: a clean run prints nothing. */
export function formatCompact(result: RunResult, options: ReportOptions): string {
  let output = '';
  for (const { file, finding } of collect(result, options).findings) {
    let message = oneLine(finding.message);
    if (finding.suppressedBy !== undefined) message += ` (suppressed: ${oneLine(finding.suppressedBy.reason)})`;
    if (finding.notFixedReason !== undefined) message += ` (not fixed: ${oneLine(finding.notFixedReason)})`;
    output += `${oneLine(file)}:${finding.line}:${finding.column}: ${severityWord(finding.severity)} [${finding.ruleId}] ${message}\n`;
  }
  return output;
}
