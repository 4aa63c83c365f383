import { describe, expect, it } from 'vitest';
import type { Attribute, Block, Comment, File, ObjectExpr, Tuple } from '../../src/hcl/cst.js';
import { parse } from '../../src/hcl/parser.js';
import { getAttribute, getBlocks } from '../../src/hcl/query.js';

/**
 * Comment ownership follows hclwrite: comments on the lines directly above an
 * item (no blank line between) lead it; a comment after the item (after its
 * comma) on its last line is its line comment. Every comment is in
 * `file.comments` and has a parent.
 */

const texts = (comments: Comment[]): string[] => comments.map((c) => c.text);

function attr(file: File, name: string): Attribute {
  const found = getAttribute(file.body, name);
  if (found === undefined) throw new Error(`no attribute ${name}`);
  return found;
}

describe('attributes and blocks', () => {
  it('comments on the lines directly above lead the item, in all three styles', () => {
    const file = parse('# one\n// two\n/* three\n   four */\na = 1\n');
    expect(texts(attr(file, 'a').leadComments)).toEqual(['# one', '// two', '/* three\n   four */']);
  });

  it('a blank line ends the lead comments', () => {
    const file = parse('# detached\n\n# attached\na = 1\n');
    expect(texts(attr(file, 'a').leadComments)).toEqual(['# attached']);
    expect(file.comments[0]!.parent?.kind).toBe('Body');
  });

  it('the comment after an item on its line is its line comment, not the next item\'s lead', () => {
    const file = parse('a = 1 # about a\nb = 2 // about b\n');
    expect(attr(file, 'a').lineComment?.text).toBe('# about a');
    expect(attr(file, 'b').leadComments).toEqual([]);
    expect(attr(file, 'b').lineComment?.text).toBe('// about b');
  });

  it('blocks own lead comments and the comment after their closing brace', () => {
    const file = parse('# the web app\nresource "x" "web" {\n  # inside, unowned\n} # after\n');
    const block = file.body.items[0] as Block;
    expect(texts(block.leadComments)).toEqual(['# the web app']);
    expect(block.lineComment?.text).toBe('# after');
    const inside = file.comments.find((c) => c.text === '# inside, unowned')!;
    expect(inside.parent).toBe(block.body);
  });

  it('a comment after the opening brace belongs to no item', () => {
    const file = parse('b { # header\n  a = 1\n}\n');
    const block = file.body.items[0] as Block;
    expect(block.lineComment).toBeUndefined();
    expect(texts(getAttribute(block.body, 'a')!.leadComments)).toEqual([]);
    expect(file.comments[0]!.parent).toBe(block.body);
  });

  it('items inside blocks get their lead comments', () => {
    const file = parse('locals {\n  # why\n  a = 1 # what\n\n  # block comment\n  b {}\n}\n');
    const locals = file.body.items[0] as Block;
    expect(texts(getAttribute(locals.body, 'a')!.leadComments)).toEqual(['# why']);
    expect(getAttribute(locals.body, 'a')!.lineComment?.text).toBe('# what');
    expect(texts(getBlocks(locals.body, 'b')[0]!.leadComments)).toEqual(['# block comment']);
  });

  it('a comment before the item on its own line is not a lead comment', () => {
    const file = parse('/* inline */ a = 1\n');
    expect(attr(file, 'a').leadComments).toEqual([]);
    expect(file.comments[0]!.parent?.kind).toBe('Body');
  });

  it('the first item after a BOM gets its lead comments; CRLF is not part of a comment', () => {
    const file = parse('\ufeff# lead\r\na = 1 # line\r\n');
    expect(texts(attr(file, 'a').leadComments)).toEqual(['# lead']);
    expect(attr(file, 'a').lineComment?.text).toBe('# line');
  });
});

describe('tuple items', () => {
  it('# KYVERNO_LIFECYCLE_V1 after `dns_config,` in a multi-line list is that item\'s line comment', () => {
    const file = parse(`resource "kubernetes_deployment" "web" {
  lifecycle {
    ignore_changes = [
      spec[0].template[0].spec[0].dns_config, # KYVERNO_LIFECYCLE_V1
      metadata[0].annotations,
    ]
  }
}
`);
    const resource = file.body.items[0] as Block;
    const lifecycle = getBlocks(resource.body, 'lifecycle')[0]!;
    const list = getAttribute(lifecycle.body, 'ignore_changes')!.value as Tuple;
    const [dns, annotations] = list.items;
    expect(dns!.lineComment?.text).toBe('# KYVERNO_LIFECYCLE_V1');
    expect(dns!.lineComment?.parent).toBe(dns);
    expect(dns!.lineComment?.line).toBe(4);
    expect(annotations!.lineComment).toBeUndefined();
    expect(annotations!.leadComments).toEqual([]);
  });

  it('in a single-line list the comment after the closing bracket is the attribute\'s line comment', () => {
    const file = parse('ignore_changes = [spec[0].x] # M\n');
    const attribute = attr(file, 'ignore_changes');
    expect(attribute.lineComment?.text).toBe('# M');
    expect((attribute.value as Tuple).items[0]!.lineComment).toBeUndefined();
  });

  it('the last item without a trailing comma still gets its line comment', () => {
    const file = parse('a = [\n  x, # first\n  y # last\n]\n');
    const items = (attr(file, 'a').value as Tuple).items;
    expect(items.map((i) => i.lineComment?.text)).toEqual(['# first', '# last']);
    expect(attr(file, 'a').lineComment).toBeUndefined();
  });

  it('comment lines above an item lead it', () => {
    const file = parse('a = [\n  # about x\n  // and more\n  x,\n\n  # about y\n  y,\n  # trailing, unowned\n]\n');
    const tuple = attr(file, 'a').value as Tuple;
    expect(tuple.items.map((i) => texts(i.leadComments))).toEqual([['# about x', '// and more'], ['# about y']]);
    expect(file.comments.at(-1)!.parent).toBe(tuple);
  });

  it('a comment after the opening bracket is not the first item\'s lead comment', () => {
    const file = parse('a = [ # opening\n  x,\n]\n');
    const tuple = attr(file, 'a').value as Tuple;
    expect(tuple.items[0]!.leadComments).toEqual([]);
    expect(file.comments[0]!.parent).toBe(tuple);
  });
});

describe('object items', () => {
  it('lead and line comments of object items', () => {
    const file = parse('labels = {\n  # who\n  app = "web" # name\n  tier = "x", // comma first\n}\n');
    const obj = attr(file, 'labels').value as ObjectExpr;
    expect(obj.items.map((i) => [texts(i.leadComments), i.lineComment?.text])).toEqual([
      [['# who'], '# name'],
      [[], '// comma first'],
    ]);
  });
});

describe('every comment', () => {
  it('is in file.comments in source order, with its style and text', () => {
    const file = parse('# a\nx = 1 // b\ny = [ /* c */ 1 ]\nz = 1 + /* d */ 2\n');
    expect(file.comments.map((c) => [c.style, c.text])).toEqual([
      ['#', '# a'],
      ['//', '// b'],
      ['/*', '/* c */'],
      ['/*', '/* d */'],
    ]);
    for (const comment of file.comments) expect(comment.parent).toBeDefined();
    expect(file.comments[3]!.parent?.kind).toBe('Binary');
  });

  it('the same comment node is shared by file.comments and its owner', () => {
    const file = parse('# lead\na = 1 # line\n');
    expect(attr(file, 'a').leadComments[0]).toBe(file.comments[0]);
    expect(attr(file, 'a').lineComment).toBe(file.comments[1]);
  });

  it('comments in a file with a syntax error are kept', () => {
    const file = parse('# before\na = [1,, 2] # line\n# after\n');
    expect(file.diagnostics.length).toBeGreaterThan(0);
    expect(texts(file.comments)).toEqual(['# before', '# line', '# after']);
    for (const comment of file.comments) expect(comment.parent).toBeDefined();
  });
});
