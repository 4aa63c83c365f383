/**
 * A line-oriented scanner for the key/value text no-plaintext-secrets reads
 * outside HCL: YAML (block style), INI, dotenv, shell and Makefile
 * assignments, and the same inside HCL heredocs and YAML block scalars. It is
 * not a YAML parser: it tracks indentation to give every key its path and its
 * siblings, and reads one scalar per line, which is what secret detection needs.
 *
 * Offsets are UTF-16 code units into the scanned text.
 */

export type KvValueKind = 'scalar' | 'block' | 'nested' | 'flow';

export interface KvEntry {
  /** The key as written, without quotes (`[n]` for a scalar sequence item). */
  readonly key: string;
  /** Keys from the document root to this entry (`['gitea', 'admin', 'password']`); sequence items are `[n]`. */
  readonly path: readonly string[];
  readonly keyStart: number;
  /** The scalar value, quotes removed; for a block scalar its content lines. */
  readonly value: string;
  /** The range of the value's characters (inside quotes). */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quoted: boolean;
  readonly kind: KvValueKind;
  /** Identifies the mapping the entry belongs to: entries with the same id are siblings. */
  readonly mapping: number;
  /** YAML document number (`---` starts the next one). */
  readonly doc: number;
  /** Read from the content lines of a block scalar (`key: |`), not from the document's own structure. */
  readonly inBlock: boolean;
}

export interface KvScanOptions {
  /** Accept `key: value` (YAML). */
  readonly colon: boolean;
  /** Accept `key = value` / `key=value` (INI, dotenv, shell, Makefile). */
  readonly equals: boolean;
}

interface Frame {
  readonly indent: number;
  readonly key: string;
  readonly id: number;
  readonly isItem: boolean;
  items: number;
}

const KEY_LINE = /^(?:(?:export|ENV|ARG|local|readonly|declare(?: -[a-zA-Z]+)?) +)?(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_][\w.\-/]*))[ \t]*(:(?=[ \t]|$)|[:?+]?=(?![=>~]))[ \t]*/;
const SEQ_ITEM = /^- +|^-$/;
const BLOCK_HEADER = /^[|>][-+0-9]*\s*(?:#.*)?$/;
const ANCHOR = /^&\S+\s+/;
const TAG = /^!!\w+\s+/;
const SECTION = /^\[([^\]]+)\]\s*(?:[#;].*)?$/;
const DOC_MARKER = /^(?:---|\.\.\.)(?:\s|$)/;
const DIRECTIVE = /^(?:%\{|\{\{|\{%|#|;|\/\/)/;

/** The end of a plain (unquoted) value: before ` #` (YAML, shell) or ` ;` (INI), trailing spaces removed. */
function plainEnd(line: string, from: number): number {
  let end = line.length;
  const hash = line.indexOf(' #', from);
  if (hash >= 0) end = Math.min(end, hash);
  const tabHash = line.indexOf('\t#', from);
  if (tabHash >= 0) end = Math.min(end, tabHash);
  const semi = line.indexOf(' ;', from);
  if (semi >= 0) end = Math.min(end, semi);
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t' || line[end - 1] === '\r')) end--;
  return end;
}

/** The closing quote of a quoted value starting at `from` (the opening quote), or -1. */
function closingQuote(line: string, from: number): number {
  const q = line[from];
  for (let i = from + 1; i < line.length; i++) {
    const c = line[i];
    if (q === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === q) {
      if (q === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

function unquote(raw: string, quote: string): string {
  if (quote === "'") return raw.replace(/''/g, "'");
  return raw.replace(/\\(["\\/])/g, '$1');
}

/**
 * Every key/value entry of `text[start, end)`, in source order. Lines that are
 * template directives (`%{ … }`, `{{ … }}`) or comments are skipped; a block
 * scalar (`key: |`) yields one `block` entry and its lines are scanned too
 * (an INI file inside a YAML value is still found).
 */
export function scanKeyValues(text: string, start: number, end: number, options: KvScanOptions): KvEntry[] {
  const out: KvEntry[] = [];
  let nextId = 1;
  let doc = 0;
  let stack: Frame[] = [];
  let rootId = nextId++;
  let block: { indent: number; entryIndex: number; firstStart: number; lastEnd: number; lines: string[] } | undefined;

  const closeBlock = (): void => {
    if (!block) return;
    const entry = out[block.entryIndex]!;
    let minIndent = Infinity;
    for (const l of block.lines) if (l.trim().length > 0) minIndent = Math.min(minIndent, l.length - l.trimStart().length);
    const cut = Number.isFinite(minIndent) ? minIndent : 0;
    const value = block.lines.map((l) => l.slice(cut)).join('\n').trimEnd();
    out[block.entryIndex] = { key: entry.key, path: entry.path, keyStart: entry.keyStart, value, valueStart: block.firstStart, valueEnd: block.lastEnd, quoted: false, kind: 'block', mapping: entry.mapping, doc: entry.doc, inBlock: entry.inBlock };
    block = undefined;
  };

  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    let line = text.slice(lineStart, lineEnd);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const here = lineStart;
    lineStart = lineEnd + 1;

    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (block) {
      if (trimmed.length === 0 || indent > block.indent) {
        if (trimmed.length > 0) {
          if (block.firstStart < 0) block.firstStart = here + indent;
          block.lastEnd = here + line.length;
        }
        block.lines.push(line);
      } else {
        closeBlock();
      }
    }
    if (trimmed.length === 0 || DIRECTIVE.test(trimmed)) continue;
    if (indent === 0 && DOC_MARKER.test(trimmed)) {
      closeBlock();
      doc++;
      stack = [];
      rootId = nextId++;
      continue;
    }
    const section = SECTION.exec(trimmed);
    if (section && options.equals) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent - 1) stack.pop();
      stack.push({ indent: indent - 1, key: section[1]!.trim(), id: nextId++, isItem: false, items: 0 });
      continue;
    }

    let col = indent;
    let rest = trimmed;
    const item = options.colon ? SEQ_ITEM.exec(rest) : null;
    if (item) {
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.indent > indent || (top.indent === indent && top.isItem)) stack.pop();
        else break;
      }
      const parent = stack[stack.length - 1];
      const index = parent ? parent.items++ : 0;
      const frame: Frame = { indent, key: `[${index}]`, id: nextId++, isItem: true, items: 0 };
      stack.push(frame);
      col = indent + item[0].length;
      rest = rest.slice(item[0].length);
      if (rest.length === 0) continue;
    }

    const m = KEY_LINE.exec(rest);
    const separator = m?.[4];
    if (!m || separator === undefined || (separator === ':' ? !options.colon : !options.equals)) {
      if (item && rest.length > 0) out.push(scalarItem(stack, rest, here + col, doc, block !== undefined));
      continue;
    }
    const key = m[1] ?? m[2] ?? m[3] ?? '';
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= col) stack.pop();
    const parent = stack[stack.length - 1];
    const mapping = parent ? parent.id : rootId;
    const path = stack.map((f) => f.key);
    path.push(key);
    const valueCol = col + m[0].length;
    const valueText = line.slice(valueCol);
    const inBlock = block !== undefined;
    const push = (kind: KvValueKind, value: string, valueStart: number, valueEnd: number, quoted: boolean): void => {
      out.push({ key, path, keyStart: here + col, value, valueStart, valueEnd, quoted, kind, mapping, doc, inBlock });
    };

    if (valueText.length === 0 || valueText.startsWith('#')) {
      push('nested', '', here + valueCol, here + valueCol, false);
      stack.push({ indent: col, key, id: nextId++, isItem: false, items: 0 });
      continue;
    }
    const first = valueText[0]!;
    if (separator === ':' && (first === '|' || first === '>') && BLOCK_HEADER.test(valueText)) {
      push('block', '', -1, -1, false);
      block = { indent: col, entryIndex: out.length - 1, firstStart: -1, lastEnd: -1, lines: [] };
      stack.push({ indent: col, key, id: nextId++, isItem: false, items: 0 });
      continue;
    }
    if (first === '{' || first === '[') {
      push('flow', valueText, here + valueCol, here + line.length, false);
      continue;
    }
    if (first === '"' || first === "'") {
      const close = closingQuote(line, valueCol);
      if (close >= 0) push('scalar', unquote(line.slice(valueCol + 1, close), first), here + valueCol + 1, here + close, true);
      continue;
    }
    let from = valueCol;
    const anchor = ANCHOR.exec(valueText);
    if (anchor) from += anchor[0].length;
    const tag = TAG.exec(line.slice(from));
    if (tag) from += tag[0].length;
    const stop = plainEnd(line, from);
    if (stop > from) push('scalar', line.slice(from, stop), here + from, here + stop, false);
  }
  closeBlock();
  return out;
}

function scalarItem(stack: readonly Frame[], rest: string, at: number, doc: number, inBlock: boolean): KvEntry {
  const frame = stack[stack.length - 1]!;
  const parent = stack[stack.length - 2];
  const quoted = rest.startsWith('"') || rest.startsWith("'");
  const close = quoted ? closingQuote(rest, 0) : -1;
  const value = quoted && close > 0 ? unquote(rest.slice(1, close), rest[0]!) : rest.slice(0, plainEnd(rest, 0));
  const valueStart = quoted && close > 0 ? at + 1 : at;
  return {
    key: frame.key,
    path: stack.map((f) => f.key),
    keyStart: at,
    value,
    valueStart,
    valueEnd: valueStart + (quoted && close > 0 ? close - 1 : value.length),
    quoted,
    kind: rest.startsWith('{') || rest.startsWith('[') ? 'flow' : 'scalar',
    mapping: parent ? parent.id : 0,
    doc,
    inBlock,
  };
}
