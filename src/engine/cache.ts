/**
 * The result cache (`--cache`): per file, the findings of the last run, keyed
 * by the file's content hash, plus what every file's findings may depend on
 * beyond the file itself — the run key (infralint version, config, enabled
 * rules, options that change findings) and the repo facts fingerprint (the
 * index: resources, variables, locals, module calls, namespaces and manifests
 * of every folder, and the content of every file that is not a `.tf` file).
 *
 * When nothing in the repository changed, a run replays every file's findings
 * without parsing anything. When some files changed, every file is parsed (the
 * index must be fresh) and a file is re-linted only if its content or the repo
 * facts changed. A cache that cannot be read or has the wrong shape is
 * ignored and rebuilt. Findings are stored as reported, so secrets in them are
 * already masked.
 */
import { readFileSync } from 'node:fs';
import { isFactBlock, type RepoIndexImpl } from '../project/repo-index.js';
import { writeFileAtomic } from './fixer.js';
import type { Finding } from './types.js';

const CACHE_FORMAT = 1;

export interface CacheEntry {
  readonly hash: string;
  /** The file's findings, or null when no rule looked at the file. */
  readonly findings: Finding[] | null;
}

export interface CacheData {
  readonly format: number;
  readonly key: string;
  /** Content hash of every repository file (relative path → hash). */
  readonly files: Record<string, string>;
  readonly facts: string;
  /** Findings of each linted file (relative path → entry). */
  readonly results: Record<string, CacheEntry>;
}

export function hashBytes(bytes: Uint8Array | string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha1').update(bytes).digest('hex');
}

/** Reads a cache file; anything unreadable or malformed is no cache. */
export function readCache(path: string, key: string): CacheData | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const c = data as Record<string, unknown>;
  if (c.format !== CACHE_FORMAT || c.key !== key || typeof c.facts !== 'string') return undefined;
  if (typeof c.files !== 'object' || c.files === null || typeof c.results !== 'object' || c.results === null) return undefined;
  for (const value of Object.values(c.results as Record<string, unknown>)) {
    const entry = value as Partial<CacheEntry> | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.hash !== 'string' || !(entry.findings === null || Array.isArray(entry.findings))) return undefined;
  }
  return c as unknown as CacheData;
}

export function writeCache(path: string, data: Omit<CacheData, 'format'>): void {
  try {
    writeFileAtomic(path, JSON.stringify({ format: CACHE_FORMAT, ...data }));
  } catch {
    // a cache that cannot be written only costs time next run
  }
}

/**
 * A fingerprint of every repo-wide fact a rule may read about files other
 * than its own: each folder's kind, its resource and output names, and the
 * full text of its module calls, locals, variables, import blocks and
 * namespace and manifest resources (read from the files' text: computing it
 * parses nothing), config.tfvars values and the content of
 * every file that is not a `.tf` file.
 */
export function repoFacts(index: RepoIndexImpl, nonTerraformHashes: readonly string[]): string {
  const h = process.getBuiltinModule('node:crypto').createHash('sha1');
  const folders = [...index.folders.values()].sort((a, b) => (a.relDir < b.relDir ? -1 : a.relDir > b.relDir ? 1 : 0));
  for (const f of folders) {
    h.update(`\0folder ${f.relDir} ${f.kind} ${String(f.hasTerragrunt)}`);
    for (const b of f.blocks) {
      if (b.blockType === 'resource' || b.blockType === 'data' || b.blockType === 'output') h.update(`\0${b.blockType} ${b.first ?? ''}.${b.second ?? ''}`);
      if (isFactBlock(b)) h.update(`\0t ${index.store.blockText(b) ?? ''}`);
    }
  }
  for (const [name, v] of index.configValues) h.update(`\0c ${name}=${v.value}`);
  for (const x of nonTerraformHashes) h.update(`\0f ${x}`);
  return h.digest('hex');
}
