/**
 * The outline of a Terraform file: its top-level blocks (type, labels and
 * offsets) found by a character scanner, without building a syntax tree.
 *
 * The repo index is built from outlines so that a run pays a full parse only
 * for the files it lints and for the few other files a rule actually looks
 * into (see repo-index.ts). Scanning a 3 MB repository takes a few
 * milliseconds; parsing it takes hundreds.
 *
 * Invariant: when `scanOutline` returns an outline, its blocks are exactly the
 * top-level `Block` items `parse()` produces for the same text — same type,
 * label values, `start` and `end` — in source order. The scanner knows HCL's
 * lexical structure (quoted templates with `${…}`/`%{…}` and escapes, heredocs,
 * the three comment styles, bracket nesting) but not its grammar: whenever the
 * text is anything but plainly well formed (an unterminated string, a non-ASCII
 * identifier, a label with escapes, unbalanced brackets, a stray character at
 * the top level), it returns `undefined` and the caller parses the file.
 * Offsets are UTF-16 code units into the text.
 */
import type { File as HclFile } from '../hcl/index.js';

export interface OutlineBlock {
  readonly type: string;
  /** Label values (quoted labels without their quotes). */
  readonly labels: readonly string[];
  /** Offset of the block type's first character. */
  readonly start: number;
  /** Offset just after the closing brace. */
  readonly end: number;
}

/** Character codes the scanner looks at. */
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const OPAREN = 40;
const CPAREN = 41;
const STAR = 42;
const MINUS = 45;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const OBRACK = 91;
const BACKSLASH = 92;
const CBRACK = 93;
const OBRACE = 123;
const CBRACE = 125;
const APOSTROPHE = 39;
const BACKTICK = 96;

/** The characters `nested` stops at; everything else is skipped in one regex step (newlines do not matter inside brackets). */
const NESTED_STOP = /["#/<{}[\]()'`]/g;
/** The characters `attributeValue` stops at: those of NESTED_STOP and the newline that ends the attribute. */
const EXPRESSION_STOP = /["#/<{}[\]()'`\n]/g;
/** The characters a quoted template stops at. */
const TEMPLATE_STOP = /["\\$%\r\n]/g;
/** The characters heredoc content stops at. */
const HEREDOC_STOP = /[\n$%]/g;

/** Thrown inside the scanner when the text is not plainly well formed; caught by `scanOutline`. */
class Unsure extends Error {}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === MINUS;
}

/**
 * How deep `${…}` inside templates and heredocs may nest before the scanner
 * gives up (it recurses there; the parser, which guards its own depth,
 * takes over): a 10,000-deep template overflowed the stack.
 */
const MAX_SCAN_DEPTH = 100;

class Scanner {
  private depth = 0;

  constructor(private readonly s: string) {}

  /** An interpolation or directive inside a template or heredoc, from after its `{`; returns the offset after its `}`. */
  private interpolation(i: number): number {
    if (++this.depth > MAX_SCAN_DEPTH) throw new Unsure();
    try {
      return this.nested(i, CBRACE);
    } finally {
      this.depth--;
    }
  }

  private code(i: number): number {
    return i < this.s.length ? this.s.charCodeAt(i) : -1;
  }

  /** The offset of the next character matched by `stop` at or after `i`, or the text's end. */
  private next(stop: RegExp, i: number): number {
    stop.lastIndex = i;
    return stop.test(this.s) ? stop.lastIndex - 1 : this.s.length;
  }

  /** Skips spaces, tabs and comments, and newlines too when `newlines`. Returns the next offset. */
  skipTrivia(i: number, newlines: boolean): number {
    for (;;) {
      const c = this.code(i);
      if (c === SPACE || c === TAB || c === CR) i++;
      else if (c === LF && newlines) i++;
      else if (c === HASH || (c === SLASH && this.code(i + 1) === SLASH)) i = this.lineEnd(i);
      else if (c === SLASH && this.code(i + 1) === STAR) i = this.blockCommentEnd(i);
      else return i;
    }
  }

  /** The offset of the `\n` (or `\r\n`) that ends the line holding `i`, or the text's end. */
  private lineEnd(i: number): number {
    const nl = this.s.indexOf('\n', i);
    if (nl < 0) return this.s.length;
    return nl > i && this.s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
  }

  private blockCommentEnd(i: number): number {
    const close = this.s.indexOf('*/', i + 2);
    if (close < 0) throw new Unsure();
    return close + 2;
  }

  ident(i: number): number {
    if (!isIdentStart(this.code(i))) throw new Unsure();
    let j = i + 1;
    while (isIdentPart(this.code(j))) j++;
    if (this.code(j) >= 128) throw new Unsure();
    return j;
  }

  /** A quoted label without escapes or template sequences; returns the offset after the closing quote. */
  simpleString(i: number): number {
    for (let j = i + 1; j < this.s.length; j++) {
      const c = this.s.charCodeAt(j);
      if (c === QUOTE) return j + 1;
      if (c === BACKSLASH || c === LF || c === CR) throw new Unsure();
      if ((c === DOLLAR || c === PERCENT) && this.code(j + 1) === OBRACE) throw new Unsure();
    }
    throw new Unsure();
  }

  /** A quoted template starting at the quote `i`; returns the offset after the closing quote. */
  private template(i: number): number {
    let j = i + 1;
    for (;;) {
      const c = this.code(j);
      if (c === QUOTE) return j + 1;
      if (c === -1 || c === LF || c === CR) throw new Unsure();
      if (c === BACKSLASH) j += 2;
      else if ((c === DOLLAR || c === PERCENT) && this.code(j + 1) === OBRACE) j = this.interpolation(j + 2);
      else if ((c === DOLLAR || c === PERCENT) && this.code(j + 1) === c && this.code(j + 2) === OBRACE) j += 3;
      else j = c === DOLLAR || c === PERCENT ? j + 1 : this.next(TEMPLATE_STOP, j);
    }
  }

  /** A heredoc starting at `<<` (offset `i`); returns the offset of the newline after its closing marker (or the text's end). */
  private heredoc(i: number): number {
    let j = i + 2;
    if (this.code(j) === MINUS) j++;
    const markerStart = j;
    j = this.ident(j);
    const marker = this.s.slice(markerStart, j);
    if (this.code(j) === CR) j++;
    if (this.code(j) !== LF) throw new Unsure();
    j++;
    let lineStart = true;
    for (;;) {
      if (j >= this.s.length) throw new Unsure();
      if (lineStart) {
        let k = j;
        while (this.code(k) === SPACE || this.code(k) === TAB) k++;
        if (this.s.startsWith(marker, k)) {
          let e = k + marker.length;
          if (this.code(e) === CR) e++;
          if (e >= this.s.length || this.code(e) === LF) return k + marker.length;
        }
        lineStart = false;
      }
      const c = this.s.charCodeAt(j);
      if (c === LF) {
        lineStart = true;
        j++;
      } else if ((c === DOLLAR || c === PERCENT) && this.code(j + 1) === OBRACE) j = this.interpolation(j + 2);
      else if ((c === DOLLAR || c === PERCENT) && this.code(j + 1) === c && this.code(j + 2) === OBRACE) j += 3;
      else j = c === DOLLAR || c === PERCENT ? j + 1 : this.next(HEREDOC_STOP, j);
    }
  }

  /**
   * Skips expression text until the bracket `close` that matches an opener
   * already consumed; returns the offset after it.
   */
  nested(i: number, close: number): number {
    const stack: number[] = [close];
    let j = i;
    for (;;) {
      const c = this.code(j);
      switch (c) {
        case -1:
          throw new Unsure();
        case QUOTE:
          j = this.template(j);
          continue;
        case HASH:
          j = this.lineEnd(j);
          continue;
        case SLASH:
          if (this.code(j + 1) === SLASH) j = this.lineEnd(j);
          else if (this.code(j + 1) === STAR) j = this.blockCommentEnd(j);
          else j++;
          continue;
        case LT:
          j = this.code(j + 1) === LT ? this.heredoc(j) : j + 1;
          continue;
        case OBRACE:
          stack.push(CBRACE);
          break;
        case OBRACK:
          stack.push(CBRACK);
          break;
        case OPAREN:
          stack.push(CPAREN);
          break;
        case CBRACE:
        case CBRACK:
        case CPAREN:
          if (stack.pop() !== c) throw new Unsure();
          if (stack.length === 0) return j + 1;
          break;
        case APOSTROPHE:
        case BACKTICK:
          throw new Unsure();
        default:
          j = this.next(NESTED_STOP, j + 1);
          continue;
      }
      j++;
    }
  }

  /** Skips a top-level attribute's value, starting after `=`; returns the offset of the newline that ends it (or the end). */
  attributeValue(i: number): number {
    let j = i;
    for (;;) {
      const c = this.code(j);
      switch (c) {
        case -1:
        case LF:
          return j;
        case QUOTE:
          j = this.template(j);
          continue;
        case HASH:
          j = this.lineEnd(j);
          continue;
        case SLASH:
          if (this.code(j + 1) === SLASH) j = this.lineEnd(j);
          else if (this.code(j + 1) === STAR) j = this.blockCommentEnd(j);
          else j++;
          continue;
        case LT:
          j = this.code(j + 1) === LT ? this.heredoc(j) : j + 1;
          continue;
        case OBRACE:
          j = this.nested(j + 1, CBRACE);
          continue;
        case OBRACK:
          j = this.nested(j + 1, CBRACK);
          continue;
        case OPAREN:
          j = this.nested(j + 1, CPAREN);
          continue;
        case CBRACE:
        case CBRACK:
        case CPAREN:
        case APOSTROPHE:
        case BACKTICK:
          throw new Unsure();
        default:
          j = this.next(EXPRESSION_STOP, j + 1);
      }
    }
  }
}

/** The top-level blocks of `text`, or undefined when the scanner cannot vouch for them (parse the file instead). */
export function scanOutline(text: string): OutlineBlock[] | undefined {
  const sc = new Scanner(text);
  const blocks: OutlineBlock[] = [];
  try {
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      i = sc.skipTrivia(i, true);
      if (i >= text.length) return blocks;
      const start = i;
      i = sc.ident(i);
      const type = text.slice(start, i);
      i = sc.skipTrivia(i, false);
      if (text.charCodeAt(i) === EQ) {
        if (text.charCodeAt(i + 1) === EQ) throw new Unsure();
        i = sc.attributeValue(i + 1);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === OBRACE) break;
        if (c === QUOTE) {
          const end = sc.simpleString(i);
          labels.push(text.slice(i + 1, end - 1));
          i = sc.skipTrivia(end, false);
        } else {
          const end = sc.ident(i);
          labels.push(text.slice(i, end));
          i = sc.skipTrivia(end, false);
        }
      }
      const end = sc.nested(i + 1, CBRACE);
      blocks.push({ type, labels, start, end });
      i = sc.skipTrivia(end, false);
      const after = text.charCodeAt(i);
      if (i < text.length && after !== LF) throw new Unsure();
    }
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** The outline of a parsed file (for files the scanner declined, and for fixed files). */
export function outlineOfParsed(hcl: HclFile): OutlineBlock[] {
  const blocks: OutlineBlock[] = [];
  for (const item of hcl.body.items) {
    if (item.kind !== 'Block') continue;
    blocks.push({ type: item.type, labels: item.labels.map((l) => l.value), start: item.start, end: item.end });
  }
  return blocks;
}
