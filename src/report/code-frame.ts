/**
 * A code frame: the lines around a finding with a gutter of line numbers and
 * carets under the reported range, the way Babel and ESLint's codeframe print.
 */
import { paint } from './ansi.js';
import { codePointWidth, oneLine, padStart, withoutControlCharacters } from './common.js';

export interface CodeFrameOptions {
  /** Plain ANSI colors (gutter dimmed, markers red). Default false. */
  readonly color?: boolean;
  /** Lines shown above the first and below the last marked line. Default 2. */
  readonly context?: number;
  /** The text that should be there; printed after the first line's markers as `expected: <text>`. */
  readonly expected?: string;
}

/**
 * Renders the lines `line - context` … `endLine + context` of `source`, with
 * `>` before the lines of the range and a marker line of `^` under each.
 *
 * Lines and columns are 1-based and count Unicode code points, as in a
 * `Finding`; `endColumn` is exclusive (an empty range gets one caret). The
 * marker line mirrors the tabs of the source line, so carets stay under the
 * column whatever the terminal's tab width, and wide characters (CJK, emoji)
 * take two cells. Continuation lines of a multi-line range are marked from
 * their first non-blank character. CRLF and LF both end lines; other control
 * characters are shown as U+FFFD so a file cannot drive the terminal.
 *
 * Returns the frame without a trailing newline, or `''` when `line` is not in
 * the source.
 */
export function codeFrame(
  source: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  options: CodeFrameOptions = {},
): string {
  const lines = source.split(/\r?\n/);
  if (line < 1 || line > lines.length) return '';
  const colors = paint(options.color === true);
  const context = Math.max(0, options.context ?? 2);
  const lastMarked = Math.min(Math.max(endLine, line), lines.length);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, lastMarked + context);
  const numberWidth = String(last).length;
  const emptyGutter = `  ${' '.repeat(numberWidth)} |`;
  const output: string[] = [];

  for (let number = first; number <= last; number++) {
    const characters = Array.from(withoutControlCharacters(lines[number - 1]!)); // code points, as columns count
    const text = characters.join('');
    const isMarked = number >= line && number <= lastMarked;
    const gutter = `${isMarked ? colors.bold(colors.red('>')) : ' '} ${colors.dim(`${padStart(String(number), numberWidth)} |`)}`;
    output.push(text === '' ? gutter : `${gutter} ${text}`);
    if (!isMarked) continue;

    const isFirst = number === line;
    const from = isFirst ? Math.max(1, column) : firstNonBlankColumn(characters);
    const to = number === lastMarked && endLine === lastMarked ? endColumn : characters.length + 1;
    if (!isFirst && from >= to) continue;
    const marker = markerLine(characters, from, to);
    const expected =
      isFirst && options.expected !== undefined ? ` ${colors.red(`expected: ${oneLine(options.expected)}`)}` : '';
    output.push(`${colors.dim(emptyGutter)} ${marker.indent}${colors.bold(colors.red(marker.carets))}${expected}`);
  }
  return output.join('\n');
}

function firstNonBlankColumn(characters: readonly string[]): number {
  const index = characters.findIndex((character) => character !== ' ' && character !== '\t');
  return index === -1 ? characters.length + 1 : index + 1;
}

/** The blanks before column `from` (tabs kept) and the carets for columns `from` … `to - 1` (at least one). */
function markerLine(characters: readonly string[], from: number, to: number): { indent: string; carets: string } {
  let indent = '';
  for (let index = 0; index < from - 1; index++) {
    const character = characters[index];
    if (character === undefined) indent += ' ';
    else if (character === '\t') indent += '\t';
    else indent += ' '.repeat(codePointWidth(character.codePointAt(0)!));
  }
  let width = 0;
  for (let index = from - 1; index < to - 1; index++) {
    const character = characters[index];
    width += character === undefined || character === '\t' ? 1 : codePointWidth(character.codePointAt(0)!);
  }
  return { indent, carets: '^'.repeat(Math.max(1, width)) };
}
