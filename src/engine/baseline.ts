/**
 * The baseline: known findings to hide, keyed by file, enclosing block address
 * and rule with a count, never by line number, so that edits elsewhere in a
 * file do not resurface old findings.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from './types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Path relative to the repository root, `/` separators. */
  readonly file: string;
  /** The enclosing top-level block address, `''` at file level. */
  readonly block: string;
  readonly rule: string;
  readonly count: number;
}

export interface Baseline {
  readonly version: number;
  readonly entries: BaselineEntry[];
}

export function baselineKey(file: string, block: string, rule: string): string {
  return `${file}\0${block}\0${rule}`;
}

export class BaselineError extends Error {}

export function readBaseline(path: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BaselineError(`${path}: cannot read the baseline (${(error as Error).message})`);
  }
  const b = data as Partial<Baseline>;
  if (typeof b !== 'object' || b.version !== BASELINE_VERSION || !Array.isArray(b.entries)) {
    throw new BaselineError(`${path}: not an infralint baseline (expected {"version": ${BASELINE_VERSION}, "entries": [...]})`);
  }
  return b as Baseline;
}

/** Counts findings by baseline key. */
export function countFindings(findings: readonly { relPath: string; finding: Finding }[]): Map<string, BaselineEntry> {
  const counts = new Map<string, BaselineEntry>();
  for (const { relPath, finding } of findings) {
    const key = baselineKey(relPath, finding.blockAddress, finding.ruleId);
    const prev = counts.get(key);
    counts.set(key, { file: relPath, block: finding.blockAddress, rule: finding.ruleId, count: (prev?.count ?? 0) + 1 });
  }
  return counts;
}

/** The baseline that records exactly `counts`, sorted for stable diffs. */
export function makeBaseline(counts: Iterable<BaselineEntry>): Baseline {
  const entries = [...counts].sort((a, b) => a.file.localeCompare(b.file) || a.block.localeCompare(b.block) || a.rule.localeCompare(b.rule));
  return { version: BASELINE_VERSION, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) => '    ' + JSON.stringify(e));
  return `{\n  "version": ${baseline.version},\n  "entries": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

/**
 * Which findings the baseline hides: for each key, the first `count` findings
 * in file order are known; any beyond the count are new.
 */
export function filterByBaseline<T extends { relPath: string; finding: Finding }>(items: readonly T[], baseline: Baseline): T[] {
  const allowance = new Map<string, number>();
  for (const e of baseline.entries) allowance.set(baselineKey(e.file, e.block, e.rule), e.count);
  const out: T[] = [];
  for (const item of items) {
    const key = baselineKey(item.relPath, item.finding.blockAddress, item.finding.ruleId);
    const left = allowance.get(key) ?? 0;
    if (left > 0) allowance.set(key, left - 1);
    else out.push(item);
  }
  return out;
}

/** Drops entries that no longer match (and lowers counts to what is found now). */
export function pruneBaseline(baseline: Baseline, current: ReadonlyMap<string, BaselineEntry>): Baseline {
  const entries: BaselineEntry[] = [];
  for (const e of baseline.entries) {
    const now = current.get(baselineKey(e.file, e.block, e.rule));
    if (now) entries.push({ ...e, count: Math.min(e.count, now.count) });
  }
  return makeBaseline(entries);
}
