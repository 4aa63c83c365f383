/**
 * The ink terminal UI. The CLI loads this module only through a dynamic
 * `import()` when stdout is a TTY and no machine format was asked for, so ink
 * and React never load on the plain path. It renders the same `RunResult` the
 * reporters get and holds no lint logic.
 */
import { performance } from 'node:perf_hooks';
import { render } from 'ink';
import type { RunResult } from '../../engine/types.js';
import { App } from './app.js';
import type { Progress, UiOptions } from './types.js';

export type { Progress, RuleInfo, UiOptions, UiStreams } from './types.js';
export { App, Report } from './app.js';
export { Findings } from './findings.js';
export { ProgressLine } from './progress-line.js';
export { RunErrors } from './run-errors.js';
export { Summary } from './summary.js';

/** Progress redraws closer together than this (milliseconds) are skipped, except on a phase change. */
const REDRAW_INTERVAL_MS = 50;

/**
 * Runs `run`, showing a progress line while it works, then the findings and
 * the summary; resolves with the run's result once everything is written (the
 * process can exit then). If `run` rejects, the progress line is erased and
 * the error is rethrown for the CLI to report.
 */
export async function runInteractive(
  run: (onProgress: (p: Progress) => void) => Promise<RunResult>,
  options: UiOptions,
): Promise<RunResult> {
  const streams = options.streams;
  const clock = options.clock ?? (() => performance.now());
  const instance = render(<App options={options} startedAt={0} now={0} />, {
    stdout: streams?.stdout ?? process.stdout,
    stderr: streams?.stderr ?? process.stderr,
    stdin: streams?.stdin ?? process.stdin,
    debug: streams?.debug ?? false,
  });
  let current: Progress | undefined;
  let phaseStartedAt = clock();
  let lastEventAt = phaseStartedAt;
  let lastDrawAt = Number.NEGATIVE_INFINITY;

  const onProgress = (progress: Progress): void => {
    const now = clock();
    const phaseChanged = current?.phase !== progress.phase;
    // A phase starts when the previous one reported last, so its first file counts in the rate.
    if (phaseChanged) phaseStartedAt = lastEventAt;
    lastEventAt = now;
    current = progress;
    if (!phaseChanged && now - lastDrawAt < REDRAW_INTERVAL_MS) return;
    lastDrawAt = now;
    instance.rerender(<App options={options} progress={progress} startedAt={phaseStartedAt} now={now} />);
  };

  let result: RunResult;
  try {
    result = await run(onProgress);
  } catch (error) {
    instance.rerender(<App options={options} startedAt={0} now={0} />);
    instance.unmount();
    await instance.waitUntilExit();
    throw error;
  }
  instance.rerender(<App options={options} startedAt={0} now={0} result={result} />);
  instance.unmount();
  await instance.waitUntilExit();
  return result;
}
