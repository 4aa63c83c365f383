/**
 * The JSON view of a parsed HCL file: exactly the value `@cdktf/hcl2json`'s
 * `parse()` returns for the same source (deep-equal; key order aside).
 *
 * hcl2json is hclsyntax followed by a converter. The rules below were derived
 * empirically from hcl2json 0.21.0 (see test/hcl/json-view.test.ts, one case per
 * behaviour):
 *
 * - A body becomes an object. Attributes map to their converted value; a block
 *   nests one object level per label and its body is appended to an array at
 *   the innermost key (`resource "a" "b" {}` → `{resource: {a: {b: [{}]}}}`).
 *   An attribute replaces a block of the same name.
 * - Number, bool and null literals become JSON values; `-<number>` and
 *   `!<bool>` are evaluated. Tuples and objects are converted item by item.
 * - Every other expression becomes `"${" + its source text + "}"`: the raw
 *   slice of the source from the expression's first to last character
 *   (comments, newlines and CRLF inside it are kept).
 * - A quoted template or heredoc that is a single interpolation (`"${x}"`)
 *   converts as the interpolated expression (so `"${1}"` is the number 1).
 *   Any other template becomes a string: literal text (escapes decoded, then
 *   `${` and `%{` re-escaped as `$${` and `%%{`), literal interpolations
 *   converted to text, other interpolations as `${source}`, directives as
 *   `%{if cond}…%{else}…%{endif}` / `%{for k, v in coll}…%{endfor}` with
 *   spacing and strip markers normalised. A conditional interpolated into a
 *   longer template is rendered as an `%{if}` directive.
 * - Strip markers and `<<-` indentation removal follow hclsyntax token by
 *   token: a `~` trims only the adjacent literal token (in a heredoc one
 *   token is at most one line), and indentation is removed after stripping.
 *
 * All offsets are UTF-16 code-unit indexes into `File.source`.
 */
import type {
  Block,
  Body,
  Expression,
  File,
  Heredoc,
  Node,
  Template,
  TemplatePart,
  Unary,
} from './cst.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Thrown where hcl2json fails too (its message is paraphrased, not copied). */
export class JsonViewError extends Error {
  override name = 'JsonViewError';
}

/** The hcl2json `parse()` value of `file`. Throws `JsonViewError` when hcl2json would reject the file. */
export function toJson(file: File): Record<string, unknown> {
  const first = file.diagnostics[0];
  if (first !== undefined) {
    throw new JsonViewError(`${file.path}:${first.line}:${first.column}: ${first.summary}; ${first.detail}`);
  }
  return new Converter(file).body(file.body);
}

/** A template token after hclsyntax's scanning: literal runs, sequences and directive clauses. */
type TemplateToken =
  | { kind: 'literal'; value: string }
  | { kind: 'interp'; expr: Expression; stripLeft: boolean; stripRight: boolean }
  | { kind: 'if'; condition: Expression; stripLeft: boolean; stripRight: boolean }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; collection: Expression; stripLeft: boolean; stripRight: boolean }
  | { kind: 'else' | 'endif' | 'endfor'; stripLeft: boolean; stripRight: boolean };

/** A template after hclsyntax's parse: the parts of a `TemplateExpr`. */
type TemplateNode =
  | { kind: 'literal'; value: string }
  | { kind: 'expr'; expr: Expression }
  | { kind: 'if'; condition: Expression; then: TemplateNode[]; else: TemplateNode[] | undefined }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; collection: Expression; body: TemplateNode[] };

/** A template is either a single interpolation (passed through) or a string built from parts. */
type TemplateShape = { passthrough: Expression } | { parts: TemplateNode[] };

/** Raised while converting a template part that hcl2json fails to evaluate. */
class PartError extends JsonViewError {}

const leadingSpace = /^\p{White_Space}+/u;
const trailingSpace = /\p{White_Space}+$/u;
/** Created on first use: building a Segmenter loads ICU break data (~15 ms), which most runs never need. */
let segmenter: Intl.Segmenter | undefined;

class Converter {
  private readonly source: string;
  private readonly path: string;

  constructor(file: File) {
    this.source = file.source;
    this.path = file.path;
  }

  body(body: Body): JsonObject {
    const out: JsonObject = {};
    for (const item of body.items) {
      if (item.kind === 'Block') this.block(item, out);
    }
    const seen = new Map<string, Node>();
    for (const item of body.items) {
      if (item.kind !== 'Attribute') continue;
      const previous = seen.get(item.name);
      if (previous !== undefined) {
        throw new JsonViewError(
          `${this.path}:${item.line}:${item.column}: Attribute redefined; the argument "${item.name}" was already set at line ${previous.line}`,
        );
      }
      seen.set(item.name, item);
      setKey(out, item.name, this.expression(item.value));
    }
    return out;
  }

  /** Nests one object per label, then appends the body to the array at the innermost key. */
  private block(block: Block, root: JsonObject): void {
    let out = root;
    let key = block.type;
    for (const label of block.labels) {
      const existing = getKey(out, key);
      if (existing === undefined) {
        const inner: JsonObject = {};
        setKey(out, key, inner);
        out = inner;
      } else if (isObject(existing)) {
        out = existing;
      } else {
        const name = [block.type, ...block.labels.map((l) => l.value)].join('.');
        throw new JsonViewError(`${this.path}:${block.line}:${block.column}: unable to convert block ${name} to JSON`);
      }
      key = label.value;
    }
    const value = this.body(block.body);
    const existing = getKey(out, key);
    if (existing === undefined) {
      setKey(out, key, [value]);
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      throw new JsonViewError(
        `${this.path}:${block.line}:${block.column}: invalid HCL for "${key}" block: cannot have blocks with and without labels`,
      );
    }
  }

  private expression(expr: Expression): JsonValue {
    switch (expr.kind) {
      case 'NumberLit':
        return Number(expr.raw);
      case 'BoolLit':
        return expr.value;
      case 'NullLit':
        return null;
      case 'Template':
      case 'Heredoc': {
        const shape = this.templateShape(expr);
        if ('passthrough' in shape) return this.expression(shape.passthrough);
        return this.partsText(shape.parts);
      }
      case 'Tuple':
        return expr.items.map((item) => this.expression(item.value));
      case 'Object': {
        const out: JsonObject = {};
        for (const item of expr.items) setKey(out, this.objectKey(item.key), this.expression(item.value));
        return out;
      }
      case 'Unary':
        return this.unary(expr);
      default:
        return this.wrap(expr);
    }
  }

  /** `-<number>` and `!<bool>` are evaluated; any other operand keeps the expression as source. */
  private unary(expr: Unary): JsonValue {
    const operand = expr.operand;
    if (operand.kind !== 'NumberLit' && operand.kind !== 'BoolLit' && operand.kind !== 'NullLit') {
      return this.wrap(expr);
    }
    if (expr.operator === '-' && operand.kind === 'NumberLit') return -Number(operand.raw);
    if (expr.operator === '!' && operand.kind === 'BoolLit') return !operand.value;
    throw new JsonViewError(
      `${this.path}:${operand.line}:${operand.column}: Invalid operand; unsuitable value for unary operator "${expr.operator}"`,
    );
  }

  /** Traversal keys (`a`, `a.b`, `a["b"]`) keep their source text; any other key converts like a template part. */
  private objectKey(key: Expression): string {
    if (isTraversal(key)) return this.text(key);
    return this.partText(key);
  }

  /** hclsyntax's text of an expression: its source slice, plus a directly following `)` (hcl2json's range fix-up). */
  private text(node: Node): string {
    const end = this.source.charCodeAt(node.end) === 0x29 ? node.end + 1 : node.end;
    return this.source.slice(node.start, end);
  }

  private wrap(node: Node): string {
    return '${' + this.text(node) + '}';
  }

  /** An expression in string context: inside a template, as an object key, or as a branch of a template conditional. */
  private partText(expr: Expression): string {
    switch (expr.kind) {
      case 'NumberLit':
        return decimalText(expr.raw);
      case 'BoolLit':
        return expr.value ? 'true' : 'false';
      case 'NullLit':
        return 'null';
      case 'Template':
      case 'Heredoc': {
        const shape = this.templateShape(expr);
        if ('passthrough' in shape) return this.partText(shape.passthrough);
        return this.partsText(shape.parts);
      }
      case 'Conditional':
        return this.conditionalText(
          expr.condition,
          () => this.partText(expr.trueExpr),
          () => this.partText(expr.falseExpr),
        );
      default:
        return this.wrap(expr);
    }
  }

  /**
   * The text of a template's parts (hcl2json's convertTemplate). A single
   * literal part is evaluated as a whole, and a null there is an error.
   */
  private partsText(parts: TemplateNode[]): string {
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.kind === 'expr' && only.expr.kind === 'NullLit') {
      throw new PartError(`${this.path}:${only.expr.line}:${only.expr.column}: null value in a string template`);
    }
    let out = '';
    for (const part of parts) out += this.nodeText(part);
    return out;
  }

  private nodeText(part: TemplateNode): string {
    switch (part.kind) {
      case 'literal':
        return escapeTemplate(part.value);
      case 'expr':
        return this.partText(part.expr);
      case 'if': {
        const elseParts = part.else;
        return this.conditionalText(
          part.condition,
          () => this.partsText(part.then),
          () => (elseParts === undefined ? '' : this.partsText(elseParts)),
        );
      }
      case 'for': {
        const vars = part.keyVar === undefined ? part.valueVar : `${part.keyVar}, ${part.valueVar}`;
        return `%{for ${vars} in ${this.text(part.collection)}}${this.partsText(part.body)}%{endfor}`;
      }
    }
  }

  /**
   * hcl2json's rendering of a conditional in a template: a failing true
   * branch empties the whole directive, a failing or empty false branch
   * drops the `%{else}`.
   */
  private conditionalText(condition: Expression, then: () => string, otherwise: () => string): string {
    let thenText: string;
    try {
      thenText = then();
    } catch (error) {
      if (error instanceof PartError) return '';
      throw error;
    }
    let elseText: string;
    try {
      elseText = otherwise();
    } catch (error) {
      if (!(error instanceof PartError)) throw error;
      elseText = '';
    }
    const elseClause = elseText === '' ? '' : `%{else}${elseText}`;
    return `%{if ${this.text(condition)}}${thenText}${elseClause}%{endif}`;
  }

  /** Re-creates hclsyntax's view of a template: tokens, strip markers, heredoc flush, literal melding, nesting. */
  private templateShape(template: Template | Heredoc): TemplateShape {
    const tokens = templateTokens(template);
    applyStripMarkers(tokens);
    if (template.kind === 'Heredoc' && template.indented) flushHeredoc(tokens);
    const first = tokens[0];
    if (tokens.length === 1 && first?.kind === 'interp') return { passthrough: first.expr };
    const cursor = { tokens: meldLiterals(tokens), index: 0 };
    return { parts: parseTemplateNodes(cursor) };
  }
}

/**
 * The tokens hclsyntax scans for a template. A quoted template's literal run is
 * one token; a heredoc's literal text is one token per line (the line ending
 * included) and one for text before a sequence.
 */
function templateTokens(template: Template | Heredoc): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let pending: string | undefined;
  const flushText = (): void => {
    if (pending === undefined) return;
    if (template.kind === 'Heredoc') {
      let from = 0;
      for (;;) {
        const newline = pending.indexOf('\n', from);
        if (newline < 0) break;
        tokens.push({ kind: 'literal', value: pending.slice(from, newline + 1) });
        from = newline + 1;
      }
      if (from < pending.length) tokens.push({ kind: 'literal', value: pending.slice(from) });
    } else {
      tokens.push({ kind: 'literal', value: pending });
    }
    pending = undefined;
  };
  const visit = (parts: TemplatePart[]): void => {
    for (const part of parts) {
      switch (part.kind) {
        case 'TemplateText':
          pending = (pending ?? '') + part.value;
          break;
        case 'TemplateInterpolation':
          flushText();
          tokens.push({ kind: 'interp', expr: part.expr, stripLeft: part.stripLeft, stripRight: part.stripRight });
          break;
        case 'TemplateIf': {
          flushText();
          const { ifDirective: open, elseDirective: otherwise, endDirective: end } = part;
          tokens.push({ kind: 'if', condition: part.condition, stripLeft: open.stripLeft, stripRight: open.stripRight });
          visit(part.then);
          flushText();
          if (otherwise !== undefined) {
            tokens.push({ kind: 'else', stripLeft: otherwise.stripLeft, stripRight: otherwise.stripRight });
            visit(part.else);
            flushText();
          }
          tokens.push({ kind: 'endif', stripLeft: end?.stripLeft ?? false, stripRight: end?.stripRight ?? false });
          break;
        }
        case 'TemplateFor': {
          flushText();
          const { forDirective: open, endDirective: end } = part;
          tokens.push({
            kind: 'for',
            keyVar: part.keyVar,
            valueVar: part.valueVar,
            collection: part.collection,
            stripLeft: open.stripLeft,
            stripRight: open.stripRight,
          });
          visit(part.body);
          flushText();
          tokens.push({ kind: 'endfor', stripLeft: end?.stripLeft ?? false, stripRight: end?.stripRight ?? false });
          break;
        }
      }
    }
  };
  visit(template.parts);
  flushText();
  return tokens;
}

/** `${~`/`%{~` trims the end of the literal token just before; `~}` trims the start of the one just after. */
function applyStripMarkers(tokens: TemplateToken[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'literal') continue;
    const before = tokens[i - 1];
    if (token.stripLeft && before?.kind === 'literal') before.value = before.value.replace(trailingSpace, '');
    const after = tokens[i + 1];
    if (token.stripRight && after?.kind === 'literal') after.value = after.value.replace(leadingSpace, '');
  }
}

/**
 * `<<-` indentation removal, as hclsyntax does it after stripping: the first
 * token of each line counts (a sequence counts as zero, a blank line not at
 * all), and the common prefix, in grapheme clusters, is removed from each
 * counted line. A line whose line ending a strip marker removed is joined to
 * the next, which is then not a line start.
 */
function flushHeredoc(tokens: TemplateToken[]): void {
  let min = Infinity;
  let lineStart = true;
  const adjust: { kind: 'literal'; value: string }[] = [];
  for (const token of tokens) {
    if (lineStart) {
      lineStart = false;
      if (token.kind !== 'literal') {
        min = 0;
      } else {
        const prefix = leadingSpace.exec(token.value)?.[0] ?? '';
        if (prefix.length !== token.value.length || !token.value.endsWith('\n')) {
          min = Math.min(min, prefix.length); // white space is BMP: one unit, one cluster
          adjust.push(token);
        }
      }
    }
    if (token.kind === 'literal' && token.value.endsWith('\n')) lineStart = true;
  }
  if (min === 0 || min === Infinity) return;
  for (const token of adjust) token.value = dropClusters(token.value, min);
}

/** Removes the first `count` grapheme clusters of `text`, whose first `count` code points are white space. */
function dropClusters(text: string, count: number): string {
  const next = text.codePointAt(count) ?? 0;
  if (next < 0x300) return text.slice(count);
  let dropped = 0;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { index } of segmenter.segment(text)) {
    if (dropped === count) return text.slice(index);
    dropped++;
  }
  return '';
}

function meldLiterals(tokens: TemplateToken[]): TemplateToken[] {
  const out: TemplateToken[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (token.kind === 'literal' && last?.kind === 'literal') last.value += token.value;
    else out.push(token);
  }
  return out;
}

/** Nests directive bodies; stops before an `else`/`endif`/`endfor` that closes the caller's directive. */
function parseTemplateNodes(cursor: { tokens: TemplateToken[]; index: number }): TemplateNode[] {
  const nodes: TemplateNode[] = [];
  for (;;) {
    const token = cursor.tokens[cursor.index];
    if (token === undefined) return nodes;
    switch (token.kind) {
      case 'else':
      case 'endif':
      case 'endfor':
        return nodes;
      case 'literal':
        cursor.index++;
        nodes.push({ kind: 'literal', value: token.value });
        break;
      case 'interp':
        cursor.index++;
        nodes.push({ kind: 'expr', expr: token.expr });
        break;
      case 'if': {
        cursor.index++;
        const then = parseTemplateNodes(cursor);
        let otherwise: TemplateNode[] | undefined;
        if (cursor.tokens[cursor.index]?.kind === 'else') {
          cursor.index++;
          otherwise = parseTemplateNodes(cursor);
        }
        cursor.index++;
        nodes.push({ kind: 'if', condition: token.condition, then, else: otherwise });
        break;
      }
      case 'for': {
        cursor.index++;
        const body = parseTemplateNodes(cursor);
        cursor.index++;
        const { keyVar, valueVar, collection } = token;
        nodes.push({ kind: 'for', keyVar, valueVar, collection, body });
        break;
      }
    }
  }
}

/** hclsyntax's `ScopeTraversalExpr`: a variable followed by attribute and literal-index steps. */
function isTraversal(expr: Expression): boolean {
  switch (expr.kind) {
    case 'Variable':
      return true;
    case 'GetAttr':
      return isTraversal(expr.object);
    case 'Index':
      return (expr.legacy || isLiteralKey(expr.key)) && isTraversal(expr.object);
    default:
      return false;
  }
}

function isLiteralKey(key: Expression): boolean {
  switch (key.kind) {
    case 'NumberLit':
    case 'BoolLit':
    case 'NullLit':
      return true;
    case 'Template':
    case 'Heredoc':
      return key.parts.every((part) => part.kind === 'TemplateText');
    default:
      return false;
  }
}

/** A literal string as hcl2json prints it: template sequences re-escaped. */
function escapeTemplate(text: string): string {
  return text.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/**
 * A number literal as cty prints it in a string: plain decimal notation with
 * no exponent and no redundant zeros (`1e3` → `1000`, `1.50` → `1.5`).
 */
export function decimalText(raw: string): string {
  const match = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (match === null) return raw;
  const fraction = match[2] ?? '';
  let digits = (match[1]! + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = Number(match[3] ?? '0') - fraction.length;
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  if (Math.abs(exponent) > 100_000) return String(Number(raw));
  if (exponent >= 0) return digits + '0'.repeat(exponent);
  const point = digits.length + exponent;
  if (point > 0) return `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `0.${'0'.repeat(-point)}${digits}`;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getKey(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Assigns an own property, also for `__proto__`. */
function setKey(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
