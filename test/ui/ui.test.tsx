import { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { FileResult, Finding, RunResult } from '../../src/engine/types.js';
import { App, Findings, ProgressLine, Summary, runInteractive } from '../../src/cli/ui/index.js';
import type { Progress, UiOptions } from '../../src/cli/ui/index.js';

const ROOT = '/repo';

const SOURCES: Record<string, string> = {
  '/repo/stacks/web/main.tf': [
    'resource "kubernetes_deployment" "web" {',
    '  metadata {',
    '    name = "web"',
    '  }',
    '  lifecycle {',
    '    ignore_changes = [metadata[0].annotations]',
    '  }',
    '}',
    '',
  ].join('\n'),
  '/repo/modules/kubernetes/nfs_volume/main.tf': 'variable "server" {\n  default = "10.0.10.15"\n}\n',
  '/repo/scripts/deploy.sh': '#!/bin/sh\nset -e\nterragrunt import kubernetes_namespace.x x\n',
};

function finding(fields: Partial<Finding> & Pick<Finding, 'path' | 'ruleId' | 'line' | 'column'>): Finding {
  return {
    severity: 'error',
    message: `${fields.ruleId} message`,
    endLine: fields.line,
    endColumn: fields.column + 1,
    start: 0,
    end: 1,
    fix: null,
    suggestion: undefined,
    blockAddress: '',
    ...fields,
  };
}

function file(path: string, findings: Finding[], fields: Partial<FileResult> = {}): FileResult {
  return { path, findings, fixed: false, applied: [], ...fields };
}

function runResult(results: FileResult[], fields: Partial<RunResult> = {}): RunResult {
  return {
    cwd: ROOT,
    root: ROOT,
    results,
    summary: { errors: 0, warnings: 0, infos: 0, fixable: 0, fixed: 0, files: 500, durationMs: 312 },
    errors: [],
    ruleStats: [],
    ...fields,
  };
}

function uiOptions(fields: Partial<UiOptions> = {}): UiOptions {
  return {
    cwd: ROOT,
    fixRequested: false,
    sourceOf: (path) => SOURCES[path],
    rules: new Map(),
    stackOf: (path) => /\/(stacks\/[^/]+)\//.exec(path)?.[1],
    color: false,
    ...fields,
  };
}

const web = '/repo/stacks/web/main.tf';
const api = '/repo/stacks/api/main.tf';
const nfsModule = '/repo/modules/kubernetes/nfs_volume/main.tf';
const script = '/repo/scripts/deploy.sh';

/** Findings across two stacks, a module and a script; one of them suppressed. */
const SAMPLE = runResult([
  file(script, [
    finding({
      path: script,
      ruleId: 'import-blocks',
      line: 3,
      column: 1,
      endColumn: 18,
      message: 'do not run terragrunt import; add an import {} block to the stack',
    }),
  ]),
  file(web, [
    finding({
      path: web,
      ruleId: 'keel-lifecycle',
      severity: 'warn',
      line: 1,
      column: 1,
      endColumn: 9,
      message: 'add the Keel lifecycle block',
    }),
    finding({
      path: web,
      ruleId: 'kyverno-lifecycle',
      line: 3,
      column: 5,
      suppressedBy: { reason: 'managed by hand', line: 2 },
    }),
    finding({
      path: web,
      ruleId: 'kyverno-lifecycle',
      line: 6,
      column: 22,
      fix: 'safe',
      message: 'dns_config is not ignored',
      suggestion: 'add `spec[0].template[0].spec[0].dns_config` to ignore_changes, tagged # KYVERNO_LIFECYCLE_V1',
    }),
  ]),
  file(nfsModule, [
    finding({
      path: nfsModule,
      ruleId: 'shared-variables',
      line: 2,
      column: 13,
      endColumn: 25,
      fix: 'safe',
      message: 'use var.nfs_server instead of "10.0.10.15"',
    }),
  ]),
  file(api, [
    finding({
      path: api,
      ruleId: 'no-inline-nfs',
      severity: 'warn',
      line: 4,
      column: 5,
      fix: 'unsafe',
      message: 'use the nfs_volume module instead of an inline nfs {} volume',
    }),
  ]),
  file('/repo/stacks/clean/main.tf', []),
]);

function lines(frame: string | undefined): string[] {
  expect(frame).toBeDefined();
  return frame!.replace(/\n+$/, '').split('\n');
}

describe('ProgressLine', () => {
  it('shows the phase, files done of the total and the rate', () => {
    const { lastFrame } = render(
      <ProgressLine progress={{ phase: 'parse', done: 468, total: 500 }} startedAt={1_000} now={1_200} />,
    );
    expect(lastFrame()).toBe('Parsing 468/500 files · 2,340 files/s');
  });

  it('adds the current file relative to cwd', () => {
    const { lastFrame } = render(
      <ProgressLine
        progress={{ phase: 'lint', done: 3, total: 1_200, file: '/repo/stacks/web/main.tf' }}
        startedAt={0}
        now={2_000}
        cwd="/repo"
      />,
    );
    expect(lastFrame()).toBe('Linting 3/1,200 files · 2 files/s · stacks/web/main.tf');
  });

  it('leaves the total out while it is unknown, and the count before the first file', () => {
    const { lastFrame } = render(<ProgressLine progress={{ phase: 'discover', done: 42, total: 0 }} startedAt={0} now={400} />);
    expect(lastFrame()).toBe('Discovering 42 files · 105 files/s');
    const first = render(<ProgressLine progress={{ phase: 'discover', done: 0, total: 0 }} startedAt={0} now={400} />);
    expect(first.lastFrame()).toBe('Discovering files');
  });

  it('leaves the rate out until 200 ms have passed, since a rate over a few milliseconds is noise', () => {
    const early = render(<ProgressLine progress={{ phase: 'fix', done: 3, total: 9 }} startedAt={1_000} now={1_199} />);
    expect(early.lastFrame()).toBe('Fixing 3/9 files');
    const later = render(<ProgressLine progress={{ phase: 'fix', done: 3, total: 9 }} startedAt={1_000} now={1_200} />);
    expect(later.lastFrame()).toBe('Fixing 3/9 files · 15 files/s');
  });
});

describe('Findings', () => {
  it('groups by stack (stacks, then modules, then the repository), then by file, with code frames', () => {
    const { lastFrame } = render(<Findings result={SAMPLE} options={uiOptions()} />);
    expect(lines(lastFrame())).toEqual([
      'stacks/api',
      '  stacks/api/main.tf',
      '    4:5  warning  use the nfs_volume module instead of an inline nfs {} volume  no-inline-nfs',
      '',
      'stacks/web',
      '  stacks/web/main.tf',
      '    1:1   warning  add the Keel lifecycle block  keel-lifecycle',
      '      > 1 | resource "kubernetes_deployment" "web" {',
      '          | ^^^^^^^^',
      '        2 |   metadata {',
      '        3 |     name = "web"',
      '',
      '    6:22  error    dns_config is not ignored  kyverno-lifecycle',
      '        4 |   }',
      '        5 |   lifecycle {',
      '      > 6 |     ignore_changes = [metadata[0].annotations]',
      '          |                      ^ expected: spec[0].template[0].spec[0].dns_config',
      '        7 |   }',
      '        8 | }',
      '',
      'modules/kubernetes/nfs_volume',
      '  modules/kubernetes/nfs_volume/main.tf',
      '    2:13  error  use var.nfs_server instead of "10.0.10.15"  shared-variables',
      '        1 | variable "server" {',
      '      > 2 |   default = "10.0.10.15"',
      '          |             ^^^^^^^^^^^^',
      '        3 | }',
      '        4 |',
      '',
      '(repository)',
      '  scripts/deploy.sh',
      '    3:1  error  do not run terragrunt import; add an import {} block to the stack  import-blocks',
      '        1 | #!/bin/sh',
      '        2 | set -e',
      '      > 3 | terragrunt import kubernetes_namespace.x x',
      '          | ^^^^^^^^^^^^^^^^^',
      '        4 |',
    ]);
  });

  it('puts the caret under the reported column', () => {
    const { lastFrame } = render(<Findings result={SAMPLE} options={uiOptions()} />);
    const frame = lines(lastFrame());
    const codeLine = frame.findIndex((line) => line.includes('> 6 |'));
    const sourceLine = '    ignore_changes = [metadata[0].annotations]';
    const columnAt = frame[codeLine]!.indexOf(sourceLine) + 21;
    expect(frame[codeLine]![columnAt]).toBe('[');
    expect(frame[codeLine + 1]!.indexOf('^')).toBe(columnAt);
  });

  it('wraps a frame line wider than the terminal instead of cutting the expected text', () => {
    const expected = 'lifecycle { ignore_changes = [spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1 }';
    const wide = runResult([
      file(web, [finding({ path: web, ruleId: 'kyverno-lifecycle', line: 6, column: 22, suggestion: `add \`${expected}\`` })]),
    ]);
    const frame = lines(render(<Findings result={wide} options={uiOptions()} />).lastFrame());
    const marker = frame.findIndex((line) => line.includes('^'));
    expect(frame[marker]!.length).toBeLessThanOrEqual(100);
    expect(`${frame[marker]!} ${frame[marker + 1]!.trim()}`).toContain(`^ expected: ${expected}`);
  });

  it('never shows a suppressed finding', () => {
    const { lastFrame } = render(<Findings result={SAMPLE} options={uiOptions()} />);
    expect(lastFrame()).not.toContain('3:5');
  });

  it('masks secret values in the code frame without moving the caret', () => {
    const db = '/repo/stacks/db/main.tf';
    const source = [
      'locals {',
      '  password = "correct-horse-battery"',
      '  token    = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
      '}',
      '',
    ].join('\n');
    const secret = finding({
      path: db,
      ruleId: 'no-plaintext-secrets',
      line: 2,
      column: 15,
      endColumn: 36,
      start: source.indexOf('correct'),
      end: source.indexOf('correct') + 'correct-horse-battery'.length,
      message: 'secret value in plain text; move it to secrets.sops.json',
    });
    const { lastFrame } = render(
      <Findings result={runResult([file(db, [secret])])} options={uiOptions({ sourceOf: () => source })} />,
    );
    expect(lines(lastFrame())).toEqual([
      'stacks/db',
      '  stacks/db/main.tf',
      '    2:15  error  secret value in plain text; move it to secrets.sops.json  no-plaintext-secrets',
      '        1 | locals {',
      '      > 2 |   password = "corr*****************"',
      '          |               ^^^^^^^^^^^^^^^^^^^^^',
      '        3 |   token    = "ghp_************************************"',
      '        4 | }',
    ]);
  });

  it('says why a finding was not fixed and renders nothing without visible findings', () => {
    const notFixed = runResult([
      file(api, [
        finding({ path: api, ruleId: 'kyverno-lifecycle', line: 9, column: 1, fix: 'safe', notFixedReason: 'the file has unstaged changes' }),
      ]),
    ]);
    const { lastFrame } = render(<Findings result={notFixed} options={uiOptions({ fixRequested: true })} />);
    expect(lines(lastFrame())).toEqual([
      'stacks/api',
      '  stacks/api/main.tf',
      '    9:1  error  kyverno-lifecycle message  kyverno-lifecycle',
      '      not fixed: the file has unstaged changes',
    ]);
    const empty = render(<Findings result={runResult([file(web, [])])} options={uiOptions()} />);
    expect(empty.lastFrame()).toBe('');
  });
});

describe('Summary', () => {
  it('counts the visible findings by rule and says how many --fix would fix', () => {
    const { lastFrame } = render(<Summary result={SAMPLE} options={uiOptions()} />);
    expect(lines(lastFrame())).toEqual([
      'rule               errors  warnings  fixable',
      'import-blocks           1         0        0',
      'keel-lifecycle          0         1        0',
      'kyverno-lifecycle       1         0        1',
      'no-inline-nfs           0         1        1',
      'shared-variables        1         0        1',
      '',
      '5 problems (3 errors, 2 warnings) · 500 files checked in 312 ms',
      'run infralint --fix to fix 2 of them',
      'run infralint --fix --unsafe-fixes to fix 1 more (unsafe: review before applying)',
    ]);
  });

  it('lists what --fix fixed, counts what is left and gives no hint for fixes that were refused', () => {
    const fixed = runResult(
      [
        file(web, [finding({ path: web, ruleId: 'kyverno-lifecycle', line: 9, column: 1, fix: 'safe', notFixedReason: 'unstaged changes' })], {
          fixed: true,
          applied: [
            { ruleId: 'keel-lifecycle', message: 'added the Keel lifecycle block' },
            { ruleId: 'redis-endpoint', message: 'use var.redis_host' },
          ],
        }),
        file(api, [], { fixed: true, applied: [{ ruleId: 'redis-endpoint', message: 'use var.redis_host' }] }),
      ],
      { summary: { errors: 1, warnings: 0, infos: 0, fixable: 1, fixed: 3, files: 2, durationMs: 1_250 } },
    );
    const { lastFrame } = render(<Summary result={fixed} options={uiOptions({ fixRequested: true })} />);
    expect(lines(lastFrame())).toEqual([
      'fixed 2 files:',
      '  stacks/api/main.tf  1 fix',
      '  stacks/web/main.tf  2 fixes',
      '',
      'rule               errors  warnings  fixable',
      'kyverno-lifecycle       1         0        1',
      '',
      '1 problem left (1 error, 0 warnings) · 2 files checked in 1.25 s',
    ]);
  });

  it('adds an infos column only when there are infos, and hints unsafe fixes alone', () => {
    const result = runResult([
      file(api, [
        finding({ path: api, ruleId: 'import-blocks', severity: 'info', line: 1, column: 1, fix: 'unsafe' }),
        finding({ path: api, ruleId: 'import-blocks', severity: 'info', line: 2, column: 1, fix: 'unsafe' }),
      ]),
    ]);
    const { lastFrame } = render(<Summary result={result} options={uiOptions()} />);
    expect(lines(lastFrame())).toEqual([
      'rule           errors  warnings  infos  fixable',
      'import-blocks       0         0      2        2',
      '',
      '2 problems (0 errors, 0 warnings, 2 infos) · 500 files checked in 312 ms',
      'run infralint --fix --unsafe-fixes to fix 2 of them (unsafe: review before applying)',
    ]);
  });

  it('says so when there is nothing to report', () => {
    const { lastFrame } = render(<Summary result={runResult([file(web, [])])} options={uiOptions()} />);
    expect(lastFrame()).toBe('no problems · 500 files checked in 312 ms');
  });
});

describe('App', () => {
  it('is one progress line while the run works', () => {
    const { lastFrame } = render(
      <App
        options={uiOptions()}
        progress={{ phase: 'parse', done: 123, total: 500, file: '/repo/stacks/web/main.tf' }}
        startedAt={0}
        now={500}
      />,
    );
    expect(lastFrame()).toBe('Parsing 123/500 files · 246 files/s · stacks/web/main.tf');
  });

  it('replaces the progress line with the findings, errors and summary when the result arrives', () => {
    const result = runResult([SAMPLE.results[3]!], {
      errors: [{ path: '/repo/stacks/api/secrets.sops.json', message: 'cannot read: permission denied' }],
    });
    const app = render(<App options={uiOptions()} progress={{ phase: 'lint', done: 1, total: 2 }} startedAt={0} now={10} />);
    app.rerender(<App options={uiOptions()} progress={{ phase: 'lint', done: 2, total: 2 }} startedAt={0} now={10} result={result} />);
    expect(lines(app.lastFrame())).toEqual([
      'stacks/api',
      '  stacks/api/main.tf',
      '    4:5  warning  use the nfs_volume module instead of an inline nfs {} volume  no-inline-nfs',
      '',
      '1 error while linting:',
      '  stacks/api/secrets.sops.json: cannot read: permission denied',
      '',
      'rule           errors  warnings  fixable',
      'no-inline-nfs       0         1        1',
      '',
      '1 problem (0 errors, 1 warning) · 500 files checked in 312 ms',
      'run infralint --fix --unsafe-fixes to fix 1 of them (unsafe: review before applying)',
    ]);
  });
});

/** A stream that records every write; ink's debug mode writes each frame in full. */
class FakeStream extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 40;
  write(chunk: string): boolean {
    this.frames.push(chunk);
    return true;
  }
}

function fakeStreams(): { stdout: FakeStream; options: Pick<UiOptions, 'streams'> } {
  const stdout = new FakeStream();
  const stdin = Object.assign(new EventEmitter(), { isTTY: false, setRawMode: () => undefined, ref: () => undefined, unref: () => undefined });
  return {
    stdout,
    options: {
      streams: {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stderr: new FakeStream() as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        debug: true,
      },
    },
  };
}

/**
 * The frames ink wrote, without the bare cursor show/hide sequences it adds
 * around them, and without the bare line break ink writes on unmount when it
 * detects a CI environment (CI=true, as in .ci/run), so the frames are the same
 * on a developer's machine and in CI.
 */
function textFrames(stream: FakeStream): string[] {
  const noise = new Set(['\u001b[?25h', '\u001b[?25l', '\n']);
  return stream.frames.filter((frame) => !noise.has(frame));
}

describe('runInteractive', () => {
  it('shows progress while the run works, then the report, and resolves with the result', async () => {
    const { stdout, options } = fakeStreams();
    let time = 1_000;
    const result = runResult([SAMPLE.results[3]!]);
    const emit = (onProgress: (p: Progress) => void, at: number, progress: Progress): void => {
      time = at;
      onProgress(progress);
    };
    const returned = await runInteractive(
      async (onProgress) => {
        emit(onProgress, 1_000, { phase: 'discover', done: 2, total: 0 });
        await Promise.resolve();
        emit(onProgress, 1_300, { phase: 'parse', done: 1, total: 2 });
        emit(onProgress, 1_310, { phase: 'parse', done: 2, total: 2 });
        emit(onProgress, 1_600, { phase: 'lint', done: 2, total: 2 });
        return result;
      },
      uiOptions({ ...options, clock: () => time }),
    );
    expect(returned).toBe(result);
    const frames = textFrames(stdout);
    const finalFrame = frames.at(-1)!;
    expect(lines(finalFrame)).toEqual([
      'stacks/api',
      '  stacks/api/main.tf',
      '    4:5  warning  use the nfs_volume module instead of an inline nfs {} volume  no-inline-nfs',
      '',
      'rule           errors  warnings  fixable',
      'no-inline-nfs       0         1        1',
      '',
      '1 problem (0 errors, 1 warning) · 500 files checked in 312 ms',
      'run infralint --fix --unsafe-fixes to fix 1 of them (unsafe: review before applying)',
    ]);
    // Each phase is timed from the previous phase's last report; 'parse 2/2'
    // came 10 ms after 'parse 1/2', within one redraw interval, so it was not drawn.
    const progressFrames = ['Discovering 2 files', 'Parsing 1/2 files · 3 files/s', 'Linting 2/2 files · 7 files/s'];
    expect(frames.filter((frame) => /^(Discovering|Parsing|Linting)/.test(frame))).toEqual(progressFrames);
    expect(frames.indexOf(progressFrames[2]!)).toBeLessThan(frames.indexOf(finalFrame));
  });

  it('erases the progress line and rethrows when the run fails', async () => {
    const { stdout, options } = fakeStreams();
    const failure = new Error('config is invalid');
    await expect(
      runInteractive(
        async (onProgress) => {
          onProgress({ phase: 'discover', done: 1, total: 0 });
          await Promise.resolve();
          throw failure;
        },
        uiOptions({ ...options, clock: () => 0 }),
      ),
    ).rejects.toBe(failure);
    const frames = textFrames(stdout);
    expect(frames).toContain('Discovering 1 file');
    expect(frames.at(-1)).toBe('');
  });
});
