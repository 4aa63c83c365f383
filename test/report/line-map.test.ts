import { describe, expect, it } from 'vitest';
import { LineMap } from '../../src/report/line-map.js';

describe('LineMap', () => {
  const map = new LineMap('a = 1\r\nb = "é😀x"\r\n\r\nlast');

  it('gives each line without its terminator, CRLF included', () => {
    expect([1, 2, 3, 4, 5].map((line) => map.lineText(line))).toEqual(['a = 1', 'b = "é😀x"', '', 'last', undefined]);
  });

  it('converts UTF-16 offsets to lines and UTF-8 byte columns', () => {
    expect(map.utf8PositionAt(0)).toEqual({ line: 1, column: 1 });
    expect(map.utf8PositionAt(7)).toEqual({ line: 2, column: 1 });
    expect(map.utf8PositionAt(12)).toEqual({ line: 2, column: 6 });
    expect(map.utf8PositionAt(13)).toEqual({ line: 2, column: 8 });
    expect(map.utf8PositionAt(15)).toEqual({ line: 2, column: 12 });
    expect(map.utf8PositionAt(21)).toEqual({ line: 4, column: 1 });
    expect(map.utf8PositionAt(999)).toEqual({ line: 4, column: 5 });
  });

  it('converts code point columns to UTF-8 byte columns, past the end one byte a column', () => {
    expect(map.utf8Column(2, 6)).toBe(6);
    expect(map.utf8Column(2, 7)).toBe(8);
    expect(map.utf8Column(2, 8)).toBe(12);
    expect(map.utf8Column(2, 11)).toBe(15);
    expect(map.utf8Column(9, 4)).toBe(4);
  });
});
