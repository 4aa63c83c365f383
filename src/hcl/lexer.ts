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
let scratch = allocateTable(1 << 14);

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

/** Lexer modes. The top-level mode is implicit (an empty stack). */
const INTERP = 0; // expression tokens inside `${ … }` or `%{ … }`
const QUOTED = 1; // literal text of a `"…"` template
const HEREDOC = 2; // literal text of a heredoc body

interface Mode {
  readonly type: typeof INTERP | typeof QUOTED | typeof HEREDOC;
  /** INTERP: unmatched `{` seen inside the sequence; the `}` at depth 0 closes it. */
  braces: number;
  /** HEREDOC: the delimiter word. */
  readonly marker: string;
  /** HEREDOC: the next character starts a body line (where the closing marker may be). */
  atLineStart: boolean;
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdentContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The code point at `i` (a surrogate pair is combined). */
function codePointAt(src: string, i: number): number {
  return src.codePointAt(i) ?? 0;
}

/** Is the code point at `i` an identifier start (`ID_Start` or `_`)? Returns its length in code units, or 0. */
export function identStartLength(src: string, i: number): number {
  const c = src.charCodeAt(i);
  if (c < 128) return isAsciiIdentStart(c) ? 1 : 0;
  const cp = codePointAt(src, i);
  return ID_START.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Set by `scanIdentRest`: the identifier it scanned has a non-ASCII character after the first. */
let identNonAscii = false;

/** The end offset of the identifier that starts at `i` (`ID_Continue` and `-` after the first character). */
function scanIdentRest(src: string, i: number): number {
  const len = src.length;
  identNonAscii = false;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiIdentContinue(c)) break;
      i++;
      continue;
    }
    const cp = codePointAt(src, i);
    if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
    identNonAscii = true;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The end of the run of spaces and tabs that starts at `i` (`i` itself when there is none). */
function blanksEnd(src: string, i: number): number {
  const len = src.length;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/** The length of the `\n` or `\r\n` at `i`, or 0 (a lone `\r` does not end a heredoc line). */
function heredocLineBreakLength(src: string, i: number): number {
  const c = src.charCodeAt(i);
  if (c === 10) return 1;
  return c === 13 && src.charCodeAt(i + 1) === 10 ? 2 : 0;
}

/**
 * In template text at a `$` or `%` (code `c`) at `i`: 0 when it opens a
 * template sequence (`${`, `%{`), else the length of the text it starts: 3
 * for the `$${` and `%%{` escapes (literal text), 1 otherwise.
 */
function textAtSign(src: string, i: number, c: number): number {
  const d = src.charCodeAt(i + 1);
  if (d === 123) return 0;
  return d === c && src.charCodeAt(i + 2) === 123 ? 3 : 1;
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
 * Cost: one pass with `charCodeAt`; line and column are tracked incrementally
 * and only tokens that may contain line breaks or surrogate pairs are rescanned.
 */
export function scan(src: string): ScanResult {
  const len = src.length;
  if (scratch.kinds.length < (len >> 1) + 16) scratch = allocateTable((len >> 1) + 16);
  let { kinds, starts, lines, columns } = scratch;
  let capacity = kinds.length;
  let count = 0;
  const diagnostics: Diagnostic[] = [];
  const modes: Mode[] = [];

  let pos = 0;
  /** Line of `trackedTo`, the offset where line tracking stands (always a token boundary). */
  let line = 1;
  /** Offset where the current line's columns start. */
  let lineStart = 0;
  /** Surrogate pairs between `lineStart` and the tracked offset (each is one column, two code units). */
  let pairs = 0;
  let crlfCount = 0;
  let lfCount = 0;

  const hasBom = len > 0 && src.charCodeAt(0) === 0xfeff;

  function grow(): void {
    capacity *= 2;
    const bigger = allocateTable(capacity);
    bigger.kinds.set(kinds);
    bigger.starts.set(starts);
    bigger.lines.set(lines);
    bigger.columns.set(columns);
    scratch = bigger;
    ({ kinds, starts, lines, columns } = bigger);
  }

  /** Appends a token starting at `start`; it ends where the next one starts. */
  function push(kind: number, start: number): void {
    if (count + 1 >= capacity) grow();
    kinds[count] = kind;
    starts[count] = start;
    lines[count] = line;
    columns[count] = start - lineStart - pairs + 1;
    count++;
  }

  /** Advances line tracking over `[start, end)`, which may hold line breaks or surrogate pairs. */
  function track(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = i + 1;
        pairs = 0;
        if (i > 0 && src.charCodeAt(i - 1) === 13) crlfCount++;
        else lfCount++;
      } else if (c === 13) {
        if (src.charCodeAt(i + 1) !== 10) {
          line++;
          lineStart = i + 1;
          pairs = 0;
        }
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
        const d = src.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          pairs++;
          i++;
        }
      }
    }
  }

  function pushNewline(start: number, end: number): void {
    push(T.Newline, start);
    if (end - start === 2) crlfCount++;
    else if (src.charCodeAt(start) === 10) lfCount++;
    line++;
    lineStart = end;
    pairs = 0;
  }

  function diagnose(summary: string, detail: string, start: number, end: number): void {
    const column = start - lineStart - pairs + 1;
    let width = 0;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > start) continue;
      width++;
    }
    diagnostics.push({ severity: 'error', summary, detail, start, end, line, column, endLine: line, endColumn: column + width });
  }

  /** Pushes the token from `pos` to `end`, whose text may hold line breaks or surrogate pairs, and moves `pos` to `end`. */
  function pushTracked(kind: number, end: number): void {
    push(kind, pos);
    track(pos, end);
    pos = end;
  }

  function diagnoseInvalid(start: number, end: number): void {
    const { summary, detail } = invalidCharDetail(src.slice(start, end));
    diagnose(summary, detail, start, end);
  }

  /** Pushes the character (code point) at `pos` as an Invalid token, with its diagnostic. */
  function pushInvalid(): void {
    const end = pos + (codePointAt(src, pos) > 0xffff ? 2 : 1);
    diagnoseInvalid(pos, end);
    pushTracked(T.Invalid, end);
  }

  /**
   * Pushes a run of quoted-template text starting at `pos`: up to a sequence
   * opener, `"` or a line end (a backslash takes the next character with it,
   * unless that is a line end).
   */
  function scanQuotedLiteral(): void {
    let i = pos;
    while (i < len) {
      const c = src.charCodeAt(i);
      if (c === 34 || c === 10 || c === 13) break;
      if (c === 92) {
        const d = src.charCodeAt(i + 1);
        i += i + 1 < len && d !== 10 && d !== 13 ? 2 : 1;
        continue;
      }
      if (c === 36 || c === 37) {
        const n = textAtSign(src, i, c);
        if (n === 0) break;
        i += n;
        continue;
      }
      i++;
    }
    pushTracked(T.TemplateLiteral, i);
  }

  /**
   * Pushes a run of heredoc text starting at `pos`: up to a sequence opener or
   * to the end of the line (inclusive), where the closing marker may follow.
   */
  function scanHeredocLiteral(mode: Mode): void {
    let i = pos;
    while (i < len) {
      const c = src.charCodeAt(i);
      const lineBreak = heredocLineBreakLength(src, i);
      if (lineBreak > 0) {
        i += lineBreak;
        mode.atLineStart = true;
        break;
      }
      if (c === 36 || c === 37) {
        const n = textAtSign(src, i, c);
        if (n === 0) break;
        i += n;
        continue;
      }
      i++;
    }
    pushTracked(T.TemplateLiteral, i);
  }

  /** At a heredoc body line start: if the line is the closing marker, pushes it and leaves the heredoc. */
  function tryHeredocEnd(mode: Mode): boolean {
    const i = blanksEnd(src, pos);
    if (!src.startsWith(mode.marker, i)) return false;
    const markerEnd = i + mode.marker.length;
    const j = blanksEnd(src, markerEnd);
    if (heredocLineBreakLength(src, j) === 0) return false;
    pushTracked(T.CHeredoc, markerEnd);
    if (j > markerEnd) push(T.Whitespace, markerEnd);
    pos = j;
    modes.pop();
    return true;
  }

  /** Tries `<<EOF` / `<<-EOF` followed by a line ending at `pos`. */
  function tryHeredocStart(): boolean {
    let i = pos + 2;
    const indented = src.charCodeAt(i) === 45;
    if (indented) i++;
    const first = identStartLength(src, i);
    if (first === 0) return false;
    const markerEnd = scanIdentRest(src, i + first);
    const lineBreak = heredocLineBreakLength(src, markerEnd);
    if (lineBreak === 0) return false;
    pushTracked(T.OHeredoc, markerEnd + lineBreak);
    modes.push({ type: HEREDOC, braces: 0, marker: src.slice(i, markerEnd), atLineStart: true });
    return true;
  }

  /** Lexes one token in expression mode (top level or inside a template sequence). */
  function lexExpressionToken(mode: Mode | undefined): void {
    const start = pos;
    const c = src.charCodeAt(pos);
    const d = src.charCodeAt(pos + 1);
    switch (c) {
      case 32:
      case 9:
        push(T.Whitespace, pos);
        pos = blanksEnd(src, pos + 1);
        return;
      case 10:
        pos++;
        pushNewline(start, pos);
        return;
      case 13:
        if (d === 10) {
          pos += 2;
        } else {
          diagnoseInvalid(pos, pos + 1);
          pos++;
        }
        pushNewline(start, pos);
        return;
      case 35:
        lineComment();
        return;
      case 47:
        if (d === 47) lineComment();
        else if (d === 42) blockComment();
        else single(T.Slash);
        return;
      case 34:
        single(T.OQuote);
        modes.push({ type: QUOTED, braces: 0, marker: '', atLineStart: false });
        return;
      case 60:
        if (d === 60 && tryHeredocStart()) return;
        if (d === 61) double(T.LessThanEq);
        else single(T.LessThan);
        return;
      case 62:
        if (d === 61) double(T.GreaterThanEq);
        else single(T.GreaterThan);
        return;
      case 61:
        if (d === 61) double(T.EqualOp);
        else if (d === 62) double(T.FatArrow);
        else single(T.Equal);
        return;
      case 33:
        if (d === 61) double(T.NotEqual);
        else single(T.Bang);
        return;
      case 38:
        if (d === 38) double(T.And);
        else pushInvalid();
        return;
      case 124:
        if (d === 124) double(T.Or);
        else pushInvalid();
        return;
      case 46:
        if (d === 46 && src.charCodeAt(pos + 2) === 46) {
          push(T.Ellipsis, pos);
          pos += 3;
        } else single(T.Dot);
        return;
      case 123:
        single(T.OBrace);
        if (mode !== undefined) mode.braces++;
        return;
      case 125:
        if (mode?.braces === 0) {
          single(T.TemplateSeqEnd);
          modes.pop();
        } else {
          single(T.CBrace);
          if (mode !== undefined) mode.braces--;
        }
        return;
      case 126:
        if (d === 125 && mode?.braces === 0) {
          double(T.TemplateSeqEnd);
          modes.pop();
        } else pushInvalid();
        return;
      case 91:
        single(T.OBrack);
        return;
      case 93:
        single(T.CBrack);
        return;
      case 40:
        single(T.OParen);
        return;
      case 41:
        single(T.CParen);
        return;
      case 44:
        single(T.Comma);
        return;
      case 63:
        single(T.Question);
        return;
      case 58:
        single(T.Colon);
        return;
      case 42:
        single(T.Star);
        return;
      case 37:
        single(T.Percent);
        return;
      case 43:
        single(T.Plus);
        return;
      case 45:
        single(T.Minus);
        return;
      default:
        break;
    }
    if (isDigit(c)) {
      number();
      return;
    }
    const first = identStartLength(src, pos);
    if (first > 0) {
      const end = scanIdentRest(src, pos + first);
      push(T.Ident, pos);
      // Only identifiers with non-ASCII characters can hold surrogate pairs.
      if (c >= 128 || identNonAscii) track(pos, end);
      pos = end;
      return;
    }
    pushInvalid();
  }

  function single(kind: number): void {
    push(kind, pos);
    pos += 1;
  }

  function double(kind: number): void {
    push(kind, pos);
    pos += 2;
  }

  /**
   * A number token as hclsyntax scans it: a digit, then any run of digits,
   * dots and exponents (`e`, `E`, optionally signed, followed by a digit), not
   * ending in a dot. So `1.5.0` is one (invalid) token, which the parser
   * reports, and `1...` is `1` followed by an ellipsis.
   */
  function number(): void {
    let i = pos + 1;
    let end = i;
    for (;;) {
      const c = src.charCodeAt(i);
      if (isDigit(c)) {
        i++;
        end = i;
      } else if (c === 46) {
        i++;
      } else if (c === 101 || c === 69) {
        let j = i + 1;
        const s = src.charCodeAt(j);
        if (s === 43 || s === 45) j++;
        if (!isDigit(src.charCodeAt(j))) break;
        i = j + 1;
        end = i;
      } else {
        break;
      }
    }
    push(T.Number, pos);
    pos = end;
  }

  /** `#` or `//` comment up to (not including) the line ending. */
  function lineComment(): void {
    let i = pos + 1;
    while (i < len) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 13) break;
      i++;
    }
    pushTracked(T.Comment, i);
  }

  function blockComment(): void {
    const close = src.indexOf('*/', pos + 2);
    const end = close < 0 ? len : close + 2;
    if (close < 0) {
      diagnose(
        'Unterminated comment',
        'The comment that starts here is not closed by "*/" before the end of the file.',
        pos,
        pos + 2,
      );
    }
    pushTracked(T.Comment, end);
  }

  if (hasBom) {
    push(T.BOM, 0);
    pos = 1;
    lineStart = 1;
  }

  while (pos < len) {
    // Check the length first: reading index -1 of an empty array takes V8's slow path.
    const mode = modes.length === 0 ? undefined : modes[modes.length - 1];
    if (mode === undefined || mode.type === INTERP) {
      lexExpressionToken(mode);
      continue;
    }
    const c = src.charCodeAt(pos);
    if (mode.type === QUOTED) {
      if (c === 34) {
        single(T.CQuote);
        modes.pop();
        continue;
      }
      if (c === 10 || c === 13) {
        // Unterminated string: the line ending belongs to the enclosing mode.
        modes.pop();
        continue;
      }
    } else if (mode.atLineStart) {
      if (tryHeredocEnd(mode)) continue;
      mode.atLineStart = false;
    }
    if ((c === 36 || c === 37) && src.charCodeAt(pos + 1) === 123) {
      push(c === 36 ? T.TemplateInterp : T.TemplateControl, pos);
      pos += src.charCodeAt(pos + 2) === 126 ? 3 : 2;
      modes.push({ type: INTERP, braces: 0, marker: '', atLineStart: false });
    } else if (mode.type === QUOTED) {
      scanQuotedLiteral();
    } else {
      scanHeredocLiteral(mode);
    }
  }
  push(T.EOF, len);
  // The sentinel after EOF (`grow` keeps room for it).
  kinds[count] = T.EOF;
  starts[count] = len;
  lines[count] = line;
  columns[count] = columns[count - 1]!;
  return {
    table: { count, kinds, starts, lines, columns },
    diagnostics,
    hasBom,
    crlfCount,
    lfCount,
  };
}
