/**
 * Position conversions some formats need: offsets (UTF-16 code units) and
 * code point columns to UTF-8 byte columns. Lines end at `\n` (a `\r` before
 * it belongs to the terminator); lines and columns are 1-based.
 */

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }

  /** The text of a 1-based line without its terminator, or undefined past the end. */
  lineText(line: number): string | undefined {
    const start = this.starts[line - 1];
    if (start === undefined) return undefined;
    const next = this.starts[line];
    const raw = next === undefined ? this.text.slice(start) : this.text.slice(start, next - 1);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }

  /** The 1-based line and UTF-8 byte column of an offset (clamped to the text). */
  utf8PositionAt(offset: number): { line: number; column: number } {
    const clamped = Math.min(Math.max(0, offset), this.text.length);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: Buffer.byteLength(this.text.slice(this.starts[low], clamped), 'utf8') + 1 };
  }

  /** The UTF-8 byte column of a code point column on a line; columns past the line's end count one byte each. */
  utf8Column(line: number, column: number): number {
    const text = this.lineText(line);
    if (text === undefined) return column;
    const characters = Array.from(text); // code points, as columns count
    const before = characters.slice(0, column - 1).join('');
    return Buffer.byteLength(before, 'utf8') + Math.max(0, column - 1 - characters.length) + 1;
  }
}
