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
 * With --stacks N (N > 150) it also runs the scale test: the CLI on N stacks,
 * its time per file against the 150-stack run, and its peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from '../src/hcl/index.js';
import { packageRoot } from '../src/engine/package-root.js';
import { generateRepo, writeRepo } from './generate.js';

const BIN = join(packageRoot(), 'bin', 'infralint.js');

interface Measure {
  readonly label: string;
  readonly ms: number;
  readonly note?: string;
}

function median(values: number[]): number {
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
  readonly ms: number;
  readonly code: number;
  readonly maxRssMb: number;
  readonly stderr: string;
}

function runCli(args: string[], cwd: string): CliRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, INFRALINT_REPORT_RSS: '1', NO_COLOR: '1' }, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const rss = /infralint-max-rss-kb=(\d+)/.exec(r.stderr);
  return { ms, code: r.status ?? -1, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, stderr: r.stderr };
}

function bestCli(repeat: number, args: string[], cwd: string): CliRun {
  const runs = Array.from({ length: repeat }, () => runCli(args, cwd));
  const best = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
  if (best.code === 2) throw new Error(`infralint ${args.join(' ')} failed: ${best.stderr}`);
  return best;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stacks: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const scaleStacks = values.stacks !== undefined ? Number(values.stacks) : undefined;
  const seed = values.seed !== undefined ? Number(values.seed) : 1;
  const work = resolve(values.out ?? join(tmpdir(), `infralint-bench-${process.pid}`));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const files = generateRepo({ stacks: 150, seed });
    const repo = join(work, 'repo');
    await writeRepo(repo, files);
    writeFileSync(join(repo, '.infralintrc.json'), '{}\n');
    const hclFiles = [...files].filter(([p]) => /\.(tf|hcl|tfvars)$/.test(p));
    const bytes = hclFiles.reduce((n, [, c]) => n + Buffer.byteLength(c), 0);
    console.log(`corpus: 150 stacks, ${files.size} files (${hclFiles.length} HCL), ${(bytes / 1e6).toFixed(2)} MB HCL; ${cpus().length} cores, node ${process.version}`);

    const hcl2json = await import('@cdktf/hcl2json');
    await hcl2json.parse('warmup.tf', 'a = 1\n');
    const a = await time(1, async () => {
      for (const [p, c] of hclFiles) await hcl2json.parse(p, c);
    });
    const b = await time(5, () => {
      for (const [p, c] of hclFiles) parse(c, p);
    });
    const c = bestCli(3, ['--format', 'json', '-o', join(work, 'out.json')], repo);
    const firstStack = [...files.keys()].find((p) => p.startsWith('stacks/'))!.split('/').slice(0, 2).join('/');
    const d = bestCli(5, ['--format', 'json', '-o', join(work, 'one.json'), firstStack], repo);

    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'corpus');
    const staged = [...files.keys()].filter((p) => p.endsWith('main.tf')).slice(0, 5);
    for (const p of staged) writeFileSync(join(repo, p), readFileSync(join(repo, p), 'utf8') + '\nlocals {\n  bench_touch = 1\n}\n');
    git(repo, 'add', ...staged);
    const e = bestCli(5, ['--staged', '--format', 'compact', '-o', join(work, 'staged.txt')], repo);
    git(repo, 'reset', '-q', '--hard');

    const cacheFile = join(work, 'cache.json');
    const f1 = runCli(['--cache', '--cache-location', cacheFile, '--format', 'json', '-o', join(work, 'c1.json')], repo);
    const f2 = bestCli(3, ['--cache', '--cache-location', cacheFile, '--format', 'json', '-o', join(work, 'c2.json')], repo);

    const rows: Measure[] = [
      { label: '(a) hcl2json parse, every HCL file', ms: a },
      { label: '(b) infralint parser alone', ms: b, note: `target ≥ 20× faster than (a)` },
      { label: '(c) whole CLI, 150 stacks', ms: c.ms, note: `target ≥ 10× faster than (a) and < 500 ms; peak RSS ${c.maxRssMb.toFixed(0)} MB` },
      { label: `(d) one stack (${firstStack})`, ms: d.ms, note: 'target < 150 ms' },
      { label: '(e) --staged, 5 files', ms: e.ms, note: 'target < 150 ms' },
      { label: '(f) second run with --cache', ms: f2.ms, note: `first run with --cache ${fmt(f1.ms)}; target < 40% of the first (${((f2.ms / f1.ms) * 100).toFixed(0)}%)` },
    ];
    const lines = [`| measure | time | (a) / this | note |`, `| --- | ---: | ---: | --- |`];
    for (const r of rows) lines.push(`| ${r.label} | ${fmt(r.ms)} | ${(a / r.ms).toFixed(1)}× | ${r.note ?? ''} |`);

    if (scaleStacks !== undefined && scaleStacks > 150) {
      const big = generateRepo({ stacks: scaleStacks, seed });
      const bigRepo = join(work, 'big');
      await writeRepo(bigRepo, big);
      writeFileSync(join(bigRepo, '.infralintrc.json'), '{}\n');
      const g = bestCli(1, ['--format', 'json', '-o', join(work, 'big.json')], bigRepo);
      const perFileSmall = c.ms / files.size;
      const perFileBig = g.ms / big.size;
      lines.push(
        `| (g) whole CLI, ${scaleStacks} stacks (${big.size} files) | ${fmt(g.ms)} | — | per-file cost ${(perFileBig / perFileSmall).toFixed(2)}× the 150-stack run (target ≤ 1.1×); peak RSS ${g.maxRssMb.toFixed(0)} MB (target < 300 MB) |`,
      );
    }
    const table = lines.join('\n');
    console.log(table);
    const results = `# Benchmark results\n\nLast run: ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}.\nCorpus: generated, seed ${seed}, 150 stacks, ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB of HCL.\nEach figure is a median of several runs (the CLI figures include process start-up). Ratios are against (a) in the same run.\n\n${table}\n`;
    writeFileSync(join(packageRoot(), 'bench', 'RESULTS.md'), results);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
