/**
 * A JSON reader that keeps positions: every leaf value with its key path and
 * the offsets of its characters, which `JSON.parse` does not give. Offsets are
 * UTF-16 code units into the text; a string leaf's range is inside its quotes.
 */

export interface JsonLeaf {
  /** Keys from the root; array elements are numbers. */
  readonly path: readonly (string | number)[];
  readonly value: string | number | boolean | null;
  readonly start: number;
  readonly end: number;
  /** Identifies the object or array the leaf belongs to: leaves with the same id are siblings. */
  readonly parent: number;
}

export interface JsonScan {
  readonly leaves: JsonLeaf[];
  /** Keys of the root object (empty when the root is not an object). */
  readonly rootKeys: ReadonlySet<string>;
  /** Offset of the root value's first character. */
  readonly rootStart: number;
}

class JsonSyntaxError extends Error {}

/** The leaves of a JSON document, or undefined when it is not valid JSON. */
export function scanJson(text: string): JsonScan | undefined {
  const leaves: JsonLeaf[] = [];
  const rootKeys = new Set<string>();
  let pos = 0;
  let nextId = 1;

  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) pos++;
      else break;
    }
  };
  const expect = (ch: string): void => {
    if (text[pos] !== ch) throw new JsonSyntaxError(`expected ${ch} at ${pos}`);
    pos++;
  };
  const readString = (): { value: string; start: number; end: number } => {
    const open = pos;
    expect('"');
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\\') pos++;
      if (text[pos] === '\n') throw new JsonSyntaxError('newline in string');
      pos++;
    }
    if (pos >= text.length) throw new JsonSyntaxError('unterminated string');
    pos++;
    return { value: JSON.parse(text.slice(open, pos)) as string, start: open + 1, end: pos - 1 };
  };
  const readValue = (path: (string | number)[], parent: number, depth: number): void => {
    if (depth > 256) throw new JsonSyntaxError('too deep');
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      const id = nextId++;
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString().value;
        if (depth === 0) rootKeys.add(key);
        skipSpace();
        expect(':');
        readValue(path.concat(key), id, depth + 1);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return;
      }
    }
    if (c === '[') {
      const id = nextId++;
      pos++;
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (let i = 0; ; i++) {
        readValue(path.concat(i), id, depth + 1);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return;
      }
    }
    if (c === '"') {
      const s = readString();
      leaves.push({ path, value: s.value, start: s.start, end: s.end, parent });
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) throw new JsonSyntaxError(`unexpected character at ${pos}`);
    const raw = literal[0];
    const value = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw);
    leaves.push({ path, value, start: pos, end: pos + raw.length, parent });
    pos += raw.length;
  };

  try {
    skipSpace();
    const rootStart = pos;
    readValue([], 0, 0);
    skipSpace();
    if (pos !== text.length) return undefined;
    return { leaves, rootKeys, rootStart };
  } catch (error) {
    if (error instanceof JsonSyntaxError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
