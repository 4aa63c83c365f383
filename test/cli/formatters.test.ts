import { describe, expect, it } from 'vitest';
import { loadFormatter } from '../../src/cli/main.js';
import { FORMAT_NAMES, formatResult } from '../../src/report/index.js';
import { options, sampleResult } from '../report/fixture.js';

/** The CLI loads one reporter module per run; it must be the reporter the registry would use. */
describe('loadFormatter', () => {
  it.each(FORMAT_NAMES.map((name) => [name]))('%s is the registry reporter', async (name) => {
    const format = await loadFormatter(name);
    expect(format(sampleResult(), options())).toBe(formatResult(name, sampleResult(), options()));
  });
});
