import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { RunResult } from '../../engine/types.js';
import { plural, relativePath } from './model.js';
import { Paint } from './paint.js';
import type { UiOptions } from './types.js';

export interface RunErrorsProps {
  readonly result: RunResult;
  readonly options: UiOptions;
}

/** Problems that are not findings (unreadable files, rule crashes); renders nothing when there are none. */
export function RunErrors({ result, options }: RunErrorsProps): ReactNode {
  if (result.errors.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Paint enabled={options.color} color="red" bold>
        {`${plural(result.errors.length, 'error')} while linting:`}
      </Paint>
      {result.errors.map((error, index) => (
        <Text key={index}>
          {error.path === '' ? `  ${error.message}` : `  ${relativePath(options.cwd, error.path)}: ${error.message}`}
        </Text>
      ))}
    </Box>
  );
}
