import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_STACKS, generateRepo, writeRepo } from '../../bench/generate.js';

const corpus = generateRepo({ stacks: DEFAULT_STACKS });

function totalBytes(files: Map<string, string>): number {
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  return bytes;
}

/** Every `step`-th path in sorted order, so the sample spreads over the whole repository. */
function spreadSample(paths: readonly string[], count: number): string[] {
  const sorted = [...paths].sort();
  const step = Math.floor(sorted.length / count);
  return Array.from({ length: count }, (_, i) => sorted[i * step]!);
}

describe('generateRepo', () => {
  it('gives the same repository for the same seed', () => {
    const a = generateRepo({ stacks: 12, seed: 7 });
    const b = generateRepo({ stacks: 12, seed: 7 });
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('gives a different repository for a different seed', () => {
    const a = generateRepo({ stacks: 12, seed: 7 });
    const b = generateRepo({ stacks: 12, seed: 8 });
    expect([...a.keys()]).not.toEqual([...b.keys()]);
  });

  it('is about 500 files and 3 MB at the default 150 stacks', () => {
    expect(corpus.size).toBeGreaterThanOrEqual(450);
    expect(corpus.size).toBeLessThanOrEqual(600);
    const bytes = totalBytes(corpus);
    expect(bytes).toBeGreaterThanOrEqual(2_500_000);
    expect(bytes).toBeLessThanOrEqual(3_500_000);
  });

  it('lays out stacks with main.tf, variables.tf and terragrunt.hcl, plus shared modules', () => {
    const stacks = new Set([...corpus.keys()].filter((p) => /^stacks\/[^/]+\/main\.tf$/.test(p)).map((p) => p.split('/')[1]));
    expect(stacks.size).toBe(DEFAULT_STACKS);
    for (const stack of stacks) {
      expect(corpus.has(`stacks/${String(stack)}/variables.tf`)).toBe(true);
      expect(corpus.has(`stacks/${String(stack)}/terragrunt.hcl`)).toBe(true);
    }
    expect(corpus.has('modules/kubernetes/nfs_volume/main.tf')).toBe(true);
    expect(corpus.has('modules/kubernetes/ingress_factory/main.tf')).toBe(true);
    expect([...corpus.keys()].some((p) => /^stacks\/[^/]+\/modules\/[^/]+\/main\.tf$/.test(p))).toBe(true);
  });

  it('is mostly conventional with a small fraction of violations', () => {
    const tf = [...corpus.entries()].filter(([p]) => p.endsWith('.tf'));
    const workloads = tf.flatMap(([, c]) => c.match(/^resource "kubernetes_(deployment|stateful_set|daemon_set|cron_job)(_v1)?" /gm) ?? []);
    const markers = tf.flatMap(([, c]) => c.match(/# KYVERNO_LIFECYCLE_V1/g) ?? []);
    expect(workloads.length).toBeGreaterThan(500);
    expect(markers.length / workloads.length).toBeGreaterThan(0.9);
    expect(markers.length).toBeLessThan(workloads.length);
    const literalNfs = tf.filter(([, c]) => c.includes('nfs_server = "192.168.1.127"'));
    expect(literalNfs.length).toBeGreaterThan(0);
    expect(literalNfs.length).toBeLessThan(tf.length / 10);
  });

  it('contains no literal secret values', () => {
    for (const [path, content] of corpus) {
      const literal = /\b\w*(password|passwd|token|api_?key|secret)(?!_name)\w*"?\s*=\s*"/i.exec(content);
      expect(literal?.[0], path).toBeUndefined();
      const envLiteral = /name\s*=\s*"\w*(PASSWORD|TOKEN|SECRET|API_KEY)\w*"\s*\n\s*value\s*=\s*"/.exec(content);
      expect(envLiteral?.[0], path).toBeUndefined();
    }
  });

  it('rejects a negative stack count', () => {
    expect(() => generateRepo({ stacks: -1 })).toThrow(/non-negative integer/);
  });
});

describe('generated files are accepted by hcl2json', () => {
  const sample = spreadSample([...corpus.keys()], 20);

  it('samples main, variables and terragrunt files', () => {
    expect(sample.some((p) => p.endsWith('/main.tf'))).toBe(true);
    expect(sample.some((p) => p.endsWith('/variables.tf'))).toBe(true);
    expect(sample.some((p) => p.endsWith('.hcl'))).toBe(true);
  });

  it.each(sample)('%s', async (path) => {
    const json = await parse(path, corpus.get(path)!);
    expect(Object.keys(json).length).toBeGreaterThan(0);
  });
});

describe('writeRepo', () => {
  let dir: string | undefined;

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes every file under the target folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'infralint-generate-'));
    const files = generateRepo({ stacks: 3, seed: 1 });
    await writeRepo(dir, files);
    for (const [rel, content] of files) {
      expect(await readFile(join(dir, rel), 'utf8')).toBe(content);
    }
  });
});
