/**
 * Fixer properties over whole corpora: fixtures/repo and the generated corpus
 * (30 stacks, seed 7), each copied to a temp folder and varied so that the
 * properties have something to keep (a third of the HCL files CRLF, a fifth
 * with a BOM, a seventh without a final newline, modes 0600 and 0755). With
 * every registered rule and unsafe fixes:
 *
 * - every HCL file that parsed before parses after;
 * - the JSON view of a file changes only in the top-level blocks an applied
 *   fix meant to change (the finding's block, or the block an edit of that fix
 *   lands in; new blocks only where an applied edit inserts between blocks);
 * - a second --fix changes nothing;
 * - BOM, line endings, final newline and mode are kept;
 * - a write that fails (rename) or a run killed mid-write leaves every file
 *   old or new, never truncated, and no temp file once a later run has
 *   written; a file edited between read and write is not overwritten.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo, writeRepo } from '../../bench/generate.js';
import { findConfigFile, loadConfig } from '../../src/engine/config.js';
import { fsOps } from '../../src/engine/fixer.js';
import { lint, topLevelAddress, type LintOptions } from '../../src/engine/runner.js';
import type { Rule, RuleContext, RunResult } from '../../src/engine/types.js';
import { parse, toJson, type File as HclFile } from '../../src/hcl/index.js';
import { ruleRegistry } from '../../rules/index.js';
import { BIN, expectSane, preloadHook, runCli } from './cli-helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/repo');
const HCL = /\.(tf|tfvars|hcl)$/;

interface Entry {
  readonly bytes: Buffer;
  readonly mode: number;
}

/** Every file under `dir` by `/`-separated relative path. */
function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!d.isFile()) continue;
    const path = join(d.parentPath, d.name);
    out.set(relative(dir, path).split('\\').join('/'), { bytes: readFileSync(path), mode: statSync(path).mode & 0o7777 });
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** Deterministic variations of line endings, BOM, final newline and mode over the HCL files. */
function vary(dir: string): void {
  const files = [...snapshot(dir).keys()].filter((p) => HCL.test(p));
  files.forEach((rel, i) => {
    const path = join(dir, rel);
    let text = readFileSync(path, 'utf8');
    if (i % 3 === 1 && !text.includes('\r')) text = text.replace(/\n/g, '\r\n');
    if (i % 5 === 2 && !text.startsWith('\ufeff')) text = `\ufeff${text}`;
    if (i % 7 === 3) text = text.replace(/(\r?\n)+$/, '');
    writeFileSync(path, text);
    if (i % 4 === 0) chmodSync(path, 0o600);
    if (i % 4 === 1) chmodSync(path, 0o755);
  });
}

/** The JSON view of each top-level item, grouped by address (a multiset: same-address items stay apart). */
function blocksOf(file: HclFile, text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of file.body.items) {
    const address = topLevelAddress(file, item.start);
    const alone = parse(text.slice(item.start, item.end));
    const list = out.get(address) ?? [];
    list.push(JSON.stringify(toJson(alone)));
    out.set(address, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

function isSubMultiset(small: readonly string[], big: readonly string[]): boolean {
  const rest = [...big];
  for (const s of small) {
    const i = rest.indexOf(s);
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return true;
}

/**
 * Every report a rule made during a run, with the top-level block of the
 * report and of each of its edits, resolved in the text of the pass that made
 * it (fix passes re-lint the fixed text, so a fix applied in pass 3 is
 * explained by what the rule saw in pass 3).
 */
interface Recorded {
  readonly path: string;
  readonly ruleId: string;
  readonly message: string;
  readonly block: string;
  readonly edits: readonly { path: string; block: string }[];
}

function recordingRules(log: Recorded[]): Map<string, Rule> {
  return new Map(
    [...ruleRegistry].map(([id, rule]) => [
      id,
      {
        meta: rule.meta,
        check(ctx: RuleContext) {
          rule.check({
            ...ctx,
            report(report) {
              const edits = (report.fix?.edits ?? []).map((e) => {
                const path = e.path ?? ctx.file.path;
                return { path, block: topLevelAddress(path === ctx.file.path ? ctx.file.hcl : ctx.index.getFile(path)?.hcl, e.start) };
              });
              log.push({ path: ctx.file.path, ruleId: id, message: report.message, block: topLevelAddress(ctx.file.hcl, report.range.start), edits });
              ctx.report(report);
            },
          });
        },
      } satisfies Rule,
    ]),
  );
}

interface Corpus {
  readonly name: string;
  readonly dir: string;
  readonly options: LintOptions;
  readonly before: Map<string, Entry>;
  readonly fixed: RunResult;
  readonly reports: readonly Recorded[];
  readonly after: Map<string, Entry>;
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function optionsFor(dir: string): Promise<LintOptions> {
  const config = await loadConfig(findConfigFile(dir), ruleRegistry, dir);
  return { cwd: dir, root: dir, paths: ['.'], rules: ruleRegistry, config, now: new Date('2026-11-26T12:00:00Z') };
}

async function prepare(name: string, fill: (dir: string) => Promise<void>): Promise<Corpus> {
  const dir = tempDir(`infralint-props-${name}-`);
  await fill(dir);
  vary(dir);
  const options = await optionsFor(dir);
  const before = snapshot(dir);
  const reports: Recorded[] = [];
  const fixed = await lint({ ...options, rules: recordingRules(reports), fix: 'unsafe' });
  return { name, dir, options, before, fixed, reports, after: snapshot(dir) };
}

const corpora: Corpus[] = [];
beforeAll(async () => {
  corpora.push(
    await prepare('fixtures', (dir) => {
      cpSync(FIXTURES, dir, { recursive: true });
      return Promise.resolve();
    }),
  );
  corpora.push(await prepare('generated', (dir) => writeRepo(dir, generateRepo({ stacks: 30, seed: 7 }))));
}, 120_000);

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/**
 * Where the applied fixes of a run were allowed to change the JSON view, per
 * relative path: the block of each applied finding and the block each of its
 * edits lands in; new blocks where an edit inserts between blocks or creates
 * the file. Applied findings no rule reported are `unexplained`
 * (suppression removals come from the engine and change no JSON).
 */
function allowance(c: Corpus): { changed: Map<string, Set<string>>; additions: Set<string>; unexplained: string[] } {
  const changed = new Map<string, Set<string>>();
  const additions = new Set<string>();
  const unexplained: string[] = [];
  const allow = (path: string, address: string): void => {
    const rel = relative(c.dir, path);
    const set = changed.get(rel) ?? new Set<string>();
    set.add(address);
    changed.set(rel, set);
    if (address === '' || !c.before.has(rel)) additions.add(rel);
  };
  for (const r of c.fixed.results) {
    for (const a of r.applied) {
      const matches = c.reports.filter((x) => x.path === r.path && x.ruleId === a.ruleId && x.message === a.message);
      if (matches.length === 0 && a.ruleId !== 'suppressions') unexplained.push(`${relative(c.dir, r.path)}: ${a.ruleId}: ${a.message}`);
      for (const x of matches) {
        allow(x.path, x.block);
        for (const e of x.edits) allow(e.path, e.block);
      }
    }
  }
  return { changed, additions, unexplained };
}

describe.each(['fixtures', 'generated'])('--fix --unsafe-fixes on the %s corpus', (name) => {
  const corpus = (): Corpus => corpora.find((c) => c.name === name)!;

  it('writes without errors and fixes something (or the properties prove nothing)', () => {
    const c = corpus();
    expect(c.fixed.errors).toEqual([]);
    expect(c.fixed.summary.fixed).toBeGreaterThan(name === 'fixtures' ? 20 : 3);
    const changedFiles = [...c.after].filter(([rel, e]) => !c.before.get(rel)?.bytes.equals(e.bytes));
    expect(changedFiles.length).toBeGreaterThan(name === 'fixtures' ? 10 : 2);
  });

  it('every HCL file that parsed before parses after, and no file disappears', () => {
    const c = corpus();
    for (const rel of c.before.keys()) expect(c.after.has(rel), rel).toBe(true);
    for (const [rel, entry] of c.after) {
      if (!HCL.test(rel)) continue;
      const old = c.before.get(rel);
      if (old && parse(old.bytes.toString('utf8')).diagnostics.length > 0) continue;
      expect(parse(entry.bytes.toString('utf8')).diagnostics, rel).toEqual([]);
    }
  });

  it('the JSON view changes only in blocks an applied fix meant to change', () => {
    const c = corpus();
    const { changed, additions, unexplained } = allowance(c);
    expect(unexplained).toEqual([]);
    const violations: string[] = [];
    let compared = 0;
    for (const [rel, entry] of c.after) {
      if (!HCL.test(rel)) continue;
      const old = c.before.get(rel);
      if (old?.bytes.equals(entry.bytes)) continue;
      const oldText = old?.bytes.toString('utf8') ?? '';
      const newText = entry.bytes.toString('utf8');
      const a = blocksOf(parse(oldText), oldText);
      const b = blocksOf(parse(newText), newText);
      for (const address of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(address) ?? [];
        const y = b.get(address) ?? [];
        compared++;
        if (JSON.stringify(x) === JSON.stringify(y)) continue;
        if (address !== '' && changed.get(rel)?.has(address)) continue;
        if (isSubMultiset(x, y) && additions.has(rel)) continue;
        violations.push(`${rel}: ${address || '(file level)'} changed but no applied fix targets it`);
      }
    }
    expect(violations).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  });

  it('keeps the BOM, the line endings, the final newline and the mode of every file it writes', () => {
    const c = corpus();
    let checked = 0;
    for (const [rel, old] of c.before) {
      const now = c.after.get(rel)!;
      if (old.bytes.equals(now.bytes)) continue;
      checked++;
      const a = old.bytes.toString('utf8');
      const b = now.bytes.toString('utf8');
      expect(b.startsWith('\ufeff'), `${rel} BOM`).toBe(a.startsWith('\ufeff'));
      expect(b.endsWith('\n'), `${rel} final newline`).toBe(a.endsWith('\n'));
      const crlf = (s: string): number => s.split('\r\n').length - 1;
      const lf = (s: string): number => s.split('\n').length - 1 - crlf(s);
      if (lf(a) === 0 && crlf(a) > 0) expect(lf(b), `${rel} is CRLF`).toBe(0);
      if (crlf(a) === 0) expect(crlf(b), `${rel} is LF`).toBe(0);
      expect(now.mode.toString(8), `${rel} mode`).toBe(old.mode.toString(8));
    }
    expect(checked).toBeGreaterThan(2);
    const varied = [...c.before].filter(([rel, e]) => !e.bytes.equals(c.after.get(rel)!.bytes));
    expect(varied.some(([, e]) => e.bytes.includes('\r\n'))).toBe(true);
    expect(varied.some(([, e]) => e.mode !== 0o644)).toBe(true);
  });

  it('a second --fix changes nothing', async () => {
    const c = corpus();
    const again = await lint({ ...c.options, fix: 'unsafe' });
    expect(again.errors).toEqual([]);
    expect(again.summary.fixed).toBe(0);
    expect(again.results.filter((r) => r.fixed).map((r) => r.path)).toEqual([]);
    const now = snapshot(c.dir);
    expect([...now.keys()]).toEqual([...c.after.keys()]);
    for (const [rel, e] of now) expect(e.bytes.equals(c.after.get(rel)!.bytes), rel).toBe(true);
  }, 60_000);
});

/** A fresh copy of fixtures/repo (varied like the corpus) and the bytes one clean --fix run gives it. */
async function freshFixtures(): Promise<{ dir: string; options: LintOptions; before: Map<string, Entry>; expected: Map<string, Entry> }> {
  const dir = tempDir('infralint-crash-');
  cpSync(FIXTURES, dir, { recursive: true });
  vary(dir);
  const options = await optionsFor(dir);
  const expected = corpora.find((c) => c.name === 'fixtures')!.after;
  return { dir, options, before: snapshot(dir), expected };
}

function expectOldOrNew(dir: string, before: Map<string, Entry>, expected: Map<string, Entry>): { old: number; new: number } {
  const counts = { old: 0, new: 0 };
  for (const [rel, e] of snapshot(dir)) {
    if (rel.includes('.infralint-')) continue;
    const isOld = before.get(rel)?.bytes.equals(e.bytes) ?? false;
    const isNew = expected.get(rel)?.bytes.equals(e.bytes) ?? false;
    expect(isOld || isNew, `${rel} is neither the old nor the fixed file`).toBe(true);
    if (isOld && !isNew) counts.old++;
    if (isNew && !isOld) counts.new++;
  }
  return counts;
}

function leftovers(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((rel) => rel.includes('.infralint-'));
}

describe('crash safety', () => {
  it('with every other rename failing, each file is old or new, never truncated, and no temp or lock file is left', async () => {
    const { dir, options, before, expected } = await freshFixtures();
    const rename = fsOps.rename;
    let calls = 0;
    fsOps.rename = (from, to) => {
      if (calls++ % 2 === 1) throw new Error('simulated crash');
      rename(from, to);
    };
    let result: RunResult;
    try {
      result = await lint({ ...options, fix: 'unsafe' });
    } finally {
      fsOps.rename = rename;
    }
    // a failed rename fails its file and the files of its group not yet renamed; everything else is written
    expect(calls).toBeGreaterThan(10);
    const crashed = result.errors.filter((e) => e.message === 'could not write the fixed file: simulated crash');
    expect(crashed.length).toBe(Math.floor(calls / 2));
    for (const e of result.errors) expect(e.message).toMatch(/^could not write the fixed file: simulated crash$|^not written: its fix also changes \S+, which could not be written$/);
    const counts = expectOldOrNew(dir, before, expected);
    const stale = [...snapshot(dir)].filter(([rel, e]) => !rel.includes('.infralint-') && !expected.get(rel)!.bytes.equals(e.bytes)).map(([rel]) => join(dir, rel));
    expect(result.errors.map((e) => e.path).sort()).toEqual(stale.sort());
    expect(counts.old).toBe(result.errors.length);
    expect(counts.new).toBeGreaterThan(0);
    expect(leftovers(dir)).toEqual([]);
    for (const e of result.errors) expect(result.results.find((r) => r.path === e.path)?.applied ?? []).toEqual([]);
  }, 60_000);

  /** Runs `--fix` with the `stallAt`-th rename blocked, SIGKILLs it there, and returns the folder state. */
  async function killDuringRename(stallAt: number): Promise<{ dir: string; before: Map<string, Entry>; expected: Map<string, Entry>; counts: { old: number; new: number } }> {
    const { dir, before, expected } = await freshFixtures();
    const hook = preloadHook(tempDir('infralint-hook-'), 'stall-rename', 'src/engine/fixer.js', [
      'const rename = m.fsOps.rename;',
      'let n = 0;',
      `m.fsOps.rename = (from, to) => { if (++n === ${stallAt}) { process.stderr.write('STALLED\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); } rename(from, to); };`,
    ].join('\n'));
    const child = spawn(process.execPath, [...hook, BIN, '--fix', '--unsafe-fixes', '--format', 'compact'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    const killed = await new Promise<NodeJS.Signals | null>((done) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (d.includes('STALLED')) child.kill('SIGKILL');
      });
      child.on('close', (_code, signal) => {
        done(signal);
      });
    });
    expect(killed).toBe('SIGKILL');
    const counts = expectOldOrNew(dir, before, expected);
    expect(counts.new).toBe(stallAt - 1);
    const left = leftovers(dir);
    expect(left.filter((p) => p.endsWith('.tmp')).length).toBeGreaterThan(0);
    expect(left.filter((p) => p.endsWith('.infralint-lock')).length).toBeGreaterThan(0);
    expect(left.every((p) => /\/\.[^/]+\.infralint-(lock|[0-9a-f]{8}-\d+@.+\.tmp)$/.test(p)), left.join(', ')).toBe(true);
    return { dir, before, expected, counts };
  }

  it('a CLI run killed (SIGKILL) after writing its temp files, before any rename, leaves every file old; the next run breaks the dead locks, removes the temps and fixes', async () => {
    const { dir, expected } = await killDuringRename(1);
    const next = runCli(['--fix', '--unsafe-fixes', '--format', 'compact'], dir);
    expectSane(next);
    expect(next.stderr).toBe('');
    for (const [rel, e] of expected) expect(readFileSync(join(dir, rel)).equals(e.bytes), rel).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);

  it('a CLI run killed between two renames leaves each file whole, old or new; the next run cleans up and leaves every file parsing', async () => {
    const { dir, before, expected } = await killDuringRename(3);
    const next = runCli(['--fix', '--unsafe-fixes', '--format', 'compact'], dir);
    expectSane(next);
    expect(next.stderr).toBe('');
    expect(leftovers(dir)).toEqual([]);
    for (const [rel, e] of snapshot(dir)) {
      if (HCL.test(rel) && parse(expected.get(rel)!.bytes.toString('utf8')).diagnostics.length === 0) expect(parse(e.bytes.toString('utf8')).diagnostics, rel).toEqual([]);
    }
    expect(snapshot(dir).size).toBe(before.size);
  }, 60_000);

  it('the CLI does not overwrite a file edited between its read and its write, and says so (exit 2); other files are fixed', async () => {
    const { dir, before, expected } = await freshFixtures();
    const target = 'stacks/linkwarden/main.tf';
    expect(before.get(target)!.bytes.equals(expected.get(target)!.bytes)).toBe(false);
    const hook = preloadHook(tempDir('infralint-hook-'), 'concurrent-edit', 'src/engine/fixer.js', [
      "import { appendFileSync } from 'node:fs';",
      'const read = m.fsOps.read;',
      `m.fsOps.read = (p) => { if (p.endsWith(${JSON.stringify(target)})) appendFileSync(p, '# edited meanwhile\\n'); return read(p); };`,
    ].join('\n'));
    const run = runCli(['--fix', '--unsafe-fixes', '--format', 'compact'], dir, { nodeArgs: hook });
    expectSane(run);
    expect(run.code).toBe(2);
    // the declaration that fix needed in variables.tf is not written either: a fix is never half applied
    const partner = 'stacks/linkwarden/variables.tf';
    expect(run.stderr).toBe(
      `infralint: ${target}: ${join(dir, target)} changed on disk while infralint was fixing it; not overwritten\n` +
        `infralint: ${partner}: not written: its fix also changes ${target}, which could not be written\n`,
    );
    expect(readFileSync(join(dir, target), 'utf8')).toBe(`${before.get(target)!.bytes.toString('utf8')}# edited meanwhile\n`);
    expect(readFileSync(join(dir, partner)).equals(before.get(partner)!.bytes)).toBe(true);
    for (const [rel, e] of expected) {
      if (rel.startsWith(dirname(target))) continue;
      expect(readFileSync(join(dir, rel)).equals(e.bytes), rel).toBe(true);
    }
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);
});
