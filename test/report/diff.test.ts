import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/report/diff.js';

const lines = (count: number, prefix = 'line'): string => Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');

/** Applies a unified diff produced by unifiedDiff (one file) to `before`; checks every context and deleted line. */
function applyPatch(before: string, patch: string): string {
  if (patch === '') return before;
  const old = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const patchLines = patch.split('\n');
  const output: string[] = [];
  let oldIndex = 0;
  let index = 2;
  const take = (content: string): string => {
    const noNewline = patchLines[index + 1] === '\\ No newline at end of file';
    if (noNewline) index++;
    return noNewline ? content : `${content}\n`;
  };
  while (index < patchLines.length && patchLines[index] !== '') {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(patchLines[index]!);
    if (header === null) throw new Error(`bad hunk header ${patchLines[index]!}`);
    const oldStart = Number(header[1]);
    const oldLength = header[2] === undefined ? 1 : Number(header[2]);
    const start = oldLength === 0 ? oldStart : oldStart - 1;
    while (oldIndex < start) output.push(old[oldIndex++]!);
    index++;
    while (index < patchLines.length && /^[ +-]/.test(patchLines[index]!)) {
      const line = patchLines[index]!;
      const content = take(line.slice(1));
      if (line.startsWith('+')) output.push(content);
      else {
        if (old[oldIndex] !== content) throw new Error(`mismatch at old line ${oldIndex + 1}`);
        oldIndex++;
        if (line.startsWith(' ')) output.push(content);
      }
      index++;
    }
  }
  while (oldIndex < old.length) output.push(old[oldIndex++]!);
  return output.join('');
}

/** A small deterministic PRNG (mulberry32), so the random cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a.tf', 'x\n', 'x\n')).toBe('');
  });

  it('writes one hunk with three lines of context', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'line five\n');
    expect(unifiedDiff('stacks/web/main.tf', before, after)).toBe(
      [
        '--- a/stacks/web/main.tf',
        '+++ b/stacks/web/main.tf',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('merges changes closer than twice the context and splits the others', () => {
    const before = lines(30);
    const after = before.replace('line 3\n', '').replace('line 9\n', 'line 9\ninserted\n').replace('line 25\n', 'line 25!\n');
    expect(unifiedDiff('f', before, after)).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -1,12 +1,12 @@',
        ' line 1',
        ' line 2',
        '-line 3',
        ' line 4',
        ' line 5',
        ' line 6',
        ' line 7',
        ' line 8',
        ' line 9',
        '+inserted',
        ' line 10',
        ' line 11',
        ' line 12',
        '@@ -22,7 +22,7 @@',
        ' line 22',
        ' line 23',
        ' line 24',
        '-line 25',
        '+line 25!',
        ' line 26',
        ' line 27',
        ' line 28',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('f', 'a\nb\nc\n', 'a\nB\nc\n', 0)).toBe('--- a/f\n+++ b/f\n@@ -2 +2 @@\n-b\n+B\n');
  });

  it('marks a last line without a newline, on either side', () => {
    expect(unifiedDiff('f', 'a\nb', 'a\nc')).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(unifiedDiff('f', 'a\nb', 'a\nb\n')).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b', ''].join('\n'),
    );
    expect(unifiedDiff('f', 'a\nz\n', 'b\nz')).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', '-a', '-z', '+b', '+z', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(unifiedDiff('f', 'x\ny', 'w\nx\ny')).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,2 +1,3 @@', '+w', ' x', ' y', '\\ No newline at end of file', ''].join('\n'),
    );
  });

  it('keeps the \\r of CRLF content lines and out of every header and marker', () => {
    expect(unifiedDiff('w.tf', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n')).toBe(
      '--- a/w.tf\n+++ b/w.tf\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n',
    );
    expect(unifiedDiff('w.tf', 'a\r\nb', 'a\r\nc')).toBe(
      '--- a/w.tf\n+++ b/w.tf\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });

  it('writes a creation and a deletion with empty ranges', () => {
    expect(unifiedDiff('new.tf', '', 'x\ny\n')).toBe('--- a/new.tf\n+++ b/new.tf\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('old.tf', 'x\n', '')).toBe('--- a/old.tf\n+++ b/old.tf\n@@ -1 +0,0 @@\n-x\n');
    expect(unifiedDiff('f', lines(5), `${lines(5)}line 6\n`, 1)).toBe('--- a/f\n+++ b/f\n@@ -5 +5,2 @@\n line 5\n+line 6\n');
    expect(unifiedDiff('f', 'a\nb\n', 'a\nx\nb\n', 0)).toBe('--- a/f\n+++ b/f\n@@ -1,0 +2 @@\n+x\n');
  });

  it('finds a shortest edit script', () => {
    const patch = unifiedDiff('f', 'a\nb\nc\na\nb\nb\na\n', 'c\nb\na\nb\na\nc\n', 0);
    const changed = patch.split('\n').filter((line) => /^[+-][^+-]/.test(line));
    expect(changed).toHaveLength(5);
    expect(applyPatch('a\nb\nc\na\nb\nb\na\n', patch)).toBe('c\nb\na\nb\na\nc\n');
  });

  it('round-trips random edits', () => {
    const next = random(7);
    const pick = (items: readonly string[]): string => items[Math.floor(next() * items.length)]!;
    const vocabulary = ['a\n', 'b\n', 'c\n', 'd\r\n', '}\n', '  x = 1\n', '\n'];
    for (let round = 0; round < 400; round++) {
      const before = Array.from({ length: Math.floor(next() * 40) }, () => pick(vocabulary));
      const after = before.flatMap((line) => {
        const roll = next();
        if (roll < 0.1) return [];
        if (roll < 0.2) return [pick(vocabulary)];
        if (roll < 0.3) return [line, pick(vocabulary)];
        return [line];
      });
      const trim = (text: string): string => (next() < 0.2 ? text.replace(/\r?\n$/, '') : text);
      const beforeText = trim(before.join(''));
      const afterText = trim(after.join(''));
      const context = Math.floor(next() * 4);
      expect(applyPatch(beforeText, unifiedDiff('f', beforeText, afterText, context))).toBe(afterText);
    }
  });

  it('is applied by git apply, CRLF and missing final newline included', () => {
    const folder = mkdtempSync(join(tmpdir(), 'infralint-diff-'));
    try {
      const cases = [
        [lines(40), lines(40).replace('line 7\n', 'seven\n').replace('line 33\n', '')],
        ['a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\nd\r\n'],
        ['a\nb', 'a\nb\nc'],
        ['x\ny\n', 'x\ny'],
      ] as const;
      for (const [index, [before, after]] of cases.entries()) {
        const name = `file ${index}.tf`;
        writeFileSync(join(folder, name), before);
        writeFileSync(join(folder, 'change.patch'), unifiedDiff(name, before, after));
        execFileSync('git', ['apply', '--whitespace=nowarn', 'change.patch'], { cwd: folder, stdio: 'pipe' });
        expect(readFileSync(join(folder, name), 'utf8')).toBe(after);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('falls back to replacing the changed middle when the texts share almost nothing', () => {
    const before = `head\n${lines(6000, 'old')}tail\n`;
    const after = `head\n${lines(6000, 'new')}tail\n`;
    const started = performance.now();
    const patch = unifiedDiff('big.tf', before, after);
    const elapsed = performance.now() - started;
    expect(patch.split('\n')[2]).toBe('@@ -1,6002 +1,6002 @@');
    expect(patch.split('\n').filter((line) => line.startsWith('-old')).length).toBe(6000);
    expect(applyPatch(before, patch)).toBe(after);
    expect(elapsed).toBeLessThan(5000);
  });

  it('diffs a 10,000-line file with scattered edits exactly', () => {
    const before = lines(10_000);
    const after = before.replace(/line (\d*7)\n/g, (_, number: string) => (Number(number) % 1000 === 7 ? `line ${number} edited\n` : `line ${number}\n`));
    const patch = unifiedDiff('big.tf', before, after);
    expect(patch.split('\n').filter((line) => line.startsWith('@@'))).toHaveLength(10);
    expect(applyPatch(before, patch)).toBe(after);
  });
});
