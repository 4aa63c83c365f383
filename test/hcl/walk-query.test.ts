import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import type { Expression, Node } from '../../src/hcl/cst.js';
import { parse } from '../../src/hcl/parser.js';
import { stringValue, traversalPath } from '../../src/hcl/query.js';
import { children, walk } from '../../src/hcl/walk.js';

/**
 * `walk` and `traversalPath` are tuned for cold runs (no list per node, no
 * array of steps); these tests hold them to the plain definitions: `walk`
 * visits what a recursion over `children` visits, with the same parents, and
 * `traversalPath` joins the same steps.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);

const sources = [
  ...readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && isHcl(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ name: relative(root, path), source: readFileSync(path, 'utf8') })),
  ...[...generateRepo({ stacks: 4, seed: 5 })].filter(([path]) => isHcl(path)).map(([name, source]) => ({ name, source })),
  {
    name: 'every expression form',
    source: `a = { for k, v in var.m : upper(k) => v... if v != null }
b = [for x in local.l : x if x > 0]
c = cond ? -x : !y
d = "pre \${a.b[0]["k"].c[*].d} %{ if x }yes%{ else }no%{ endif } %{ for i, v in l }\${v}%{ endfor }"
e = <<-EOT
  text \${var.x}
  EOT
f = (1 + 2) * 3 % 4
g = aws.x.0.y[007]
h = f(1, [2, 3]...)
block "one" "two" {
  nested { x = 1 }
}
`,
  },
];

function referenceVisits(node: Node, skip: (node: Node) => boolean): [Node, Node | undefined][] {
  const out: [Node, Node | undefined][] = [];
  const visit = (n: Node, parent: Node | undefined): void => {
    out.push([n, parent]);
    if (skip(n)) return;
    for (const c of children(n)) visit(c, n);
  };
  visit(node, node.parent);
  return out;
}

function walkVisits(node: Node, skip: (node: Node) => boolean): [Node, Node | undefined][] {
  const out: [Node, Node | undefined][] = [];
  walk(node, (n, parent) => {
    out.push([n, parent]);
    return skip(n) ? false : undefined;
  });
  return out;
}

/** traversalPath as first written: steps collected from the end, reversed and joined. */
function referencePath(expr: Expression): string | undefined {
  const steps: string[] = [];
  let e: Expression = expr;
  for (;;) {
    if (e.kind === 'Variable') {
      steps.push(e.name);
      return steps.reverse().join('');
    }
    if (e.kind === 'GetAttr') {
      steps.push(`.${e.name}`);
      e = e.object;
    } else if (e.kind === 'Index') {
      let key: string | undefined;
      if (e.key.kind === 'NumberLit') key = /^\d+$/.test(e.key.raw) ? `[${e.key.raw.replace(/^0+(?=\d)/, '')}]` : undefined;
      else if (e.key.kind === 'Template') {
        const value = stringValue(e.key);
        key = value === undefined ? undefined : `[${referenceQuote(value)}]`;
      }
      if (key === undefined) return undefined;
      steps.push(key);
      e = e.object;
    } else return undefined;
  }
}

function referenceQuote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch === '$' || ch === '%') && value[i + 1] === '{') out += ch + ch;
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

describe('walk', () => {
  it.each(sources)('visits what children() reaches, in order, with the same parents: $name', ({ source }) => {
    const file = parse(source);
    expect(walkVisits(file, () => false)).toEqual(referenceVisits(file, () => false));
    const skipBlocks = (n: Node): boolean => n.kind === 'Block' || n.kind === 'ObjectItem';
    expect(walkVisits(file, skipBlocks)).toEqual(referenceVisits(file, skipBlocks));
    const first = file.body.items[0];
    if (first) expect(walkVisits(first, () => false)).toEqual(referenceVisits(first, () => false));
  });

  it('does not descend when the start node is skipped', () => {
    const file = parse('a = 1\n');
    expect(walkVisits(file, () => true)).toEqual([[file, undefined]]);
  });
});

describe('traversalPath', () => {
  it.each(sources)('joins the same steps as the plain definition: $name', ({ source }) => {
    const file = parse(source);
    walk(file, (node) => {
      if (node.kind === 'Attribute') expect(traversalPath(node.value)).toBe(referencePath(node.value));
      else if (node.kind === 'TupleItem' || node.kind === 'ObjectItem') expect(traversalPath(node.value)).toBe(referencePath(node.value));
      else if (node.kind === 'GetAttr' || node.kind === 'Index' || node.kind === 'Splat') expect(traversalPath(node.object)).toBe(referencePath(node.object));
    });
  });

  it.each([
    ['a.b[0].c', 'a.b[0].c'],
    ['a[007]', 'a[7]'],
    ['a[000]', 'a[0]'],
    ['a.0.b', 'a[0].b'],
    ['a[1.5]', undefined],
    ['a[1e3]', undefined],
    ['metadata[0].annotations["keel.sh/policy"]', 'metadata[0].annotations["keel.sh/policy"]'],
    ['a["x\\"y\\\\z\\n\\t"]', 'a["x\\"y\\\\z\\n\\t"]'],
    ['a["$${x}%%{y}"]', 'a["$${x}%%{y}"]'],
    ['a["\\u0001"]', 'a["\\u0001"]'],
    ['a["${b}"]', undefined],
    ['a[b]', undefined],
    ['a[*].b', undefined],
    ['f(x).y', undefined],
  ])('%s', (expr, expected) => {
    const attr = parse(`x = ${expr}\n`).body.items[0];
    if (attr?.kind !== 'Attribute') throw new Error('no attribute');
    expect(traversalPath(attr.value)).toBe(expected);
    expect(referencePath(attr.value)).toBe(expected);
  });
});
