/**
 * End-to-end: spawns the built CLI (`npm test` builds first) on real files in
 * temporary folders.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/infralint.js');

function cli(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const BROKEN = 'resource "kubernetes_deployment" "web" {\n  metadata {\n    name = "web"\n  \n';

describe('infralint CLI', () => {
  it('the bundle the bin runs and the modules it is built from print the same report on the fixtures', () => {
    const fixtures = resolve(import.meta.dirname, '../../fixtures/repo');
    const run = (env: Record<string, string>): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [BIN, '--format', 'json'], { cwd: fixtures, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const bundled = run({});
    expect(bundled.code).toBe(1);
    expect(JSON.parse(bundled.stdout)).toHaveProperty('results');
    expect(run({ INFRALINT_UNBUNDLED: '1' })).toEqual(bundled);
  });

  it('--version and --help exit 0', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(cli(['--version'], tmpdir())).toEqual({ code: 0, stdout: `infralint ${pkg.version}\n`, stderr: '' });
    const help = cli(['--help'], tmpdir());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: infralint \[options\] \[paths…\]/);
  });

  it('an unknown flag is a usage error (exit 2) without a stack trace', () => {
    const r = cli(['--frobnicate'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("infralint: unknown option '--frobnicate'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frobnicate\"\nRun `infralint --help` for the list of options.\n");
    expect(r.stdout).toBe('');
  });

  it('a path that does not exist exits 2', () => {
    repo = tempRepo({ '.infralintrc.json': '{}' });
    expect(cli(['nope'], repo.dir)).toEqual({ code: 2, stdout: '', stderr: 'infralint: no such file or directory: nope\n' });
  });

  it('a config that is not valid JSON, fails the schema or names an unknown rule exits 2 with the key', () => {
    repo = tempRepo({ '.infralintrc.json': '{ "rules": { "kyverno-lifecycle": "loud" } }', 'a.tf': '' });
    const r = cli(['.'], repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.infralintrc.json: rules.kyverno-lifecycle: must be "off", "warn" or "error", [severity, options] or { "severity", "options", "suppressible" }');
    repo.write('.infralintrc.json', '{ "rules": { "nope": "warn" } }');
    expect(cli(['.'], repo.dir).stderr).toMatch(/\.infralintrc\.json: rules: unknown rule "nope" \(known rules: /);
    repo.write('.infralintrc.json', '{ oops');
    expect(cli(['.'], repo.dir).stderr).toMatch(/\.infralintrc\.json: invalid JSON: /);
  });

  it('a syntax error is a parse-error finding with file:line:col; the rest of the run goes on (exit 1)', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'stacks/web/main.tf': BROKEN, 'stacks/api/main.tf': 'locals {\n  a = 1\n}\n' });
    const r = cli(['--format', 'compact'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^stacks\/web\/main\.tf:\d+:\d+: error \[parse-error\] /m);
    const json = cli(['--format', 'json'], repo.dir);
    const data = JSON.parse(json.stdout) as { summary: { files: number; errors: number } };
    // the two .tf files and .infralintrc.json (no-plaintext-secrets reads JSON)
    expect(data.summary.files).toBe(3);
    expect(data.summary.errors).toBeGreaterThanOrEqual(1);
  });

  it('a clean repository exits 0 with the stylish clean message', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'stacks/api/main.tf': 'locals {\n  a = 1\n}\n' });
    const r = cli([], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('-o writes the report to a file', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'stacks/web/main.tf': BROKEN });
    const r = cli(['--format', 'sarif', '-o', 'out.sarif'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(repo.read('out.sarif')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThanOrEqual(1);
  });

  it('--fix removes an unused suppression, --diff shows it first, a second --fix is a no-op', () => {
    const before = 'locals {\n  # infralint-ignore parse-error -- not needed\n  a = 1\n}\n';
    repo = tempRepo({ '.infralintrc.json': '{}', 'main.tf': before });
    const diff = cli(['--diff'], repo.dir);
    expect(diff.stdout).toBe('--- a/main.tf\n+++ b/main.tf\n@@ -1,4 +1,3 @@\n locals {\n-  # infralint-ignore parse-error -- not needed\n   a = 1\n }\n');
    expect(repo.read('main.tf')).toBe(before);
    const fixed = cli(['--fix', '--format', 'json'], repo.dir);
    expect(fixed.code).toBe(0);
    expect(repo.read('main.tf')).toBe('locals {\n  a = 1\n}\n');
    expect(JSON.parse(fixed.stdout)).toMatchObject({ fixed: [{ file: 'main.tf', ruleId: 'suppressions' }], summary: { errors: 0, warnings: 0 } });
    const again = cli(['--fix', '--exit-non-zero-on-fix'], repo.dir);
    expect(again.code).toBe(0);
    expect(repo.read('main.tf')).toBe('locals {\n  a = 1\n}\n');
  });

  it('--exit-non-zero-on-fix exits 1 when a file was changed', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'main.tf': 'locals {\n  a = 1 # infralint-ignore parse-error -- stale\n}\n' });
    expect(cli(['--fix', '--exit-non-zero-on-fix'], repo.dir).code).toBe(1);
    expect(repo.read('main.tf')).toBe('locals {\n  a = 1\n}\n');
  });

  it('--max-warnings and --fail-on warn turn warnings into exit 1', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'main.tf': 'locals {\n  a = 1 # infralint-ignore parse-error -- stale\n}\n' });
    expect(cli([], repo.dir).code).toBe(0);
    expect(cli(['--max-warnings', '0'], repo.dir).code).toBe(1);
    expect(cli(['--fail-on', 'warn'], repo.dir).code).toBe(1);
    expect(cli(['--max-warnings', 'lots'], repo.dir).code).toBe(2);
  });

  it('--update-baseline then --baseline hides known findings', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'main.tf': BROKEN });
    expect(cli(['--baseline', 'b.json', '--update-baseline'], repo.dir).code).toBe(0);
    expect(JSON.parse(repo.read('b.json'))).toMatchObject({ version: 1, entries: [{ file: 'main.tf', rule: 'parse-error' }] });
    expect(cli(['--baseline', 'b.json'], repo.dir).code).toBe(0);
    expect(cli(['--baseline', 'missing.json'], repo.dir).code).toBe(2);
  });

  it('json prints the hcl2json view keyed by path; a broken file is an error with file:line:col', () => {
    repo = tempRepo({ 'a.tf': 'resource "x" "y" {\n  n = 1\n  s = "v-${var.a}"\n}\n', 'b.tf': 'x = "unterminated\n' });
    const ok = cli(['json', 'a.tf'], repo.dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ 'a.tf': { resource: { x: { y: [{ n: 1, s: 'v-${var.a}' }] } } } });
    const bad = cli(['json', 'b.tf'], repo.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^b\.tf:1:5: error: /);
  });

  it('rules lists every rule with severity and fix kind; --explain prints the docs', () => {
    const r = cli(['rules'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^parse-error +error +- +/m);
    expect(r.stdout).toMatch(/^suppressions +warn +safe +/m);
    const explain = cli(['--explain', 'suppressions'], tmpdir());
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('suppressions');
    expect(cli(['--explain', 'nope'], tmpdir()).code).toBe(2);
  });

  it('init writes a starter config once; --print-config shows the settings for a file', () => {
    repo = tempRepo({});
    expect(cli(['init'], repo.dir)).toMatchObject({ code: 0, stdout: 'wrote .infralintrc.json\n' });
    expect(existsSync(join(repo.dir, '.infralintrc.json'))).toBe(true);
    expect(cli(['init'], repo.dir).code).toBe(2);
    const printed = cli(['--print-config', 'stacks/web/main.tf'], repo.dir);
    expect(printed.code).toBe(0);
    const data = JSON.parse(printed.stdout) as { file: string; rules: Record<string, { severity: string }>; sharedVariables: Record<string, unknown> };
    expect(data.file).toBe('stacks/web/main.tf');
    expect(data.rules['parse-error']).toEqual({ severity: 'error', options: {}, suppressible: true });
    expect(data.sharedVariables.nfs_server).toEqual({ value: '192.168.1.127', source: 'AGENTS.md (built-in)' });
  });

  it('runs on the bundled sample repository and reports findings (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infralint-sample-'));
    try {
      cpSync(resolve(import.meta.dirname, '../../fixtures/repo'), dir, { recursive: true });
      const r = cli(['--format', 'json'], dir);
      expect(r.code).toBe(1);
      const data = JSON.parse(r.stdout) as { results: { file: string; ruleId: string }[]; summary: { files: number } };
      expect(data.summary.files).toBeGreaterThan(50);
      expect(r.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
