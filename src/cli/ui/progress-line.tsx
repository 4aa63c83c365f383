import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { progressText, relativePath } from './model.js';
import { Paint } from './paint.js';
import type { Progress } from './types.js';

export interface ProgressLineProps {
  readonly progress: Progress;
  /** When the current phase started, in milliseconds (same clock as `now`). */
  readonly startedAt: number;
  /** When `progress` was reported, in milliseconds; injected so frames are deterministic. */
  readonly now: number;
  /** Shows `progress.file` relative to this directory, when given. */
  readonly cwd?: string;
  readonly color?: boolean;
}

/** One line, no spinner: `Parsing 123/500 files · 2,340 files/s`, then the current file. */
export function ProgressLine({ progress, startedAt, now, cwd, color = false }: ProgressLineProps): ReactNode {
  const file =
    progress.file === undefined ? undefined : cwd === undefined ? progress.file : relativePath(cwd, progress.file);
  return (
    <Box>
      <Text wrap="truncate-end">
        {progressText(progress, startedAt, now)}
        {file === undefined ? null : (
          <Paint enabled={color} dim>
            {` · ${file}`}
          </Paint>
        )}
      </Text>
    </Box>
  );
}
