/**
 * RuleTester: table-driven rule tests for vitest, in ESLint's style.
 *
 * Each case is written to a real temporary repository (a folder with
 * `.infralintrc.json`), linted with the real engine, and compared exactly:
 * findings (line, column, message, and optionally end and severity) and the
 * fixed text. Every fixing case must state its `output`; the tester re-parses
 * every fixed HCL output and checks that a second fix changes nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../hcl/index.js';
import { Config } from './config.js';
import { lint } from './runner.js';
import type { Finding, Rule, RunResult, Severity } from './types.js';

export interface TestCaseBase {
  /** The intent of the case, e.g. "cron job with the deployment path". */
  readonly name: string;
  /** Content of the file under test (at `path`). */
  readonly code: string;
  /** Path of the file under test, relative to the temporary repository root. Default `stacks/app/main.tf`. */
  readonly path?: string;
  /** Other files of the repository (relative path → content). */
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: Record<string, unknown>;
  /** Lint as `--staged` would. */
  readonly staged?: boolean;
}

export interface ExpectedFinding {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message: string | RegExp;
  readonly severity?: Severity;
  /** The fix kind offered, when the case cares. */
  readonly fix?: 'safe' | 'unsafe' | null;
  readonly suggestion?: string | RegExp;
}

export interface InvalidCase extends TestCaseBase {
  readonly errors: readonly ExpectedFinding[];
  /** The file's text after `--fix` (with `unsafe`: `--fix --unsafe-fixes`); `null` when nothing is fixed. */
  readonly output: string | null;
  /** Other files expected to change, with their text after fixing. */
  readonly outputFiles?: Readonly<Record<string, string>>;
  readonly unsafe?: boolean;
}

export interface RuleTestCases {
  readonly valid: readonly TestCaseBase[];
  readonly invalid: readonly InvalidCase[];
}

const DEFAULT_PATH = 'stacks/app/main.tf';

function writeRepo(c: TestCaseBase): { dir: string; target: string } {
  const dir = mkdtempSync(join(tmpdir(), 'infralint-rule-'));
  writeFileSync(join(dir, '.infralintrc.json'), '{}\n');
  const files = { ...c.files, [c.path ?? DEFAULT_PATH]: c.code };
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { dir, target: join(dir, c.path ?? DEFAULT_PATH) };
}

/** Lints one case with only `rule` enabled. */
export async function runCase(rule: Rule, c: TestCaseBase, fix?: 'safe' | 'unsafe'): Promise<{ result: RunResult; dir: string; target: string }> {
  const { dir, target } = writeRepo(c);
  const rules = new Map([[rule.meta.id, rule]]);
  const config = new Config(join(dir, '.infralintrc.json'), dir, { rules: { [rule.meta.id]: ['error', c.options ?? {}] } }, rules, new Map([[rule.meta.id, { options: c.options ?? {} }]]), []);
  const result = await lint({ cwd: dir, root: dir, paths: [], targets: [target], rules, config, staged: c.staged ?? false, ...(fix ? { fix, noWrite: true } : {}) });
  return { result, dir, target };
}

function findingsOf(result: RunResult, ruleId: string, target: string): Finding[] {
  return result.results.find((r) => r.path === target)?.findings.filter((f) => f.ruleId === ruleId) ?? [];
}

function matches(actual: string | undefined, expected: string | RegExp): boolean {
  if (actual === undefined) return false;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

function comparable(f: Finding, e: ExpectedFinding): Record<string, unknown> {
  return {
    line: f.line,
    column: f.column,
    ...(e.endLine !== undefined ? { endLine: f.endLine } : {}),
    ...(e.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
    message: matches(f.message, e.message) ? e.message : f.message,
    ...(e.severity !== undefined ? { severity: f.severity } : {}),
    ...(e.fix !== undefined ? { fix: f.fix } : {}),
    ...(e.suggestion !== undefined ? { suggestion: matches(f.suggestion, e.suggestion) ? e.suggestion : f.suggestion } : {}),
  };
}

/** The fixed text of every file a fix run changed (relative path → text). */
function fixedFiles(result: RunResult, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of result.results) if (r.fixedText !== undefined) out.set(r.path.slice(dir.length + 1).split('\\').join('/'), r.fixedText);
  return out;
}

export class RuleTester {
  run(rule: Rule, cases: RuleTestCases): void {
    const id = rule.meta.id;
    describe(id, () => {
      describe('valid', () => {
        for (const c of cases.valid) {
          it(c.name, async () => {
            const { result, dir, target } = await runCase(rule, c);
            try {
              expect(result.errors).toEqual([]);
              expect(findingsOf(result, id, target).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          });
        }
      });
      describe('invalid', () => {
        for (const c of cases.invalid) {
          it(c.name, async () => {
            const { result, dir, target } = await runCase(rule, c);
            try {
              expect(result.errors).toEqual([]);
              const actual = findingsOf(result, id, target);
              const expected = c.errors.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)));
              expect(actual.map((f, i) => comparable(f, c.errors[i] ?? { line: 0, column: 0, message: '' }))).toEqual(expected);
              await checkFix(rule, c);
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          });
        }
      });
    });
  }
}

async function checkFix(rule: Rule, c: InvalidCase): Promise<void> {
  const path = c.path ?? DEFAULT_PATH;
  const { result, dir } = await runCase(rule, c, c.unsafe ? 'unsafe' : 'safe');
  try {
    const fixed = fixedFiles(result, dir);
    const text = fixed.get(path);
    if (c.output === null) {
      expect(text ?? null, 'the case says nothing is fixed').toBeNull();
    } else {
      expect(text, 'the fix changed nothing but the case has an output').toBeDefined();
      expect(text).toBe(c.output);
    }
    const others = new Map([...fixed].filter(([p]) => p !== path));
    expect(Object.fromEntries(others)).toEqual(c.outputFiles ?? {});
    for (const [p, t] of fixed) {
      if (/\.(tf|hcl|tfvars)$/.test(p)) expect(parse(t, p).diagnostics, `fixed ${p} must parse`).toEqual([]);
    }
    if (fixed.size > 0) {
      const files: Record<string, string> = { ...c.files };
      for (const [p, t] of fixed) files[p] = t;
      const again = await runCase(rule, { ...c, code: fixed.get(path) ?? c.code, files }, c.unsafe ? 'unsafe' : 'safe');
      try {
        expect(Object.fromEntries(fixedFiles(again.result, again.dir)), 'a second --fix must change nothing').toEqual({});
      } finally {
        rmSync(again.dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
