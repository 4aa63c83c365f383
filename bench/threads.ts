/**
 * The worker-thread experiment (`npm run bench:threads -- --stacks 150 --threads 2`):
 * would splitting a whole-repository run over worker threads pay?
 *
 * Each measurement is a fresh process (so every run pays the cold start a CLI
 * run pays) that lints a generated repository with one thread, or with the
 * target files split into `--threads` contiguous parts (whole folders stay
 * together), the main thread linting the first part and one worker each of
 * the others. Every thread loads the modules, builds its own repo index and
 * parses its own targets; only the findings travel back. It prints wall and
 * CPU time (of the whole process, all threads) of each, alternating, and
 * checks that both give the same findings. The CLI does not use threads:
 * bench/RESULTS.md records why.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ruleRegistry } from '../rules/index.js';
import { loadConfig } from '../src/engine/config.js';
import { lint } from '../src/engine/runner.js';
import type { Finding } from '../src/engine/types.js';
import { discoverRepoFiles } from '../src/project/discover.js';
import { DEFAULT_SEED, generateRepo, writeRepo } from './generate.js';

interface Part {
  readonly root: string;
  readonly targets: readonly string[];
}

async function lintPart(part: Part): Promise<Finding[]> {
  const config = await loadConfig(join(part.root, '.infralintrc.json'), ruleRegistry, part.root);
  const result = await lint({ cwd: part.root, root: part.root, paths: [], targets: part.targets, rules: ruleRegistry, config });
  return result.results.flatMap((r) => r.findings);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Splits sorted paths into `n` contiguous parts without splitting a folder. */
function split(paths: readonly string[], n: number): string[][] {
  const parts: string[][] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    let end = i === n ? paths.length : Math.floor((i * paths.length) / n);
    const folderOf = (p: string): string => p.slice(0, p.lastIndexOf('/'));
    while (end < paths.length && end > 0 && folderOf(paths[end]!) === folderOf(paths[end - 1]!)) end++;
    parts.push(paths.slice(start, end));
    start = end;
  }
  return parts;
}

async function run(root: string, threads: number): Promise<{ ms: number; cpu: number; findings: string[] }> {
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const parts = split(discoverRepoFiles({ root, ignorePatterns: [] }), threads);
  const workers = parts.slice(1).map(
    (targets) =>
      new Promise<Finding[]>((done, fail) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { root, targets } satisfies Part });
        worker.once('message', done);
        worker.once('error', fail);
      }),
  );
  const findings = [...(await lintPart({ root, targets: parts[0] ?? [] })), ...(await Promise.all(workers)).flat()];
  return { ms: performance.now() - t0, cpu: cpuMs() - cpu0, findings: findings.map((f) => `${f.path}:${String(f.line)}:${String(f.column)} ${f.ruleId}`).sort() };
}

interface Measure {
  readonly ms: number;
  readonly cpu: number;
  readonly findings: string[];
}

/** One measurement in a fresh process. */
function measure(root: string, threads: number): Measure {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', root, '--threads', String(threads)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`measurement failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measure;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stacks: { type: 'string' }, threads: { type: 'string' }, runs: { type: 'string' }, measure: { type: 'string' } }, strict: true });
  if (values.measure !== undefined) {
    process.stdout.write(JSON.stringify(await run(values.measure, Number(values.threads ?? 1))));
    return;
  }
  const stacks = Number(values.stacks ?? 150);
  const threads = Number(values.threads ?? 2);
  const runs = Number(values.runs ?? 3);
  const root = resolve(join(tmpdir(), `infralint-threads-${String(process.pid)}`));
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  try {
    await writeRepo(root, generateRepo({ stacks, seed: DEFAULT_SEED }));
    writeFileSync(join(root, '.infralintrc.json'), '{}\n');
    console.log(`${String(stacks)} stacks, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let i = 0; i < runs; i++) {
      const one = measure(root, 1);
      const many = measure(root, threads);
      if (JSON.stringify(one.findings) !== JSON.stringify(many.findings)) throw new Error('the threaded run found different findings');
      console.log(`1 thread: ${one.ms.toFixed(0)} ms wall, ${one.cpu.toFixed(0)} ms CPU | ${String(threads)} threads: ${many.ms.toFixed(0)} ms wall, ${many.cpu.toFixed(0)} ms CPU`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parentPort!.postMessage(await lintPart(workerData as Part));
}
