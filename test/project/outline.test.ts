import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import { parse } from '../../src/hcl/parser.js';
import { outlineOfParsed, scanOutline } from '../../src/project/outline.js';

/**
 * The outline scanner's invariant: when it returns an outline, the outline is
 * exactly the parser's top-level blocks (type, labels, start, end). It may
 * decline (undefined) on anything unusual; it must never disagree.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);

const fixtures = readdirSync(root, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && isHcl(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort()
  .map((path) => ({ name: relative(root, path), source: readFileSync(path, 'utf8') }));

const corpus = [...generateRepo({ stacks: 12, seed: 7 })].filter(([path]) => isHcl(path)).map(([name, source]) => ({ name, source }));

function agrees(source: string): 'declined' | 'same' | 'different' {
  const outline = scanOutline(source);
  if (outline === undefined) return 'declined';
  return JSON.stringify(outline) === JSON.stringify(outlineOfParsed(parse(source))) ? 'same' : 'different';
}

describe('scanOutline', () => {
  it('equals the parse on every fixture that parses, and declines only files with syntax errors', () => {
    expect(fixtures.length).toBeGreaterThan(10);
    for (const { name, source } of fixtures) {
      const verdict = agrees(source);
      if (parse(source).diagnostics.length === 0) expect(verdict, name).toBe('same');
      else expect(verdict, name).not.toBe('different');
    }
  });

  it('equals the parse on a generated corpus', () => {
    expect(corpus.length).toBeGreaterThan(30);
    for (const { name, source } of corpus) expect(agrees(source), name).toBe('same');
  });

  it.each([
    ['blocks with identifier and quoted labels, one-line blocks, a BOM and CRLF', '\uFEFFresource "a" "b" {\r\n  x = 1\r\n}\r\nlocals { y = 2 }\r\nterraform {\r\n}\r\n'],
    ['braces inside strings, templates, directives and comments', 'locals {\n  a = "}{"\n  b = "${"}"} %{ if x }{%{ endif }"\n  # }\n  // {\n  /* } */\n  c = "$${x} %%{y}"\n}\nresource "x" "y" {}\n'],
    ['heredocs, indented markers and interpolations', 'locals {\n  a = <<EOT\n}\n  ${ {a = "}"} }\nEOT\n  b = <<-EOT\n    {\n    EOT\n}\noutput "o" { value = 1 }\n'],
    ['top-level attributes between blocks', 'a = { b = [1, 2] }\nvariable "v" {}\nc = <<X\n}\nX\nmodule m {\n  source = "./m"\n}\n'],
    ['nested blocks and brackets', 'resource "a" "b" {\n  dynamic "x" {\n    for_each = [for i in range(3) : { k = i }]\n    content { v = x.value["k"] }\n  }\n}\n'],
    ['an empty file', ''],
    ['only comments', '# a\n/* b */\n// c\n'],
  ])('equals the parse: %s', (_name, source) => {
    expect(agrees(source)).toBe('same');
  });

  it.each([
    ['an unterminated block', 'resource "a" "b" {\n  x = 1\n'],
    ['an unterminated string', 'locals {\n  a = "x\n}\n'],
    ['an unterminated heredoc', 'locals {\n  a = <<EOT\n  x\n}\n'],
    ['a label with an escape', 'resource "a\\"b" "c" {}\n'],
    ['a non-ASCII block type', 'résource "a" "b" {}\n'],
    ['a stray closing brace', '}\nresource "a" "b" {}\n'],
    ['mismatched brackets', 'locals {\n  a = [1, 2)\n}\n'],
  ])('declines %s', (_name, source) => {
    expect(scanOutline(source)).toBeUndefined();
  });

  it('never disagrees with the parse on seeded random edits of real files', () => {
    const bases = [...corpus.slice(0, 20), ...fixtures].map((f) => f.source);
    const pieces = ['{', '}', '"', '\n', '#', '/*', '*/', '<<EOF\n', 'EOF\n', '${', '[', ']', '(', ')', '=', ' ', 'x', '\\', '%{', '//', '\r\n', "'", '<<-X\n', '  X\n'];
    let seed = 20260610;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const counts = { declined: 0, same: 0, different: 0 };
    for (let n = 0; n < 3000; n++) {
      let text = bases[rnd(bases.length)]!;
      for (let e = 1 + rnd(3); e > 0; e--) {
        const at = rnd(text.length + 1);
        text = rnd(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + rnd(5)) : text.slice(0, at) + pieces[rnd(pieces.length)]! + text.slice(at);
      }
      const verdict = agrees(text);
      counts[verdict]++;
      if (verdict === 'different') expect.fail(`the outline disagrees with the parse on:\n${text}`);
    }
    expect(counts.same).toBeGreaterThan(500);
  });
});
