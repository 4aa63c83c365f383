import type { ReactNode } from 'react';
import { Box, Static } from 'ink';
import type { RunResult } from '../../engine/types.js';
import { Findings } from './findings.js';
import { ProgressLine } from './progress-line.js';
import { RunErrors } from './run-errors.js';
import { Summary } from './summary.js';
import type { Progress, UiOptions } from './types.js';

export interface ReportProps {
  readonly result: RunResult;
  readonly options: UiOptions;
}

/** The final output: findings grouped by stack and file, errors that are not findings, then the summary. */
export function Report({ result, options }: ReportProps): ReactNode {
  return (
    <Box flexDirection="column">
      <Findings result={result} options={options} />
      <RunErrors result={result} options={options} />
      <Summary result={result} options={options} />
    </Box>
  );
}

export interface AppProps {
  readonly options: UiOptions;
  /** The latest progress while the run works; ignored once `result` is set. */
  readonly progress?: Progress;
  /** When the current phase started, in milliseconds (same clock as `now`). */
  readonly startedAt: number;
  /** When `progress` was reported, in milliseconds. */
  readonly now: number;
  /** The run's result; once set, the report is written and the progress line goes away. */
  readonly result?: RunResult;
}

/**
 * The whole UI. While the run works it is a single progress line; the
 * report is rendered through `<Static>`, so it is written once above the
 * (then empty) live area and never redrawn, however tall it is.
 */
export function App({ options, progress, startedAt, now, result }: AppProps): ReactNode {
  if (result !== undefined) {
    return (
      <Static items={[result]}>
        {(item) => <Report key="report" result={item} options={options} />}
      </Static>
    );
  }
  if (progress === undefined) return null;
  return <ProgressLine progress={progress} startedAt={startedAt} now={now} cwd={options.cwd} color={options.color} />;
}
