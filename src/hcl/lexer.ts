import type { Diagnostic, Token, TokenKind } from './cst.js';

/**
 * Token kind ids. Trivia come first (Whitespace, Comment, BOM), then Newline,
 * so a reader skips what it does not need with one comparison: ids below
 * `T.Newline` are trivia, ids below `T.Newline + 1` are trivia or newlines.
 */
export const T = {
  Whitespace: 0,
  Comment: 1,
  BOM: 2,
  Newline: 3,
  Ident: 4,
  Number: 5,
  OBrace: 6,
  CBrace: 7,
  OBrack: 8,
  CBrack: 9,
  OParen: 10,
  CParen: 11,
  Equal: 12,
  Colon: 13,
  Comma: 14,
  Dot: 15,
  Ellipsis: 16,
  Question: 17,
  FatArrow: 18,
  Star: 19,
  Slash: 20,
  Percent: 21,
  Plus: 22,
  Minus: 23,
  Bang: 24,
  EqualOp: 25,
  NotEqual: 26,
  LessThan: 27,
  LessThanEq: 28,
  GreaterThan: 29,
  GreaterThanEq: 30,
  And: 31,
  Or: 32,
  OQuote: 33,
  CQuote: 34,
  OHeredoc: 35,
  CHeredoc: 36,
  TemplateLiteral: 37,
  TemplateInterp: 38,
  TemplateControl: 39,
  TemplateSeqEnd: 40,
  Invalid: 41,
  EOF: 42,
} as const;

/**
 * The kind ids as module constants, for the lexer and the parser: reading one
 * needs no property access (which, never executed before the code is
 * optimised, would deoptimise it when first reached).
 */
export const {
  Whitespace: WHITESPACE,
  Comment: COMMENT,
  BOM: BOM,
  Newline: NEWLINE,
  Ident: IDENT,
  Number: NUMBER,
  OBrace: OBRACE,
  CBrace: CBRACE,
  OBrack: OBRACK,
  CBrack: CBRACK,
  OParen: OPAREN,
  CParen: CPAREN,
  Equal: EQUAL,
  Colon: COLON,
  Comma: COMMA,
  Dot: DOT,
  Ellipsis: ELLIPSIS,
  Question: QUESTION,
  FatArrow: FAT_ARROW,
  Star: STAR,
  Slash: SLASH,
  Percent: PERCENT,
  Plus: PLUS,
  Minus: MINUS,
  Bang: BANG,
  EqualOp: EQUAL_OP,
  NotEqual: NOT_EQUAL,
  LessThan: LESS_THAN,
  LessThanEq: LESS_THAN_EQ,
  GreaterThan: GREATER_THAN,
  GreaterThanEq: GREATER_THAN_EQ,
  And: AND,
  Or: OR,
  OQuote: OQUOTE,
  CQuote: CQUOTE,
  OHeredoc: OHEREDOC,
  CHeredoc: CHEREDOC,
  TemplateLiteral: TEMPLATE_LITERAL,
  TemplateInterp: TEMPLATE_INTERP,
  TemplateControl: TEMPLATE_CONTROL,
  TemplateSeqEnd: TEMPLATE_SEQ_END,
  Invalid: INVALID,
  EOF: EOF,
} = T;

interface Columns {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly lines: Int32Array;
  readonly columns: Int32Array;
}

function allocateTable(capacity: number): Columns {
  return {
    kinds: new Uint8Array(capacity),
    starts: new Int32Array(capacity),
    lines: new Int32Array(capacity),
    columns: new Int32Array(capacity),
  };
}

/**
 * The arrays `scan` fills, reused from one call to the next (grown, never
 * shrunk): parsing allocates no per-token memory, and nothing keeps a table
 * once its file is parsed.
 */
let scratch = allocateTable(1 << 15);

/** The kind name of each id in `T`. */
export const TOKEN_KINDS: readonly TokenKind[] = [
  'Whitespace',
  'Comment',
  'BOM',
  'Newline',
  'Ident',
  'Number',
  'OBrace',
  'CBrace',
  'OBrack',
  'CBrack',
  'OParen',
  'CParen',
  'Equal',
  'Colon',
  'Comma',
  'Dot',
  'Ellipsis',
  'Question',
  'FatArrow',
  'Star',
  'Slash',
  'Percent',
  'Plus',
  'Minus',
  'Bang',
  'EqualOp',
  'NotEqual',
  'LessThan',
  'LessThanEq',
  'GreaterThan',
  'GreaterThanEq',
  'And',
  'Or',
  'OQuote',
  'CQuote',
  'OHeredoc',
  'CHeredoc',
  'TemplateLiteral',
  'TemplateInterp',
  'TemplateControl',
  'TemplateSeqEnd',
  'Invalid',
  'EOF',
];

/**
 * The token list in columns (no object per token), valid until the next call
 * of `scan` (the arrays are reused): token `i` has kind id
 * `kinds[i]` and starts at `starts[i]`, at `lines[i]`:`columns[i]`; it ends
 * where token `i + 1` starts. Index `count - 1` is the EOF token; index
 * `count` is a sentinel that repeats it, so `i + 1` is always readable.
 *
 * Invariants: the tokens tile the source (the first starts at 0, EOF at
 * `source.length`). Positions are 1-based lines and code-point columns; a
 * lone `\r` ends a line like `\n` and `\r\n` do; the BOM takes no column (the
 * token after it is at column 1, as editors show it).
 */
export interface TokenTable {
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly lines: Int32Array;
  readonly columns: Int32Array;
}

export interface ScanResult {
  readonly table: TokenTable;
  readonly diagnostics: Diagnostic[];
  readonly hasBom: boolean;
  /** Line endings seen, `\r\n` and lone `\n` (in tokens and template text alike). */
  readonly crlfCount: number;
  readonly lfCount: number;
  /** The indexes of the comment tokens in the table, in order. */
  readonly comments: number[];
}

/** The tokens of one source text as objects; see `TokenTable` for the invariants. */
export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
  readonly hasBom: boolean;
}

/** Builds the `Token` objects of a table (one allocation per token; the parser itself does not need them). */
export function materializeTokens(table: TokenTable): Token[] {
  const { count, kinds, starts, lines, columns } = table;
  const tokens = new Array<Token>(count);
  for (let i = 0; i < count; i++) {
    tokens[i] = { kind: TOKEN_KINDS[kinds[i]!]!, start: starts[i]!, end: starts[i + 1]!, line: lines[i]!, column: columns[i]! };
  }
  return tokens;
}

/** Splits `source` into `Token` objects; see `scan`. */
export function lex(source: string): LexResult {
  const { table, diagnostics, hasBom } = scan(source);
  return { tokens: materializeTokens(table), diagnostics, hasBom };
}

/** Lexer modes: expression tokens at the top level or inside a template sequence, or template text. */
const TOP = 0;
const INTERP = 1; // expression tokens inside `${ … }` or `%{ … }`
const QUOTED = 2; // literal text of a `"…"` template
const HEREDOC = 3; // literal text of a heredoc body

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

/*
 * Sticky scanners for whole runs of token text: set `lastIndex`, call `test`,
 * read `lastIndex` back (each matches the empty string, so it never fails
 * while `lastIndex <= length`). Irregexp compiles a regex to native code on
 * its second use, so in a fresh process they are fast long before the code
 * around them is optimised, and they keep loops out of `scan`, which makes it
 * cheaper to optimise. None accepts a surrogate: a run they accept needs no
 * code-point column tracking, and one that stops at a surrogate is finished
 * by a slow path.
 */
/** ASCII identifier characters after the first (`-` included). */
const IDENT_RUN = /[\w-]*/y;
/** Spaces and tabs. */
const BLANK_RUN = /[ \t]*/y;
/** Comment text up to a line end. */
const COMMENT_RUN = /[^\n\r\ud800-\udfff]*/y;
/**
 * Quoted-template text: up to a sequence opener, `"` or a line end; a
 * backslash takes the next character with it unless that is a line end, and
 * `$${` / `%%{` are text.
 */
const QUOTED_RUN = /(?:[^"\n\r\\$%\ud800-\udfff]|\\[^\n\r\ud800-\udfff]?|\$\$\{|%%\{|[$%](?!\{))*/y;
/** Heredoc text: up to a sequence opener or to the end of the line, inclusive (a lone `\r` is text but stops the run). */
const HEREDOC_RUN = /(?:[^\n\r$%\ud800-\udfff]|\$\$\{|%%\{|[$%](?!\{))*(?:\r?\n)?/y;
/**
 * A number as hclsyntax scans it: a digit, then any run of digits, dots and
 * exponents (`e`, `E`, optionally signed, followed by a digit), not ending in
 * a dot. So `1.5.0` is one (invalid) token, which the parser reports, and
 * `1...` is `1` followed by an ellipsis.
 */
const NUMBER_RUN = /\d(?:\.*(?:\d|[eE][+-]?\d))*/y;

/**
 * The kind of each one-character token that no other character can extend
 * (0 for the others). One table lookup, rather than a switch case each, keeps
 * rare ones like `?` from being the first to reach their case in optimised
 * code (a case never run before its compile deoptimises it).
 */
const PUNCTUATION = new Uint8Array(128);
for (const [c, kind] of [
  ['[', OBRACK],
  [']', CBRACK],
  ['(', OPAREN],
  [')', CPAREN],
  [',', COMMA],
  ['?', QUESTION],
  [':', COLON],
  ['*', STAR],
  ['%', PERCENT],
  ['+', PLUS],
  ['-', MINUS],
] as const) {
  PUNCTUATION[c.charCodeAt(0)] = kind;
}

function isAsciiIdentContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** The code point at `i` (a surrogate pair is combined). */
function codePointAt(src: string, i: number): number {
  return src.codePointAt(i) ?? 0;
}

/** Is the code point at `i` an identifier start (`ID_Start` or `_`)? Returns its length in code units, or 0. */
export function identStartLength(src: string, i: number): number {
  const c = i < src.length ? src.charCodeAt(i) : -1;
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ? 1 : 0;
  const cp = codePointAt(src, i);
  return ID_START.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** The end offset of the identifier characters (`ID_Continue` and `-`) from `i` on. */
function identRestEnd(src: string, i: number): number {
  const len = src.length;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiIdentContinue(c)) break;
      i++;
      continue;
    }
    const cp = codePointAt(src, i);
    if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The end of the run of spaces and tabs that starts at `i` (`i` itself when there is none). */
function blanksEnd(src: string, i: number): number {
  BLANK_RUN.lastIndex = i;
  BLANK_RUN.test(src);
  return BLANK_RUN.lastIndex;
}

/** The length of the `\n` or `\r\n` at `i`, or 0 (a lone `\r` does not end a heredoc line). */
function heredocLineBreakLength(src: string, i: number): number {
  if (i >= src.length) return 0;
  const c = src.charCodeAt(i);
  if (c === 10) return 1;
  return c === 13 && i + 1 < src.length && src.charCodeAt(i + 1) === 10 ? 2 : 0;
}

/** Set by `heredocMarkerStart`: the end of the marker word. */
let heredocMarkerEnd = 0;

/**
 * The `<<EOF` / `<<-EOF` opener at `i` (at its `<<`), followed by a line
 * ending: returns the offset of the marker word and sets `heredocMarkerEnd`
 * to its end; -1 when there is none.
 */
function heredocMarkerStart(src: string, i: number): number {
  let at = i + 2;
  if (at < src.length && src.charCodeAt(at) === 45) at++;
  const first = identStartLength(src, at);
  if (first === 0) return -1;
  heredocMarkerEnd = identRestEnd(src, at + first);
  const lineBreak = heredocLineBreakLength(src, heredocMarkerEnd);
  return lineBreak === 0 ? -1 : at;
}

/** The end of the quoted-template text that continues at `i` (where `QUOTED_RUN` stopped at a surrogate). */
function quotedTextEnd(src: string, i: number): number {
  const len = src.length;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === 34 || c === 10 || c === 13) break;
    if (c === 92) {
      const d = i + 1 < len ? src.charCodeAt(i + 1) : -1;
      i += d >= 0 && d !== 10 && d !== 13 ? 2 : 1;
    } else if (c === 36 || c === 37) {
      const d = i + 1 < len ? src.charCodeAt(i + 1) : -1;
      if (d === 123) break;
      i += d === c && i + 2 < len && src.charCodeAt(i + 2) === 123 ? 3 : 1;
    } else {
      i++;
    }
  }
  return i;
}

/** Set by `heredocTextEnd`: the text it scanned ends with a line break. */
let heredocTextEndsLine = false;

/** The end of the heredoc text that continues at `i` (where `HEREDOC_RUN` stopped at a lone `\r` or a surrogate). */
function heredocTextEnd(src: string, i: number): number {
  const len = src.length;
  heredocTextEndsLine = false;
  while (i < len) {
    const c = src.charCodeAt(i);
    const lineBreak = heredocLineBreakLength(src, i);
    if (lineBreak > 0) {
      heredocTextEndsLine = true;
      return i + lineBreak;
    }
    if (c === 36 || c === 37) {
      const d = i + 1 < len ? src.charCodeAt(i + 1) : -1;
      if (d === 123) break;
      i += d === c && i + 2 < len && src.charCodeAt(i + 2) === 123 ? 3 : 1;
    } else {
      i++;
    }
  }
  return i;
}

/** The end of the comment text from `i` to the line end (where `COMMENT_RUN` stopped at a surrogate). */
function commentTextEnd(src: string, i: number): number {
  const len = src.length;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/*
 * Set by `track`: what the text it scanned holds. Line breaks are `\n`,
 * `\r\n` and a lone `\r`; a surrogate pair is one column.
 */
/** Line breaks. */
let trackedBreaks = 0;
/** The offset after the last line break. */
let trackedLineStart = 0;
/** Surrogate pairs after the last line break (in the whole text when there is none). */
let trackedPairs = 0;
/** `\r\n` and lone `\n` line breaks (a lone `\r` is neither). */
let trackedCrlf = 0;
let trackedLf = 0;

/** Scans `[start, end)` for line breaks and surrogate pairs; see the variables above. */
function track(src: string, start: number, end: number): void {
  const len = src.length;
  trackedBreaks = 0;
  trackedPairs = 0;
  trackedCrlf = 0;
  trackedLf = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      trackedBreaks++;
      trackedLineStart = i + 1;
      trackedPairs = 0;
      if (i > 0 && src.charCodeAt(i - 1) === 13) trackedCrlf++;
      else trackedLf++;
    } else if (c === 13) {
      if (i + 1 >= len || src.charCodeAt(i + 1) !== 10) {
        trackedBreaks++;
        trackedLineStart = i + 1;
        trackedPairs = 0;
      }
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = src.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        trackedPairs++;
        i++;
      }
    }
  }
}

/** The end of the block comment that starts at `i` (the end of the file, with a diagnostic, when it is unterminated). */
function blockCommentEnd(diagnostics: Diagnostic[], src: string, i: number, line: number, column: number): number {
  const close = src.indexOf('*/', i + 2);
  if (close >= 0) return close + 2;
  diagnose(
    diagnostics,
    src,
    'Unterminated comment',
    'The comment that starts here is not closed by "*/" before the end of the file.',
    i,
    i + 2,
    line,
    column,
  );
  return src.length;
}

/** Appends the diagnostic of the invalid character(s) `[start, end)` at `line`:`column`. */
function diagnoseInvalid(diagnostics: Diagnostic[], src: string, start: number, end: number, line: number, column: number): void {
  const { summary, detail } = invalidCharDetail(src.slice(start, end));
  diagnose(diagnostics, src, summary, detail, start, end, line, column);
}

/** Appends a one-line diagnostic for `[start, end)`, which starts at `line`:`column`. */
function diagnose(
  diagnostics: Diagnostic[],
  src: string,
  summary: string,
  detail: string,
  start: number,
  end: number,
  line: number,
  column: number,
): void {
  let width = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > start) continue;
    width++;
  }
  diagnostics.push({ severity: 'error', summary, detail, start, end, line, column, endLine: line, endColumn: column + width });
}

const INVALID_DEFAULT = 'This character is not used within the language; expected an argument, a block or an expression.';

function invalidCharDetail(ch: string): { summary: string; detail: string } {
  switch (ch) {
    case ';':
      return {
        summary: 'Invalid character',
        detail:
          'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
      };
    case "'":
      return { summary: 'Invalid character', detail: 'Single quotes are not valid. Use double quotes (") to enclose strings.' };
    case '`':
      return {
        summary: 'Invalid character',
        detail: 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
      };
    case '~':
      return { summary: 'Unsupported operator', detail: 'Bitwise operators are not supported. Did you mean boolean NOT ("!")?' };
    case '&':
      return { summary: 'Unsupported operator', detail: 'Bitwise operators are not supported. Did you mean boolean AND ("&&")?' };
    case '|':
      return { summary: 'Unsupported operator', detail: 'Bitwise operators are not supported. Did you mean boolean OR ("||")?' };
    case '^':
      return { summary: 'Unsupported operator', detail: 'Bitwise operators are not supported.' };
    case '\r':
      return {
        summary: 'Invalid character',
        detail: 'Found a carriage return that is not followed by a line feed; expected a "\\n" or "\\r\\n" line ending.',
      };
    case '\ufeff':
      return { summary: 'Invalid character', detail: 'Found a byte order mark after the start of the file; it is allowed only as the first character.' };
    default:
      return { summary: 'Invalid character', detail: INVALID_DEFAULT };
  }
}

/**
 * Splits HCL native-syntax source into tokens, trivia included.
 *
 * Never throws. Characters that start no token become `Invalid` tokens with a
 * diagnostic; an unterminated block comment runs to the end of the file with a
 * diagnostic. Unterminated strings and heredocs are not diagnosed here: the
 * lexer just leaves the template mode (at the line end, or at the end of the
 * file) and the parser reports them where it expected the closing token.
 *
 * Cost: one pass, in one function whose state lives in local variables (a
 * fresh process runs it interpreted at first, where every call and every
 * closure-variable access costs); runs of plain characters are matched by
 * sticky regexes. Line and column are tracked incrementally; only tokens that
 * may contain line breaks or surrogate pairs (`tracked`) are rescanned.
 */

/**
 * Splits HCL native-syntax source into tokens, trivia included.
 *
 * Never throws. Characters that start no token become `Invalid` tokens with a
 * diagnostic; an unterminated block comment runs to the end of the file with a
 * diagnostic. Unterminated strings and heredocs are not diagnosed here: the
 * lexer just leaves the template mode (at the line end, or at the end of the
 * file) and the parser reports them where it expected the closing token.
 *
 * Cost: a fresh process runs this interpreted until TurboFan has compiled it
 * (on a busy machine, for hundreds of milliseconds), so it is one function
 * whose state lives in local variables, with one loop: runs of token text are
 * matched by the sticky regexes above, and rare cases go to helpers. Line and
 * column are tracked incrementally; only tokens that may contain line breaks
 * or surrogate pairs are rescanned (by `track`).
 */
export function scan(src: string): ScanResult {
  const len = src.length;
  // At most one token per code unit, plus EOF and the sentinel: no bounds checks below.
  if (scratch.kinds.length < len + 2) scratch = allocateTable(Math.max(len + 2, scratch.kinds.length * 2));
  const { kinds, starts, lines, columns } = scratch;
  const diagnostics: Diagnostic[] = [];
  /** The `mode` and `braces` of the enclosing modes, in pairs. */
  const stack: number[] = [];
  /** The markers of the enclosing heredocs. */
  const markers: string[] = [];
  let mode = TOP;
  /** INTERP: unmatched `{` seen inside the sequence; the `}` at depth 0 closes it. */
  let braces = 0;
  /** HEREDOC: the delimiter word. */
  let marker = '';
  /** HEREDOC: the next character starts a body line (where the closing marker may be). */
  let atLineStart = false;

  let count = 0;
  let pos = 0;
  /** Line of `pos` once the current token is tracked. */
  let line = 1;
  /** Offset where the current line's columns start. */
  let lineStart = 0;
  /** Surrogate pairs between `lineStart` and the tracked offset (each is one column, two code units). */
  let pairs = 0;
  let crlfCount = 0;
  let lfCount = 0;
  const comments: number[] = [];

  const hasBom = len > 0 && src.charCodeAt(0) === 0xfeff;
  if (hasBom) {
    kinds[0] = BOM;
    starts[0] = 0;
    lines[0] = 1;
    columns[0] = 1;
    count = 1;
    pos = 1;
    lineStart = 1;
  }

  while (pos < len) {
    const start = pos;
    const c = src.charCodeAt(pos);
    let kind: number;
    /** The token's text may hold line breaks or surrogate pairs: `track` scans it after it is stored. */
    let tracked = false;
    /** The token ends with a line break (and holds no other): the next line starts at its end. */
    let endsLine = false;
    if (mode === QUOTED) {
      if (c === 10 || c === 13) {
        // Unterminated string: the line ending belongs to the enclosing mode.
        braces = stack.pop()!;
        mode = stack.pop()!;
        continue;
      }
      if (c === 34) {
        kind = CQUOTE;
        pos++;
        braces = stack.pop()!;
        mode = stack.pop()!;
      } else if ((c === 36 || c === 37) && pos + 1 < len && src.charCodeAt(pos + 1) === 123) {
        kind = c === 36 ? TEMPLATE_INTERP : TEMPLATE_CONTROL;
        pos += pos + 2 < len && src.charCodeAt(pos + 2) === 126 ? 3 : 2;
        stack.push(mode, braces);
        mode = INTERP;
        braces = 0;
      } else {
        kind = TEMPLATE_LITERAL;
        QUOTED_RUN.lastIndex = pos;
        QUOTED_RUN.test(src);
        pos = QUOTED_RUN.lastIndex;
        if (pos < len && (src.charCodeAt(pos) & 0xf800) === 0xd800) {
          pos = quotedTextEnd(src, pos);
          tracked = true;
        }
      }
    } else if (mode === HEREDOC) {
      const markerStart = atLineStart ? blanksEnd(src, pos) : -1;
      atLineStart = false;
      if (
        markerStart >= 0 &&
        src.startsWith(marker, markerStart) &&
        heredocLineBreakLength(src, blanksEnd(src, markerStart + marker.length)) > 0
      ) {
        // The closing marker line. Blanks after the marker are lexed as
        // whitespace in the enclosing mode, like the line break after them.
        kind = CHEREDOC;
        pos = markerStart + marker.length;
        tracked = true;
        marker = markers.pop()!;
        braces = stack.pop()!;
        mode = stack.pop()!;
      } else if ((c === 36 || c === 37) && pos + 1 < len && src.charCodeAt(pos + 1) === 123) {
        kind = c === 36 ? TEMPLATE_INTERP : TEMPLATE_CONTROL;
        pos += pos + 2 < len && src.charCodeAt(pos + 2) === 126 ? 3 : 2;
        stack.push(mode, braces);
        mode = INTERP;
        braces = 0;
      } else {
        kind = TEMPLATE_LITERAL;
        HEREDOC_RUN.lastIndex = pos;
        HEREDOC_RUN.test(src);
        pos = HEREDOC_RUN.lastIndex;
        if (pos > start && src.charCodeAt(pos - 1) === 10) {
          atLineStart = true;
          endsLine = true;
          if (pos - 1 > 0 && src.charCodeAt(pos - 2) === 13) crlfCount++;
          else lfCount++;
        } else if (pos < len && src.charCodeAt(pos) !== 36 && src.charCodeAt(pos) !== 37) {
          // Stopped at a lone `\r` or a surrogate.
          pos = heredocTextEnd(src, pos);
          atLineStart = heredocTextEndsLine;
          tracked = true;
        }
      }
    } else {
      // `d`, the next code unit (-1 at the end), is read only by the cases that need it.
      let d: number;
      switch (c) {
        case 32:
        case 9:
          kind = WHITESPACE;
          pos++;
          if (pos < len) {
            d = src.charCodeAt(pos);
            if (d === 32 || d === 9) pos = blanksEnd(src, pos);
          }
          break;
        case 10:
          kind = NEWLINE;
          pos++;
          lfCount++;
          endsLine = true;
          break;
        case 13:
          kind = NEWLINE;
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 10) {
            pos += 2;
            crlfCount++;
          } else {
            diagnoseInvalid(diagnostics, src, pos, pos + 1, line, pos - lineStart - pairs + 1);
            pos++;
          }
          endsLine = true;
          break;
        case 35:
        case 47:
          d = c === 47 && pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (c === 35 || d === 47) {
            // `#` or `//` comment up to (not including) the line ending.
            kind = COMMENT;
            comments.push(count);
            COMMENT_RUN.lastIndex = pos + 1;
            COMMENT_RUN.test(src);
            pos = COMMENT_RUN.lastIndex;
            if (pos < len && (src.charCodeAt(pos) & 0xf800) === 0xd800) {
              pos = commentTextEnd(src, pos);
              tracked = true;
            }
          } else if (d === 42) {
            kind = COMMENT;
            comments.push(count);
            pos = blockCommentEnd(diagnostics, src, pos, line, pos - lineStart - pairs + 1);
            tracked = true;
          } else {
            kind = SLASH;
            pos++;
          }
          break;
        case 34:
          kind = OQUOTE;
          pos++;
          stack.push(mode, braces);
          mode = QUOTED;
          braces = 0;
          break;
        case 60: {
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          const at = d === 60 ? heredocMarkerStart(src, pos) : -1;
          if (at >= 0) {
            kind = OHEREDOC;
            pos = heredocMarkerEnd + heredocLineBreakLength(src, heredocMarkerEnd);
            tracked = true;
            stack.push(mode, braces);
            markers.push(marker);
            mode = HEREDOC;
            braces = 0;
            marker = src.slice(at, heredocMarkerEnd);
            atLineStart = true;
          } else if (d === 61) {
            kind = LESS_THAN_EQ;
            pos += 2;
          } else {
            kind = LESS_THAN;
            pos++;
          }
          break;
        }
        case 62:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 61) {
            kind = GREATER_THAN_EQ;
            pos += 2;
          } else {
            kind = GREATER_THAN;
            pos++;
          }
          break;
        case 61:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 61) {
            kind = EQUAL_OP;
            pos += 2;
          } else if (d === 62) {
            kind = FAT_ARROW;
            pos += 2;
          } else {
            kind = EQUAL;
            pos++;
          }
          break;
        case 33:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 61) {
            kind = NOT_EQUAL;
            pos += 2;
          } else {
            kind = BANG;
            pos++;
          }
          break;
        case 38:
        case 124:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === c) {
            kind = c === 38 ? AND : OR;
            pos += 2;
          } else {
            kind = INVALID;
            diagnoseInvalid(diagnostics, src, pos, pos + 1, line, pos - lineStart - pairs + 1);
            pos++;
          }
          break;
        case 46:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 46 && pos + 2 < len && src.charCodeAt(pos + 2) === 46) {
            kind = ELLIPSIS;
            pos += 3;
          } else {
            kind = DOT;
            pos++;
          }
          break;
        case 123:
          kind = OBRACE;
          pos++;
          if (mode === INTERP) braces++;
          break;
        case 125:
          pos++;
          if (mode === INTERP && braces === 0) {
            kind = TEMPLATE_SEQ_END;
            braces = stack.pop()!;
            mode = stack.pop()!;
          } else {
            kind = CBRACE;
            if (mode === INTERP) braces--;
          }
          break;
        case 126:
          d = pos + 1 < len ? src.charCodeAt(pos + 1) : -1;
          if (d === 125 && mode === INTERP && braces === 0) {
            kind = TEMPLATE_SEQ_END;
            pos += 2;
            braces = stack.pop()!;
            mode = stack.pop()!;
          } else {
            kind = INVALID;
            diagnoseInvalid(diagnostics, src, pos, pos + 1, line, pos - lineStart - pairs + 1);
            pos++;
          }
          break;
        default:
          if (c < 128 && PUNCTUATION[c] !== 0) {
            kind = PUNCTUATION[c]!;
            pos++;
          } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
            kind = IDENT;
            IDENT_RUN.lastIndex = pos + 1;
            IDENT_RUN.test(src);
            pos = IDENT_RUN.lastIndex;
            if (pos < len && src.charCodeAt(pos) >= 128) {
              pos = identRestEnd(src, pos);
              tracked = true;
            }
          } else if (c >= 48 && c <= 57) {
            kind = NUMBER;
            NUMBER_RUN.lastIndex = pos;
            NUMBER_RUN.test(src);
            pos = NUMBER_RUN.lastIndex;
          } else {
            const first = c < 128 ? 0 : identStartLength(src, pos);
            tracked = true;
            if (first > 0) {
              kind = IDENT;
              pos = identRestEnd(src, pos + first);
            } else {
              kind = INVALID;
              const end = pos + (codePointAt(src, pos) > 0xffff ? 2 : 1);
              diagnoseInvalid(diagnostics, src, pos, end, line, pos - lineStart - pairs + 1);
              pos = end;
            }
          }
      }
    }
    kinds[count] = kind;
    starts[count] = start;
    lines[count] = line;
    columns[count] = start - lineStart - pairs + 1;
    count++;
    if (endsLine) {
      line++;
      lineStart = pos;
      pairs = 0;
    } else if (tracked) {
      track(src, start, pos);
      if (trackedBreaks > 0) {
        line += trackedBreaks;
        lineStart = trackedLineStart;
        pairs = trackedPairs;
      } else {
        pairs += trackedPairs;
      }
      crlfCount += trackedCrlf;
      lfCount += trackedLf;
    }
  }
  kinds[count] = EOF;
  starts[count] = len;
  lines[count] = line;
  columns[count] = len - lineStart - pairs + 1;
  count++;
  // The sentinel after EOF.
  kinds[count] = EOF;
  starts[count] = len;
  lines[count] = line;
  columns[count] = columns[count - 1]!;
  return {
    table: { count, kinds, starts, lines, columns },
    diagnostics,
    hasBom,
    crlfCount,
    lfCount,
    comments,
  };
}
