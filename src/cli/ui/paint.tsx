import type { ReactNode } from 'react';
import { Text } from 'ink';

export interface PaintProps {
  /** When false the text is plain: no colour and no style. */
  readonly enabled: boolean;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly underline?: boolean;
  readonly children: ReactNode;
}

/** Styled text that degrades to plain text when colour is off. */
export function Paint({ enabled, color, bold, dim, underline, children }: PaintProps): ReactNode {
  if (!enabled) return <Text>{children}</Text>;
  return (
    <Text color={color} bold={bold} dimColor={dim} underline={underline}>
      {children}
    </Text>
  );
}
