import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parse } from '../../src/hcl/parser.js';
import { print } from '../../src/hcl/print.js';

/**
 * Broken inputs: the first diagnostic has the expected summary at the exact
 * line and column; every diagnostic is a short summary plus one sentence of
 * detail; the parser never throws, never hangs and never overflows the stack,
 * and the file still prints back byte for byte.
 */

/** [intent, source, summary, line, column] of the first diagnostic. */
const BROKEN: [string, string, string, number, number][] = [
  ['unterminated string at the line end', "a = \"x\nb = 1\n", "Unterminated template string", 1, 5],
  ['unterminated string at the end of the file', "a = \"x", "Unterminated template string", 1, 5],
  ['unterminated block label', "resource \"x {\n}\n", "Unterminated template string", 1, 10],
  ['two arguments on one line', "a = 1 b = 2\n", "Missing newline after argument", 1, 7],
  ['closing brace after an argument in a multi-line block', "a {\n  b = 1 }\n", "Missing newline after argument", 2, 9],
  ['block header without braces', "resource \"x\" \"y\"\n", "Invalid block definition", 1, 17],
  ['equals sign after block labels', "a b = 1\n", "Invalid block definition", 1, 5],
  ['label that is a number', "a 1 {}\n", "Invalid block definition", 1, 3],
  ['a lone name', "a\n", "Argument or block definition required", 1, 1],
  ['a number where a name belongs', "1 = 2\n", "Argument or block definition required", 1, 1],
  ['a stray closing brace', "a = 1\n}\n", "Argument or block definition required", 2, 1],
  ['unclosed block', "resource \"x\" \"y\" {\n  a = 1\n", "Unclosed configuration block", 1, 18],
  ['unclosed nested block', "a {\n  b {\n    c = 1\n}\n", "Unclosed configuration block", 1, 3],
  ['unterminated heredoc', "a = <<EOF\nline\n", "Unterminated heredoc", 1, 5],
  ['heredoc closed without a final newline', "a = <<EOF\nx\nEOF", "Unterminated heredoc", 1, 5],
  ['heredoc marker followed by a comment', "a = <<EOF\nx\nEOF # c\n", "Unterminated heredoc", 1, 5],
  ['unterminated block comment', "a = 1\n/* open\nb = 2\n", "Unterminated comment", 2, 1],
  ['invalid character', "a = @\n", "Invalid character", 1, 5],
  ['semicolon', "a = 1;\n", "Invalid character", 1, 6],
  ['single quotes', "a = 'x'\n", "Invalid character", 1, 5],
  ['backtick', "a = `x`\n", "Invalid character", 1, 5],
  ['bitwise operator', "a = 1 & 2\n", "Unsupported operator", 1, 7],
  ['lone carriage return', "a = 1\rb = 2\n", "Invalid character", 1, 6],
  ['missing value at the end of the line', "a =\n", "Missing expression", 1, 4],
  ['missing value at the end of the file', "a = ", "Missing expression", 1, 5],
  ['missing right operand', "a = 1 +\n", "Missing expression", 1, 8],
  ['operator continued on the next line', "a = 1\n  + 2\n", "Argument or block definition required", 2, 3],
  ['missing false branch', "a = b ? c\n", "Missing false expression in conditional", 1, 10],
  ['dot without a name', "a = x.\n", "Invalid attribute name", 1, 7],
  ['chained legacy index', "a = x.0.1\n", "Invalid legacy index syntax", 1, 7],
  ['invalid number', "a = 1.5.0\n", "Invalid number literal", 1, 5],
  ['missing item separator', "a = [1 2]\n", "Missing item separator", 1, 8],
  ['double comma in a tuple', "a = [1,,2]\n", "Invalid expression", 1, 8],
  ['unterminated tuple', "a = [1, 2\n", "Unterminated tuple constructor expression", 1, 5],
  ['missing attribute separator', "a = { b = 1 c = 2 }\n", "Missing attribute separator", 1, 13],
  ['missing key/value separator', "a = { b }\n", "Missing key/value separator", 1, 9],
  ['unterminated object', "a = {\n  b = 1\n", "Unterminated object constructor expression", 1, 5],
  ['missing argument separator', "a = f(1 2)\n", "Missing argument separator", 1, 9],
  ['expansion not last', "a = f(x..., y)\n", "Missing closing parenthesis", 1, 11],
  ['unterminated call', "a = f(1,\n", "Unterminated function call", 1, 5],
  ['unbalanced parentheses', "a = (1 2)\n", "Unbalanced parentheses", 1, 8],
  ['unclosed index', "a = x[1 2]\n", "Missing close bracket on index", 1, 9],
  ['provider function without call', "a = provider::x::y\n", "Missing open parenthesis", 1, 19],
  ['for without a variable', "a = [for]\n", "Invalid 'for' expression", 1, 9],
  ['for without in', "a = [for x y]\n", "Invalid 'for' expression", 1, 12],
  ['for without a colon', "a = [for x in y]\n", "Invalid 'for' expression", 1, 16],
  ['object for without =>', "a = {for k, v in m : k}\n", "Invalid 'for' expression", 1, 23],
  ['grouping in a tuple for', "a = [for x in y : x...]\n", "Invalid 'for' expression", 1, 20],
  ['extra characters after for', "a = [for x in y : x, 1]\n", "Invalid 'for' expression", 1, 20],
  ['single-line block with two arguments', "a { b = 1, c = 2 }\n", "Invalid single-argument block definition", 1, 10],
  ['single-line block closed on the next line', "a { b = 1\n}\n", "Invalid single-argument block definition", 1, 10],
  ['nested block in a single-line block', "a { b {} }\n", "Argument definition required", 1, 5],
  ['block followed by more on its line', "a {} b = 1\n", "Missing newline after block definition", 1, 6],
  ['interpolation in a label', "a \"x${y}\" {}\n", "Invalid string literal", 1, 5],
  ['invalid escape', "a = \"\\q\"\n", "Invalid escape sequence", 1, 6],
  ['short unicode escape', "a = \"\\u12\"\n", "Invalid escape sequence", 1, 6],
  ['extra characters in an interpolation', "a = \"${x y}\"\n", "Extra characters after interpolation expression", 1, 10],
  ['unclosed interpolation', "a = \"${x", "Unclosed template interpolation", 1, 6],
  ['if without endif', "a = \"%{ if x }y\"\n", "Unexpected end of template", 1, 16],
  ['else without if', "a = \"%{ else }\"\n", "Unexpected else directive", 1, 6],
  ['endfor closing an if', "a = \"%{ if x }y%{ endfor }\"\n", "Unexpected endfor directive", 1, 16],
  ['unknown directive', "a = \"%{ foo }\"\n", "Invalid template control keyword", 1, 9],
  ['for directive without in', "a = \"%{ for x }%{ endfor }\"\n", "Invalid 'for' directive", 1, 15],
];

describe('syntax errors', () => {
  for (const [name, source, summary, line, column] of BROKEN) {
    it(name, () => {
      const file = parse(source, 'broken.tf');
      const first = file.diagnostics[0];
      expect(first, 'a diagnostic').toBeDefined();
      expect([first?.summary, first?.line, first?.column]).toEqual([summary, line, column]);
      expect(print(file)).toBe(source);
    });
  }

  it('every diagnostic is a short summary and a sentence of detail, with a consistent range', () => {
    for (const [, source] of BROKEN) {
      for (const d of parse(source).diagnostics) {
        expect(d.severity).toBe('error');
        expect(d.summary.length).toBeGreaterThan(5);
        expect(d.summary.length).toBeLessThan(60);
        expect(d.detail).toMatch(/^[A-Z].*[.?]$/s);
        expect(d.end).toBeGreaterThanOrEqual(d.start);
        expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)).toBe(true);
        expect(source.slice(d.start, d.end)).not.toBe(undefined);
      }
    }
  });

  it('details say what was found', () => {
    const detail = (source: string): string | undefined => parse(source).diagnostics[0]?.detail;
    expect(detail('a = 1 }\n')).toContain('Found "}"');
    expect(detail('a = [1 2]\n')).toContain('Found the number 2');
    expect(detail('a = \n')).toContain('the end of the line');
    expect(detail('a = "x\n')).toBe('The string that starts here is not closed by a \'"\' before the end of the line.');
  });

  it('diagnostics are sorted by position and the range covers the offending token', () => {
    const file = parse('a = "\\q" # x\nb = @\n');
    expect(file.diagnostics.map((d) => [d.summary, d.line, d.column, d.endColumn])).toEqual([
      ['Invalid escape sequence', 1, 6, 8],
      ['Invalid character', 2, 5, 6],
    ]);
  });

  it('a valid file has no diagnostics', () => {
    expect(parse('a = 1\nb "c" { d = [1, 2] }\n').diagnostics).toEqual([]);
  });
});

describe('hostile input', () => {
  const time = (fn: () => void): number => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };

  const deep: [string, string][] = [
    ['10,000 open brackets', `a = ${'['.repeat(10_000)}`],
    ['10,000 balanced brackets', `a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['10,000 parentheses', `a = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`],
    ['10,000 nested objects', `a = ${'{ a = '.repeat(10_000)}1${' }'.repeat(10_000)}\n`],
    ['10,000 nested calls', `a = ${'f('.repeat(10_000)}${')'.repeat(10_000)}\n`],
    ['5,000 nested blocks', `${'a {\n'.repeat(5_000)}${'}\n'.repeat(5_000)}`],
    ['10,000 unary operators', `a = ${'!-'.repeat(5_000)}x\n`],
    ['100,000-term operator chain', `a = ${'x + '.repeat(100_000)}x\n`],
    ['100,000-step traversal', `a = x${'.y[0]'.repeat(50_000)}\n`],
    ['10,000 nested conditionals', `a = ${'c ? 1 : '.repeat(10_000)}2\n`],
    ['5,000 nested interpolations', `a = ${'"${'.repeat(5_000)}x${'}"'.repeat(5_000)}\n`],
    ['5,000 nested if directives', `a = "${'%{ if x }'.repeat(5_000)}${'%{ endif }'.repeat(5_000)}"\n`],
    ['10,000 nested for expressions', `a = ${'[for x in '.repeat(10_000)}`],
  ];

  for (const [name, source] of deep) {
    it(`${name}: "Nesting too deep", no crash, lossless`, () => {
      let file: ReturnType<typeof parse> | undefined;
      const ms = time(() => {
        file = parse(source);
      });
      expect(file?.diagnostics.map((d) => d.summary)).toContain('Nesting too deep');
      expect(file && print(file)).toBe(source);
      expect(ms).toBeLessThan(5_000);
    });
  }

  it(`accepts nesting up to the limit (${MAX_NESTING_DEPTH / 5} levels of tuples)`, () => {
    const n = MAX_NESTING_DEPTH / 5;
    const file = parse(`a = ${'['.repeat(n)}${']'.repeat(n)}\n`);
    expect(file.diagnostics).toEqual([]);
  });

  it('reports the nesting error where the limit is reached', () => {
    const file = parse(`a = ${'['.repeat(10_000)}`);
    const d = file.diagnostics.find((x) => x.summary === 'Nesting too deep')!;
    expect(d.line).toBe(1);
    expect(d.column).toBeGreaterThan(MAX_NESTING_DEPTH / 2);
    expect(d.column).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 5);
    expect(d.detail).toMatch(/^Found more than 500 levels/);
  });

  it('never throws on odd characters', () => {
    for (const source of ['\u0000', '\ufeff', '\ufeff\ufeff', '\ud800 = 1', 'a = "\udc00"', '\r', '\r\r\n', '${', '%{', '~}', '<<', '<<-', '<<EOF', '"', '\\', 'a = "\\', '/*', '*/', '...', '::', 'a = provider::', 'a = x.', 'a = [*]', 'a = x[*', 'a = {for', 'a = "%{for', 'a = "%{ if x }%{ else }%{ else }"']) {
      const file = parse(source);
      expect(print(file), JSON.stringify(source)).toBe(source);
    }
  });
});
