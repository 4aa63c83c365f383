import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { App } from '../../src/cli/ui/index.js';
import type { UiOptions } from '../../src/cli/ui/index.js';

// ink decides colour support when it is loaded; force it on so `color: false` is what turns it off.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const path = '/repo/stacks/web/main.tf';

const errorFinding: Finding = {
  path,
  ruleId: 'redis-endpoint',
  severity: 'error',
  message: 'use var.redis_host',
  line: 1,
  column: 8,
  endLine: 1,
  endColumn: 46,
  start: 7,
  end: 45,
  fix: 'safe',
  suggestion: undefined,
  blockAddress: 'locals',
};

const result: RunResult = {
  cwd: '/repo',
  root: '/repo',
  results: [{ path, findings: [errorFinding], fixed: false, applied: [] }],
  summary: { errors: 1, warnings: 0, infos: 0, fixable: 1, fixed: 0, files: 1, durationMs: 5 },
  errors: [],
  ruleStats: [],
};

function options(color: boolean): UiOptions {
  return {
    cwd: '/repo',
    fixRequested: false,
    sourceOf: () => 'host = "redis-master.redis.svc.cluster.local"\n',
    rules: new Map(),
    stackOf: () => 'stacks/web',
    color,
  };
}

describe('colour', () => {
  it('paints severities, code-frame markers and commands when color is on', () => {
    const frame = render(<App options={options(true)} startedAt={0} now={0} result={result} />).lastFrame()!;
    expect(frame).toContain('\u001b[31merror');
    expect(frame).toContain('\u001b[36minfralint --fix');
  });

  it('writes plain text when color is off', () => {
    const frame = render(<App options={options(false)} startedAt={0} now={0} result={result} />).lastFrame()!;
    expect(frame).not.toContain('\u001b[');
    expect(frame).toContain('    1:8  error  use var.redis_host  redis-endpoint');
  });
});
