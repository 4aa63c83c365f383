import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/report/code-frame.js';

const SOURCE = [
  'resource "kubernetes_deployment" "web" {',
  '  metadata {',
  '    name      = "web"',
  '    namespace = "apps"',
  '  }',
  '',
  '  spec {}',
  '}',
].join('\n');

describe('codeFrame', () => {
  it('shows the line with two lines of context and carets under the range', () => {
    expect(codeFrame(SOURCE, 4, 17, 4, 23)).toBe(
      [
        '  2 |   metadata {',
        '  3 |     name      = "web"',
        '> 4 |     namespace = "apps"',
        '    |                 ^^^^^^',
        '  5 |   }',
        '  6 |',
      ].join('\n'),
    );
  });

  it('prints the expected text after the carets and honours the context option', () => {
    expect(codeFrame(SOURCE, 1, 1, 1, 9, { context: 1, expected: '# KYVERNO_LIFECYCLE_V1' })).toBe(
      ['> 1 | resource "kubernetes_deployment" "web" {', '    | ^^^^^^^^ expected: # KYVERNO_LIFECYCLE_V1', '  2 |   metadata {'].join('\n'),
    );
  });

  it('colors the gutter, the marker and the expected text with plain ANSI codes', () => {
    expect(codeFrame(SOURCE, 8, 1, 8, 2, { color: true, context: 1, expected: 'x' })).toBe(
      [
        '  \x1b[2m7 |\x1b[22m   spec {}',
        '\x1b[1m\x1b[31m>\x1b[39m\x1b[22m \x1b[2m8 |\x1b[22m }',
        '\x1b[2m    |\x1b[22m \x1b[1m\x1b[31m^\x1b[39m\x1b[22m \x1b[31mexpected: x\x1b[39m',
      ].join('\n'),
    );
  });

  it('mirrors tabs in the marker line so the caret stays under the column', () => {
    const source = 'locals {\n\tname\t= "web"\n}';
    expect(codeFrame(source, 2, 4, 2, 6, { context: 0 })).toBe(['> 2 | \tname\t= "web"', '    | \t  ^^'].join('\n'));
    expect(codeFrame(source, 2, 7, 2, 8, { context: 0 })).toBe(['> 2 | \tname\t= "web"', '    | \t    \t^'].join('\n'));
  });

  it('counts columns in code points and gives a wide character two cells', () => {
    const source = 'x = "😀abc"';
    expect(codeFrame(source, 1, 7, 1, 10)).toBe(['> 1 | x = "😀abc"', '    |        ^^^'].join('\n'));
    expect(codeFrame(source, 1, 6, 1, 7)).toBe(['> 1 | x = "😀abc"', '    |      ^^'].join('\n'));
  });

  it('marks every line of a multi-line range, continuation lines from their first non-blank character', () => {
    expect(codeFrame(SOURCE, 2, 3, 5, 4, { context: 1 })).toBe(
      [
        '  1 | resource "kubernetes_deployment" "web" {',
        '> 2 |   metadata {',
        '    |   ^^^^^^^^^^',
        '> 3 |     name      = "web"',
        '    |     ^^^^^^^^^^^^^^^^^',
        '> 4 |     namespace = "apps"',
        '    |     ^^^^^^^^^^^^^^^^^^',
        '> 5 |   }',
        '    |   ^',
        '  6 |',
      ].join('\n'),
    );
  });

  it('gives an empty range one caret and pads the gutter to the widest line number', () => {
    const source = Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n');
    expect(codeFrame(source, 9, 8, 9, 8)).toBe(
      [
        '   7 | line 7',
        '   8 | line 8',
        '>  9 | line 9',
        '     |        ^',
        '  10 | line 10',
        '  11 | line 11',
      ].join('\n'),
    );
  });

  it('reads CRLF sources and shows control characters as U+FFFD', () => {
    expect(codeFrame('a = 1\r\nb = "\x1b[2J"\r\n', 2, 1, 2, 2, { context: 0 })).toBe(
      ['> 2 | b = "\uFFFD[2J"', '    | ^'].join('\n'),
    );
  });

  it('is empty for a line that is not in the source', () => {
    expect(codeFrame(SOURCE, 0, 1, 0, 1)).toBe('');
    expect(codeFrame(SOURCE, 9, 1, 9, 1)).toBe('');
  });
});
