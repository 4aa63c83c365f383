import { describe, expect, it } from 'vitest';
import { JsonViewError, decimalText, toJson } from '../../src/hcl/json.js';
import { parse } from '../../src/hcl/parser.js';

/**
 * What @cdktf/hcl2json 0.21.0 returns, one behaviour per case. The expected
 * values are written out (they were taken from hcl2json once and reviewed),
 * so this table documents the JSON view; conformance.test.ts compares against
 * hcl2json itself on whole files.
 */
const cases: { name: string; code: string; json: Record<string, unknown> }[] = [
  {
    name: "integer, float, exponent and leading zeros become JSON numbers",
    code: "a = 1\nb = 1.0\nc = 1e3\nd = 1.5e-3\ne = 00012\nf = 1E+2\n",
    json: {"a":1,"b":1,"c":1000,"d":0.0015,"e":12,"f":100},
  },
  {
    name: "a big integer loses precision exactly as JSON.parse does",
    code: "a = 12345678901234567890\n",
    json: {"a":12345678901234567000},
  },
  {
    name: "negative literals are evaluated, -0 included",
    code: "a = -1\nb = - 1.5\nc = -0\n",
    json: {"a":-1,"b":-1.5,"c":-0},
  },
  {
    name: "bools and null",
    code: "a = true\nb = false\nc = null\n",
    json: {"a":true,"b":false,"c":null},
  },
  {
    name: "not of a bool literal is evaluated",
    code: "a = !true\nb = !false\n",
    json: {"a":false,"b":true},
  },
  {
    name: "unary of a non-literal keeps its source",
    code: "a = -var.x\nb = !var.y\nc = - -1\nd = -(1)\ne = -\"1\"\n",
    json: {"a":"${-var.x}","b":"${!var.y}","c":"${- -1}","d":"${-(1)}","e":"${-\"1\"}"},
  },
  {
    name: "escapes are decoded",
    code: "a = \"q\\\"x\\\\ \\n\\t \\u00e9 \\U0001F600\"\n",
    json: {"a":"q\"x\\ \n\t é 😀"},
  },
  {
    name: "unicode text and identifiers",
    code: "résumé = \"héllo 😀\"\n",
    json: {"résumé":"héllo 😀"},
  },
  {
    name: "$${ and %%{ stay escaped in literal strings",
    code: "a = \"$${x}\"\nb = \"%%{x}\"\nc = \"$$${x}\"\nd = \"$\"\n",
    json: {"a":"$${x}","b":"%%{x}","c":"$$${x}","d":"$"},
  },
  {
    name: "sequences spelled with \\u escapes are escaped on output",
    code: "a = \"\\u0024{x}\"\nb = \"\\u0025{y}\"\n",
    json: {"a":"$${x}","b":"%%{y}"},
  },
  {
    name: "a traversal is wrapped with its exact source text",
    code: "a = var.x\nb = var . x\nc = var.l[0].id\nd = var.l.0\ne = var.m[\"k\"]\n",
    json: {"a":"${var.x}","b":"${var . x}","c":"${var.l[0].id}","d":"${var.l.0}","e":"${var.m[\"k\"]}"},
  },
  {
    name: "a trailing comment is not part of the expression",
    code: "a = var.x # comment\nb = var.y /* c */\n",
    json: {"a":"${var.x}","b":"${var.y}"},
  },
  {
    name: "a multi-line expression keeps newlines and inner comments",
    code: "a = foo(1, # one\n  2)\n",
    json: {"a":"${foo(1, # one\n  2)}"},
  },
  {
    name: "function calls, provider functions and expansion",
    code: "a = foo(1, 2)\nb = provider::aws::arn_parse(var.x)\nc = concat(var.l...)\n",
    json: {"a":"${foo(1, 2)}","b":"${provider::aws::arn_parse(var.x)}","c":"${concat(var.l...)}"},
  },
  {
    name: "conditionals, operators and parentheses",
    code: "a = var.a ? \"b\" : \"c\"\nb = a + b * 2\nc = (var.a)\nd = ((1))\ne = a == \"x\" && !b\n",
    json: {"a":"${var.a ? \"b\" : \"c\"}","b":"${a + b * 2}","c":"${(var.a)}","d":"${((1))}","e":"${a == \"x\" && !b}"},
  },
  {
    name: "for expressions and splats",
    code: "a = [for x in var.l : upper(x) if x != \"\"]\nb = { for k, v in var.m : k => v... }\nc = var.l[*].id\nd = var.l.*.id\ne = var.m[var.k]\n",
    json: {"a":"${[for x in var.l : upper(x) if x != \"\"]}","b":"${{ for k, v in var.m : k => v... }}","c":"${var.l[*].id}","d":"${var.l.*.id}","e":"${var.m[var.k]}"},
  },
  {
    name: "a heredoc inside a wrapped expression ends at its closing marker",
    code: "a = var.a ? \"b\" : <<EOF\nfoo\nEOF\nb = 1\n",
    json: {"a":"${var.a ? \"b\" : <<EOF\nfoo\nEOF}","b":1},
  },
  {
    name: "tuples are converted item by item",
    code: "a = [1, var.x, \"s\", [true], { k = null }]\nb = []\nc = [\n  1, # one\n  /* two */ 2,\n]\n",
    json: {"a":[1,"${var.x}","s",[true],{"k":null}],"b":[],"c":[1,2]},
  },
  {
    name: "objects are converted item by item",
    code: "a = { a = 1, \"b\" = var.x }\nb = {}\nc = {\n  a = 1\n  b : 2,\n}\nd = { a = { b = [1, { c = var.y }] } }\n",
    json: {"a":{"a":1,"b":"${var.x}"},"b":{},"c":{"a":1,"b":2},"d":{"a":{"b":[1,{"c":"${var.y}"}]}}},
  },
  {
    name: "object keys: traversals keep their text, other keys convert like template parts",
    code: "a = {\n  a = 1\n  \"b\" = 2\n  c.d = 3\n  e[\"f\"] = 4\n  g[0] = 5\n  h[\"\"] = 6\n  1.50 = 7\n  true = 8\n  null = 9\n  (var.k) = 10\n  \"${var.k}\" = 11\n  \"p${var.k}\" = 12\n  i[var.k] = 13\n  j[-1] = 14\n  k[\"${1}\"] = 15\n  l[*] = 16\n  \"${2}\" = 17\n}\n",
    json: {"a":{"2":17,"${(var.k)}":10,"${i[var.k]}":13,"${j[-1]}":14,"${k[\"${1}\"]}":15,"${l[*]}":16,"${var.k}":11,"1.5":7,"a":1,"b":2,"c.d":3,"e[\"f\"]":4,"g[0]":5,"h[\"\"]":6,"null":9,"p${var.k}":12,"true":8}},
  },
  {
    name: "a repeated object key keeps the last value",
    code: "a = { k = 1, k = var.x }\n",
    json: {"a":{"k":"${var.x}"}},
  },
  {
    name: "a single interpolation converts as its expression",
    code: "a = \"${var.x}\"\nb = \"${ var.x }\"\nc = \"${1}\"\nd = \"${true}\"\ne = \"${null}\"\nf = \"${[1, 2]}\"\ng = \"${{ a = 1 }}\"\nh = \"${-1}\"\ni = \"${\"${1}\"}\"\nj = \"${(1)}\"\n",
    json: {"a":"${var.x}","b":"${var.x}","c":1,"d":true,"e":null,"f":[1,2],"g":{"a":1},"h":-1,"i":1,"j":"${(1)}"},
  },
  {
    name: "interpolations in a longer template",
    code: "a = \"a${var.x}b${var.y}\"\nb = \"a${ var.x /* c */ }b\"\nc = \"a${1.50}b${true}c${null}\"\nd = \"a${-1}b\"\ne = \"a${[1]}b\"\nf = \"${1}${2}\"\ng = \" ${1e3}\"\n",
    json: {"a":"a${var.x}b${var.y}","b":"a${var.x}b","c":"a1.5btruecnull","d":"a${-1}b","e":"a${[1]}b","f":"12","g":" 1000"},
  },
  {
    name: "nested templates are flattened",
    code: "a = \"a${\"b\"}c\"\nb = \"a${\"q${var.x}r\"}b\"\nc = \"${\"a\"}${\"b\"}\"\nd = \"${\"$${x}\"}\"\ne = \"${\"$\"}{x}\"\n",
    json: {"a":"abc","b":"aq${var.x}rb","c":"ab","d":"$${x}","e":"${x}"},
  },
  {
    name: "number interpolations print in plain decimal",
    code: "a = \"${12345678901234567890}x\"\nb = \"${1.5e-10}x\"\nc = \"${1e21}x\"\nd = \"${0.000}x\"\n",
    json: {"a":"12345678901234567890x","b":"0.00000000015x","c":"1000000000000000000000x","d":"0x"},
  },
  {
    name: "if and for directives are normalised",
    code: "a = \"%{ if var.x == 1 }yes%{ else }no%{ endif }\"\nb = \"%{if var.x}yes%{endif}\"\nc = \"%{ for x in var.l }${x},%{ endfor }\"\nd = \"%{for k, v in var.m}${k}=${v}%{endfor}\"\ne = \"%{if var.x}a%{if var.y}b%{endif}%{endif}\"\n",
    json: {"a":"%{if var.x == 1}yes%{else}no%{endif}","b":"%{if var.x}yes%{endif}","c":"%{for x in var.l}${x},%{endfor}","d":"%{for k, v in var.m}${k}=${v}%{endfor}","e":"%{if var.x}a%{if var.y}b%{endif}%{endif}"},
  },
  {
    name: "an empty else is dropped, an empty then is kept",
    code: "a = \"%{if var.x}a%{else}%{endif}\"\nb = \"%{if var.x}%{else}b%{endif}\"\nc = \"%{if var.x}%{endif}\"\n",
    json: {"a":"%{if var.x}a%{endif}","b":"%{if var.x}%{else}b%{endif}","c":"%{if var.x}%{endif}"},
  },
  {
    name: "literal interpolations inside directives are evaluated to text",
    code: "a = \"%{if var.x}${1}%{else}${true}%{endif}\"\nb = \"%{for x in var.l}${\"a\"}%{endfor}\"\nc = \"%{if var.x}$${a}%{else}%%{b}%{endif}\"\n",
    json: {"a":"%{if var.x}1%{else}true%{endif}","b":"%{for x in var.l}a%{endfor}","c":"%{if var.x}$${a}%{else}%%{b}%{endif}"},
  },
  {
    name: "a conditional inside a longer template becomes an if directive",
    code: "a = \"x${var.a ? \"b\" : \"c\"}\"\nb = \"x${var.a ? var.b : 1}\"\nc = \"x${var.a ? \"b\" : \"\"}\"\nd = \"x${var.a ? [1] : \"c\"}\"\ne = \"x${var.a ? \"c\" : var.b ? \"d\" : \"e\"}\"\nf = \"x${(var.a ? \"b\" : \"c\")}\"\n",
    json: {"a":"x%{if var.a}b%{else}c%{endif}","b":"x%{if var.a}${var.b}%{else}1%{endif}","c":"x%{if var.a}b%{endif}","d":"x%{if var.a}${[1]}%{else}c%{endif}","e":"x%{if var.a}c%{else}%{if var.b}d%{else}e%{endif}%{endif}","f":"x${(var.a ? \"b\" : \"c\")}"},
  },
  {
    name: "a null alone in an if branch empties the directive",
    code: "a = \"x%{if var.x}${null}%{endif}y\"\nb = \"x%{if var.x}a%{else}${null}%{endif}y\"\nc = \"x%{if var.x}a${null}%{endif}y\"\n",
    json: {"a":"xy","b":"x%{if var.x}a%{endif}y","c":"x%{if var.x}anull%{endif}y"},
  },
  {
    name: "strip markers trim the adjacent literal",
    code: "a = \"a %{~ if var.x ~} yes %{~ endif ~} b\"\nb = \"a ${~ var.x ~} b\"\nc = \"   ${~ 1}\"\nd = \"a \\t${~ var.x}\"\ne = \"%{if var.x}a%{else ~} %{endif}\"\n",
    json: {"a":"a%{if var.x}yes%{endif}b","b":"a${var.x}b","c":"1","d":"a${var.x}","e":"%{if var.x}a%{endif}"},
  },
  {
    name: "heredocs keep their text and final newline",
    code: "a = <<EOF\nhello\n  world\nEOF\nb = <<EOF\nEOF\nc = <<EOF\n\nEOF\n",
    json: {"a":"hello\n  world\n","b":"","c":"\n"},
  },
  {
    name: "heredoc text is not unescaped",
    code: "a = <<EOF\n  $${x} \\n \"q\" %%{y}\nEOF\n",
    json: {"a":"  $${x} \\n \"q\" %%{y}\n"},
  },
  {
    name: "heredoc interpolations and directives",
    code: "a = <<EOT\na ${var.x} b\n%{ if var.y }y%{ endif }\nEOT\nb = <<EOF\n${1}\nEOF\nc = <<EOF\n${var.x}EOF\nEOF\n",
    json: {"a":"a ${var.x} b\n%{if var.y}y%{endif}\n","b":"1\n","c":"${var.x}EOF\n"},
  },
  {
    name: "<<- removes the common indentation of non-blank lines",
    code: "a = <<-EOF\n    hello\n      world\n    EOF\nb = <<-EOF\n    a\n  b\nEOF\nc = <<-EOF\n  x\n    EOF\n",
    json: {"a":"hello\n  world\n","b":"  a\nb\n","c":"x\n"},
  },
  {
    name: "<<- leaves blank and white-space-only lines as they are",
    code: "a = <<-EOF\n  a\n\n  b\n  EOF\nb = <<-EOF\n  a\n      \n  b\n  EOF\n",
    json: {"a":"a\n\nb\n","b":"a\n      \nb\n"},
  },
  {
    name: "<<- counts tabs and other white space as one column each",
    code: "a = <<-EOF\n\ttab\n\t  tab2\n\tEOF\nb = <<-EOF\n  a\n\t\tb\n  EOF\nc = <<-EOF\n  a\n  b\n  EOF\n",
    json: {"a":"tab\n  tab2\n","b":"a\nb\n","c":"a\nb\n"},
  },
  {
    name: "<<- counts a line starting with an interpolation as unindented",
    code: "a = <<-EOF\n${var.x}\n  b\n  EOF\nb = <<-EOF\n    ${var.x} a\n  ${var.y}\n  EOF\n",
    json: {"a":"${var.x}\n  b\n","b":"  ${var.x} a\n${var.y}\n"},
  },
  {
    name: "<<- after strip markers: a stripped line ending joins lines",
    code: "a = <<-EOF\n  %{ if true ~}\n  foo\n  %{ endif }\n  EOF\nb = <<-EOF\n    abc ${var.x ~}\n    def\n    EOF\nc = <<-EOF\n    abc\n    ${~ var.x}\n    EOF\n",
    json: {"a":"%{if true}  foo\n%{endif}\n","b":"abc ${var.x}    def\n","c":"    abc\n${var.x}\n"},
  },
  {
    name: "blocks become arrays, labels nest",
    code: "terraform {}\nresource \"a\" \"b\" {\n  x = 1\n}\nresource a c { }\nresource \"a\" \"b\" { y = 2 }\nmodule \"m\" {\n  source = \"./m\"\n}\n",
    json: {"module":{"m":[{"source":"./m"}]},"resource":{"a":{"b":[{"x":1},{"y":2}],"c":[{}]}},"terraform":[{}]},
  },
  {
    name: "repeated blocks append, nested blocks too",
    code: "locals { a = 1 }\nlocals {\n  b = 2\n}\nr \"t\" \"n\" {\n  nested {\n    v = 1\n  }\n  nested {\n    v = 2\n  }\n}\n",
    json: {"locals":[{"a":1},{"b":2}],"r":{"t":{"n":[{"nested":[{"v":1},{"v":2}]}]}}},
  },
  {
    name: "dynamic blocks are ordinary blocks",
    code: "r \"t\" \"n\" {\n  dynamic \"env\" {\n    for_each = var.e\n    content {\n      name = env.value.name\n    }\n  }\n}\n",
    json: {"r":{"t":{"n":[{"dynamic":{"env":[{"content":[{"name":"${env.value.name}"}],"for_each":"${var.e}"}]}}]}}},
  },
  {
    name: "many labels and decoded labels",
    code: "a \"b\" \"c\" \"d\" { e = 1 }\nf \"l\\n\\\"x\\\"\" \"$${y}\" {}\n",
    json: {"a":{"b":{"c":{"d":[{"e":1}]}}},"f":{"l\n\"x\"":{"${y}":[{}]}}},
  },
  {
    name: "an attribute replaces a block of the same name",
    code: "x = 1\nx { }\ny \"l\" {}\ny = 2\n",
    json: {"x":1,"y":2},
  },
  {
    name: "an empty file and a comment-only file are empty objects",
    code: "# only a comment\n",
    json: {},
  },
];

describe('toJson', () => {
  it.each(cases)('$name', ({ code, json }) => {
    expect(toJson(parse(code, 'x.tf'))).toEqual(json);
  });

  it('keeps -0 distinct from 0', () => {
    const out = toJson(parse('a = -0\nb = 0\n', 'x.tf'));
    expect(Object.is(out.a, -0)).toBe(true);
    expect(Object.is(out.b, 0)).toBe(true);
  });

  it('creates an own property for a __proto__ key', () => {
    const out = toJson(parse('__proto__ = 1\na = { __proto__ = 2 }\n', 'x.tf'));
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(1);
    expect(Object.getOwnPropertyDescriptor(out.a, '__proto__')?.value).toBe(2);
  });

  it('ignores a BOM and keeps CRLF inside heredocs and wrapped expressions', () => {
    const code = '\ufeffa = 1\r\nb = <<-EOF\r\n  x\r\n    y\r\n  EOF\r\nc = foo(1,\r\n  2)\r\n';
    expect(toJson(parse(code, 'x.tf'))).toEqual({ a: 1, b: 'x\r\n  y\r\n', c: '${foo(1,\r\n  2)}' });
  });
});

/** Inputs hcl2json rejects (it throws); the JSON view throws JsonViewError for them. */
const rejected: { name: string; code: string; message: RegExp }[] = [
  { name: 'a repeated attribute', code: 'x = 1\nx = 2\n', message: /x\.tf:2:1: Attribute redefined/ },
  { name: 'a block without labels after one with labels', code: 'a "b" {}\na {}\n', message: /cannot have blocks with and without labels/ },
  { name: 'a block with labels after one without', code: 'a {}\na "b" {}\n', message: /unable to convert block a\.b/ },
  { name: 'a longer label path after a shorter one', code: 'a "b" {}\na "b" "c" {}\n', message: /unable to convert block a\.b\.c/ },
  { name: 'negating a bool', code: 'a = -true\n', message: /x\.tf:1:6: Invalid operand/ },
  { name: 'not of a number', code: 'a = !1\n', message: /x\.tf:1:6: Invalid operand/ },
  { name: 'negating null', code: 'a = -null\n', message: /x\.tf:1:6: Invalid operand/ },
  { name: 'a repeated attribute in a block', code: 'a "x" {\n  b = 1\n  b = 2\n}\n', message: /x\.tf:3:3: Attribute redefined/ },
  { name: 'a null alone in a for directive body', code: 'a = "%{for x in var.l}${null}%{endfor}"\n', message: /null value in a string template/ },
  { name: 'a syntax error', code: 'a = \n', message: /^x\.tf:1:/ },
];

describe('toJson on input hcl2json rejects', () => {
  it.each(rejected)('$name', ({ code, message }) => {
    expect(() => toJson(parse(code, 'x.tf'))).toThrow(JsonViewError);
    expect(() => toJson(parse(code, 'x.tf'))).toThrow(message);
  });
});

describe('decimalText', () => {
  it.each([
    ['0', '0'],
    ['007', '7'],
    ['1.50', '1.5'],
    ['1e3', '1000'],
    ['1.5E-3', '0.0015'],
    ['12.5e1', '125'],
    ['0.000', '0'],
    ['12345678901234567890', '12345678901234567890'],
    ['1e-7', '0.0000001'],
  ])('%s prints as %s', (raw, text) => {
    expect(decimalText(raw)).toBe(text);
  });
});
