import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, formatResult, isFormatName } from '../../src/report/index.js';
import { DB, VARIABLES, WEB, fileResult, options, redisEndpoint, runResult, sampleResult, secret, sharedVariable, kyverno, keelNote, suppressedNfs } from './fixture.js';

describe('every format', () => {
  it('is listed once by name', () => {
    expect([...FORMAT_NAMES].sort()).toEqual(['checkstyle', 'compact', 'github', 'json', 'junit', 'markdown', 'rdjson', 'sarif', 'stylish']);
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('toString')).toBe(false);
  });

  it.each(FORMAT_NAMES)('%s shows a suppressed finding only with showSuppressed, with its reason', (format) => {
    expect(formatResult(format, sampleResult(), options())).not.toContain('instead of an inline');
    const shown = formatResult(format, sampleResult(), options({ showSuppressed: true }));
    expect(shown).toContain('instead of an inline');
    expect(shown).toContain('migrating in PR');
  });

  it.each(FORMAT_NAMES)('%s shows errors only when quiet', (format) => {
    const output = formatResult(format, sampleResult(), options({ quiet: true }));
    expect(output).toContain('move it to secrets.sops.json');
    expect(output).not.toContain('sentinel path');
    expect(output).not.toContain('nothing to add');
  });

  it.each(FORMAT_NAMES)('%s never prints source text, even when it could read it', (format) => {
    const sourceOf = (path: string) => `password = "hunter2-SOURCE-ONLY"\n${path}\n`.repeat(10);
    const output = formatResult(format, sampleResult(), options({ sourceOf, showSuppressed: true }));
    expect(output).not.toContain('SOURCE-ONLY');
  });

  it.each(FORMAT_NAMES)('%s does not depend on the order of the run’s files and findings', (format) => {
    const shuffled = runResult([
      fileResult(VARIABLES, []),
      fileResult(DB, [redisEndpoint, secret]),
      fileResult(WEB, [suppressedNfs, sharedVariable, keelNote, kyverno]),
    ]);
    for (const showSuppressed of [false, true]) {
      expect(formatResult(format, shuffled, options({ showSuppressed }))).toBe(formatResult(format, sampleResult(), options({ showSuppressed })));
    }
  });

  it.each(FORMAT_NAMES)('%s writes paths relative to the cwd', (format) => {
    const output = formatResult(format, sampleResult(), options({ cwd: '/repo/stacks' }));
    expect(output).toMatch(/web\/main\.tf/);
    expect(output).not.toMatch(/stacks\/web|\/repo\/stacks\/web/);
  });
});
