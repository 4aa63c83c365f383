import type { Attribute, Block, Body, Expression, Heredoc, Node } from './cst.js';

// The lookups below run for almost every node a rule looks at, mostly before
// V8 has optimised them: they use index loops, which the interpreter runs
// several times faster than `for…of` (no iterator object and `next` call per item).

/** The first attribute named `name` directly in `body`. */
export function getAttribute(body: Body, name: string): Attribute | undefined {
  const items = body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Attribute' && item.name === name) return item;
  }
  return undefined;
}

/** Every attribute named `name` directly in `body`, in source order (duplicates included). */
export function getAttributes(body: Body, name: string): Attribute[] {
  const out: Attribute[] = [];
  const items = body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Attribute' && item.name === name) out.push(item);
  }
  return out;
}

function hasLabels(block: Block, labels: readonly string[]): boolean {
  for (let i = 0; i < labels.length; i++) if (block.labels[i]?.value !== labels[i]) return false;
  return true;
}

/** The blocks of `type` directly in `body` whose first labels equal `labels` (a prefix match; none given matches all). */
export function getBlocks(body: Body, type: string, ...labels: string[]): Block[] {
  const out: Block[] = [];
  const items = body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Block' && item.type === type && hasLabels(item, labels)) out.push(item);
  }
  return out;
}

/** Go's `unicode.IsSpace` for the characters that matter at a line start. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Removes the common leading whitespace of a `<<-` heredoc's text the way
 * hclsyntax does: whitespace-only lines neither count nor change, and the
 * width is counted in characters (a tab is one).
 */
function flushHeredocText(text: string): string {
  const lines: string[] = [];
  let from = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    lines.push(text.slice(from, i + 1));
    from = i + 1;
  }
  if (from < text.length) lines.push(text.slice(from));
  let min = Infinity;
  const lead: number[] = [];
  for (const line of lines) {
    let units = 0;
    let chars = 0;
    while (units < line.length && isSpace(line.charCodeAt(units))) {
      units++;
      chars++;
    }
    const blank = units === line.length && line.endsWith('\n');
    lead.push(blank ? -1 : chars);
    if (!blank && chars < min) min = chars;
  }
  if (min === Infinity || min === 0) return text;
  return lines.map((line, i) => (lead[i]! < 0 ? line : line.slice(min))).join('');
}

function heredocValue(expr: Heredoc): string | undefined {
  if (expr.parts.length === 0) return '';
  const only = expr.parts[0];
  if (expr.parts.length !== 1 || only?.kind !== 'TemplateText') return undefined;
  return expr.indented ? flushHeredocText(only.value) : only.value;
}

/**
 * The string value of a literal string: a quoted template made only of text
 * (escapes decoded), or a heredoc whose body is one text run (`<<-` indentation
 * removed). `undefined` for anything with interpolations, directives or
 * another expression kind.
 */
export function stringValue(expr: Expression): string | undefined {
  if (expr.kind === 'Heredoc') return heredocValue(expr);
  if (expr.kind !== 'Template') return undefined;
  const parts = expr.parts;
  if (parts.length === 1) return parts[0]!.kind === 'TemplateText' ? parts[0]!.value : undefined;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind !== 'TemplateText') return undefined;
    out += part.value;
  }
  return out;
}

/** Whether `value` can be written between quotes as it is (no escape needed). */
function isPlainQuotable(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || ((c === 36 || c === 37) && value.charCodeAt(i + 1) === 123)) return false;
  }
  return true;
}

/** `value` as an HCL quoted string literal. */
function quoteHcl(value: string): string {
  if (isPlainQuotable(value)) return `"${value}"`;
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

/** Whether `raw` is a non-empty run of ASCII digits. */
function isDigits(raw: string): boolean {
  if (raw.length === 0) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function indexKeyText(key: Expression): string | undefined {
  if (key.kind === 'NumberLit') {
    const raw = key.raw;
    if (!isDigits(raw)) return undefined;
    if (raw.length === 1) return `[${raw}]`;
    let zeros = 0;
    while (zeros < raw.length - 1 && raw.charCodeAt(zeros) === 48) zeros++;
    return `[${raw.slice(zeros)}]`;
  }
  if (key.kind === 'Template') {
    const value = stringValue(key);
    return value === undefined ? undefined : `[${quoteHcl(value)}]`;
  }
  return undefined;
}

/**
 * The canonical text of a pure traversal (a variable root followed by
 * attribute steps and literal index keys), without whitespace: `var.x`,
 * `spec[0].template[0].spec[0].dns_config`, `metadata[0].annotations["keel.sh/policy"]`.
 * Legacy `.0` steps are written `[0]`. `undefined` for any other expression.
 */
export function traversalPath(expr: Expression): string | undefined {
  let path = '';
  let e: Expression = expr;
  for (;;) {
    switch (e.kind) {
      case 'Variable':
        return e.name + path;
      case 'GetAttr':
        path = `.${e.name}${path}`;
        e = e.object;
        break;
      case 'Index': {
        const key = indexKeyText(e.key);
        if (key === undefined) return undefined;
        path = key + path;
        e = e.object;
        break;
      }
      default:
        return undefined;
    }
  }
}

/** Is `expr` a pure traversal (what hclsyntax calls a scope traversal)? See `traversalPath`. */
export function isTraversal(expr: Expression): boolean {
  return traversalPath(expr) !== undefined;
}

/** The spaces and tabs at the start of the line that contains `offset` (after a BOM on the first line). */
export function indentationAt(source: string, offset: number): string {
  let start = Math.max(0, Math.min(offset, source.length));
  while (start > 0) {
    const c = source.charCodeAt(start - 1);
    if (c === 10 || c === 13) break;
    start--;
  }
  if (start === 0 && source.charCodeAt(0) === 0xfeff) start = 1;
  let end = start;
  while (end < source.length) {
    const c = source.charCodeAt(end);
    if (c !== 32 && c !== 9) break;
    end++;
  }
  return source.slice(start, end);
}

/** The blocks that contain `node` (not `node` itself), outermost first. */
export function enclosingBlocks(node: Node): Block[] {
  const out: Block[] = [];
  for (let p = node.parent; p !== undefined; p = p.parent) {
    if (p.kind === 'Block') out.push(p);
  }
  return out.reverse();
}

/**
 * The address of the outermost block that is or contains `node`: its type and
 * labels joined by dots (`resource.kubernetes_deployment.web`, `module.nfs_data`,
 * `locals`); '' when `node` is not inside a block.
 */
export function blockAddress(node: Node): string {
  let outer: Block | undefined;
  for (let p: Node | undefined = node; p !== undefined; p = p.parent) {
    if (p.kind === 'Block') outer = p;
  }
  if (outer === undefined) return '';
  return [outer.type, ...outer.labels.map((label) => label.value)].join('.');
}
