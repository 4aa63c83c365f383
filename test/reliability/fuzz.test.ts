/**
 * Seeded random-mutation fuzzing of the parser and the fixer, 11,150 cases:
 *
 * - 8,000 byte-level mutations of fixture and generated-corpus files through
 *   the production read path (`makeSourceFile`: git-crypt/binary detection,
 *   UTF-8 decoding, parse): truncation mid-character, invalid bytes, BOMs,
 *   lone CRs, NULs, deleted and duplicated ranges, 600-deep nesting spliced
 *   in. Nothing throws, no case is slow, the tree prints back to the decoded
 *   text, diagnostics point inside the file, and a file without diagnostics
 *   has a JSON view.
 * - 3,000 random edit sets through `selectFixes` + `applyEdits` (the fixer's
 *   pure parts): chosen fixes never overlap, a fix is chosen whole or not at
 *   all, every refusal has a reason, the result matches a reference splice,
 *   line endings and the final line break are kept.
 * - 150 parse-preserving mutations of fixture files with findings, linted
 *   and fixed in process with every registered rule and unsafe fixes (no
 *   writes): no rule throws, every fixed file parses, and fixing the fixed
 *   files again changes nothing.
 *
 * The generator is a seeded LCG, so a failure names a case that replays.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import { findConfigFile, loadConfig, type Config } from '../../src/engine/config.js';
import { applyEdits, selectFixes, type PendingFix } from '../../src/engine/fixer.js';
import { lint } from '../../src/engine/runner.js';
import type { RunResult } from '../../src/engine/types.js';
import { JsonViewError, lex, MAX_NESTING_DEPTH, parse, print, toJson } from '../../src/hcl/index.js';
import { diskSource, makeSourceFile, type FileSource } from '../../src/project/repo-index.js';
import { ruleRegistry } from '../../rules/index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/repo');
const HCL = /\.(tf|tfvars|hcl)$/;

/** A deterministic linear congruential generator: `next(n)` is an integer in [0, n). */
function rng(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

function fixtureFiles(): { rel: string; text: string }[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((rel) => HCL.test(rel))
    .sort()
    .map((rel) => ({ rel, text: readFileSync(join(FIXTURES, rel), 'utf8') }))
    .filter((f) => !f.text.includes('\0'));
}

describe('parser fuzz through the production read path', () => {
  const CASES = 8_000;
  const MAX_MS = 1_000;
  const samples = [
    ...fixtureFiles().map((f) => Buffer.from(f.text, 'utf8')),
    ...[...generateRepo({ stacks: 5, seed: 7 })].filter(([rel]) => HCL.test(rel)).map(([, text]) => Buffer.from(text, 'utf8')),
  ].filter((b) => b.length < 15_000);

  const BYTES: readonly (readonly number[])[] = [
    [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf], [0x0d], [0x0d, 0x0a], [0x0a], [0xe2, 0x80, 0xa8],
    [0xf0, 0x9f, 0x98, 0x80], [0xc3, 0xa9], [0x09], [0x7f], [0x00],
  ];
  const TEXTS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '}"', '<<EOF\n', '<<-EOT\n', '\nEOF\n', '#', '//', '/*', '*/', '=', ',', ':', '.', '...', '?', '!', ' for x in y : ', 'endif', '\\', '$${', '%%{'];

  function mutate(source: Buffer, next: (n: number) => number): Buffer {
    let b = source;
    for (let k = 1 + next(3); k > 0; k--) {
      const at = next(b.length + 1);
      switch (next(8)) {
        case 0:
          b = b.subarray(0, at);
          break;
        case 1: {
          const bytes = BYTES[next(BYTES.length)]!;
          if (bytes[0] === 0 && next(4) > 0) break;
          b = Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
          break;
        }
        case 2:
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + next(30))]);
          break;
        case 3: {
          const from = next(b.length + 1);
          b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + next(200)), b.subarray(at)]);
          break;
        }
        case 4:
          if (next(10) === 0) {
            const depth = MAX_NESTING_DEPTH + 1 + next(200);
            const [open, close] = [['[', ']'], ['(', ')'], ['{a=', '}'], ['"${', '}"']][next(4)]!;
            b = Buffer.concat([b.subarray(0, at), Buffer.from(`x = ${open!.repeat(depth)}1${close!.repeat(depth)}\n`), b.subarray(at)]);
          }
          break;
        default:
          b = Buffer.concat([b.subarray(0, at), Buffer.from(TEXTS[next(TEXTS.length)]!), b.subarray(at)]);
      }
    }
    return b;
  }

  it(`${String(CASES)} seeded byte mutations: no throw, bounded time, lossless, positions inside the file`, () => {
    expect(samples.length).toBeGreaterThan(40);
    const next = rng(9);
    let slowest = 0;
    const kinds = { parsedClean: 0, withDiagnostics: 0, invalidUtf8: 0, binary: 0, tooDeep: 0, jsonRefused: 0 };
    for (let i = 0; i < CASES; i++) {
      const bytes = mutate(samples[next(samples.length)]!, next);
      const started = performance.now();
      try {
        const file = makeSourceFile('/repo', '/repo/stacks/x/main.tf', bytes);
        if (file.kind === 'binary') {
          kinds.binary++;
          continue;
        }
        if (file.invalidUtf8At !== undefined) kinds.invalidUtf8++;
        const hcl = file.hcl!;
        if (print(hcl) !== file.text) throw new Error('print(parse(text)) !== text');
        const lineCount = file.text.split(/\r\n|\r|\n/).length;
        for (const d of hcl.diagnostics) {
          if (d.line < 1 || d.line > lineCount || d.column < 1 || d.start < 0 || d.end > file.text.length || d.start > d.end) throw new Error(`diagnostic out of the file: ${JSON.stringify(d)}`);
        }
        if (hcl.diagnostics.some((d) => d.summary === 'Nesting too deep')) kinds.tooDeep++;
        if (hcl.diagnostics.length === 0) {
          try {
            JSON.stringify(toJson(hcl));
          } catch (error) {
            // the JSON view refuses what hcl2json refuses (an attribute set twice), and nothing else
            if (!(error instanceof JsonViewError && /: Attribute redefined; /.test(error.message))) throw error;
            kinds.jsonRefused++;
          }
          kinds.parsedClean++;
        } else kinds.withDiagnostics++;
      } catch (error) {
        throw new Error(`case ${String(i)} (${JSON.stringify(bytes.toString('latin1').slice(0, 300))}…): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(slowest).toBeLessThan(MAX_MS);
    // the mutations reach every path, or the fuzz proves little
    expect(kinds.parsedClean).toBeGreaterThan(CASES / 20);
    expect(kinds.withDiagnostics).toBeGreaterThan(CASES / 4);
    expect(kinds.invalidUtf8).toBeGreaterThan(CASES / 50);
    expect(kinds.binary).toBeGreaterThan(10);
    expect(kinds.tooDeep).toBeGreaterThan(10);
  }, 120_000);
});

describe('fixer fuzz: selectFixes + applyEdits on random edits', () => {
  const CASES = 3_000;

  /** The reference: splice the edits from the last to the first. */
  function splice(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
    let out = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  }

  function overlap(a: { path: string; start: number; end: number }, b: { path: string; start: number; end: number }): boolean {
    if (a.path !== b.path) return false;
    if (a.start === a.end && b.start === b.end) return a.start === b.start;
    return a.start < b.end && b.start < a.end;
  }

  it(`${String(CASES)} random edit sets: chosen fixes whole and disjoint, refusals justified, results exact, endings kept`, () => {
    const next = rng(11);
    const pieces = ['a', 'b', ' ', '\n', '\r\n', '{', '}', '"x"', '# c\n', 'é', '😀'];
    let chosenTotal = 0;
    let refusedTotal = 0;
    for (let i = 0; i < CASES; i++) {
      const crlf = next(3) === 0;
      let text = Array.from({ length: next(60) }, () => pieces[next(pieces.length)]!).join('');
      if (crlf) text = text.replace(/\r?\n/g, '\r\n');
      const files = ['/r/a.tf', '/r/b.tf'];
      const lengths = new Map(files.map((f) => [f, text.length]));
      const fixes: PendingFix[] = Array.from({ length: 1 + next(6) }, () => ({
        path: files[0]!,
        edits: Array.from({ length: 1 + next(3) }, () => {
          const path = next(4) === 0 ? files[1]! : undefined;
          // offsets never split a CRLF pair (a rule's edits never do)
          const whole = (o: number): number => (o > 0 && text[o - 1] === '\r' && text[o] === '\n' ? o + 1 : o);
          const start = whole(next(text.length + 1));
          const end = Math.max(start, whole(Math.min(text.length, start + (next(3) === 0 ? 0 : next(8)))));
          return { ...(path ? { path } : {}), start, end, text: ['', 'X', 'new\nline\n', '\n', 'z = 1\n'][next(5)]! };
        }),
      }));
      const { chosen, edits } = selectFixes(fixes);
      const accepted = [...edits.values()].flat();
      for (let x = 0; x < accepted.length; x++) {
        for (let y = x + 1; y < accepted.length; y++) {
          if (overlap(accepted[x]!, accepted[y]!)) throw new Error(`case ${String(i)}: accepted edits overlap`);
        }
      }
      fixes.forEach((fix, index) => {
        const resolved = fix.edits.map((e) => ({ path: e.path ?? fix.path, start: e.start, end: e.end, text: e.text }));
        const isIn = (e: (typeof resolved)[number]): boolean => accepted.some((a) => a.path === e.path && a.start === e.start && a.end === e.end && a.text === e.text);
        if (chosen.includes(index)) {
          if (!resolved.every(isIn)) throw new Error(`case ${String(i)}: fix ${String(index)} chosen but not whole`);
        } else {
          // refused: one of its edits collides with another edit (an earlier fix's, or its own)
          const collides = resolved.some((e, k) => accepted.some((a) => overlap(a, e) && !(a.start === e.start && a.end === e.end && a.text === e.text)) || resolved.some((o, m) => m !== k && overlap(o, e)));
          if (!collides) throw new Error(`case ${String(i)}: fix ${String(index)} refused without a collision`);
        }
      });
      chosenTotal += chosen.length;
      refusedTotal += fixes.length - chosen.length;
      for (const [path, list] of edits) {
        expect(lengths.has(path)).toBe(true);
        const eol = crlf ? '\r\n' : '\n';
        const out = applyEdits(text, list, eol);
        const converted = list.map((e) => ({ ...e, text: crlf ? e.text.replace(/\n/g, '\r\n') : e.text }));
        const reference = splice(text, converted);
        const terminated = (s: string): boolean => /[\r\n]$/.test(s);
        if (text !== '' && reference !== '' && terminated(text) === terminated(reference) && !(/[\r\n]{2,}$/.test(reference) && !terminated(text))) {
          if (out !== reference) throw new Error(`case ${String(i)}: ${JSON.stringify(out)} !== ${JSON.stringify(reference)}`);
        }
        if (text !== '' && out !== '' && terminated(out) !== terminated(text)) throw new Error(`case ${String(i)}: the final line break changed`);
        if (crlf && /(^|[^\r])\n/.test(out)) throw new Error(`case ${String(i)}: a bare LF in a CRLF text`);
      }
    }
    expect(chosenTotal).toBeGreaterThan(CASES);
    expect(refusedTotal).toBeGreaterThan(CASES / 4);
  });
});

describe('fixer fuzz: rules and fixes on mutated fixture files', () => {
  const CASES = 150;
  const MAX_MS = 5_000;
  let dir = '';
  let config: Config;
  let targets: { rel: string; text: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infralint-fuzz-'));
    cpSync(FIXTURES, dir, { recursive: true });
    config = await loadConfig(findConfigFile(dir), ruleRegistry, dir);
    const dry = await lint({ cwd: dir, root: dir, paths: ['.'], rules: ruleRegistry, config, fix: 'unsafe', noWrite: true });
    const stacks = [...new Set(dry.results.filter((r) => r.fixed).map((r) => dirname(r.path.slice(dir.length + 1))))].filter((d) => d.startsWith('stacks/')).sort();
    // a small repository: the root files, the shared modules and the stacks that have fixes
    const small = mkdtempSync(join(tmpdir(), 'infralint-fuzz-small-'));
    for (const rel of ['.infralintrc.json', 'config.tfvars', 'terragrunt.hcl', 'modules', ...new Set(stacks.map((s) => s.split('/').slice(0, 2).join('/')))]) {
      mkdirSync(dirname(join(small, rel)), { recursive: true });
      cpSync(join(dir, rel), join(small, rel), { recursive: true });
    }
    rmSync(dir, { recursive: true, force: true });
    dir = small;
    config = await loadConfig(findConfigFile(dir), ruleRegistry, dir);
    targets = stacks.flatMap((s) => fixtureFiles().filter((f) => f.rel.startsWith(`${s}/`) && f.rel.endsWith('.tf')));
  }, 60_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Token-level mutations that keep the file parsing (tried until one does). */
  function mutate(text: string, next: (n: number) => number): string | undefined {
    const values = ['"redis.redis.svc.cluster.local"', '"192.168.1.127"', '"redis-master.redis.svc.cluster.local"', 'var.nfs_server', '"nfs-server:/srv"', '[]', '{}', 'null', '"x"', '1'];
    for (let attempt = 0; attempt < 20; attempt++) {
      const lines = text.split('\n');
      const at = next(lines.length);
      let out: string;
      switch (next(6)) {
        case 0:
          lines.splice(at, 0, lines[next(lines.length)]!);
          out = lines.join('\n');
          break;
        case 1:
          lines.splice(at, 1 + next(3));
          out = lines.join('\n');
          break;
        case 2: {
          const tokens = lex(text).tokens.filter((t) => t.kind === 'OQuote' || t.kind === 'Number' || t.kind === 'Ident');
          const t = tokens[next(tokens.length)];
          if (!t) continue;
          const end = t.kind === 'OQuote' ? text.indexOf('"', t.end) + 1 : t.end;
          out = text.slice(0, t.start) + values[next(values.length)]! + text.slice(end);
          break;
        }
        case 3:
          out = text.replace(/\n/g, '\r\n');
          break;
        case 4:
          lines.splice(at, 0, ['# KYVERNO_LIFECYCLE_V1', '# infralint-ignore redis-endpoint -- fuzz', '  lifecycle {', '  }', ''][next(5)]!);
          out = lines.join('\n');
          break;
        default:
          out = `\ufeff${text.replace(/\n$/, '')}`;
      }
      if (out !== text && parse(out).diagnostics.length === 0) return out;
    }
    return undefined;
  }

  function overlaySource(files: ReadonlyMap<string, string>): FileSource {
    return { read: (p) => (files.has(p) ? Buffer.from(files.get(p)!, 'utf8') : diskSource.read(p)) };
  }

  it(`${String(CASES)} seeded cases: no throw or rule error, bounded time, fixed files parse, a second fix changes nothing`, async () => {
    expect(targets.length).toBeGreaterThan(5);
    const next = rng(13);
    let slowest = 0;
    let fixedCases = 0;
    let ran = 0;
    for (let i = 0; i < CASES; i++) {
      const target = targets[next(targets.length)]!;
      let text = target.text;
      for (let k = 1 + next(3); k > 0; k--) text = mutate(text, next) ?? text;
      if (text === target.text) continue;
      ran++;
      const path = join(dir, target.rel);
      const stack = target.rel.split('/').slice(0, 2).join('/');
      const base = { cwd: dir, root: dir, paths: [stack], rules: ruleRegistry, config, fix: 'unsafe' as const, noWrite: true };
      const started = performance.now();
      let first: RunResult;
      let second: RunResult;
      try {
        first = await lint({ ...base, source: overlaySource(new Map([[path, text]])) });
        const fixed = new Map([[path, text]]);
        for (const r of first.results) if (r.fixedText !== undefined) fixed.set(r.path, r.fixedText);
        second = await lint({ ...base, source: overlaySource(fixed) });
      } catch (error) {
        throw new Error(`case ${String(i)} (${target.rel}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${text}`);
      }
      slowest = Math.max(slowest, (performance.now() - started) / 2);
      expect(first.errors, `case ${String(i)} (${target.rel})\n${text}`).toEqual([]);
      for (const r of first.results) {
        if (r.fixedText === undefined) continue;
        expect(parse(r.fixedText).diagnostics, `case ${String(i)}: ${r.path}`).toEqual([]);
      }
      if (first.summary.fixed > 0) fixedCases++;
      expect(second.errors).toEqual([]);
      expect(second.summary.fixed, `case ${String(i)} (${target.rel}): a second fix changed ${second.results.filter((r) => r.fixed).map((r) => r.path).join(', ')}\n${text}`).toBe(0);
    }
    expect(slowest).toBeLessThan(MAX_MS);
    expect(ran).toBeGreaterThan(CASES * 0.9);
    expect(fixedCases).toBeGreaterThan(CASES / 4);
  }, 120_000);
});
