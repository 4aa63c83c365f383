import type { Position } from './cst.js';

/**
 * Maps between UTF-16 offsets and 1-based line / code-point column positions,
 * with the same conventions as the lexer: `\n`, `\r\n` and a lone `\r` end a
 * line; a surrogate pair is one column; a leading BOM takes no column (the
 * first character after it is at column 1).
 */
export class LineIndex {
  private readonly text: string;
  /** Offset where column 1 of each line is (index 0 is line 1). */
  private readonly starts: number[];
  /** Offset of the line break that ends each line (the text length for the last line). */
  private readonly ends: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    const ends: number[] = [];
    const len = text.length;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        ends.push(i);
        starts.push(i + 1);
      } else if (c === 13) {
        ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    ends.push(len);
    this.starts = starts;
    this.ends = ends;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of `offset` (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo]!;
    let column = 1;
    for (let i = start; i < o; i++) {
      const c = this.text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < o) {
        const d = this.text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      column++;
    }
    return { line: lo + 1, column };
  }

  /** The offset of `line`:`column`, clamped to that line (a column past its end gives the line-break offset). */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length)) - 1;
    const end = this.ends[l]!;
    let i = this.starts[l]!;
    for (let col = 1; col < column && i < end; col++) {
      const c = this.text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < end && (this.text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
    return i;
  }

  /** The offset of column 1 of `line` (after the BOM on line 1). */
  lineStart(line: number): number {
    return this.starts[Math.max(1, Math.min(line, this.starts.length)) - 1]!;
  }

  /** The text of `line` without its line ending. */
  lineText(line: number): string {
    const l = Math.max(1, Math.min(line, this.starts.length)) - 1;
    return this.text.slice(this.starts[l], this.ends[l]);
  }
}
