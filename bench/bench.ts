/**
 * The benchmark (`npm run bench`, `npm run bench -- --stacks 5000`).
 *
 * Everything is measured in one run on one generated repository and reported
 * as ratios to (a), hcl2json parsing the same files, so that the figures are
 * comparable across machines:
 *   (a) @cdktf/hcl2json parsing every HCL file
 *   (b) infralint's parser alone
 *   (c) the whole CLI (`infralint --format json`) as a child process
 *   (d) one stack
 *   (e) `--staged` with 5 staged files
 *   (f) a second whole-repo run with `--cache`
 * and, for reference, (n) `node -e 0` (the machine's bare Node start-up) and
 * (s) the CLI on a one-file repository (Node start-up plus infralint's module
 * loading: the floor under (d) and (e)).
 * With --stacks N (N > 150) it also runs the scale test (g): the CLI on N
 * stacks, its time per file against the 150-stack run, and its peak RSS.
 *
 * Every CLI figure is the median of `--runs` runs (default 5; 1 for the scale
 * test) and includes process start-up; CPU is user + system time of the
 * process (reported by bin/infralint.js with INFRALINT_REPORT_RSS=1). The
 * load average is printed with the results: on a shared machine, wall times
 * are only as good as the load lets them be.
 *
 * The table replaces the part of bench/RESULTS.md between the bench markers;
 * the notes around it are kept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from '../src/hcl/index.js';
import { packageRoot } from '../src/engine/package-root.js';
import { DEFAULT_SEED, generateRepo, writeRepo } from './generate.js';

const BIN = join(packageRoot(), 'bin', 'infralint.js');
const RESULTS = join(packageRoot(), 'bench', 'RESULTS.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(repeat: number, fn: () => Promise<void> | void): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

interface CliRun {
  /** Wall time of the whole process, milliseconds. */
  readonly ms: number;
  /** User + system CPU time of the process, milliseconds. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly code: number;
  readonly stderr: string;
}

function runCli(args: readonly string[], cwd: string): CliRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, INFRALINT_REPORT_RSS: '1', NO_COLOR: '1' }, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const rss = /infralint-max-rss-kb=(\d+)/.exec(r.stderr);
  const cpu = /infralint-cpu-ms=(\d+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? Number(cpu[1]) : NaN, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, code: r.status ?? -1, stderr: r.stderr };
}

/** `repeat` runs; the median wall time, CPU time and RSS (each taken separately). */
function medianCli(repeat: number, args: readonly string[], cwd: string): CliRun {
  const runs = Array.from({ length: repeat }, () => runCli(args, cwd));
  const failed = runs.find((r) => r.code === 2 || r.code < 0);
  if (failed) throw new Error(`infralint ${args.join(' ')} failed (exit ${String(failed.code)}): ${failed.stderr}`);
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
    code: runs[0]!.code,
    stderr: runs[0]!.stderr,
  };
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Row {
  readonly label: string;
  readonly ms: number;
  readonly cpuMs?: number;
  /** Whether the measure meets its target, with the target in words. */
  readonly target?: { readonly text: string; readonly met: boolean };
  readonly note?: string;
}

async function writeCorpus(dir: string, files: Map<string, string>): Promise<void> {
  await writeRepo(dir, files);
  writeFileSync(join(dir, '.infralintrc.json'), '{}\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stacks: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' } }, strict: true });
  const scaleStacks = values.stacks !== undefined ? Number(values.stacks) : undefined;
  const seed = values.seed !== undefined ? Number(values.seed) : DEFAULT_SEED;
  const runs = values.runs !== undefined ? Number(values.runs) : 5;
  const work = resolve(values.out ?? join(tmpdir(), `infralint-bench-${String(process.pid)}`));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const loadBefore = load();
  try {
    const files = generateRepo({ stacks: 150, seed });
    const repo = join(work, 'repo');
    await writeCorpus(repo, files);
    const hclFiles = [...files].filter(([p]) => /\.(tf|hcl|tfvars)$/.test(p));
    const bytes = hclFiles.reduce((n, [, c]) => n + Buffer.byteLength(c), 0);
    const corpus = `generated, seed ${String(seed)}, 150 stacks, ${String(files.size)} files (${String(hclFiles.length)} HCL), ${(bytes / 1e6).toFixed(2)} MB of HCL`;
    console.log(`corpus: ${corpus}; ${String(cpus().length)} cores, node ${process.version}; load average ${loadBefore}`);

    const hcl2json = await import('@cdktf/hcl2json');
    await hcl2json.parse('warmup.tf', 'a = 1\n');
    const a = await time(1, async () => {
      for (const [p, c] of hclFiles) await hcl2json.parse(p, c);
    });
    const b = await time(runs, () => {
      for (const [p, c] of hclFiles) parse(c, p);
    });

    const bare = median(
      Array.from({ length: runs }, () => {
        const t0 = performance.now();
        spawnSync(process.execPath, ['-e', '0']);
        return performance.now() - t0;
      }),
    );
    const tiny = join(work, 'tiny');
    await writeCorpus(tiny, new Map([['stacks/a/main.tf', 'locals {\n  a = 1\n}\n']]));
    const s = medianCli(runs, ['--format', 'json', '-o', join(work, 'tiny.json')], tiny);
    const c = medianCli(runs, ['--format', 'json', '-o', join(work, 'out.json')], repo);
    const firstStack = [...files.keys()].find((p) => p.startsWith('stacks/'))!.split('/').slice(0, 2).join('/');
    const d = medianCli(runs, ['--format', 'json', '-o', join(work, 'one.json'), firstStack], repo);

    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'corpus');
    const staged = [...files.keys()].filter((p) => p.endsWith('main.tf')).slice(0, 5);
    for (const p of staged) writeFileSync(join(repo, p), readFileSync(join(repo, p), 'utf8') + '\nlocals {\n  bench_touch = 1\n}\n');
    git(repo, 'add', ...staged);
    const e = medianCli(runs, ['--staged', '--format', 'compact', '-o', join(work, 'staged.txt')], repo);
    git(repo, 'reset', '-q', '--hard');

    const cacheFile = join(work, 'cache.json');
    const cacheArgs = ['--cache', '--cache-location', cacheFile, '--format', 'json'];
    const f1 = medianCli(1, [...cacheArgs, '-o', join(work, 'c1.json')], repo);
    const f2 = medianCli(runs, [...cacheArgs, '-o', join(work, 'c2.json')], repo);
    if (readFileSync(join(work, 'c1.json'), 'utf8') !== readFileSync(join(work, 'c2.json'), 'utf8')) throw new Error('the --cache replay differs from the first run');

    const rows: Row[] = [
      { label: '(a) hcl2json parse, every HCL file', ms: a },
      { label: '(b) infralint parser alone', ms: b, target: { text: '≥ 20× faster than (a)', met: a / b >= 20 }, note: `median of ${String(runs)} in-process passes (warm)` },
      { label: '(c) whole CLI, 150 stacks', ms: c.ms, cpuMs: c.cpuMs, target: { text: '≥ 10× faster than (a) and < 500 ms', met: a / c.ms >= 10 && c.ms < 500 }, note: `peak RSS ${c.maxRssMb.toFixed(0)} MB` },
      { label: `(d) one stack (${firstStack})`, ms: d.ms, cpuMs: d.cpuMs, target: { text: '< 150 ms', met: d.ms < 150 } },
      { label: '(e) --staged, 5 files', ms: e.ms, cpuMs: e.cpuMs, target: { text: '< 150 ms', met: e.ms < 150 } },
      {
        label: '(f) second run with --cache',
        ms: f2.ms,
        cpuMs: f2.cpuMs,
        target: { text: '< 40% of the first', met: f2.ms < 0.4 * f1.ms },
        note: `${((f2.ms / f1.ms) * 100).toFixed(0)}% of the first run with --cache (${fmt(f1.ms)}, CPU ${fmt(f1.cpuMs)})`,
      },
      { label: '(n) `node -e 0`', ms: bare, note: "reference: this machine's bare Node start-up" },
      { label: '(s) CLI on a one-file repository (start-up)', ms: s.ms, cpuMs: s.cpuMs, note: 'reference: Node start-up plus module loading, the floor under (d) and (e)' },
    ];

    let scale = '';
    if (scaleStacks !== undefined && scaleStacks > 150) {
      const big = generateRepo({ stacks: scaleStacks, seed });
      const bigRepo = join(work, 'big');
      await writeCorpus(bigRepo, big);
      const g = medianCli(1, ['--format', 'json', '-o', join(work, 'big.json')], bigRepo);
      const perFileSmall = c.ms / files.size;
      const perFileBig = g.ms / big.size;
      const ratio = perFileBig / perFileSmall;
      const marginal = (g.ms - s.ms) / big.size / ((c.ms - s.ms) / files.size);
      rows.push({
        label: `(g) whole CLI, ${String(scaleStacks)} stacks (${String(big.size)} files)`,
        ms: g.ms,
        cpuMs: g.cpuMs,
        target: { text: 'per-file cost ≤ 1.1× that of (c); peak RSS < 300 MB', met: ratio <= 1.1 && g.maxRssMb < 300 },
        note: `per-file cost ${(perFileBig * 1000).toFixed(0)} µs = ${ratio.toFixed(2)}× the 150-stack run (${(perFileSmall * 1000).toFixed(0)} µs); ${marginal.toFixed(2)}× without the start-up (s) in both; peak RSS ${g.maxRssMb.toFixed(0)} MB`,
      });
      scale = `, ${String(scaleStacks)}-stack scale run`;
    }

    const loadAfter = load();
    const lines = ['| measure | wall | CPU | (a) / this | target | met | note |', '| --- | ---: | ---: | ---: | --- | :---: | --- |'];
    for (const r of rows) {
      lines.push(`| ${r.label} | ${fmt(r.ms)} | ${r.cpuMs === undefined ? '' : fmt(r.cpuMs)} | ${(a / r.ms).toFixed(1)}× | ${r.target?.text ?? ''} | ${r.target ? (r.target.met ? 'yes' : '**no**') : ''} | ${r.note ?? ''} |`);
    }
    const table = lines.join('\n');
    console.log(table);
    console.log(`load average before ${loadBefore}, after ${loadAfter}`);
    const block = [
      START,
      `Last run: ${new Date().toISOString()}${scale}; ${String(cpus().length)} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after.`,
      `Corpus: ${corpus}. CLI figures are medians of ${String(runs)} runs (the first --cache run and the scale run: 1) and include process start-up; CPU is the process's user + system time. Ratios are against (a) in the same run.`,
      '',
      table,
      END,
    ].join('\n');
    const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    const at = previous.indexOf(START);
    const to = previous.indexOf(END);
    const next = at >= 0 && to > at ? previous.slice(0, at) + block + previous.slice(to + END.length) : `# Benchmark results\n\n${block}\n`;
    writeFileSync(RESULTS, next);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
