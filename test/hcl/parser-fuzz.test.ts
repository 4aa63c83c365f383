import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { File } from '../../src/hcl/cst.js';
import { lex } from '../../src/hcl/lexer.js';
import { parse } from '../../src/hcl/parser.js';
import { print } from '../../src/hcl/print.js';
import { walk } from '../../src/hcl/walk.js';

/**
 * Seeded fuzzing: fixture files and a dense sample are mutated by deleting,
 * inserting, duplicating and swapping characters and whole tokens. Every case
 * must parse without throwing, within a time bound, print back byte for byte,
 * keep a tiling token list and a tree where every node has its parent.
 */

const root = join(import.meta.dirname, '../../fixtures');
const fixtureSources = readdirSync(root, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && /\.(tf|tfvars|hcl)$/.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort()
  .map((path) => readFileSync(path, 'utf8'))
  .filter((source) => source.length < 20_000);

const DENSE = `# comment
locals {
  a = "x \${var.a} y %{ if var.b }B%{ else }C%{ endif } z"
  b = "\${~ var.c ~}"
  c = [for i, v in var.l : "\${i}=\${v}" if v != null]
  d = { for k, v in var.m : k => v... }
  e = <<-EOT
    \${var.a}
    %{ for x in var.l }- \${x}
    %{ endfor }
  EOT
  f = provider::p::f(a, b...)
  g = a.b[0].*.c[*].d.0
  h = !a && (b || -c) ? 1.5e3 : { x = 1, "y" : 2, (z) = 3 }
  i = "\\u00e9 \\n $\${x} %%{y} 😀"
}
resource "x" "y" { z = 1 }
block a "b" {
  list = [
    one, # c1
    two, // c2
  ] /* c3 */
}
`;

const samples = [DENSE, DENSE.replace(/\n/g, '\r\n'), `\ufeff${DENSE}`, ...fixtureSources];

/** A deterministic linear congruential generator. */
function rng(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

const INSERTS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '~', '}', '=', ':', ',', '.', '\n', '\r\n', '\r', '#', '//', '/*', '*/',
  '<<EOF\n', '<<-EOF\n', 'EOF\n', '\\', '$$', '%%', '-', '!', '?', '...', '=>', 'for ', ' in ', 'if ', '\t', 'é', '😀', '\ud800',
  '\ufeff', '1.5.0', 'x', ' '];

function mutateChars(source: string, next: (n: number) => number): string {
  let s = source;
  for (let k = 1 + next(4); k > 0; k--) {
    const at = next(s.length + 1);
    switch (next(4)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + next(4));
        break;
      case 1:
        s = s.slice(0, at) + INSERTS[next(INSERTS.length)]! + s.slice(at);
        break;
      case 2: {
        const from = next(s.length + 1);
        s = s.slice(0, at) + s.slice(from, from + next(40)) + s.slice(at);
        break;
      }
      default: {
        const from = next(s.length + 1);
        s = s.slice(0, at) + s.charAt(from) + s.slice(at);
      }
    }
  }
  return s;
}

function mutateTokens(source: string, next: (n: number) => number): string {
  const pieces = lex(source).tokens.map((t) => source.slice(t.start, t.end));
  for (let k = 1 + next(3); k > 0; k--) {
    const at = next(pieces.length);
    switch (next(3)) {
      case 0:
        pieces.splice(at, 1 + next(3));
        break;
      case 1:
        pieces.splice(at, 0, pieces[next(pieces.length)] ?? '');
        break;
      default: {
        const other = next(pieces.length);
        const tmp = pieces[at] ?? '';
        pieces[at] = pieces[other] ?? '';
        pieces[other] = tmp;
      }
    }
  }
  return pieces.join('');
}

function check(source: string): File {
  const file = parse(source);
  expect(print(file)).toBe(source);
  let offset = 0;
  for (const token of file.tokens) {
    if (token.start !== offset) throw new Error(`tokens do not tile at ${offset}`);
    offset = token.end;
  }
  expect(offset).toBe(source.length);
  walk(file, (node, parent) => {
    if (node.kind !== 'File' && node.parent !== parent) throw new Error(`${node.kind} has the wrong parent`);
  });
  return file;
}

const CASES = 3_000;
const MAX_MS_PER_CASE = 1_000;

describe('fuzz', () => {
  it('has samples', () => {
    expect(samples.length).toBeGreaterThan(10);
    expect(check(DENSE).diagnostics).toEqual([]);
  });

  for (const [name, mutate, seed] of [
    ['character mutations', mutateChars, 1],
    ['token mutations', mutateTokens, 2],
  ] as const) {
    it(`${name}: ${CASES} seeded cases parse without throwing, in bounded time, losslessly`, () => {
      const next = rng(seed);
      let broken = 0;
      let slowest = 0;
      for (let i = 0; i < CASES; i++) {
        const source = mutate(samples[next(samples.length)]!, next);
        const start = performance.now();
        let file: File;
        try {
          file = check(source);
        } catch (error) {
          throw new Error(`case ${i} (${JSON.stringify(source.slice(0, 200))}…): ${String(error)}`);
        }
        slowest = Math.max(slowest, performance.now() - start);
        if (file.diagnostics.length > 0) broken++;
      }
      expect(slowest).toBeLessThan(MAX_MS_PER_CASE);
      // The mutations must actually produce broken files, or the test proves little.
      expect(broken).toBeGreaterThan(CASES / 10);
    });
  }
});
