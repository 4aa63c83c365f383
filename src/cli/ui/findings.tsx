import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { Finding, RunResult, Severity } from '../../engine/types.js';
import { codeFrame } from '../../report/code-frame.js';
import { expectedText, groupByStack, maskRanges, secretRanges, severityLabel } from './model.js';
import type { FileGroup, StackGroup } from './model.js';
import { Paint } from './paint.js';
import type { UiOptions } from './types.js';

export interface FindingsProps {
  readonly result: RunResult;
  readonly options: UiOptions;
}

const SEVERITY_COLORS: Record<Severity, string> = { error: 'red', warn: 'yellow', info: 'blue' };

/** The code frame of a finding in `source` (already masked), split into lines; empty without a source. */
function frameLines(finding: Finding, source: string | undefined, options: UiOptions): string[] {
  if (source === undefined) return [];
  const frame = codeFrame(source, finding.line, finding.column, finding.endLine, finding.endColumn, {
    color: options.color,
    expected: expectedText(finding),
  });
  return frame === '' ? [] : frame.split('\n');
}

interface FindingViewProps {
  readonly finding: Finding;
  readonly source: string | undefined;
  readonly positionWidth: number;
  readonly severityWidth: number;
  readonly options: UiOptions;
}

/** `line:col  severity  message  rule-id`, then the code frame. */
function FindingView({ finding, source, positionWidth, severityWidth, options }: FindingViewProps): ReactNode {
  const color = options.color;
  const position = `${finding.line}:${finding.column}`.padEnd(positionWidth);
  const severity = severityLabel(finding.severity).padEnd(severityWidth);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Box>
        <Text>
          {`${position}  `}
          <Paint enabled={color} color={SEVERITY_COLORS[finding.severity]}>
            {severity}
          </Paint>
          {'  '}
        </Text>
        <Box flexShrink={1}>
          <Text>
            {`${finding.message}  `}
            <Paint enabled={color} dim>
              {finding.ruleId}
            </Paint>
          </Text>
        </Box>
      </Box>
      {finding.notFixedReason === undefined ? null : (
        <Box paddingLeft={2}>
          <Paint enabled={color} color="yellow">{`not fixed: ${finding.notFixedReason}`}</Paint>
        </Box>
      )}
      {frameLines(finding, source, options).map((line, index) => (
        <Box key={index} paddingLeft={2}>
          <Text>{line}</Text>
        </Box>
      ))}
    </Box>
  );
}

function FileView({ file, options }: { readonly file: FileGroup; readonly options: UiOptions }): ReactNode {
  const positionWidth = Math.max(...file.findings.map((f) => `${f.line}:${f.column}`.length));
  const severityWidth = Math.max(...file.findings.map((f) => severityLabel(f.severity).length));
  const text = options.sourceOf(file.path);
  const source = text === undefined ? undefined : maskRanges(text, secretRanges(text, file.file.findings));
  return (
    <Box flexDirection="column" paddingLeft={2}>
      <Paint enabled={options.color} bold>
        {file.displayPath}
      </Paint>
      <Box flexDirection="column" paddingLeft={2}>
        {file.findings.map((finding, index) => (
          <FindingView
            key={index}
            finding={finding}
            source={source}
            positionWidth={positionWidth}
            severityWidth={severityWidth}
            options={options}
          />
        ))}
      </Box>
    </Box>
  );
}

function GroupView({ group, options }: { readonly group: StackGroup; readonly options: UiOptions }): ReactNode {
  return (
    <Box flexDirection="column">
      <Paint enabled={options.color} color="cyan" bold>
        {group.name}
      </Paint>
      {group.files.map((file) => (
        <FileView key={file.path} file={file} options={options} />
      ))}
    </Box>
  );
}

/**
 * The visible findings grouped by stack, then by file, each with its code
 * frame. Suppressed findings are left out. Secret values never reach the
 * screen: known token formats and the ranges the secret rule reports are
 * masked in place before framing. Renders nothing when there are none.
 */
export function Findings({ result, options }: FindingsProps): ReactNode {
  const groups = groupByStack(result, options);
  if (groups.length === 0) return null;
  return (
    <Box flexDirection="column">
      {groups.map((group) => (
        <GroupView key={group.name} group={group} options={options} />
      ))}
    </Box>
  );
}
