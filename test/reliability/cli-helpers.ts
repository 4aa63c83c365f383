/**
 * Shared by the reliability suites: spawning the built CLI with a time bound,
 * the stack-trace check every run must pass, and preload hooks that act at a
 * precise moment inside a real CLI run (a file deleted right before it is
 * read, a file edited right before the fixer compares it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';

export const BIN = resolve(import.meta.dirname, '../../bin/infralint.js');
export const DIST = resolve(import.meta.dirname, '../../dist');

export interface CliRun {
  readonly code: number | null;
  /** Set when the run was killed (it outlived its time bound). */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Node flags before the script (e.g. `--import <hook>`). */
  readonly nodeArgs?: readonly string[];
  readonly uid?: number;
  readonly gid?: number;
  /** The run is killed after this many ms; a killed run fails `expectSane`. */
  readonly timeoutMs?: number;
}

export function runCli(args: readonly string[], cwd: string, options: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting (for concurrent runs). */
export function startCli(args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** A line of a JavaScript or Go stack trace. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$|^goroutine \d+ \[|^\s+\/.+\.go:\d+/m;

/** Every run: it ended by itself (no hang), and printed no stack trace. */
export function expectSane(run: CliRun): void {
  expect(run.signal, `the run was killed (hung?); stderr: ${run.stderr.slice(0, 500)}`).toBeNull();
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).not.toMatch(STACK_FRAME);
}

/**
 * Writes a preload module (for `node --import`) into `dir` that imports the
 * CLI's own built module `distModule` (the same instance the CLI uses) and
 * runs `body` with it bound to `m`. Returns the node flags to pass.
 */
export function preloadHook(dir: string, name: string, distModule: string, body: string): string[] {
  const file = join(dir, `${name}.mjs`);
  const url = pathToFileURL(join(DIST, distModule)).href;
  // The bin runs the bundle (scripts/bundle.ts), which has its own copies of these modules;
  // the variable makes it run dist/src's modules, the ones this hook patches.
  writeFileSync(file, `import * as m from ${JSON.stringify(url)};\nprocess.env.INFRALINT_UNBUNDLED = '1';\n${body}\n`);
  return ['--import', pathToFileURL(file).href];
}

/** A clean HCL file. */
export const CLEAN_TF = 'locals {\n  replicas = 2\n}\n';

/** An HCL file with one known finding: redis-endpoint at 2:11. */
export const REDIS_TF = 'locals {\n  redis = "redis.redis.svc.cluster.local"\n}\n';

/** The start of the compact line of REDIS_TF's finding at `path`. */
export function redisFinding(path: string, line = 2, column = 11): string {
  return `${path}:${line}:${column}: error [redis-endpoint] do not use redis.redis.svc.cluster.local`;
}

/** The compact report's lines. */
export function lines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l !== '');
}
