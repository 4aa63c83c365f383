import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { RunResult } from '../../engine/types.js';
import { fixHints, fixedFiles, formatCount, plural, ruleRows, visibleFindings } from './model.js';
import type { RuleRow } from './model.js';
import { Paint } from './paint.js';
import type { UiOptions } from './types.js';

export interface SummaryProps {
  readonly result: RunResult;
  readonly options: UiOptions;
}

/** `312 ms` below a second, `1.25 s` above. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${formatCount(Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

interface Column {
  readonly title: string;
  readonly value: (row: RuleRow) => string;
  readonly alignRight: boolean;
}

/** The rows of the table as padded text, header first; columns are two spaces apart. */
function tableLines(rows: readonly RuleRow[]): string[] {
  const columns: Column[] = [
    { title: 'rule', value: (row) => row.ruleId, alignRight: false },
    { title: 'errors', value: (row) => formatCount(row.errors), alignRight: true },
    { title: 'warnings', value: (row) => formatCount(row.warnings), alignRight: true },
  ];
  if (rows.some((row) => row.infos > 0)) {
    columns.push({ title: 'infos', value: (row) => formatCount(row.infos), alignRight: true });
  }
  columns.push({ title: 'fixable', value: (row) => formatCount(row.fixable), alignRight: true });
  const cells = [columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => c.value(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells.map((line) =>
    line
      .map((cell, i) => (columns[i]!.alignRight ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  '),
  );
}

function FixedFiles({ result, options }: SummaryProps): ReactNode {
  const files = fixedFiles(result, options);
  if (files.length === 0) return <Text>no fixes applied</Text>;
  const width = Math.max(...files.map((f) => f.displayPath.length));
  return (
    <Box flexDirection="column">
      <Paint enabled={options.color} color="green">{`fixed ${plural(files.length, 'file')}:`}</Paint>
      {files.map(({ displayPath, file }) => (
        <Text key={file.path}>{`  ${displayPath.padEnd(width)}  ${plural(file.applied.length, 'fix', 'fixes')}`}</Text>
      ))}
    </Box>
  );
}

function Hint({ command, text, color }: { readonly command: string; readonly text: string; readonly color: boolean }): ReactNode {
  return (
    <Text>
      {'run '}
      <Paint enabled={color} color="cyan">
        {command}
      </Paint>
      {` ${text}`}
    </Text>
  );
}

/**
 * What `--fix` did (when it was asked for), the table of visible findings by
 * rule, the totals, and how many of them `--fix` (or `--fix --unsafe-fixes`)
 * would fix.
 */
export function Summary({ result, options }: SummaryProps): ReactNode {
  const findings = visibleFindings(result);
  const { summary } = result;
  const checked = `${plural(summary.files, 'file')} checked in ${formatDuration(summary.durationMs)}`;
  const fixed = options.fixRequested ? <FixedFiles result={result} options={options} /> : null;
  if (findings.length === 0) {
    return (
      <Box flexDirection="column">
        {fixed}
        <Paint enabled={options.color} color={result.errors.length === 0 ? 'green' : 'red'}>
          {`${result.errors.length === 0 ? 'no problems' : 'no findings'} · ${checked}`}
        </Paint>
      </Box>
    );
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warn').length;
  const infos = findings.length - errors - warnings;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos > 0) counts.push(plural(infos, 'info'));
  const problems = `${plural(findings.length, 'problem')}${options.fixRequested ? ' left' : ''}`;
  const hints = fixHints(findings);
  const [header, ...rows] = tableLines(ruleRows(findings));
  return (
    <Box flexDirection="column">
      {fixed === null ? null : <Box marginBottom={1}>{fixed}</Box>}
      <Paint enabled={options.color} bold>
        {header}
      </Paint>
      {rows.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      <Box marginTop={1}>
        <Paint enabled={options.color} color={errors > 0 ? 'red' : 'yellow'} bold>
          {`${problems} (${counts.join(', ')})`}
        </Paint>
        <Text>{` · ${checked}`}</Text>
      </Box>
      {hints.safe > 0 ? (
        <Hint command="infralint --fix" text={`to fix ${formatCount(hints.safe)} of them`} color={options.color} />
      ) : null}
      {hints.unsafe > 0 ? (
        <Hint
          command="infralint --fix --unsafe-fixes"
          text={`to fix ${formatCount(hints.unsafe)} ${hints.safe > 0 ? 'more' : 'of them'} (unsafe: review before applying)`}
          color={options.color}
        />
      ) : null}
    </Box>
  );
}
