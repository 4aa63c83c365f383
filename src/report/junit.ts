/**
 * JUnit XML for CI test dashboards: a test suite per linted file, a failing
 * test case per finding and one passing test case for a clean file.
 */
import type { Finding, RunResult } from '../engine/types.js';
import { collect, compareStrings, escapeXml, relativePath, severityWord, type ReportedFinding } from './common.js';
import type { ReportOptions } from './options.js';

function testCase(file: string, finding: Finding): string {
  const name = escapeXml(`${file}:${finding.line}:${finding.column} ${finding.ruleId}`);
  const open = `    <testcase name="${name}" classname="${escapeXml(file)}"`;
  const severity = severityWord(finding.severity);
  const body = `${severity} at ${file}:${finding.line}:${finding.column}: ${finding.message} (${finding.ruleId})`;
  if (finding.suppressedBy !== undefined) {
    const reason = escapeXml(`suppressed: ${finding.suppressedBy.reason}`);
    return `${open}>\n      <skipped message="${reason}">${escapeXml(body)}</skipped>\n    </testcase>\n`;
  }
  return (
    `${open}>\n` +
    `      <failure message="${escapeXml(finding.message)}" type="${severity}">${escapeXml(body)}</failure>\n` +
    '    </testcase>\n'
  );
}

/** Suites in path order; a suppressed finding (with `showSuppressed`) is a skipped test case. */
export function formatJunit(result: RunResult, options: ReportOptions): string {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const fileResult of result.results) byFile.set(relativePath(options.cwd, fileResult.path), []);
  for (const reported of collect(result, options).findings) {
    const group = byFile.get(reported.file);
    if (group === undefined) byFile.set(reported.file, [reported]);
    else group.push(reported);
  }
  const files = [...byFile.keys()].sort(compareStrings);
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let suites = '';
  for (const file of files) {
    const group = byFile.get(file)!;
    const suiteFailures = group.filter(({ finding }) => finding.suppressedBy === undefined).length;
    const suiteSkipped = group.length - suiteFailures;
    const suiteTests = Math.max(1, group.length);
    tests += suiteTests;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites += `  <testsuite name="${escapeXml(file)}" tests="${suiteTests}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n`;
    if (group.length === 0) suites += `    <testcase name="${escapeXml(file)}" classname="${escapeXml(file)}"/>\n`;
    for (const { finding } of group) suites += testCase(file, finding);
    suites += '  </testsuite>\n';
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="infralint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n` +
    `${suites}</testsuites>\n`
  );
}
