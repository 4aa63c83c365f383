/**
 * Plain ANSI styling for the terminal formats, so reporters need no chalk.
 * Each style closes with its own reset code (not `\x1b[0m`), so styles nest.
 */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly underline: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

function style(open: number, close: number): (text: string) => string {
  return (text) => (text === '' ? '' : `\x1b[${open}m${text}\x1b[${close}m`);
}

const colored: Paint = {
  bold: style(1, 22),
  dim: style(2, 22),
  underline: style(4, 24),
  red: style(31, 39),
  yellow: style(33, 39),
  green: style(32, 39),
  cyan: style(36, 39),
};

const identity = (text: string): string => text;

const plain: Paint = {
  bold: identity,
  dim: identity,
  underline: identity,
  red: identity,
  yellow: identity,
  green: identity,
  cyan: identity,
};

export function paint(color: boolean): Paint {
  return color ? colored : plain;
}
