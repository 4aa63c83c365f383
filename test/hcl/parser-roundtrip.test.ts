import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import type { File, TokenKind } from '../../src/hcl/cst.js';
import { lex } from '../../src/hcl/lexer.js';
import { parse } from '../../src/hcl/parser.js';
import { print } from '../../src/hcl/print.js';

/**
 * print(parse(x)) === x on every HCL file under fixtures/, a generated corpus,
 * and inline samples that cover every syntax form, each also with CRLF line
 * endings, a BOM, and both. The token list must tile the source.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);

const fixtures = readdirSync(root, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && isHcl(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort()
  .map((path) => ({ name: relative(root, path), source: readFileSync(path, 'utf8') }));

const corpus = [...generateRepo({ stacks: 10, seed: 3 })]
  .filter(([path]) => isHcl(path))
  .map(([name, source]) => ({ name, source }));

/** Every syntax form of the native syntax, valid (no diagnostics expected). */
const SAMPLES: Record<string, string> = {
  'attributes and literals': `a = 1
b = 1.5
c = 1e3
d = 2.5E-3
e = 1.e5
f = true
g = false
h = null
i = "text"
j = ""
`,
  'blocks with labels': `terraform {
  required_version = ">= 1.5.0"
}
variable "x" {
  type = string
}
resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
}
block a b "c" "d e" {}
one "line" { x = 1 }
empty {
}
empty_one_line {}
`,
  'quoted escapes': 's = "plain \\"quoted\\" \\\\ \\n\\t\\r \\u00e9 \\U0001F600 $${lit} %%{lit} $ % $$ %%"\n',
  'interpolations and strip markers': `a = "x-\${var.x}-y"
b = "a \${~ var.x ~} b"
c = "\${var.x}"
d = "\${"nested \${var.y}"}"
e = "\${{ a = 1 }["a"]}"
f = "\${[for x in var.l : x][0]}"
`,
  'template directives': `a = "%{ if var.x != "" }yes%{ else }no%{ endif }"
b = "%{ for k, v in local.m ~}\${k}=\${v},%{~ endfor }"
c = "%{for v in local.l}\${v}%{endfor}"
d = "%{if a}%{if b}x%{endif}%{endif}"
e = "%{~ if true ~}t%{~ endif ~}"
`,
  heredocs: `a = <<EOF
line one \${var.x}
  line two
%{ if true }t%{ endif }
$\${literal} %%{literal}
EOF
b = <<-EOT
    indented
      more
    EOT
c = <<EOF
EOF
d = [<<A
one
A
  , <<-B
    two
    B
  ]
e = <<EOF
x
  EOF
f = <<EOF
EOFX
EOF   
`,
  'tuples and objects': `a = [1, "two", [3], { four = 4 }]
b = []
c = {}
d = { a = 1, "b" = 2, c : 3, (local.k) = 4, "\${x}" = 5 }
e = {
  a = 1
  b = 2,
  c = 3
}
f = [
  "a", # first
  "b", // second
  /* third */ "c",
]
g = [1, 2,]
h = {
}
i = [
]
`,
  'functions and provider functions': `a = max(1, 2, 3)
b = min(local.l...)
c = provider::kubernetes::manifest_decode(local.s)
d = format(
  "%s-%s",
  "a",
  "b",
)
e = f()
g = f(1,)
`,
  'for expressions': `a = [for x in local.l : upper(x) if x != ""]
b = [for i, x in local.l : "\${i}\${x}"]
c = { for k, v in local.m : k => v }
d = { for k, v in local.m : v => k... if k != "" }
e = [
  for x in local.l :
  x
]
f = for
`,
  'traversals and splats': `a = local.l[*].id
b = local.l.*.id
c = local.l[0]["key"].x
d = local.l.0.name
e = local.l[*][0]
f = local.l.*[0]
g = x [0]
h = x. y
i = [x
  [0]]
`,
  'operators and precedence': `a = var.x == null ? "none" : var.x
b = -1
c = 1 + 2 * 3 - 4 / 5 % 6
d = 1 < 2 && 2 <= 3 && 4 > 3 && 4 >= 4 && 1 == 1 && 1 != 2
e = (1 + 2) * 3
f = !true || false
g = --1
h = a ? b : c ? d : e
i = (1
+ 2)
`,
  comments: `# hash
// slashes
/* block
   comment */
a = 1 # trailing
b = 2 // trailing
c = /* inline */ 3
/* before */ d = 4
e {
  # inside
}
# last line without newline`,
  'unicode identifiers': `ünïcödé = "ok"
with-dash = 1
_under = 2
名前 = "value 😀"
`,
  'no trailing newline': 'a = 1',
  empty: '',
  'only comments and blank lines': '# a\n\n// b\n\n',
  'tabs as whitespace': 'a\t=\t1\nb {\n\tc = 2\n}\n',
};

function variants(source: string): [string, string][] {
  const crlf = source.replace(/\r?\n/g, '\r\n');
  return [
    ['LF', source],
    ['CRLF', crlf],
    ['BOM', `\ufeff${source}`],
    ['BOM+CRLF', `\ufeff${crlf}`],
  ];
}

/** Asserts the token list tiles the source and ends with a zero-width EOF. */
function expectTiles(file: File): void {
  const { tokens, source } = file;
  let offset = 0;
  for (const token of tokens) {
    if (token.start !== offset || token.end < token.start) throw new Error(`token ${token.kind} at ${token.start} does not continue at ${offset}`);
    offset = token.end;
  }
  expect(offset).toBe(source.length);
  const eof = tokens[tokens.length - 1];
  expect(eof?.kind).toBe<TokenKind>('EOF');
  expect(eof?.start).toBe(source.length);
}

describe('round trip: fixtures', () => {
  it('finds the fixture files', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  for (const { name, source } of fixtures) {
    it(name, () => {
      for (const [variant, text] of variants(source)) {
        const file = parse(text, name);
        expect(print(file), variant).toBe(text);
        expectTiles(file);
      }
    });
  }
});

describe('round trip: generated corpus', () => {
  it('covers the generated stacks', () => {
    expect(corpus.length).toBeGreaterThan(20);
    for (const { name, source } of corpus) {
      for (const [variant, text] of variants(source)) {
        const file = parse(text, name);
        expect(print(file), `${name} ${variant}`).toBe(text);
        expect(file.diagnostics, `${name} ${variant}`).toEqual([]);
      }
    }
  });
});

describe('round trip: samples of every syntax form', () => {
  for (const [name, source] of Object.entries(SAMPLES)) {
    for (const [variant, text] of variants(source)) {
      it(`${name} (${variant})`, () => {
        const file = parse(text);
        expect(file.diagnostics).toEqual([]);
        expect(print(file)).toBe(text);
        expectTiles(file);
        expect(file.hasBom).toBe(variant.startsWith('BOM'));
        if (text.includes('\n')) expect(file.eol).toBe(variant.endsWith('CRLF') ? '\r\n' : '\n');
      });
    }
  }

  it('builds the token objects once, on first use, equal to what the lexer returns', () => {
    const source = 'a = "x${y}" # c\r\n';
    const file = parse(source);
    expect(file.tokens).toBe(file.tokens);
    expect(file.tokens).toEqual(lex(source).tokens);
    expect(file.tokens.map((t) => t.kind)).toEqual([
      'Ident', 'Whitespace', 'Equal', 'Whitespace', 'OQuote', 'TemplateLiteral', 'TemplateInterp', 'Ident', 'TemplateSeqEnd',
      'CQuote', 'Whitespace', 'Comment', 'Newline', 'EOF',
    ]);
  });

  it('starts the token list with a BOM token only when there is one', () => {
    expect(parse('\ufeffa = 1\n').tokens[0]).toMatchObject({ kind: 'BOM', start: 0, end: 1 });
    expect(parse('a = 1\n').tokens[0]?.kind).toBe('Ident');
  });

  it('keeps mixed line endings and lone carriage returns byte for byte', () => {
    for (const text of ['a = 1\r\nb = 2\nc = 3\r\n', 'a = 1\rb = 2\n', 'a = <<EOF\r\nx\ny\r\nEOF\n']) {
      expect(print(parse(text))).toBe(text);
    }
  });

  it('stays lossless for broken files', () => {
    for (const text of ['a = "x\n', 'a {\n', 'a = <<EOF\nx\n', '/* open', 'a = [1, 2\nb = }', '"${', '%{ if', '}}}', 'a = ${x}\n']) {
      const file = parse(text);
      expect(file.diagnostics.length, JSON.stringify(text)).toBeGreaterThan(0);
      expect(print(file)).toBe(text);
      expectTiles(file);
    }
  });
});
