import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import type {
  Attribute,
  Binary,
  Block,
  Expression,
  File,
  FunctionCall,
  Heredoc,
  Node,
  ObjectExpr,
  Range,
  Template,
  TemplateFor,
  TemplateIf,
  TemplateInterpolation,
  Tuple,
} from '../../src/hcl/cst.js';
import { LineIndex } from '../../src/hcl/line-index.js';
import { parse } from '../../src/hcl/parser.js';
import { nodeText } from '../../src/hcl/print.js';
import {
  blockAddress,
  enclosingBlocks,
  getAttribute,
  getAttributes,
  getBlocks,
  indentationAt,
  isTraversal,
  stringValue,
  traversalPath,
} from '../../src/hcl/query.js';
import { children, walk } from '../../src/hcl/walk.js';

/**
 * Positions: every node's offsets, lines and columns agree with an
 * independent LineIndex and cover its children, and spot checks point at the
 * exact text. Also the line index itself, the walker and the query helpers.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);
const fixtures = readdirSync(root, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && isHcl(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort()
  .map((path) => ({ name: relative(root, path), source: readFileSync(path, 'utf8') }));
const corpus = [...generateRepo({ stacks: 4, seed: 5 })]
  .filter(([path]) => isHcl(path))
  .map(([name, source]) => ({ name, source }));

function attr(file: File, name: string): Attribute {
  const found = getAttribute(file.body, name);
  if (found === undefined) throw new Error(`no attribute ${name}`);
  return found;
}

function value(file: File, name: string): Expression {
  return attr(file, name).value;
}

function at(range: Range): string {
  return `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`;
}

/** Checks the position invariants of every node, token and comment of `file`; returns the number of nodes. */
function checkInvariants(file: File): number {
  const index = new LineIndex(file.source);
  const expectPositions = (range: Range, what: string): void => {
    const start = index.position(range.start);
    const end = index.position(range.end);
    if (start.line !== range.line || start.column !== range.column || end.line !== range.endLine || end.column !== range.endColumn) {
      throw new Error(`${what} [${range.start}, ${range.end}) is at ${at(range)}, the line index says ${start.line}:${start.column}-${end.line}:${end.column}`);
    }
  };
  for (const token of file.tokens) {
    const p = index.position(token.start);
    if (p.line !== token.line || p.column !== token.column) throw new Error(`token ${token.kind} at ${token.start}`);
  }
  let count = 0;
  walk(file, (node, parent) => {
    count++;
    expectPositions(node, node.kind);
    if (node.kind !== 'File') {
      expect(node.parent).toBe(parent);
      if (parent && (node.start < parent.start || node.end > parent.end)) {
        throw new Error(`${node.kind} [${node.start}, ${node.end}) is outside its parent ${parent.kind} [${parent.start}, ${parent.end})`);
      }
    }
    let previousEnd = node.start;
    for (const child of children(node)) {
      if (child.start < previousEnd) throw new Error(`children of ${node.kind} overlap or are out of order`);
      previousEnd = child.end;
    }
  });
  for (const comment of file.comments) {
    expectPositions(comment, 'Comment');
    expect(comment.parent).toBeDefined();
    expect(nodeText(file, comment)).toBe(comment.text);
  }
  return count;
}

describe('position invariants', () => {
  it('hold on every fixture and the generated corpus, in LF, CRLF and BOM variants', () => {
    let nodes = 0;
    for (const { name, source } of [...fixtures, ...corpus]) {
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), `\ufeff${source}`]) {
        try {
          nodes += checkInvariants(parse(text, name));
        } catch (error) {
          throw new Error(`${name}: ${String(error)}`);
        }
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
  });

  it('hold with surrogate pairs, tabs, lone carriage returns and broken input', () => {
    for (const text of [
      'a = ["😀", b] # 😀😀\nc = "${x}😀${y}"\n',
      'a\t=\t{\tb = 1 }\n',
      'a = 1\rb = 2\n',
      'a = <<EOF\r\n😀 ${x}\r\nEOF\r\n',
      'a = [1, 2\nb = }',
      'a = "x\n',
      'a { b = 1 c = 2 }\n',
    ]) {
      expect(checkInvariants(parse(text))).toBeGreaterThan(1);
    }
  });
});

describe('spot checks', () => {
  it('attribute: name, equals sign and value ranges', () => {
    const file = parse('locals {\n  answer   = 42\n}\n');
    const block = getBlocks(file.body, 'locals')[0]!;
    const answer = getAttribute(block.body, 'answer')!;
    expect(nodeText(file, answer)).toBe('answer   = 42');
    expect(at(answer)).toBe('2:3-2:16');
    expect(at(answer.nameRange)).toBe('2:3-2:9');
    expect(at(answer.equalsRange)).toBe('2:12-2:13');
    expect(nodeText(file, answer.value)).toBe('42');
    expect(at(answer.value)).toBe('2:14-2:16');
  });

  it('block: type, labels, braces and body', () => {
    const file = parse('# c\nresource "kubernetes_deployment" web {\n  a = 1\n}\n');
    const block = file.body.items[0] as Block;
    expect(block.type).toBe('resource');
    expect(at(block.typeRange)).toBe('2:1-2:9');
    expect(block.labels.map((l) => [l.value, l.quoted, at(l)])).toEqual([
      ['kubernetes_deployment', true, '2:10-2:33'],
      ['web', false, '2:34-2:37'],
    ]);
    expect(at(block.openBrace)).toBe('2:38-2:39');
    expect(block.closeBrace && at(block.closeBrace)).toBe('4:1-4:2');
    expect(at(block)).toBe('2:1-4:2');
    expect(nodeText(file, block.body)).toBe('\n  a = 1\n');
    expect(block.oneLine).toBe(false);
  });

  it('one-line blocks', () => {
    const file = parse('a { b = 1 }\nc {}\n');
    const [a, c] = file.body.items as Block[];
    expect(a!.oneLine).toBe(true);
    expect(nodeText(file, a!.body)).toBe(' b = 1 ');
    expect(a!.body.items.map((i) => i.kind)).toEqual(['Attribute']);
    expect(c!.oneLine).toBe(true);
    expect(c!.body.items).toEqual([]);
    expect(c!.body.start).toBe(c!.body.end);
  });

  it('columns count code points: a surrogate pair is one column', () => {
    const file = parse('a = ["😀", b]\n');
    const tuple = value(file, 'a') as Tuple;
    const b = tuple.items[1]!.value;
    expect(b.start).toBe(11);
    expect(b.column).toBe(11);
    expect(at(tuple.items[0]!.value)).toBe('1:6-1:9');
  });

  it('a tab is one column and the BOM takes none', () => {
    expect(at(attr(parse('\ta\t=\t1\n'), 'a').value)).toBe('1:6-1:7');
    const file = parse('\ufeffa = 1\n');
    expect(at(attr(file, 'a'))).toBe('1:1-1:6');
    expect(attr(file, 'a').start).toBe(1);
  });

  it('CRLF: lines advance once per \\r\\n and the \\r is not in the node', () => {
    const file = parse('a = 1\r\nb = "x"\r\n');
    expect(at(attr(file, 'b'))).toBe('2:1-2:8');
    expect(nodeText(file, attr(file, 'b'))).toBe('b = "x"');
    const newline = file.tokens.find((t) => t.kind === 'Newline')!;
    expect(file.source.slice(newline.start, newline.end)).toBe('\r\n');
  });

  it('binary operators, conditionals and unary operators', () => {
    const file = parse('a = 1 + 2 * 3 == 7 && !x || y\nb = c ? d : e\n');
    const or = value(file, 'a') as Binary;
    expect(or.operator).toBe('||');
    expect(at(or.operatorRange)).toBe('1:26-1:28');
    const and = or.left as Binary;
    expect(and.operator).toBe('&&');
    const eq = and.left as Binary;
    expect(eq.operator).toBe('==');
    const plus = eq.left as Binary;
    expect(plus.operator).toBe('+');
    expect((plus.right as Binary).operator).toBe('*');
    expect(and.right.kind).toBe('Unary');
    const cond = value(file, 'b');
    expect(cond.kind).toBe('Conditional');
    expect(nodeText(file, cond)).toBe('c ? d : e');
  });

  it('operators of one level are left-associative and unary minus binds to the term', () => {
    const file = parse('a = 1 - 2 - 3\nb = -x.y + 1\n');
    const outer = value(file, 'a') as Binary;
    expect(nodeText(file, outer.left)).toBe('1 - 2');
    const b = value(file, 'b') as Binary;
    expect(b.left.kind).toBe('Unary');
    expect(nodeText(file, b.left)).toBe('-x.y');
  });

  it('function calls, provider functions and expansion', () => {
    const file = parse('a = provider::kubernetes::manifest_decode(x)\nb = min(l...)\n');
    const call = value(file, 'a') as FunctionCall;
    expect(call.name).toBe('provider::kubernetes::manifest_decode');
    expect(at(call.nameRange)).toBe('1:5-1:42');
    expect(call.args.map((arg) => nodeText(file, arg))).toEqual(['x']);
    const min = value(file, 'b') as FunctionCall;
    expect(min.expandFinal).toBe(true);
  });

  it('tuple items carry their commas and objects their separators', () => {
    const file = parse('a = [x, y]\nb = { k = 1, "l" : 2, (m) = 3 }\n');
    const tuple = value(file, 'a') as Tuple;
    expect(tuple.items.map((i) => nodeText(file, i))).toEqual(['x,', 'y']);
    expect(tuple.items[0]!.comma && at(tuple.items[0]!.comma)).toBe('1:7-1:8');
    expect(tuple.items[1]!.comma).toBeUndefined();
    expect(at(tuple.openBracket)).toBe('1:5-1:6');
    const obj = value(file, 'b') as ObjectExpr;
    expect(obj.items.map((i) => [i.key.kind, i.separator])).toEqual([
      ['Variable', '='],
      ['Template', ':'],
      ['Parens', '='],
    ]);
  });

  it('traversals, legacy indexes and splats nest to the left', () => {
    const file = parse('a = x.y[0]["k"].0[*].z\nb = l.*.id\n');
    const chain: string[] = [];
    for (let e: Expression = value(file, 'a'); ; ) {
      chain.push(e.kind);
      if (e.kind === 'GetAttr' || e.kind === 'Index' || e.kind === 'Splat') e = e.object;
      else break;
    }
    expect(chain).toEqual(['GetAttr', 'Splat', 'Index', 'Index', 'Index', 'GetAttr', 'Variable']);
    const legacy = (value(file, 'a') as { object: { object: Expression } }).object.object;
    expect(legacy).toMatchObject({ kind: 'Index', legacy: true });
    const b = value(file, 'b');
    expect(b.kind === 'GetAttr' && b.object.kind === 'Splat' && b.object.style).toBe('attr');
  });

  it('templates keep literal text, interpolations, directives and strip markers', () => {
    const file = parse('a = "x\\n${~ y ~}%{ if c ~}t%{~ else }e%{ endif }%{ for k, v in m }${v}%{ endfor }"\n');
    const t = value(file, 'a') as Template;
    expect(t.parts.map((p) => p.kind)).toEqual(['TemplateText', 'TemplateInterpolation', 'TemplateIf', 'TemplateFor']);
    const text = t.parts[0]!;
    expect(text.kind === 'TemplateText' && [text.raw, text.value]).toEqual(['x\\n', 'x\n']);
    const interp = t.parts[1] as TemplateInterpolation;
    expect([interp.stripLeft, interp.stripRight, nodeText(file, interp)]).toEqual([true, true, '${~ y ~}']);
    const cond = t.parts[2] as TemplateIf;
    expect(nodeText(file, cond.ifDirective)).toBe('%{ if c ~}');
    expect([cond.ifDirective.stripLeft, cond.ifDirective.stripRight]).toEqual([false, true]);
    expect(cond.elseDirective?.stripLeft).toBe(true);
    expect(cond.then.map((p) => nodeText(file, p))).toEqual(['t']);
    expect(cond.else.map((p) => nodeText(file, p))).toEqual(['e']);
    expect(cond.endDirective?.keyword).toBe('endif');
    const loop = t.parts[3] as TemplateFor;
    expect([loop.keyVar, loop.valueVar, nodeText(file, loop.collection)]).toEqual(['k', 'v', 'm']);
    expect(nodeText(file, loop)).toBe('%{ for k, v in m }${v}%{ endfor }');
  });

  it('heredocs keep marker, indentation flag and body range', () => {
    const source = 'a = <<-EOT\n    one ${x}\n    two\n  EOT\nb = 1\n';
    const file = parse(source);
    const h = value(file, 'a') as Heredoc;
    expect([h.marker, h.indented]).toEqual(['EOT', true]);
    expect(nodeText(file, h.bodyRange)).toBe('    one ${x}\n    two\n');
    expect(at(h.bodyRange)).toBe('2:1-4:1');
    expect(at(h)).toBe('1:5-4:6');
    expect(h.parts.map((p) => p.kind)).toEqual(['TemplateText', 'TemplateInterpolation', 'TemplateText']);
    expect(at(attr(file, 'b'))).toBe('5:1-5:6');
  });

  it('CRLF after the heredoc marker belongs to the opening token', () => {
    const file = parse('a = <<EOF\r\nx\r\nEOF\r\n');
    const open = file.tokens.find((t) => t.kind === 'OHeredoc')!;
    expect(file.source.slice(open.start, open.end)).toBe('<<EOF\r\n');
    expect(stringValue(value(file, 'a'))).toBe('x\r\n');
  });

  it('for expressions', () => {
    const file = parse('a = { for k, v in m : v => k... if k != "" }\nb = [for x in l : x]\n');
    const a = value(file, 'a');
    expect(a).toMatchObject({ kind: 'ForExpr', type: 'object', keyVar: 'k', valueVar: 'v', grouping: true });
    expect(a.kind === 'ForExpr' && a.condition && nodeText(file, a.condition)).toBe('k != ""');
    expect(value(file, 'b')).toMatchObject({ kind: 'ForExpr', type: 'tuple', keyVar: undefined, valueVar: 'x', keyExpr: undefined });
  });
});

describe('LineIndex', () => {
  it('maps offsets to positions and back with LF, CRLF and lone CR', () => {
    const text = 'ab\r\ncd\nef\rgh';
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(4);
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(2)).toEqual({ line: 1, column: 3 });
    expect(index.position(4)).toEqual({ line: 2, column: 1 });
    expect(index.position(8)).toEqual({ line: 3, column: 2 });
    expect(index.position(10)).toEqual({ line: 4, column: 1 });
    expect(index.position(99)).toEqual({ line: 4, column: 3 });
    expect(index.offset(2, 2)).toBe(5);
    expect(index.offset(2, 99)).toBe(6);
    expect(index.lineStart(3)).toBe(7);
    expect([1, 2, 3, 4].map((l) => index.lineText(l))).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('counts a surrogate pair as one column and skips the BOM', () => {
    const index = new LineIndex('\ufeff😀x\n');
    expect(index.position(3)).toEqual({ line: 1, column: 2 });
    expect(index.offset(1, 2)).toBe(3);
    expect(index.lineStart(1)).toBe(1);
    expect(index.lineText(1)).toBe('😀x');
  });

  it('ends with an empty line after a final newline', () => {
    const index = new LineIndex('a\n');
    expect(index.lineCount).toBe(2);
    expect(index.position(2)).toEqual({ line: 2, column: 1 });
  });
});

describe('walk and children', () => {
  const file = parse('a = [1, f(2)]\nb { c = "${d}" }\n');

  it('visits depth-first in source order', () => {
    const kinds: string[] = [];
    walk(file, (node) => {
      kinds.push(node.kind);
    });
    expect(kinds).toEqual([
      'File', 'Body', 'Attribute', 'Tuple', 'TupleItem', 'NumberLit', 'TupleItem', 'FunctionCall', 'NumberLit',
      'Block', 'Body', 'Attribute', 'Template', 'TemplateInterpolation', 'Variable',
    ]);
  });

  it('skips the children of a node when the visitor returns false', () => {
    const kinds: string[] = [];
    walk(file, (node) => {
      kinds.push(node.kind);
      if (node.kind === 'Attribute' || node.kind === 'Block') return false;
    });
    expect(kinds).toEqual(['File', 'Body', 'Attribute', 'Block']);
  });

  it('visits every node of a long operator chain', () => {
    const long = parse(`a = ${Array.from({ length: 400 }, () => 'x').join(' + ')}\n`);
    expect(long.diagnostics).toEqual([]);
    let n = 0;
    walk(long, () => {
      n++;
    });
    expect(n).toBe(3 + 399 + 400);
  });
});

describe('query helpers', () => {
  const file = parse(`resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
    annotations = {
      "keel.sh/policy" = "force"
    }
  }
  lifecycle {
    ignore_changes = [spec[0].template[0].spec[0].dns_config]
  }
}
resource "kubernetes_service" "web" {}
module "nfs_data" {
  source = "x"
  source = "y"
}
locals {
  a = "x\\ty"
  b = "x\${y}"
  c = <<EOF
  hi
EOF
  d = <<-EOF
    one
      two

    three
    EOF
  e = <<EOF
\${x}
EOF
}
top = 1
`);

  it('getAttribute, getAttributes and getBlocks', () => {
    const module = getBlocks(file.body, 'module', 'nfs_data')[0]!;
    expect(getAttributes(module.body, 'source').map((a) => stringValue(a.value))).toEqual(['x', 'y']);
    expect(stringValue(getAttribute(module.body, 'source')!.value)).toBe('x');
    expect(getAttribute(module.body, 'missing')).toBeUndefined();
    expect(getBlocks(file.body, 'resource')).toHaveLength(2);
    expect(getBlocks(file.body, 'resource', 'kubernetes_deployment')).toHaveLength(1);
    expect(getBlocks(file.body, 'resource', 'kubernetes_deployment', 'api')).toHaveLength(0);
  });

  it('stringValue decodes literal strings and heredocs, and refuses templates', () => {
    const locals = getBlocks(file.body, 'locals')[0]!.body;
    const v = (name: string): string | undefined => stringValue(getAttribute(locals, name)!.value);
    expect(v('a')).toBe('x\ty');
    expect(v('b')).toBeUndefined();
    expect(v('c')).toBe('  hi\n');
    expect(v('d')).toBe('one\n  two\n\nthree\n');
    expect(v('e')).toBeUndefined();
    expect(stringValue(value(file, 'top'))).toBeUndefined();
  });

  it('traversalPath renders canonical traversals and refuses anything else', () => {
    const paths = parse(`a = spec[0].template[0].spec[0].dns_config
b = var.x
c = kubernetes_namespace.x.metadata[0].name
d = metadata[0].annotations["keel.sh/policy"]
e = spec . 0 . x [ 00 ]
f = var.x[each.key]
g = f(x)
h = x[*].y
i = "x"
j = x["a\\"b"]
`);
    const path = (name: string): string | undefined => traversalPath(value(paths, name));
    expect(path('a')).toBe('spec[0].template[0].spec[0].dns_config');
    expect(path('b')).toBe('var.x');
    expect(path('c')).toBe('kubernetes_namespace.x.metadata[0].name');
    expect(path('d')).toBe('metadata[0].annotations["keel.sh/policy"]');
    expect(path('e')).toBe('spec[0].x[0]');
    expect(path('j')).toBe('x["a\\"b"]');
    for (const name of ['f', 'g', 'h', 'i']) {
      expect(path(name), name).toBeUndefined();
      expect(isTraversal(value(paths, name))).toBe(false);
    }
    expect(isTraversal(value(paths, 'a'))).toBe(true);
  });

  it('indentationAt returns the leading whitespace of the line', () => {
    const source = 'a {\n  \tb = 1\n}\n';
    expect(indentationAt(source, source.indexOf('1'))).toBe('  \t');
    expect(indentationAt(source, 0)).toBe('');
    expect(indentationAt('\ufeff  a', 3)).toBe('  ');
    expect(indentationAt('x\r\n    y', 7)).toBe('    ');
  });

  it('enclosingBlocks and blockAddress', () => {
    const deployment = getBlocks(file.body, 'resource', 'kubernetes_deployment')[0]!;
    const lifecycle = getBlocks(deployment.body, 'lifecycle')[0]!;
    const ignore = getAttribute(lifecycle.body, 'ignore_changes')!;
    const item = (ignore.value as Tuple).items[0]!;
    expect(enclosingBlocks(item).map((b) => b.type)).toEqual(['resource', 'lifecycle']);
    expect(enclosingBlocks(lifecycle).map((b) => b.type)).toEqual(['resource']);
    expect(blockAddress(item)).toBe('resource.kubernetes_deployment.web');
    expect(blockAddress(deployment)).toBe('resource.kubernetes_deployment.web');
    expect(blockAddress(getBlocks(file.body, 'module')[0]!)).toBe('module.nfs_data');
    expect(blockAddress(getAttribute(getBlocks(file.body, 'locals')[0]!.body, 'a')!)).toBe('locals');
    expect(blockAddress(attr(file, 'top'))).toBe('');
    expect(blockAddress(file as Node)).toBe('');
  });
});
