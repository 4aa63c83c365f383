/**
 * Concurrency: two `infralint --fix` processes on one repository at once, many
 * processes doing compare-and-swap writes on one file, and the lock's
 * handling of live, dead, old and half-written locks.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lockPathOf, lockPolicy, writeFileAtomic, WriteConflictError } from '../../src/engine/fixer.js';
import { parse } from '../../src/hcl/index.js';
import { DIST, expectSane, lines, runCli, startCli } from './cli-helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/repo');
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (d.isFile()) out.set(relative(dir, join(d.parentPath, d.name)), readFileSync(join(d.parentPath, d.name)));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

describe('two infralint --fix processes on the same repository at once', () => {
  const ARGS = ['--fix', '--unsafe-fixes', '--format', 'compact'];

  it('never tear a file: after each of several rounds every file parses and equals what one --fix run makes', async () => {
    const single = tempDir('infralint-conc-single-');
    cpSync(FIXTURES, single, { recursive: true });
    const one = runCli(ARGS, single);
    expectSane(one);
    expect(one.stderr).toBe('');
    const expected = files(single);
    const changed = [...expected].filter(([rel, bytes]) => !readFileSync(join(FIXTURES, rel)).equals(bytes)).length;
    expect(changed).toBeGreaterThan(10);
    const parsable = new Set([...files(FIXTURES)].filter(([rel, b]) => /\.(tf|tfvars|hcl)$/.test(rel) && parse(b.toString('utf8')).diagnostics.length === 0).map(([rel]) => rel));
    expect(parsable.size).toBeGreaterThan(50);

    for (let round = 0; round < 3; round++) {
      const dir = tempDir(`infralint-conc-${round}-`);
      cpSync(FIXTURES, dir, { recursive: true });
      const runs = await Promise.all([startCli(ARGS, dir), startCli(ARGS, dir)]);
      for (const run of runs) {
        expectSane(run);
        // Each run made the fixes or found them made: the same report. A run that read one
        // file of a fix group before the other run renamed it and one after is refused on
        // write (compare under the lock) and says so: exit 2, nothing overwritten.
        const refusals = lines(run.stderr).filter((l) => !/ changed on disk while infralint was fixing it; not overwritten$| not written: its fix also changes \S+, which could not be written$/.test(l));
        expect(refusals, `round ${String(round)}`).toEqual([]);
        if (run.stderr === '') {
          expect(run.code).toBe(one.code);
          expect(run.stdout).toBe(one.stdout);
        } else expect(run.code).toBe(2);
      }
      const now = files(dir);
      expect([...now.keys()], `round ${String(round)}: no file added or left behind`).toEqual([...expected.keys()]);
      for (const [rel, bytes] of now) {
        expect(bytes.equals(expected.get(rel)!), `round ${String(round)}: ${rel}`).toBe(true);
        if (parsable.has(rel)) expect(parse(bytes.toString('utf8')).diagnostics, rel).toEqual([]);
      }
    }
  }, 120_000);
});

/** A child process that increments the counter in `file` `times` times by compare-and-swap, retrying on conflict. */
function incrementer(file: string, times: number): Promise<{ code: number | null; stderr: string }> {
  const fixer = pathToFileURL(join(DIST, 'src/engine/fixer.js')).href;
  const script = `
    import { readFileSync } from 'node:fs';
    import { writeFileAtomic, WriteConflictError } from ${JSON.stringify(fixer)};
    let done = 0;
    while (done < ${times}) {
      const current = readFileSync(${JSON.stringify(file)}, 'utf8');
      const n = Number(/^(\\d+) /.exec(current)[1]);
      try {
        writeFileAtomic(${JSON.stringify(file)}, (n + 1) + ' by ' + process.pid + '\\n', current);
        done++;
      } catch (error) {
        if (!(error instanceof WriteConflictError)) throw error;
      }
    }
  `;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      done({ code, stderr });
    });
  });
}

describe('compare-and-swap writes from many processes', () => {
  it('4 processes × 40 increments of one file: no update is lost, and a reader never sees a torn or empty file', async () => {
    const dir = tempDir('infralint-cas-');
    const file = join(dir, 'counter.tf');
    writeFileSync(file, '0 by nobody\n');
    let reads = 0;
    let running = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (running) {
        const text = readFileSync(file, 'utf8');
        reads++;
        if (!/^\d+ by \S+\n$/.test(text)) seen.push(text);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = await Promise.all([1, 2, 3, 4].map(() => incrementer(file, 40)));
    running = false;
    await reader;
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(file, 'utf8')).toMatch(/^160 by \d+\n$/);
    expect(seen).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual(['counter.tf']);
  }, 60_000);
});

describe('the per-file lock', () => {
  const saved = { ...lockPolicy };
  afterEach(() => {
    Object.assign(lockPolicy, saved);
  });

  function target(): string {
    const path = join(tempDir('infralint-lock-'), 'main.tf');
    writeFileSync(path, 'locals {}\n');
    return path;
  }

  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('a lock held by a live process is waited for, then the write gives up without writing', () => {
    lockPolicy.waitMs = 200;
    const path = target();
    writeFileSync(lockPathOf(path), `${process.ppid}@${HOST} held\n`);
    const started = Date.now();
    expect(() => {
      writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
    }).toThrow(WriteConflictError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(readFileSync(path, 'utf8')).toBe('locals {}\n');
    expect(readFileSync(lockPathOf(path), 'utf8')).toBe(`${process.ppid}@${HOST} held\n`);
  });

  it('a lock released while waiting lets the write go ahead', async () => {
    const path = target();
    const holder = spawn(process.execPath, ['-e', `
      const { writeFileSync, unlinkSync } = require('node:fs');
      writeFileSync(${JSON.stringify(lockPathOf(path))}, process.pid + '@${HOST} held\\n');
      process.stdout.write('locked\\n');
      setTimeout(() => unlinkSync(${JSON.stringify(lockPathOf(path))}), 300);
    `]);
    await new Promise<void>((r) => holder.stdout.once('data', () => {
      r();
    }));
    writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
    expect(readFileSync(path, 'utf8')).toBe('locals { a = 1 }\n');
    await new Promise((r) => holder.on('close', r));
  });

  it('the lock of a process that is gone is broken at once', () => {
    const path = target();
    writeFileSync(lockPathOf(path), `${deadPid()}@${HOST} crashed\n`);
    writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
    expect(readFileSync(path, 'utf8')).toBe('locals { a = 1 }\n');
    expect(readdirSync(join(path, '..'))).toEqual(['main.tf']);
  });

  it('a lock from another host is broken only once older than staleMs; an empty (half-written) lock likewise', () => {
    lockPolicy.waitMs = 100;
    for (const content of ['4242@another-host x\n', '']) {
      const path = target();
      writeFileSync(lockPathOf(path), content);
      expect(() => {
        writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
      }).toThrow(/is locked by another infralint process/);
      const old = new Date(Date.now() - lockPolicy.staleMs - 5_000);
      utimesSync(lockPathOf(path), old, old);
      writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
      expect(readFileSync(path, 'utf8')).toBe('locals { a = 1 }\n');
      expect(readdirSync(join(path, '..'))).toEqual(['main.tf']);
    }
  });

  it('a temp file left by a writer that is gone is removed by the next write of that file', () => {
    const path = target();
    const leftover = join(path, '..', `.main.tf.infralint-0badc0de-${deadPid()}@${HOST}.tmp`);
    writeFileSync(leftover, 'locals { half');
    const live = join(path, '..', `.main.tf.infralint-0badc0de-${process.pid}@${HOST}.tmp`);
    writeFileSync(live, 'locals { in progress');
    writeFileAtomic(path, 'locals { a = 1 }\n', 'locals {}\n');
    expect(readdirSync(join(path, '..')).sort()).toEqual(['.main.tf.infralint-0badc0de-' + String(process.pid) + '@' + HOST + '.tmp', 'main.tf']);
    expect(statSync(live).size).toBe('locals { in progress'.length);
  });
});
