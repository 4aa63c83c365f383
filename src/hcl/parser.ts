import type {
  Attribute,
  Binary,
  BinaryOperator,
  Block,
  BlockLabel,
  Body,
  BodyItem,
  Comment,
  Conditional,
  Diagnostic,
  Directive,
  ErrorExpr,
  Expression,
  File,
  ForExpr,
  FunctionCall,
  GetAttr,
  Heredoc,
  Index,
  Node,
  NumberLit,
  ObjectExpr,
  ObjectItem,
  Parens,
  Range,
  Splat,
  Template,
  TemplateFor,
  TemplateIf,
  TemplateInterpolation,
  TemplatePart,
  TemplateText,
  Token,
  Tuple,
  TupleItem,
  Unary,
} from './cst.js';
import {
  AND,
  BANG,
  BOM,
  CBRACE,
  CBRACK,
  CHEREDOC,
  COLON,
  COMMA,
  COMMENT,
  CPAREN,
  CQUOTE,
  DOT,
  ELLIPSIS,
  EOF,
  EQUAL,
  EQUAL_OP,
  FAT_ARROW,
  GREATER_THAN,
  GREATER_THAN_EQ,
  IDENT,
  INVALID,
  LESS_THAN,
  LESS_THAN_EQ,
  MINUS,
  NEWLINE,
  NOT_EQUAL,
  NUMBER,
  OBRACE,
  OBRACK,
  OHEREDOC,
  OPAREN,
  OQUOTE,
  OR,
  PERCENT,
  PLUS,
  QUESTION,
  SLASH,
  STAR,
  TEMPLATE_CONTROL,
  TEMPLATE_INTERP,
  TEMPLATE_LITERAL,
  TEMPLATE_SEQ_END,
  WHITESPACE,
  lex,
  scan,
  type TokenTable,
} from './lexer.js';
import { children } from './walk.js';

/**
 * The deepest nesting the parser descends into: blocks, brackets, parentheses,
 * unary operators, template directives, and the links of operator and
 * traversal chains (`a + b + c` and `a.b.c` nest to the left) all count. Past
 * it the parser reports "Nesting too deep" and stops, so neither the parser nor
 * a recursive consumer of the tree can overflow the stack.
 */
export const MAX_NESTING_DEPTH = 500;

/** The precedence of each binary operator token kind (0: not a binary operator). */
const PRECEDENCE = new Uint8Array(EOF + 1);
/** The operator text of each binary operator token kind. */
const OPERATOR: BinaryOperator[] = [];
for (const [kind, precedence, operator] of [
  [OR, 1, '||'],
  [AND, 2, '&&'],
  [EQUAL_OP, 3, '=='],
  [NOT_EQUAL, 3, '!='],
  [LESS_THAN, 4, '<'],
  [LESS_THAN_EQ, 4, '<='],
  [GREATER_THAN, 4, '>'],
  [GREATER_THAN_EQ, 4, '>='],
  [PLUS, 5, '+'],
  [MINUS, 5, '-'],
  [STAR, 6, '*'],
  [SLASH, 6, '/'],
  [PERCENT, 6, '%'],
] as const) {
  PRECEDENCE[kind] = precedence;
  OPERATOR[kind] = operator;
}

/** Quoted-template text that needs decoding contains a backslash, or a `{` (of a `$${` or `%%{` escape). */
const HAS_ESCAPES = /[\\{]/;

/** The syntax of a valid number literal (the lexer's number tokens may be longer). */
const NUMBER_SYNTAX = /^\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/** A closing token kind: `CBRACE`, `CBRACK`, `CPAREN` or `TEMPLATE_SEQ_END`. */
type Closer = number;

function isOpener(k: number): boolean {
  return k === OBRACE || k === OBRACK || k === OPAREN || k === TEMPLATE_INTERP || k === TEMPLATE_CONTROL;
}

function isCloser(k: number): boolean {
  return k === CBRACE || k === CBRACK || k === CPAREN || k === TEMPLATE_SEQ_END;
}

function span(a: Range, b: Range): Range {
  return { start: a.start, end: b.end, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

/*
 * Builders for the node kinds the parser creates in more than one place. Each
 * node kind is built by a single object literal (here, or at its only
 * construction site) with the fields in CST order, so all nodes of a kind
 * share one V8 hidden class. The builders set the parent links of the
 * children they receive.
 */

function bodyNode(
  start: number,
  end: number,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  items: BodyItem[],
): Body {
  const node: Body = { kind: 'Body', parent: undefined, start, end, line, column, endLine, endColumn, items };
  for (let i = 0; i < items.length; i++) items[i]!.parent = node;
  return node;
}

function blockLabel(r: Range, value: string, quoted: boolean): BlockLabel {
  return {
    kind: 'BlockLabel',
    parent: undefined,
    start: r.start,
    end: r.end,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    value,
    quoted,
  };
}

function errorNode(r: Range): ErrorExpr {
  return {
    kind: 'ErrorExpr',
    parent: undefined,
    start: r.start,
    end: r.end,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
  };
}







function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** A code point as Go's `string(rune(n))` produces it: invalid ones become U+FFFD. */
function runeToString(n: number): string {
  if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(n);
}

/** Resolves the `$${` and `%%{` literal escapes, scanning left to right like the lexer does. */
export function unescapeTemplateSequences(raw: string): string {
  if (!raw.includes('{')) return raw;
  return raw.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** The nodes that own comments. */
type CommentedItem = Attribute | Block | TupleItem | ObjectItem;

/**
 * Recursive-descent parser over the lexer's token table, following hclsyntax's
 * grammar and newline rules. Token indexes (`ti`) index the table; node ranges
 * are built from its columns without per-token objects.
 *
 * `peek` skips trivia (whitespace, comments, the BOM). Newlines are
 * significant in bodies and objects and are skipped inside `()`, `[]`,
 * template sequences and `for` expressions: `nl` says which applies, and a
 * construct that changes it restores it right after consuming its closing
 * token, before peeking further.
 *
 * Error handling: the first error of an item is reported and `recovering`
 * suppresses the cascade until the body resynchronises at the next line (or a
 * bracketed construct skips to its closing token). `fatal` (nesting too deep)
 * unwinds everything. Every loop consumes a token per iteration or exits.
 *
 * Cost: a fresh process runs this in Ignition and Sparkplug until TurboFan has
 * compiled it, where every call and every object field is paid for, so the
 * common paths (body items, attributes, identifiers, traversals, `"text"`)
 * inline `peek`/`next` and build their nodes straight from the table, and
 * comment lookups wait until the tree is built (`attachComments`).
 */
class Parser {
  private readonly src: string;
  private readonly table: TokenTable;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly lines: Int32Array;
  private readonly columns: Int32Array;
  /** Token index of the next token to read (trivia before it may not be skipped yet). */
  private p = 0;
  /** Newlines are significant (returned by `peek`) when true. */
  private nl = true;
  /** Token index of the last consumed token (-1 before the first); it never decreases, so after consuming an opener it is at least the opener's index. */
  private last = -1;
  private depth = 0;
  private fatal = false;
  private recovering = false;
  readonly diagnostics: Diagnostic[] = [];
  private readonly commentNodes = new Map<number, Comment>();
  /** The token indexes of the comments, in source order. */
  private readonly commentTokens: number[];
  /** The file has comments (when it has none, items skip looking for theirs). */
  private readonly hasComments: boolean;
  /** The items whose comments `attachComments` looks up, in the order they were completed. */
  private readonly commented: CommentedItem[] = [];
  /** For each item in `commented`, two token indexes: where it starts, and the one its line comment may follow (-1: none). */
  private readonly commentedAt: number[] = [];

  constructor(src: string, table: TokenTable, commentTokens: number[]) {
    this.commentTokens = commentTokens;
    this.hasComments = commentTokens.length > 0;
    this.src = src;
    this.table = table;
    this.kinds = table.kinds;
    this.starts = table.starts;
    this.lines = table.lines;
    this.columns = table.columns;
  }

  // ---- token access

  private kindAt(ti: number): number {
    return this.kinds[ti]!;
  }

  private startOf(ti: number): number {
    return this.starts[ti]!;
  }

  private endOf(ti: number): number {
    return this.starts[ti + 1]!;
  }

  /**
   * The kind of the current significant token: skips trivia, and newlines
   * too when they are not significant (`nl` false). Skipped tokens are never
   * significant later, so `p` moves past them for good.
   */
  private peek(): number {
    const kinds = this.kinds;
    const limit = this.nl ? NEWLINE : NEWLINE + 1;
    let p = this.p;
    while (kinds[p]! < limit) p++;
    this.p = p;
    return kinds[p]!;
  }

  /** The kind of the significant token after the current one (newlines skipped as `nl` says). */
  private peek2(): number {
    if (this.peek() === EOF) return EOF;
    const kinds = this.kinds;
    const limit = this.nl ? NEWLINE : NEWLINE + 1;
    let q = this.p + 1;
    while (kinds[q]! < limit) q++;
    return kinds[q]!;
  }

  /** Token index of the current significant token. */
  private cur(): number {
    this.peek();
    return this.p;
  }

  /** Consumes the current significant token and returns its index; EOF is never consumed. */
  private next(): number {
    const k = this.peek();
    const ti = this.p;
    if (k !== EOF) {
      this.p++;
      this.last = ti;
    }
    return ti;
  }

  private text(ti: number): string {
    return this.src.slice(this.starts[ti], this.starts[ti + 1]);
  }

  private curIsKeyword(word: string): boolean {
    if (this.peek() !== IDENT) return false;
    const start = this.starts[this.p]!;
    return this.starts[this.p + 1]! - start === word.length && this.src.startsWith(word, start);
  }

  // ---- ranges

  /** The range from the start of token `a` to the end of token `b` (inclusive indexes; `b + 1` is always readable). */
  private tokRange(a: number, b: number): Range {
    const { starts, lines, columns } = this;
    return {
      start: starts[a]!,
      end: starts[b + 1]!,
      line: lines[a]!,
      column: columns[a]!,
      endLine: lines[b + 1]!,
      endColumn: columns[b + 1]!,
    };
  }

  /** The range of token `ti`, or undefined when it is absent (`ti` is -1). */
  private optTokRange(ti: number): Range | undefined {
    return ti >= 0 ? this.tokRange(ti, ti) : undefined;
  }

  /**
   * Between the opening token `openTi` and the closing token `closeTi`,
   * excluding both; when the closer is missing (-1), up to the end of the last
   * consumed token.
   */
  private inside(openTi: number, closeTi: number): Range {
    const a = openTi + 1;
    const b = closeTi >= 0 ? closeTi : this.last + 1;
    const { starts, lines, columns } = this;
    return { start: starts[a]!, end: starts[b]!, line: lines[a]!, column: columns[a]!, endLine: lines[b]!, endColumn: columns[b]! };
  }

  /** A zero-width range at the start of token `ti`. */
  private emptyAt(ti: number): Range {
    const { starts, lines, columns } = this;
    return { start: starts[ti]!, end: starts[ti]!, line: lines[ti]!, column: columns[ti]!, endLine: lines[ti]!, endColumn: columns[ti]! };
  }

  /** The position of `offset`, which lies inside token `ti` (code points counted from the token start). */
  private positionIn(ti: number, offset: number): { line: number; column: number } {
    const start = this.starts[ti]!;
    let line = this.lines[ti]!;
    let column = this.columns[ti]!;
    for (let i = start; i < offset; i++) {
      const c = this.src.charCodeAt(i);
      if (c === 10 || (c === 13 && this.src.charCodeAt(i + 1) !== 10)) {
        line++;
        column = 1;
      } else if (!(c >= 0xdc00 && c <= 0xdfff && i > start)) {
        column++;
      }
    }
    return { line, column };
  }

  // ---- diagnostics

  private describe(ti: number): string {
    switch (this.kindAt(ti)) {
      case EOF:
        return 'the end of the file';
      case NEWLINE:
        return 'the end of the line';
      case OQUOTE:
        return 'a quoted string';
      case OHEREDOC:
        return 'a heredoc';
      case TEMPLATE_LITERAL:
        return 'literal text';
      case CQUOTE:
        return 'the end of the string';
      case CHEREDOC:
        return 'the end of the heredoc';
      case NUMBER:
        return `the number ${this.text(ti)}`;
      default: {
        const text = this.text(ti);
        return `"${text.length > 24 ? `${text.slice(0, 24)}…` : text}"`;
      }
    }
  }

  private report(summary: string, detail: string, range: Range): void {
    this.diagnostics.push({ severity: 'error', summary, detail, ...range });
  }

  /** Reports an error at token `ti` (or `range`) unless an earlier error of this item is being recovered from. */
  private fail(ti: number, summary: string, detail: string, range?: Range): void {
    if (this.fatal || this.recovering) return;
    this.recovering = true;
    // The lexer has already reported an invalid character.
    if (range === undefined && this.kindAt(ti) === INVALID) return;
    this.report(summary, detail, range ?? this.tokRange(ti, ti));
  }

  private tooDeep(): void {
    if (this.fatal) return;
    const ti = this.cur();
    this.report(
      'Nesting too deep',
      `Found more than ${MAX_NESTING_DEPTH} levels of nested blocks, brackets or operators here; expected a shallower structure.`,
      this.tokRange(ti, ti),
    );
    this.fatal = true;
  }

  /** Enters one nesting level; false (and fatal) when that is too deep. The caller leaves with `depth--` only on success. */
  private enter(): boolean {
    if (this.depth >= MAX_NESTING_DEPTH) {
      this.tooDeep();
      return false;
    }
    this.depth++;
    return true;
  }

  /** A zero-width error expression just after the last consumed token. */
  private errorExpr(): ErrorExpr {
    return errorNode(this.emptyAt(this.last + 1));
  }

  /** An error expression covering the tokens from `a` to the last consumed one. */
  private errorSpan(a: number): ErrorExpr {
    return errorNode(this.tokRange(a, Math.max(a, this.last)));
  }

  /**
   * Skips to the end of the current line at bracket depth 0 (consuming the
   * newline), or to a `}` at depth 0 (not consumed: it may close the enclosing
   * block), or to EOF.
   */
  private skipLine(): void {
    let depth = 0;
    for (;;) {
      const k = this.kindAt(this.p);
      if (k === EOF) return;
      if (k === NEWLINE && depth === 0) {
        this.next();
        return;
      }
      if (k === CBRACE && depth === 0) return;
      if (isOpener(k)) depth++;
      else if (isCloser(k) && depth > 0) depth--;
      if (this.kinds[this.p]! >= NEWLINE) this.last = this.p;
      this.p++;
    }
  }

  /**
   * Skips to the `closer` that matches the construct being parsed (nested
   * brackets are balanced) and consumes it; returns its token index, or -1 when
   * EOF or a different closing token at depth 0 comes first (not consumed).
   */
  private skipToCloser(closer: Closer): number {
    let depth = 0;
    for (;;) {
      const k = this.kindAt(this.p);
      if (k === EOF) return -1;
      if (isCloser(k)) {
        if (depth === 0) {
          if (k !== closer) return -1;
          const ti = this.p;
          this.last = ti;
          this.p++;
          return ti;
        }
        depth--;
      } else if (isOpener(k)) {
        depth++;
      }
      if (this.kinds[this.p]! >= NEWLINE) this.last = this.p;
      this.p++;
    }
  }

  /**
   * Consumes `closer` when it is the current token; otherwise reports
   * `summary` with the detail "Found …; `expected`" and skips to the matching
   * closer. Returns the closer's index, or the last consumed token's when
   * there is none.
   */
  private expectCloser(closer: Closer, summary: string, expected: string): number {
    if (this.peek() === closer) return this.next();
    const ti = this.cur();
    this.fail(ti, summary, `Found ${this.describe(ti)}; ${expected}`);
    const closeTi = this.skipToCloser(closer);
    return closeTi >= 0 ? closeTi : this.last;
  }

  // ---- comments

  private commentNode(ti: number): Comment {
    let node = this.commentNodes.get(ti);
    if (node === undefined) {
      const text = this.text(ti);
      const style = text.charCodeAt(0) === 35 ? '#' : text.charCodeAt(1) === 47 ? '//' : '/*';
      const r = this.tokRange(ti, ti);
      node = {
        kind: 'Comment',
        parent: undefined,
        start: r.start,
        end: r.end,
        line: r.line,
        column: r.column,
        endLine: r.endLine,
        endColumn: r.endColumn,
        style,
        text,
      };
      this.commentNodes.set(ti, node);
    }
    return node;
  }

  /**
   * Appends to `out` the comments on the lines directly above token `ti`
   * (hclwrite's lead comments): only when `ti` starts its line, collecting
   * comment-only lines upwards until a blank line or a line with other content.
   */
  private leadComments(ti: number, out: Comment[]): void {
    const kinds = this.kinds;
    let j = ti - 1;
    while (j >= 0 && (kinds[j] === WHITESPACE || kinds[j] === BOM)) j--;
    if (j < 0 || kinds[j] !== NEWLINE) return;
    /** The first token of the topmost comment-only line found so far. */
    let first = j;
    for (;;) {
      let k = j - 1;
      let lineHasComment = false;
      let onlyComments = true;
      while (k >= 0) {
        const kind = kinds[k];
        if (kind === NEWLINE) break;
        if (kind === COMMENT) {
          lineHasComment = true;
        } else if (kind !== WHITESPACE && kind !== BOM) {
          onlyComments = false;
          break;
        }
        k--;
      }
      if (!onlyComments || !lineHasComment) break;
      first = k + 1;
      if (k < 0) break;
      j = k;
    }
    // Between `first` and `ti` there are only those lines and blanks.
    for (let i = first; i < ti; i++) {
      if (kinds[i] === COMMENT) out.push(this.commentNode(i));
    }
  }


  /** The comment right after token `ti` on the same line (only whitespace between), if any. */
  private lineCommentAfter(ti: number): Comment | undefined {
    const kinds = this.kinds;
    let j = ti + 1;
    while (kinds[j] === WHITESPACE) j++;
    return kinds[j] === COMMENT ? this.commentNode(j) : undefined;
  }

  /**
   * Records `item`, which starts at token `startTi`, for `attachComments` when
   * it may own comments: its line comment may follow token `lastTi` (-1: it
   * has none).
   */
  private commentsLater(item: CommentedItem, startTi: number, lastTi: number): void {
    // Only items next to a comment can own one: one right after `lastTi`, or
    // one ending the line above `startTi` (what the lookups check first).
    const kinds = this.kinds;
    let j = lastTi + 1;
    while (kinds[j] === WHITESPACE) j++;
    if (lastTi < 0 || kinds[j] !== COMMENT) {
      let k = startTi - 1;
      while (k >= 0 && (kinds[k] === WHITESPACE || kinds[k] === BOM)) k--;
      if (k < 0 || kinds[k] !== NEWLINE) return;
      k--;
      while (k >= 0 && (kinds[k] === WHITESPACE || kinds[k] === BOM)) k--;
      if (k < 0 || kinds[k] !== COMMENT) return;
    }
    this.commented.push(item);
    this.commentedAt.push(startTi, lastTi);
  }

  /**
   * Gives the items recorded by `commentsLater` their lead and line comments
   * and makes it their parent. Items are recorded as they are completed, so
   * an inner item comes before the one that contains it, as if each took its
   * comments when it was built; the item lookups stay out of the parsing code.
   */
  attachComments(): void {
    const { commented, commentedAt } = this;
    for (let i = 0; i < commented.length; i++) {
      const item = commented[i]!;
      const lead = item.leadComments;
      this.leadComments(commentedAt[2 * i]!, lead);
      const lastTi = commentedAt[2 * i + 1]!;
      const line = lastTi >= 0 ? this.lineCommentAfter(lastTi) : undefined;
      item.lineComment = line;
      for (let c = 0; c < lead.length; c++) lead[c]!.parent = item;
      if (line !== undefined) line.parent = item;
    }
  }

  // ---- bodies

  /**
   * Parses body items into `items` until EOF or (in a block) a `}` at depth 0,
   * which is not consumed. An item is an attribute or a block, at its name.
   */
  parseBodyItems(items: BodyItem[], inBlock: boolean): void {
    const kinds = this.kinds;
    while (!this.fatal) {
      const before = this.p;
      // `peek`, inlined: this loop runs once per line of the file.
      const limit = this.nl ? NEWLINE : NEWLINE + 1;
      let p = before;
      while (kinds[p]! < limit) p++;
      this.p = p;
      const k = kinds[p]!;
      if (k === NEWLINE) {
        this.last = p;
        this.p = p + 1;
        continue;
      }
      if (k === EOF) return;
      if (k === IDENT) {
        const nameTi = p;
        this.p = nameTi + 1;
        this.last = nameTi;
        const next = this.peek();
        if (next === EQUAL) {
          items.push(this.parseAttribute(nameTi));
          const after = this.peek();
          if (after !== NEWLINE && after !== EOF) {
            const ti = this.cur();
            this.fail(
              ti,
              'Missing newline after argument',
              `Found ${this.describe(ti)} after the argument definition; expected a newline to end it.`,
            );
          }
        } else if (next === IDENT || next === OQUOTE || next === OBRACE) {
          const block = this.parseBlock(nameTi);
          if (block !== undefined) items.push(block);
        } else {
          this.badItem(nameTi, next);
        }
        if (this.recovering) this.skipLine();
      } else if (k === CBRACE) {
        if (inBlock) return;
        this.fail(
          this.cur(),
          'Argument or block definition required',
          'Found a closing brace "}" that closes no block; expected an argument or block definition.',
        );
        this.next();
      } else {
        const ti = this.cur();
        this.fail(
          ti,
          'Argument or block definition required',
          `Found ${this.describe(ti)}; expected an argument name or a block type at the start of the line.`,
        );
        this.skipLine();
      }
      this.recovering = false;
      if (this.p === before) this.next();
    }
  }

  /** Reports the name `nameTi` followed by `k`, which starts neither an attribute nor a block. */
  private badItem(nameTi: number, k: number): void {
    if (k === NEWLINE || k === EOF) {
      this.fail(
        nameTi,
        'Argument or block definition required',
        `Found the name "${this.text(nameTi)}" alone; expected an equals sign "=" to set an argument, or a "{" to open a block.`,
      );
    } else {
      const ti = this.cur();
      this.fail(
        ti,
        'Invalid block definition',
        `Found ${this.describe(ti)} after "${this.text(nameTi)}"; expected "=" for an argument, or block labels and an opening brace "{" for a block.`,
      );
    }
  }



  /** An attribute, at its `=` (the current token); `nameTi` is its name. */
  private parseAttribute(nameTi: number): Attribute {
    const eqTi = this.p;
    this.p = eqTi + 1;
    this.last = eqTi;
    const value = this.parseExpression();
    const { starts, lines, columns } = this;
    const start = starts[nameTi]!;
    const nameEnd = starts[nameTi + 1]!;
    const line = lines[nameTi]!;
    const column = columns[nameTi]!;
    const attr: Attribute = {
      kind: 'Attribute',
      parent: undefined,
      start,
      end: value.end,
      line,
      column,
      endLine: value.endLine,
      endColumn: value.endColumn,
      name: this.src.slice(start, nameEnd),
      nameRange: { start, end: nameEnd, line, column, endLine: lines[nameTi + 1]!, endColumn: columns[nameTi + 1]! },
      equalsRange: {
        start: starts[eqTi]!,
        end: starts[eqTi + 1]!,
        line: lines[eqTi]!,
        column: columns[eqTi]!,
        endLine: lines[eqTi + 1]!,
        endColumn: columns[eqTi + 1]!,
      },
      value,
      leadComments: [],
      lineComment: undefined,
    };
    value.parent = attr;
    if (this.hasComments) this.commentsLater(attr, nameTi, this.last);
    return attr;
  }

  private parseBlock(typeTi: number): Block | undefined {
    const labels: BlockLabel[] = [];
    for (;;) {
      const k = this.peek();
      if (k === IDENT) {
        const ti = this.next();
        labels.push(blockLabel(this.tokRange(ti, ti), this.text(ti), false));
      } else if (k === OQUOTE) {
        labels.push(this.parseQuotedLabel());
        if (this.recovering) return undefined;
      } else {
        break;
      }
    }
    const k = this.peek();
    if (k !== OBRACE) {
      const ti = this.cur();
      if (k === EQUAL) {
        this.fail(
          ti,
          'Invalid block definition',
          'Found an equals sign "=" after block labels; "=" introduces an argument and must not be used when defining a block.',
        );
      } else if (k === NEWLINE || k === EOF) {
        this.fail(
          ti,
          'Invalid block definition',
          `Found ${this.describe(ti)} in the block header; expected the block content delimited by "{" and "}", starting on the same line as the header.`,
        );
      } else {
        this.fail(
          ti,
          'Invalid block definition',
          `Found ${this.describe(ti)}; expected a quoted string block label or an opening brace ("{").`,
        );
      }
      return undefined;
    }
    if (!this.enter()) return undefined;
    const openTi = this.next();
    const items: BodyItem[] = [];
    let oneLine = false;
    let closeTi = -1;
    const first = this.peek();
    if (first === CBRACE) {
      oneLine = true;
      closeTi = this.next();
    } else if (first !== NEWLINE && first !== EOF) {
      oneLine = true;
      closeTi = this.parseOneLineBody(items);
    }
    if (closeTi < 0 && !this.fatal) {
      this.parseBodyItems(items, true);
      if (this.peek() === CBRACE) {
        closeTi = this.next();
      } else {
        this.fail(
          openTi,
          'Unclosed configuration block',
          'There is no closing brace for this block before the end of the file; expected a "}". This may be caused by incorrect brace nesting elsewhere in this file.',
        );
      }
    }
    this.depth--;
    if (closeTi >= 0 && !this.recovering) {
      const after = this.peek();
      if (after !== NEWLINE && after !== EOF) {
        const ti = this.cur();
        this.fail(
          ti,
          'Missing newline after block definition',
          `Found ${this.describe(ti)} after the block's closing brace; expected a newline to end the block definition.`,
        );
      }
    }
    const { starts, lines, columns } = this;
    // The body lies between the braces; without a closing brace, up to the end of the last consumed token.
    const bodyStart = openTi + 1;
    const bodyEnd = closeTi >= 0 ? closeTi : this.last + 1;
    const body = bodyNode(
      starts[bodyStart]!,
      starts[bodyEnd]!,
      lines[bodyStart]!,
      columns[bodyStart]!,
      lines[bodyEnd]!,
      columns[bodyEnd]!,
      items,
    );
    const start = starts[typeTi]!;
    const typeEnd = starts[typeTi + 1]!;
    const line = lines[typeTi]!;
    const column = columns[typeTi]!;
    const after = (closeTi >= 0 ? closeTi : this.last) + 1;
    const block: Block = {
      kind: 'Block',
      parent: undefined,
      start,
      end: starts[after]!,
      line,
      column,
      endLine: lines[after]!,
      endColumn: columns[after]!,
      type: this.src.slice(start, typeEnd),
      typeRange: { start, end: typeEnd, line, column, endLine: lines[typeTi + 1]!, endColumn: columns[typeTi + 1]! },
      labels,
      openBrace: this.tokRange(openTi, openTi),
      closeBrace: closeTi >= 0 ? this.tokRange(closeTi, closeTi) : undefined,
      body,
      oneLine,
      leadComments: [],
      lineComment: undefined,
    };
    for (const label of labels) label.parent = block;
    body.parent = block;
    if (this.hasComments) this.commentsLater(block, typeTi, closeTi);
    return block;
  }

  /**
   * The body of a single-line block `name { arg = value }`, after its `{`.
   * Returns the index of the consumed `}`, or -1 after an error (the caller
   * then parses the rest as a multi-line body to resynchronise).
   */
  private parseOneLineBody(items: BodyItem[]): number {
    const ti = this.cur();
    if (this.peek() === IDENT && this.peek2() === EQUAL) {
      const nameTi = this.next();
      this.peek();
      items.push(this.parseAttribute(nameTi));
      const k = this.peek();
      if (k === CBRACE) return this.next();
      const at = this.cur();
      if (k === NEWLINE || k === EOF) {
        this.fail(
          at,
          'Invalid single-argument block definition',
          'Found the end of the line after the argument of a single-line block; expected the closing brace "}" on the same line, immediately after the argument.',
        );
      } else if (k === COMMA) {
        this.fail(
          at,
          'Invalid single-argument block definition',
          'Found a comma after the argument of a single-line block; single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
        );
      } else {
        this.fail(
          at,
          'Invalid single-argument block definition',
          `Found ${this.describe(at)} after the argument of a single-line block; expected the closing brace "}" immediately after its single argument definition.`,
        );
      }
      return -1;
    }
    if (this.peek() === IDENT) {
      this.fail(
        ti,
        'Argument definition required',
        `Found "${this.text(ti)}" without "="; a single-line block definition can contain only a single argument. To define a nested block, place it on a line of its own within its parent block.`,
      );
    } else {
      this.fail(
        ti,
        'Argument or block definition required',
        `Found ${this.describe(ti)}; expected an argument definition or the closing brace "}".`,
      );
    }
    return -1;
  }

  private parseQuotedLabel(): BlockLabel {
    const openTi = this.next();
    if (this.kinds[openTi + 1] === TEMPLATE_LITERAL && this.kinds[openTi + 2] === CQUOTE) {
      // The common `"label"`: no trivia can stand inside a quoted string.
      const value = this.decodeQuoted(openTi + 1, this.text(openTi + 1));
      this.p = openTi + 3;
      this.last = openTi + 2;
      return blockLabel(this.tokRange(openTi, openTi + 2), value, true);
    }
    const saved = this.nl;
    this.nl = true;
    let value = '';
    for (;;) {
      const k = this.peek();
      if (k === TEMPLATE_LITERAL) {
        const ti = this.next();
        value += this.decodeQuoted(ti, this.text(ti));
      } else if (k === TEMPLATE_INTERP || k === TEMPLATE_CONTROL) {
        const ti = this.next();
        this.fail(
          ti,
          'Invalid string literal',
          'Found a template sequence in a block label; template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.',
        );
        this.skipToCloser(TEMPLATE_SEQ_END);
      } else {
        break;
      }
    }
    const closeTi = this.peek() === CQUOTE ? this.next() : this.unterminatedString(openTi);
    this.nl = saved;
    return blockLabel(this.tokRange(openTi, closeTi >= 0 ? closeTi : this.last), value, true);
  }

  /** Reports the string opened at token `openTi` unterminated; returns -1 (no closing quote). */
  private unterminatedString(openTi: number): number {
    this.fail(
      openTi,
      'Unterminated template string',
      'The string that starts here is not closed by a \'"\' before the end of the line.',
    );
    return -1;
  }

  // ---- expressions

  private parseExpression(): Expression {
    if (this.depth >= MAX_NESTING_DEPTH) {
      this.tooDeep();
      return this.errorExpr();
    }
    this.depth++;
    const kinds = this.kinds;
    // `peek`, inlined (twice): every expression passes here.
    let limit = this.nl ? NEWLINE : NEWLINE + 1;
    let p = this.p;
    while (kinds[p]! < limit) p++;
    this.p = p;
    const k = kinds[p]!;
    let expr = k === MINUS || k === BANG ? this.parseUnary() : this.parsePostfix(k);
    let after: number = EOF;
    if (!this.fatal) {
      limit = this.nl ? NEWLINE : NEWLINE + 1;
      p = this.p;
      while (kinds[p]! < limit) p++;
      this.p = p;
      after = kinds[p]!;
    }
    if (PRECEDENCE[after]! !== 0) {
      expr = this.parseBinaryRest(expr, 1);
      after = this.fatal ? EOF : this.peek();
    }
    if (after === QUESTION) expr = this.parseConditional(expr);
    this.depth--;
    return expr;
  }

  /** `condition ? trueExpr : falseExpr`, at the `?`. */
  private parseConditional(condition: Expression): Conditional {
    this.next();
    const trueExpr = this.parseExpression();
    let falseExpr: Expression;
    if (this.peek() === COLON) {
      this.next();
      falseExpr = this.parseExpression();
    } else {
      const ti = this.cur();
      this.fail(
        ti,
        'Missing false expression in conditional',
        `Found ${this.describe(ti)}; the conditional operator (...?...:...) requires a false expression, delimited by a colon.`,
      );
      falseExpr = this.errorExpr();
    }
    const node: Conditional = {
      kind: 'Conditional',
      parent: undefined,
      start: condition.start,
      end: falseExpr.end,
      line: condition.line,
      column: condition.column,
      endLine: falseExpr.endLine,
      endColumn: falseExpr.endColumn,
      condition,
      trueExpr,
      falseExpr,
    };
    condition.parent = node;
    trueExpr.parent = node;
    falseExpr.parent = node;
    return node;
  }

  /** Operators of precedence `minPrec` and above, left-associative (precedence climbing). */
  private parseBinary(minPrec: number): Expression {
    return this.parseBinaryRest(this.parseUnary(), minPrec);
  }

  /** The operators of precedence `minPrec` and above after the operand `left`. */
  private parseBinaryRest(left: Expression, minPrec: number): Expression {
    const depthBefore = this.depth;
    while (!this.fatal) {
      const k = this.peek();
      const prec = PRECEDENCE[k]!;
      if (prec === 0 || prec < minPrec) break;
      if (!this.enter()) break;
      const opTi = this.next();
      const right = this.parseBinary(prec + 1);
      const node: Binary = {
        kind: 'Binary',
        parent: undefined,
        start: left.start,
        end: right.end,
        line: left.line,
        column: left.column,
        endLine: right.endLine,
        endColumn: right.endColumn,
        operator: OPERATOR[k]!,
        operatorRange: this.tokRange(opTi, opTi),
        left,
        right,
      };
      left.parent = node;
      right.parent = node;
      left = node;
    }
    this.depth = depthBefore;
    return left;
  }

  private parseUnary(): Expression {
    const k = this.peek();
    if (k !== MINUS && k !== BANG) return this.parsePostfix(k);
    if (!this.enter()) return this.errorExpr();
    const opTi = this.next();
    const operand = this.parseUnary();
    this.depth--;
    const node: Unary = {
      kind: 'Unary',
      parent: undefined,
      start: this.starts[opTi]!,
      end: operand.end,
      line: this.lines[opTi]!,
      column: this.columns[opTi]!,
      endLine: operand.endLine,
      endColumn: operand.endColumn,
      operator: k === MINUS ? '-' : '!',
      operand,
    };
    operand.parent = node;
    return node;
  }

  /**
   * A term followed by traversals: `.name`, `.0` (legacy index), `.*`, `[key]`
   * and `[*]`. The chain nests to the left: `a.b[0]` is `Index(GetAttr(a, b), 0)`.
   * Traversals after a `Splat` apply to each element (for an attribute-only
   * splat `.*`, only the `.name`/`.0` steps directly after it).
   */
  private parsePostfix(k: number): Expression {
    let expr: Expression;
    switch (k) {
      case IDENT:
        expr = this.parseIdentTerm();
        break;
      case OQUOTE:
        expr = this.parseTemplate();
        break;
      case NUMBER:
        expr = this.parseNumber();
        break;
      case OBRACE:
        expr = this.parseObject();
        break;
      case OBRACK:
        expr = this.parseTuple();
        break;
      case OPAREN:
        expr = this.parseParens();
        break;
      case OHEREDOC:
        expr = this.parseHeredoc();
        break;
      default:
        expr = this.missingTerm(k);
    }
    const depthBefore = this.depth;
    const kinds = this.kinds;
    while (!this.fatal) {
      // `peek`, inlined: every expression passes here.
      const limit = this.nl ? NEWLINE : NEWLINE + 1;
      let p = this.p;
      while (kinds[p]! < limit) p++;
      this.p = p;
      const k = kinds[p]!;
      if (k !== DOT && k !== OBRACK) break;
      if (!this.enter()) break;
      this.last = this.p;
      this.p++;
      if (k === DOT) {
        const k2 = this.peek();
        if (k2 === IDENT) {
          const ti = this.p;
          this.last = ti;
          this.p = ti + 1;
          const { starts, lines, columns } = this;
          const nameStart = starts[ti]!;
          const nameEnd = starts[ti + 1]!;
          const endLine = lines[ti + 1]!;
          const endColumn = columns[ti + 1]!;
          const node: GetAttr = {
            kind: 'GetAttr',
            parent: undefined,
            start: expr.start,
            end: nameEnd,
            line: expr.line,
            column: expr.column,
            endLine,
            endColumn,
            object: expr,
            name: this.src.slice(nameStart, nameEnd),
            nameRange: { start: nameStart, end: nameEnd, line: lines[ti]!, column: columns[ti]!, endLine, endColumn },
          };
          expr.parent = node;
          expr = node;
        } else if (k2 === NUMBER) {
          const ti = this.next();
          const raw = this.text(ti);
          const dot = raw.indexOf('.');
          if (dot >= 0) {
            this.fail(
              ti,
              'Invalid legacy index syntax',
              `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${raw.slice(0, dot)}][${raw.slice(dot + 1)}].`,
            );
          }
          expr = this.indexNode(expr, ti, this.numberNode(ti, raw), true);
        } else if (k2 === STAR) {
          expr = this.splatNode(expr, this.next(), 'attr');
        } else {
          const ti = this.cur();
          this.fail(ti, 'Invalid attribute name', `Found ${this.describe(ti)} after a dot; expected an attribute name.`);
          break;
        }
      } else {
        const saved = this.nl;
        this.nl = false;
        if (this.peek() === STAR && this.peek2() === CBRACK) {
          this.next();
          const closeTi = this.next();
          this.nl = saved;
          expr = this.splatNode(expr, closeTi, 'full');
        } else {
          const key = this.parseExpression();
          const closeTi = this.expectCloser(CBRACK, 'Missing close bracket on index', 'the index operator must end with a closing bracket ("]").');
          this.nl = saved;
          expr = this.indexNode(expr, closeTi, key, false);
        }
      }
    }
    this.depth = depthBefore;
    return expr;
  }

  /** Reports the token of kind `k`, which starts no expression, and returns an error expression. */
  private missingTerm(k: number): ErrorExpr {
    const ti = this.cur();
    if (k === EOF) {
      this.fail(ti, 'Missing expression', 'Expected the start of an expression, but found the end of the file.');
    } else if (k === NEWLINE) {
      this.fail(ti, 'Missing expression', 'Expected the start of an expression, but found the end of the line.');
    } else {
      this.fail(ti, 'Invalid expression', `Expected the start of an expression, but found ${this.describe(ti)}.`);
    }
    return this.errorExpr();
  }

  private parseNumber(): NumberLit {
    const ti = this.next();
    const raw = this.text(ti);
    if (!NUMBER_SYNTAX.test(raw)) {
      this.fail(ti, 'Invalid number literal', `Found "${raw}"; expected a number like 1, 1.5 or 1e3.`);
    }
    return this.numberNode(ti, raw);
  }

  /** A number literal for token `ti`, whose text is `raw`. */
  private numberNode(ti: number, raw: string): NumberLit {
    const { starts, lines, columns } = this;
    return {
      kind: 'NumberLit',
      parent: undefined,
      start: starts[ti]!,
      end: starts[ti + 1]!,
      line: lines[ti]!,
      column: columns[ti]!,
      endLine: lines[ti + 1]!,
      endColumn: columns[ti + 1]!,
      raw,
    };
  }

  /** `object[key]` (or the legacy `object.0`) ending with token `endTi`. */
  private indexNode(object: Expression, endTi: number, key: Expression, legacy: boolean): Index {
    const node: Index = {
      kind: 'Index',
      parent: undefined,
      start: object.start,
      end: this.starts[endTi + 1]!,
      line: object.line,
      column: object.column,
      endLine: this.lines[endTi + 1]!,
      endColumn: this.columns[endTi + 1]!,
      object,
      key,
      legacy,
    };
    object.parent = node;
    key.parent = node;
    return node;
  }

  /** `object[*]` or `object.*` ending with token `endTi`. */
  private splatNode(object: Expression, endTi: number, style: Splat['style']): Splat {
    const node: Splat = {
      kind: 'Splat',
      parent: undefined,
      start: object.start,
      end: this.starts[endTi + 1]!,
      line: object.line,
      column: object.column,
      endLine: this.lines[endTi + 1]!,
      endColumn: this.columns[endTi + 1]!,
      object,
      style,
    };
    object.parent = node;
    return node;
  }



  /** Is the current token the first `:` of an adjacent `::` pair? */
  private atDoubleColon(): boolean {
    if (this.peek() !== COLON) return false;
    return this.kinds[this.p + 1] === COLON;
  }

  /** A variable, `true`/`false`/`null`, or a function call. */
  private parseIdentTerm(): Expression {
    const nameTi = this.p;
    this.p = nameTi + 1;
    this.last = nameTi;
    const k = this.peek();
    if (k === COLON && this.kinds[this.p + 1] === COLON) return this.parseProviderCall(nameTi);
    if (k === OPAREN) return this.parseCall(nameTi, nameTi);
    const { starts, lines, columns } = this;
    const start = starts[nameTi]!;
    const end = starts[nameTi + 1]!;
    const line = lines[nameTi]!;
    const column = columns[nameTi]!;
    const endLine = lines[nameTi + 1]!;
    const endColumn = columns[nameTi + 1]!;
    const name = this.src.slice(start, end);
    if (name === 'true' || name === 'false') {
      return { kind: 'BoolLit', parent: undefined, start, end, line, column, endLine, endColumn, value: name === 'true' };
    }
    if (name === 'null') return { kind: 'NullLit', parent: undefined, start, end, line, column, endLine, endColumn };
    return { kind: 'Variable', parent: undefined, start, end, line, column, endLine, endColumn, name };
  }

  /** A provider function call `provider::ns::name(…)`, after its first name (at the first `::`). */
  private parseProviderCall(nameTi: number): Expression {
    let lastNameTi = nameTi;
    while (this.atDoubleColon()) {
      this.next();
      this.next();
      if (this.peek() !== IDENT) {
        const ti = this.cur();
        this.fail(ti, 'Missing function name', `Found ${this.describe(ti)} after "::"; expected a name.`);
        return this.errorSpan(nameTi);
      }
      lastNameTi = this.next();
    }
    if (this.peek() !== OPAREN) {
      const ti = this.cur();
      this.fail(
        ti,
        'Missing open parenthesis',
        `Found ${this.describe(ti)}; a function selector must be followed by an open parenthesis to begin the function call.`,
      );
      return this.errorSpan(nameTi);
    }
    return this.parseCall(nameTi, lastNameTi);
  }

  private parseCall(nameTi: number, lastNameTi: number): FunctionCall | ErrorExpr {
    const openTi = this.next();
    const saved = this.nl;
    this.nl = false;
    const args: Expression[] = [];
    let expandFinal = false;
    let closeTi = -1;
    while (!this.fatal) {
      let k = this.peek();
      if (k === CPAREN) {
        closeTi = this.next();
        break;
      }
      if (k === EOF) {
        this.unterminatedCall(nameTi, openTi);
        break;
      }
      args.push(this.parseExpression());
      k = this.peek();
      if (k === COMMA) {
        this.next();
        continue;
      }
      if (k === CPAREN) {
        closeTi = this.next();
        break;
      }
      if (k === ELLIPSIS) {
        this.next();
        expandFinal = true;
        if (this.peek() === CPAREN) {
          closeTi = this.next();
          break;
        }
        const ti = this.cur();
        this.fail(
          ti,
          'Missing closing parenthesis',
          `Found ${this.describe(ti)} after an expanded argument; an expanded function argument (with ...) must be immediately followed by the closing parenthesis.`,
        );
      } else if (k === EOF) {
        this.unterminatedCall(nameTi, openTi);
        break;
      } else {
        const ti = this.cur();
        this.fail(
          ti,
          'Missing argument separator',
          `Found ${this.describe(ti)}; a comma is required to separate each function argument from the next.`,
        );
      }
      closeTi = this.skipToCloser(CPAREN);
      break;
    }
    this.nl = saved;
    const r = this.tokRange(nameTi, closeTi >= 0 ? closeTi : this.last);
    const node: FunctionCall = {
      kind: 'FunctionCall',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      name: this.src.slice(this.startOf(nameTi), this.endOf(lastNameTi)),
      nameRange: this.tokRange(nameTi, lastNameTi),
      args,
      expandFinal,
    };
    for (const arg of args) arg.parent = node;
    return node;
  }

  private unterminatedCall(nameTi: number, openTi: number): void {
    this.fail(
      openTi,
      'Unterminated function call',
      'There is no closing parenthesis for this function call before the end of the file; expected a ")". This may be caused by incorrect parenthesis nesting elsewhere in this file.',
      this.tokRange(nameTi, openTi),
    );
  }

  private parseParens(): Parens {
    const openTi = this.next();
    const saved = this.nl;
    this.nl = false;
    const expr = this.parseExpression();
    const closeTi = this.expectCloser(CPAREN, 'Unbalanced parentheses', 'expected a closing parenthesis to terminate the expression.');
    this.nl = saved;
    const r = this.tokRange(openTi, closeTi);
    const node: Parens = {
      kind: 'Parens',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      expr,
    };
    expr.parent = node;
    return node;
  }

  private parseTuple(): Tuple | ForExpr | ErrorExpr {
    const openTi = this.next();
    const saved = this.nl;
    this.nl = false;
    if (this.curIsKeyword('for')) {
      const result = this.parseFor(openTi, 'tuple');
      this.nl = saved;
      return result;
    }
    const items: TupleItem[] = [];
    let closeTi = -1;
    while (!this.fatal) {
      const k = this.peek();
      if (k === CBRACK) {
        closeTi = this.next();
        break;
      }
      if (k === EOF) {
        this.unterminatedTuple(openTi);
        break;
      }
      const startTi = this.cur();
      const value = this.parseExpression();
      const k2 = this.peek();
      const commaTi = k2 === COMMA ? this.next() : -1;
      items.push(this.tupleItem(startTi, value, commaTi));
      if (commaTi >= 0) continue;
      if (k2 === CBRACK) {
        closeTi = this.next();
        break;
      }
      if (k2 === EOF) {
        this.unterminatedTuple(openTi);
        break;
      }
      const ti = this.cur();
      this.fail(
        ti,
        'Missing item separator',
        `Found ${this.describe(ti)}; expected a comma to mark the beginning of the next item.`,
      );
      closeTi = this.skipToCloser(CBRACK);
      break;
    }
    this.nl = saved;
    const r = this.tokRange(openTi, closeTi >= 0 ? closeTi : this.last);
    const node: Tuple = {
      kind: 'Tuple',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      items,
      openBracket: this.tokRange(openTi, openTi),
      closeBracket: this.optTokRange(closeTi),
    };
    for (const item of items) item.parent = node;
    return node;
  }

  private unterminatedTuple(openTi: number): void {
    this.fail(
      openTi,
      'Unterminated tuple constructor expression',
      'There is no corresponding closing bracket before the end of the file; expected a "]". This may be caused by incorrect bracket nesting elsewhere in this file.',
    );
  }

  private tupleItem(startTi: number, value: Expression, commaTi: number): TupleItem {
    const item: TupleItem = {
      kind: 'TupleItem',
      parent: undefined,
      start: value.start,
      end: commaTi >= 0 ? this.starts[commaTi + 1]! : value.end,
      line: value.line,
      column: value.column,
      endLine: commaTi >= 0 ? this.lines[commaTi + 1]! : value.endLine,
      endColumn: commaTi >= 0 ? this.columns[commaTi + 1]! : value.endColumn,
      value,
      comma: commaTi >= 0 ? this.tokRange(commaTi, commaTi) : undefined,
      leadComments: [],
      lineComment: undefined,
    };
    value.parent = item;
    if (this.hasComments) this.commentsLater(item, startTi, this.last);
    return item;
  }

  private parseObject(): ObjectExpr | ForExpr | ErrorExpr {
    const openTi = this.next();
    const saved = this.nl;
    this.nl = true;
    if (this.curIsKeyword('for')) {
      const result = this.parseFor(openTi, 'object');
      this.nl = saved;
      return result;
    }
    const items: ObjectItem[] = [];
    let closeTi = -1;
    while (!this.fatal) {
      let k = this.peek();
      if (k === NEWLINE) {
        this.next();
        continue;
      }
      if (k === CBRACE) {
        closeTi = this.next();
        break;
      }
      if (k === EOF) {
        this.unterminatedObject(openTi);
        break;
      }
      const startTi = this.cur();
      const key = this.parseExpression();
      k = this.peek();
      if (k !== EQUAL && k !== COLON) {
        const ti = this.cur();
        if (k === EOF) this.unterminatedObject(openTi);
        else {
          this.fail(
            ti,
            'Missing key/value separator',
            `Found ${this.describe(ti)} after the key; expected an equals sign ("=") to mark the beginning of the attribute value.`,
          );
        }
        closeTi = this.skipToCloser(CBRACE);
        break;
      }
      const sepTi = this.next();
      const value = this.parseExpression();
      k = this.peek();
      const commaTi = k === COMMA ? this.next() : -1;
      const item: ObjectItem = {
        kind: 'ObjectItem',
        parent: undefined,
        start: key.start,
        end: commaTi >= 0 ? this.starts[commaTi + 1]! : value.end,
        line: key.line,
        column: key.column,
        endLine: commaTi >= 0 ? this.lines[commaTi + 1]! : value.endLine,
        endColumn: commaTi >= 0 ? this.columns[commaTi + 1]! : value.endColumn,
        key,
        separator: this.kinds[sepTi] === EQUAL ? '=' : ':',
        value,
        comma: commaTi >= 0 ? this.tokRange(commaTi, commaTi) : undefined,
        leadComments: [],
        lineComment: undefined,
      };
      key.parent = item;
      value.parent = item;
      if (this.hasComments) this.commentsLater(item, startTi, this.last);
      items.push(item);
      if (commaTi >= 0) continue;
      if (k === NEWLINE) {
        this.next();
        continue;
      }
      if (k === CBRACE) {
        closeTi = this.next();
        break;
      }
      if (k === EOF) {
        this.unterminatedObject(openTi);
        break;
      }
      const ti = this.cur();
      this.fail(
        ti,
        'Missing attribute separator',
        `Found ${this.describe(ti)}; expected a newline or comma to mark the beginning of the next attribute.`,
      );
      closeTi = this.skipToCloser(CBRACE);
      break;
    }
    this.nl = saved;
    const r = this.tokRange(openTi, closeTi >= 0 ? closeTi : this.last);
    const node: ObjectExpr = {
      kind: 'Object',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      items,
      openBrace: this.tokRange(openTi, openTi),
      closeBrace: this.optTokRange(closeTi),
    };
    for (const item of items) item.parent = node;
    return node;
  }

  private unterminatedObject(openTi: number): void {
    this.fail(
      openTi,
      'Unterminated object constructor expression',
      'There is no corresponding closing brace before the end of the file; expected a "}". This may be caused by incorrect brace nesting elsewhere in this file.',
    );
  }

  /** Reports a broken `for` expression and skips to its closing bracket. */
  private badFor(openTi: number, closer: Closer, detail: string): ErrorExpr {
    const ti = this.cur();
    this.fail(ti, "Invalid 'for' expression", detail);
    this.skipToCloser(closer);
    return this.errorSpan(openTi);
  }

  /** `[for …]` or `{for …}` after its opening bracket; the caller restores `nl`. */
  private parseFor(openTi: number, type: 'tuple' | 'object'): ForExpr | ErrorExpr {
    const closer: Closer = type === 'tuple' ? CBRACK : CBRACE;
    this.nl = false;
    this.next();
    if (this.peek() !== IDENT) {
      return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; a 'for' expression requires a variable name after 'for'.`);
    }
    let keyVar: string | undefined;
    let valueVar = this.text(this.next());
    if (this.peek() === COMMA) {
      this.next();
      if (this.peek() !== IDENT) {
        return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; a 'for' expression requires a value variable name after the comma.`);
      }
      keyVar = valueVar;
      valueVar = this.text(this.next());
    }
    if (!this.curIsKeyword('in')) {
      return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; a 'for' expression requires the 'in' keyword after its name declarations.`);
    }
    this.next();
    const collection = this.parseExpression();
    if (this.peek() !== COLON) {
      return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; a 'for' expression requires a colon after the collection expression.`);
    }
    this.next();
    let keyExpr: Expression | undefined;
    if (type === 'object') {
      keyExpr = this.parseExpression();
      if (this.peek() !== FAT_ARROW) {
        return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; the key expression of an object 'for' expression must be followed by "=>".`);
      }
      this.next();
    }
    const valueExpr = this.parseExpression();
    let grouping = false;
    if (this.peek() === ELLIPSIS) {
      if (type === 'tuple') {
        return this.badFor(openTi, closer, 'Found a grouping ellipsis (...); it can be used only in for expressions that produce objects.');
      }
      this.next();
      grouping = true;
    }
    let condition: Expression | undefined;
    if (this.curIsKeyword('if')) {
      this.next();
      condition = this.parseExpression();
    }
    let closeTi = -1;
    const k = this.peek();
    if (k === closer) {
      closeTi = this.next();
    } else if (k === EOF) {
      this.fail(
        openTi,
        "Unterminated 'for' expression",
        `There is no closing "${closer === CBRACK ? ']' : '}'}" for this 'for' expression before the end of the file.`,
      );
    } else {
      return this.badFor(openTi, closer, `Found ${this.describe(this.cur())}; expected the end of the 'for' expression.`);
    }
    const r = this.tokRange(openTi, closeTi >= 0 ? closeTi : this.last);
    const node: ForExpr = {
      kind: 'ForExpr',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      type,
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      grouping,
      condition,
    };
    collection.parent = node;
    if (keyExpr) keyExpr.parent = node;
    valueExpr.parent = node;
    if (condition) condition.parent = node;
    return node;
  }

  // ---- templates

  private parseTemplate(): Template {
    const openTi = this.p;
    this.p = openTi + 1;
    this.last = openTi;
    const kinds = this.kinds;
    // The common `""` and `"text"`: no trivia can stand inside a quoted string.
    if (kinds[openTi + 1] === CQUOTE) {
      this.p = openTi + 2;
      this.last = openTi + 1;
      return this.templateNode(openTi, openTi + 1, []);
    }
    if (kinds[openTi + 1] === TEMPLATE_LITERAL && kinds[openTi + 2] === CQUOTE) {
      this.p = openTi + 3;
      this.last = openTi + 2;
      const { starts, lines, columns } = this;
      const start = starts[openTi + 1]!;
      const end = starts[openTi + 2]!;
      const line = lines[openTi + 1]!;
      const column = columns[openTi + 1]!;
      const raw = this.src.slice(start, end);
      const text: TemplateText = {
        kind: 'TemplateText',
        parent: undefined,
        start,
        end,
        line,
        column,
        endLine: line,
        endColumn: columns[openTi + 2]!,
        raw,
        value: HAS_ESCAPES.test(raw) ? this.decodeQuoted(openTi + 1, raw) : raw,
      };
      const node: Template = {
        kind: 'Template',
        parent: undefined,
        start: start - 1,
        end: end + 1,
        line,
        column: column - 1,
        endLine: line,
        endColumn: columns[openTi + 3]!,
        parts: [text],
      };
      text.parent = node;
      return node;
    }
    const saved = this.nl;
    this.nl = true;
    const { parts } = this.parseParts(false, false);
    const closeTi = this.peek() === CQUOTE ? this.next() : this.unterminatedString(openTi);
    this.nl = saved;
    return this.templateNode(openTi, closeTi >= 0 ? closeTi : this.last, parts);
  }

  /** A template from token `openTi` to token `endTi`. */
  private templateNode(openTi: number, endTi: number, parts: TemplatePart[]): Template {
    const node: Template = {
      kind: 'Template',
      parent: undefined,
      start: this.starts[openTi]!,
      end: this.starts[endTi + 1]!,
      line: this.lines[openTi]!,
      column: this.columns[openTi]!,
      endLine: this.lines[endTi + 1]!,
      endColumn: this.columns[endTi + 1]!,
      parts,
    };
    for (let i = 0; i < parts.length; i++) parts[i]!.parent = node;
    return node;
  }

  private parseHeredoc(): Heredoc {
    const openTi = this.next();
    const open = this.text(openTi);
    const indented = open.charCodeAt(2) === 45;
    let markerEnd = open.length;
    while (markerEnd > 0 && (open.charCodeAt(markerEnd - 1) === 10 || open.charCodeAt(markerEnd - 1) === 13)) markerEnd--;
    const marker = open.slice(indented ? 3 : 2, markerEnd);
    const saved = this.nl;
    this.nl = true;
    const { parts } = this.parseParts(true, false);
    let closeTi = -1;
    if (this.peek() === CHEREDOC) {
      closeTi = this.next();
    } else {
      this.fail(
        openTi,
        'Unterminated heredoc',
        `The heredoc that starts here has no closing "${marker}" line before the end of the file; expected a line containing only "${marker}".`,
      );
    }
    this.nl = saved;
    const r = this.tokRange(openTi, closeTi >= 0 ? closeTi : this.last);
    const node: Heredoc = {
      kind: 'Heredoc',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      marker,
      indented,
      parts,
      bodyRange: this.inside(openTi, closeTi),
    };
    for (const part of parts) part.parent = node;
    return node;
  }

  /**
   * Template parts up to the end of the template, or (when `nested`) up to an
   * `else`/`endif`/`endfor` directive, which is consumed and returned for the
   * enclosing `if`/`for` to check.
   */
  private parseParts(heredoc: boolean, nested: boolean): { parts: TemplatePart[]; closing: Directive | undefined } {
    const parts: TemplatePart[] = [];
    while (!this.fatal) {
      const k = this.peek();
      if (k === TEMPLATE_LITERAL) {
        parts.push(this.parseText(heredoc));
      } else if (k === TEMPLATE_INTERP) {
        parts.push(this.parseInterpolation());
      } else if (k === TEMPLATE_CONTROL) {
        const ctlTi = this.cur();
        const kwTi = this.directiveKeyword();
        const kw = kwTi >= 0 ? this.text(kwTi) : '';
        if (kw === 'if') {
          parts.push(this.parseIfDirective(heredoc));
        } else if (kw === 'for') {
          parts.push(this.parseForDirective(heredoc));
        } else if (kw === 'else' || kw === 'endif' || kw === 'endfor') {
          if (nested) return { parts, closing: this.parseClosingDirective(kw) };
          const directive = this.parseClosingDirective(kw);
          this.fail(
            ctlTi,
            `Unexpected ${kw} directive`,
            `Found a %{${kw}} directive with no open %{${kw === 'endfor' ? 'for' : 'if'}} directive; the control directives within this template are unbalanced.`,
            directive,
          );
        } else {
          this.next();
          const saved = this.nl;
          this.nl = false;
          const ti = this.cur();
          this.fail(
            ti,
            'Invalid template control keyword',
            `Found ${this.describe(ti)}; expected one of the template control keywords "if", "else", "endif", "for" or "endfor".`,
          );
          this.skipToCloser(TEMPLATE_SEQ_END);
          this.nl = saved;
        }
      } else {
        break;
      }
    }
    return { parts, closing: undefined };
  }

  /** The token index of the keyword after the current `%{`, or -1 when it is not an identifier. */
  private directiveKeyword(): number {
    let q = this.p + 1;
    while (this.kinds[q]! <= NEWLINE) q++;
    return this.kinds[q] === IDENT ? q : -1;
  }

  /** A run of literal tokens (a heredoc has one per line), at the first: nothing can stand between them. */
  private parseText(heredoc: boolean): TemplateText {
    const first = this.p;
    const kinds = this.kinds;
    // A do-while, so that its increment has type feedback before TurboFan
    // compiles this from one-token runs (a first multi-line heredoc would
    // otherwise deoptimise it).
    let end = first;
    do {
      end++;
    } while (kinds[end] === TEMPLATE_LITERAL);
    this.p = end;
    this.last = end - 1;
    return this.textNode(first, end - 1, heredoc);
  }

  /** The text of the literal tokens `first` to `lastTi`; a quoted template has only one. */
  private textNode(first: number, lastTi: number, heredoc: boolean): TemplateText {
    const { starts, lines, columns } = this;
    const start = starts[first]!;
    const end = starts[lastTi + 1]!;
    const raw = this.src.slice(start, end);
    return {
      kind: 'TemplateText',
      parent: undefined,
      start,
      end,
      line: lines[first]!,
      column: columns[first]!,
      endLine: lines[lastTi + 1]!,
      endColumn: columns[lastTi + 1]!,
      raw,
      value: heredoc ? unescapeTemplateSequences(raw) : this.decodeQuoted(first, first === lastTi ? raw : this.text(first)),
    };
  }

  /** The value of the quoted-template literal token `ti`, whose text is `raw`, escapes resolved; bad escapes are reported. */
  private decodeQuoted(ti: number, raw: string): string {
    if (!HAS_ESCAPES.test(raw)) return raw;
    const src = this.src;
    let out = '';
    let from = this.startOf(ti);
    let i = from;
    const end = this.endOf(ti);
    while (i < end) {
      const c = src.charCodeAt(i);
      if (c === 92) {
        out += src.slice(from, i);
        const d = src.charCodeAt(i + 1);
        let n = 2;
        if (i + 1 >= end) {
          this.badEscape(ti, i, i + 1, 'Found a backslash at the end of the line; expected an escape sequence selector after it.');
          out += '\\';
          n = 1;
        } else if (d === 110) out += '\n';
        else if (d === 114) out += '\r';
        else if (d === 116) out += '\t';
        else if (d === 34) out += '"';
        else if (d === 92) out += '\\';
        else if (d === 117 || d === 85) {
          const want = d === 117 ? 4 : 8;
          let got = 0;
          while (got < want && i + 2 + got < end && isHex(src.charCodeAt(i + 2 + got))) got++;
          if (got === want) {
            out += runeToString(parseInt(src.slice(i + 2, i + 2 + want), 16));
            n = 2 + want;
          } else {
            this.badEscape(
              ti,
              i,
              i + 2 + got,
              `The \\${d === 117 ? 'u' : 'U'} escape sequence must be followed by ${want === 4 ? 'four' : 'eight'} hexadecimal digits.`,
            );
            out += src.slice(i, i + 2 + got);
            n = 2 + got;
          }
        } else {
          const cp = src.codePointAt(i + 1) ?? d;
          const sym = String.fromCodePoint(cp);
          n = 1 + sym.length;
          this.badEscape(
            ti,
            i,
            i + n,
            `The symbol "${sym}" is not a valid escape sequence selector; expected one of n, r, t, ", \\, u or U.`,
          );
          out += src.slice(i, i + n);
        }
        i += n;
        from = i;
      } else if ((c === 36 || c === 37) && src.charCodeAt(i + 1) === c && src.charCodeAt(i + 2) === 123 && i + 2 < end) {
        out += src.slice(from, i + 1) + '{';
        i += 3;
        from = i;
      } else {
        i++;
      }
    }
    return out + src.slice(from, end);
  }

  private badEscape(ti: number, start: number, end: number, detail: string): void {
    if (this.fatal || this.recovering) return;
    const a = this.positionIn(ti, start);
    const b = this.positionIn(ti, end);
    this.report('Invalid escape sequence', detail, { start, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column });
  }

  private parseInterpolation(): TemplateInterpolation {
    const openTi = this.next();
    const saved = this.nl;
    this.nl = false;
    const expr = this.parseExpression();
    const endTi = this.expectSequenceEnd(openTi, 'interpolation');
    this.nl = saved;
    const r = this.tokRange(openTi, endTi);
    const node: TemplateInterpolation = {
      kind: 'TemplateInterpolation',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      expr,
      stripLeft: this.endOf(openTi) - this.startOf(openTi) === 3,
      stripRight: this.isStripEnd(endTi),
    };
    expr.parent = node;
    return node;
  }

  private isStripEnd(ti: number): boolean {
    return this.kinds[ti] === TEMPLATE_SEQ_END && this.endOf(ti) - this.startOf(ti) === 2;
  }

  /** Consumes the `}` of a template sequence (newlines skipped), reporting and skipping extra tokens before it. */
  private expectSequenceEnd(openTi: number, what: 'interpolation' | 'directive'): number {
    const k = this.peek();
    if (k === TEMPLATE_SEQ_END) return this.next();
    if (k === EOF) {
      this.fail(
        openTi,
        what === 'interpolation' ? 'Unclosed template interpolation' : 'Unclosed template directive',
        `The ${what} that starts here has no closing "}" before the end of the file.`,
      );
      return this.last;
    }
    return this.expectCloser(
      TEMPLATE_SEQ_END,
      what === 'interpolation' ? 'Extra characters after interpolation expression' : 'Extra characters in template directive',
      `expected a closing brace "}" to end the template ${what}.`,
    );
  }

  /**
   * Consumes a directive's `%{` and keyword and makes newlines insignificant
   * until `closeDirective`; returns the index of the `%{`.
   */
  private openDirective(): number {
    const ctlTi = this.next();
    this.nl = false;
    this.next();
    return ctlTi;
  }

  /** Consumes the `}` of the directive opened at `ctlTi`, restores `nl` to `saved` and returns the directive. */
  private closeDirective(ctlTi: number, keyword: Directive['keyword'], saved: boolean): Directive {
    const endTi = this.expectSequenceEnd(ctlTi, 'directive');
    this.nl = saved;
    const r = this.tokRange(ctlTi, endTi);
    return {
      keyword,
      stripLeft: this.endOf(ctlTi) - this.startOf(ctlTi) === 3,
      stripRight: this.isStripEnd(endTi),
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
    };
  }

  private parseClosingDirective(keyword: 'else' | 'endif' | 'endfor'): Directive {
    const saved = this.nl;
    return this.closeDirective(this.openDirective(), keyword, saved);
  }

  /**
   * Checks `closing`, the directive that ended the body of the `if` or `for`
   * directive `opening` (whose `%{` is token `ctlTi`): returns it when it is
   * the matching `endif`/`endfor`; otherwise reports the missing (`closing`
   * undefined, at the current token) or mismatched directive and returns undefined.
   */
  private endDirective(opening: Directive, ctlTi: number, closing: Directive | undefined): Directive | undefined {
    const expected = opening.keyword === 'if' ? 'endif' : 'endfor';
    if (closing?.keyword === expected) return closing;
    const at = `${opening.line}:${opening.column}`;
    if (closing === undefined) {
      const ti = this.cur();
      this.fail(
        ti,
        'Unexpected end of template',
        `Found ${this.describe(ti)}; the ${opening.keyword} directive at ${at} is missing its corresponding ${expected} directive.`,
      );
    } else {
      this.fail(
        ctlTi,
        `Unexpected ${closing.keyword} directive`,
        `Found a %{${closing.keyword}} directive; expected an ${expected} directive to close the ${opening.keyword} directive at ${at}.`,
        closing,
      );
    }
    return undefined;
  }

  private parseIfDirective(heredoc: boolean): TemplateIf {
    const saved = this.nl;
    const ctlTi = this.openDirective();
    const entered = this.enter();
    const condition = entered ? this.parseExpression() : this.errorExpr();
    const ifDirective = this.closeDirective(ctlTi, 'if', saved);
    const thenPart = this.parseParts(heredoc, true);
    let closing = thenPart.closing;
    let elseDirective: Directive | undefined;
    let elseParts: TemplatePart[] = [];
    if (closing?.keyword === 'else') {
      elseDirective = closing;
      const elsePart = this.parseParts(heredoc, true);
      elseParts = elsePart.parts;
      closing = elsePart.closing;
    }
    const endDirective = this.endDirective(ifDirective, ctlTi, closing);
    if (entered) this.depth--;
    const r = span(ifDirective, endDirective ?? this.tokRange(this.last, this.last));
    const node: TemplateIf = {
      kind: 'TemplateIf',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      ifDirective,
      condition,
      then: thenPart.parts,
      elseDirective,
      else: elseParts,
      endDirective,
    };
    condition.parent = node;
    for (const part of thenPart.parts) part.parent = node;
    for (const part of elseParts) part.parent = node;
    return node;
  }

  /** Reports a malformed `for` directive header at the current token. */
  private badForDirective(detail: string): void {
    const ti = this.cur();
    this.fail(ti, "Invalid 'for' directive", `Found ${this.describe(ti)}; ${detail}`);
  }

  private parseForDirective(heredoc: boolean): TemplateFor {
    const saved = this.nl;
    const ctlTi = this.openDirective();
    const entered = this.enter();
    let keyVar: string | undefined;
    let valueVar = '';
    let collection: Expression | undefined;
    if (this.peek() !== IDENT) this.badForDirective("a 'for' directive requires a variable name after 'for'.");
    else {
      valueVar = this.text(this.next());
      if (this.peek() === COMMA) {
        this.next();
        if (this.peek() === IDENT) {
          keyVar = valueVar;
          valueVar = this.text(this.next());
        } else this.badForDirective("a 'for' directive requires a value variable name after the comma.");
      }
      if (!this.recovering) {
        if (this.curIsKeyword('in')) {
          this.next();
          collection = entered ? this.parseExpression() : undefined;
        } else this.badForDirective("a 'for' directive requires the 'in' keyword after its name declarations.");
      }
    }
    collection ??= this.errorExpr();
    const forDirective = this.closeDirective(ctlTi, 'for', saved);
    const bodyPart = this.parseParts(heredoc, true);
    const endDirective = this.endDirective(forDirective, ctlTi, bodyPart.closing);
    if (entered) this.depth--;
    const r = span(forDirective, endDirective ?? this.tokRange(this.last, this.last));
    const node: TemplateFor = {
      kind: 'TemplateFor',
      parent: undefined,
      start: r.start,
      end: r.end,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      forDirective,
      keyVar,
      valueVar,
      collection,
      body: bodyPart.parts,
      endDirective,
    };
    collection.parent = node;
    for (const part of bodyPart.parts) part.parent = node;
    return node;
  }

  // ---- file

  /** Every comment as a node, in source order (owned ones were created while parsing). */
  allComments(): Comment[] {
    const tokens = this.commentTokens;
    const out = new Array<Comment>(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.commentNode(tokens[i]!);
    return out;
  }
}

/** Finds the innermost node under `root` whose range contains `[start, end)`. */
function innermost(root: Node, start: number, end: number): Node {
  let node = root;
  for (;;) {
    const list = children(node);
    let lo = 0;
    let hi = list.length - 1;
    let found: Node | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = list[mid]!;
      if (c.end <= start) lo = mid + 1;
      else if (c.start > start) hi = mid - 1;
      else {
        if (c.start <= start && end <= c.end) found = c;
        break;
      }
    }
    if (found === undefined) return node;
    node = found;
  }
}

/**
 * Parses an HCL native-syntax file into a lossless concrete syntax tree.
 *
 * Never throws: syntax errors become `file.diagnostics` (sorted by position)
 * and error nodes; the token list tiles the source even for broken input, so
 * `print(parse(source)) === source` always holds. `path` is only recorded.
 */
export function parse(source: string, path = ''): File {
  const scanned = scan(source);
  const table = scanned.table;
  const parser = new Parser(source, table, scanned.comments);
  const items: BodyItem[] = [];
  parser.parseBodyItems(items, false);
  parser.attachComments();
  const endLine = table.lines[table.count - 1]!;
  const endColumn = table.columns[table.count - 1]!;
  const body = bodyNode(0, source.length, 1, 1, endLine, endColumn, items);
  let tokens: Token[] | undefined;
  const diagnostics = scanned.diagnostics.concat(parser.diagnostics);
  diagnostics.sort((a, b) => a.start - b.start);
  const file: File = {
    kind: 'File',
    parent: undefined,
    start: 0,
    end: source.length,
    line: 1,
    column: 1,
    endLine,
    endColumn,
    path,
    source,
    // Token objects are built on first use, by lexing the source again: most
    // consumers never need them, and the parse keeps no token table.
    get tokens(): Token[] {
      tokens ??= lex(source).tokens;
      return tokens;
    },
    body,
    comments: parser.allComments(),
    diagnostics,
    hasBom: scanned.hasBom,
    eol: scanned.crlfCount > scanned.lfCount ? '\r\n' : '\n',
  };
  body.parent = file;
  for (const comment of file.comments) {
    if (comment.parent === undefined) comment.parent = innermost(file, comment.start, comment.end);
  }
  return file;
}
