import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import { toJson } from '../../src/hcl/json.js';
import { parse } from '../../src/hcl/parser.js';

/**
 * The JSON view must equal @cdktf/hcl2json's output on every HCL file of the
 * fixtures and of a generated corpus, and on CRLF and BOM variants of a
 * sample of them. No skip list: a file that differs is a bug in the parser or
 * the JSON view.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && isHcl(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const fixtures = listFiles(root).map((path) => ({ path: relative(root, path), source: readFileSync(path, 'utf8') }));
const corpus = [...generateRepo({ stacks: 20, seed: 1 })]
  .filter(([path]) => isHcl(path))
  .map(([path, source]) => ({ path, source }));

/** A sample of `files`, one in `step` rewritten with CRLF line endings and another one in `step` with a BOM. */
function variants(files: { path: string; source: string }[], step: number): { path: string; source: string }[] {
  const half = Math.floor(step / 2);
  return files.flatMap(({ path, source }, i) => {
    if (i % step === 0) return [{ path: `${path} (CRLF)`, source: source.replace(/\r?\n/g, '\r\n') }];
    if (i % step === half) return [{ path: `${path} (BOM)`, source: `\ufeff${source}` }];
    return [];
  });
}

/**
 * Templates assembled from the pieces where hcl2json's rules are subtle: strip
 * markers next to indentation, directives at line starts, escapes, white space
 * other than spaces. Deterministic (a fixed linear congruential sequence).
 */
function generatedTemplates(count: number): { path: string; source: string }[] {
  const pieces = ['', ' ', '  ', '\t', 'x', 'abc', '${var.a}', '${~ var.b}', '${var.c ~}', '${~ 1 ~}', '%{ if var.d ~}',
    '%{~ if var.d }', '%{ else ~}', '%{~ endif }', '%{ endif ~}', '$${e}', '%%{f}', ' \u00a0', '${"q"}'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: { path: string; source: string }[] = [];
  for (let n = 0; n < count; n++) {
    const lines: string[] = [];
    let open = 0;
    for (let l = 1 + next(5); l > 0; l--) {
      let line = ' '.repeat(next(5));
      for (let k = next(4); k > 0; k--) {
        let piece = pieces[next(pieces.length)]!;
        if (piece.includes('if var.d')) open++;
        if (piece.includes('endif')) {
          if (open > 0) open--;
          else piece = 'z';
        } else if (piece.includes('else') && open === 0) {
          piece = 'y';
        }
        line += piece;
      }
      lines.push(line);
    }
    const close = '%{endif}'.repeat(open);
    const marker = next(2) === 0 ? '<<-' : '<<';
    out.push({ path: `template ${n} heredoc`, source: `a = ${marker}EOT\n${lines.join('\n')}${close}\n${' '.repeat(next(3))}EOT\n` });
    out.push({ path: `template ${n} quoted`, source: `b = "${lines.join(' ')}${close}"\n` });
  }
  return out;
}

/**
 * Conformance: where hcl2json accepts a file, we parse it without a
 * diagnostic and our JSON equals its; where it rejects one (the files under
 * fixtures/broken), we report a diagnostic too.
 */
async function expectConforms(path: string, source: string): Promise<void> {
  let expected: unknown;
  try {
    expected = await hcl2json(path, source);
  } catch {
    expect(parse(source, path).diagnostics, `${path}: hcl2json rejects it, our parser accepts it`).not.toEqual([]);
    return;
  }
  const file = parse(source, path);
  expect(file.diagnostics, `${path}: our parser rejects a file hcl2json accepts`).toEqual([]);
  expect(toJson(file)).toEqual(expected);
}

describe('JSON view conforms to hcl2json', () => {
  it('finds the fixture files and the generated corpus', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    expect(corpus.length).toBeGreaterThan(50);
  });

  it.each(fixtures)('fixtures/$path', async ({ path, source }) => {
    await expectConforms(path, source);
  });

  it.each(corpus)('corpus $path', async ({ path, source }) => {
    await expectConforms(path, source);
  });

  it.each(generatedTemplates(100))('$path', async ({ path, source }) => {
    await expectConforms(path, source);
  });

  it.each([...variants(fixtures, 4), ...variants(corpus, 6)])('$path', async ({ path, source }) => {
    await expectConforms(path, source);
  });
});
