/**
 * The rule runner: discovers files, builds the repo index, runs every enabled
 * rule on every target file, applies suppressions and the baseline, and, when
 * asked, applies fixes in passes until nothing more can be fixed.
 *
 * The repo index is built from outlines once per pass (repo-index.ts); a file
 * is parsed when it is linted or when a rule looks into it, once, through the
 * run's FileStore, which holds a bounded number of parse trees. Without
 * --fix, each file's findings are turned into reported findings as soon as the
 * file is linted, so its parse tree can go: memory does not grow with the
 * size of the repository.
 */
import { resolve } from 'node:path';
import { LineIndex, parse, type File as HclFile } from '../hcl/index.js';
import { discoverRepoFiles, selectTargets, toPosixRelative } from '../project/discover.js';
import type { RepoIndex } from '../project/index-types.js';
import { buildRepoIndex, diskSource, FileStore, makeSourceFile, type FileSource, type RepoIndexImpl } from '../project/repo-index.js';
import { filterByBaseline, type Baseline } from './baseline.js';
import { hashBytes, readCache, repoFacts, writeCache, type CacheData, type CacheEntry } from './cache.js';
import type { Config, RuleSetting } from './config.js';
import { applyEdits, detectEol, removeStaleLeftovers, selectFixes, WriteConflictError, WriteError, writeFilesAtomic, type PendingFix } from './fixer.js';
import { looksRandom, maskSecret, maskSecretsInText } from './mask.js';
import { findSuppressions, today, type Suppression } from './suppressions.js';
import type { FileResult, Finding, FixKind, Report, Rule, RunResult, Severity, SourceFile, TextEdit } from './types.js';

export const PARSE_ERROR_RULE = 'parse-error';
export const SUPPRESSIONS_RULE = 'suppressions';

/** At most this many fix passes (overlapping edits are deferred to the next pass). */
export const MAX_FIX_PASSES = 10;

export interface Progress {
  readonly phase: 'discover' | 'parse' | 'lint' | 'fix';
  readonly done: number;
  readonly total: number;
  readonly file?: string;
}

export interface LintOptions {
  readonly cwd: string;
  readonly root: string;
  /** Paths to lint (files or folders), relative to cwd. Ignored when `targets` is given. */
  readonly paths: readonly string[];
  /** An explicit list of absolute target files (--staged). */
  readonly targets?: readonly string[];
  /** Chooses the targets once the repository is indexed (--changed-since: the stacks a change touches). */
  readonly selectTargets?: (index: RepoIndex) => string[];
  /** Keeps only the findings it accepts (--new-only: findings on changed lines). */
  readonly findingFilter?: (finding: Finding) => boolean;
  readonly rules: ReadonlyMap<string, Rule>;
  readonly config: Config;
  /** Apply fixes of this kind ('unsafe' includes safe ones). */
  readonly fix?: FixKind;
  /** With `fix`: compute the fixed text but write nothing (for --diff). */
  readonly noWrite?: boolean;
  /** Attach each finding's edits (for --fix-dry-run); applies nothing. */
  readonly attachEdits?: boolean;
  readonly only?: readonly string[];
  readonly noInlineIgnores?: boolean;
  readonly showSuppressed?: boolean;
  readonly baseline?: Baseline;
  /** Where file bytes come from (the git index for --staged). */
  readonly source?: FileSource;
  readonly staged?: boolean;
  /** Why a file may not be fixed (e.g. it has unstaged changes), or undefined when it may. */
  readonly fixBlockedReason?: (path: string) => string | undefined;
  /** Writes a fixed file; defaults to an atomic write that refuses if the file changed on disk. */
  readonly writeFile?: (path: string, text: string, original: SourceFile) => void;
  readonly onProgress?: (progress: Progress) => void;
  readonly now?: Date;
  /** `--cache`: the cache file and the run key (version, config, rules, options); ignored when fixing. */
  readonly cache?: { readonly path: string; readonly key: string };
  /** Called with each file the run reads and parses (tests check that a run parses only what it needs). */
  readonly onLoad?: (path: string) => void;
}

export class UsageError extends Error {}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

interface RawFinding {
  readonly file: SourceFile;
  readonly ruleId: string;
  readonly report: Report;
  readonly severity: Severity;
  readonly fixKind: FixKind | null;
}

interface PassResult {
  readonly findings: Map<string, RawFinding[]>;
  readonly suppressed: Map<RawFinding, Suppression>;
  /** Findings replayed from the cache, for files that were not re-linted. */
  readonly cached: Map<string, Finding[]>;
  /** Without --fix: each linted file's findings, reported as soon as it was linted (and not in `findings`). */
  readonly reported: Map<string, Finding[]>;
}

interface CacheState {
  readonly cached: CacheData | undefined;
  /** Content hash of every readable repository file (relative path → hash). */
  readonly hashes: Record<string, string>;
}

function lineIndexOf(cache: Map<string, LineIndex>, file: SourceFile): LineIndex {
  let idx = cache.get(file.path);
  if (!idx) cache.set(file.path, (idx = new LineIndex(file.text)));
  return idx;
}

/** The address of the top-level block that holds `offset` (`resource.kubernetes_deployment.web`), '' at file level. */
export function topLevelAddress(hcl: HclFile | undefined, offset: number): string {
  if (!hcl) return '';
  for (const item of hcl.body.items) {
    if (offset < item.start || offset >= item.end) continue;
    if (item.kind === 'Attribute') return item.name;
    return [item.type, ...item.labels.map((l) => l.value)].join('.');
  }
  return '';
}

function ruleAppliesTo(rule: Rule, file: SourceFile): boolean {
  return rule.meta.fileKinds.includes(file.kind);
}

/** HCL files are always linted (parse errors); other files when some enabled rule looks at their kind. */
function isLintable(file: SourceFile, rules: readonly Rule[]): boolean {
  if (file.kind === 'hcl' || (file.kind === 'binary' && /\.(tf|hcl|tfvars)$/.test(file.path))) return true;
  return rules.some((r) => r.meta.id !== SUPPRESSIONS_RULE && ruleAppliesTo(r, file));
}

/** Runs a lint (and optional fix) over a repository. */
export async function lint(options: LintOptions): Promise<RunResult> {
  const started = performance.now();
  const source = options.source ?? diskSource;
  const now = options.now ?? new Date();
  options.onProgress?.({ phase: 'discover', done: 0, total: 0 });
  const repoPaths = discoverRepoFiles({ root: options.root, ignorePatterns: options.config.ignorePatterns });
  let targets: string[];
  if (options.targets) {
    targets = [...options.targets].sort();
  } else {
    const selection = selectTargets(options.paths.length ? options.paths : ['.'], options.cwd, repoPaths);
    if (selection.missing.length > 0) throw new UsageError(`no such file or directory: ${selection.missing.join(', ')}`);
    targets = selection.files;
  }
  const allPaths = [...new Set([...repoPaths, ...targets])].sort();
  const errors: { path: string; message: string }[] = [];
  const ruleStats = new Map<string, { findings: number; ms: number }>();
  const enabled = [...options.rules.values()].filter((r) => !options.only || options.only.includes(r.meta.id));

  let cacheState: CacheState | undefined;
  let readFrom = source;
  if (options.cache && !options.fix) {
    const bytes = new Map<string, Uint8Array | undefined>();
    const hashes: Record<string, string> = {};
    for (const p of allPaths) {
      if (p === options.cache.path) continue;
      const b = source.read(p);
      bytes.set(p, b);
      if (b) hashes[toPosixRelative(options.root, p)] = hashBytes(b);
    }
    readFrom = { read: (p) => (bytes.has(p) ? bytes.get(p) : source.read(p)) };
    cacheState = { cached: readCache(options.cache.path, options.cache.key), hashes };
    const replayed = options.selectTargets ? undefined : replayCache(cacheState, targets, options.root);
    if (replayed) return finish(options, replayed, [], new Map(), started);
  }

  const overlay = new Map<string, SourceFile>();
  const store = new FileStore(options.root, readFrom, options.onLoad ? { onLoad: options.onLoad } : {});
  let index = buildRepoIndex({ root: options.root, paths: allPaths, source: readFrom, store });
  if (options.selectTargets) targets = options.selectTargets(index).sort();
  const reuse = cacheState ? reusableFindings(cacheState, index, targets, options.root) : new Map<string, Finding[]>();
  const originals = new Map<string, SourceFile>();
  if (options.fix) {
    for (const t of targets) {
      const f = index.getFile(t);
      if (f) originals.set(t, f);
    }
  }
  const reportAtOnce = !options.fix;

  const runPass = (progress: boolean): PassResult => {
    const findings = new Map<string, RawFinding[]>();
    const suppressed = new Map<RawFinding, Suppression>();
    const cached = new Map<string, Finding[]>();
    const reported = new Map<string, Finding[]>();
    let done = 0;
    for (const path of targets) {
      if (progress) options.onProgress?.({ phase: 'lint', done: ++done, total: targets.length, file: path });
      const replay = reuse.get(path);
      if (replay) {
        cached.set(path, replay);
        continue;
      }
      const file = index.getFile(path);
      if (!file) {
        findings.set(path, []);
        if (!errors.some((e) => e.path === path)) errors.push({ path, message: 'cannot read the file (it was deleted or is not readable)' });
        continue;
      }
      if (!isLintable(file, enabled)) continue;
      store.pin(path);
      try {
        const raw = lintFile(file, index, enabled, options, ruleStats, errors);
        const suppressions = options.noInlineIgnores ? [] : findSuppressions(file);
        const settings = options.config.forFile(toPosixRelative(options.config.baseDir, file.path));
        const fileSuppressed = reportAtOnce ? new Map<RawFinding, Suppression>() : suppressed;
        const kept = applySuppressions(raw, suppressions, settings, fileSuppressed, now);
        const suppressionReports = reportSuppressions(file, suppressions, options.rules, settings, now);
        const all = [...kept, ...suppressionReports];
        if (reportAtOnce) reported.set(path, toFindings(all, fileSuppressed, options, new Map()));
        else findings.set(path, all);
      } finally {
        store.unpin(path);
      }
    }
    return { findings, suppressed, cached, reported };
  };

  let pass = runPass(true);
  const applied = new Map<string, { ruleId: string; message: string }[]>();
  const links = new Map<string, string>();
  const failedFixes = new Set<string>();
  const notFixed = new Map<string, string>();

  if (options.fix && !options.attachEdits) {
    for (let n = 0; n < MAX_FIX_PASSES; n++) {
      const candidates: { finding: RawFinding; fix: PendingFix }[] = [];
      for (const list of pass.findings.values()) {
        for (const f of list) {
          const fix = f.report.fix;
          if (!fix || f.fixKind === null || pass.suppressed.has(f)) continue;
          if (f.fixKind === 'unsafe' && options.fix !== 'unsafe') continue;
          const key = fixKey(f);
          if (failedFixes.has(key)) continue;
          const blocked = fixBlocked(f.file, options, fix.edits);
          if (blocked) {
            notFixed.set(key, blocked);
            continue;
          }
          candidates.push({ finding: f, fix: { path: f.file.path, edits: fix.edits } });
        }
      }
      if (candidates.length === 0) break;
      const { chosen, edits } = selectFixes(candidates.map((c) => c.fix));
      options.onProgress?.({ phase: 'fix', done: 0, total: edits.size });
      const changed = new Map<string, SourceFile>();
      for (const [path, fileEdits] of edits) {
        const current = index.getFile(path);
        if (!current) continue;
        const eol = current.hcl?.eol ?? detectEol(current.text);
        const text = applyEdits(current.text, fileEdits, eol);
        const next = makeSourceFile(options.root, path, Buffer.from(text, 'utf8'));
        if (next.hcl && next.hcl.diagnostics.length > 0 && current.hcl?.diagnostics.length === 0) {
          for (const i of chosen) {
            const c = candidates[i]!;
            if (c.fix.edits.some((e) => (e.path ?? c.fix.path) === path)) {
              failedFixes.add(fixKey(c.finding));
              notFixed.set(fixKey(c.finding), 'the fixed file would not parse; fix it by hand');
            }
          }
          continue;
        }
        changed.set(path, next);
      }
      if (changed.size === 0 && chosen.every((i) => failedFixes.has(fixKey(candidates[i]!.finding)))) break;
      for (const i of chosen) {
        const c = candidates[i]!;
        if (failedFixes.has(fixKey(c.finding))) continue;
        const list = applied.get(c.finding.file.path) ?? [];
        list.push({ ruleId: c.finding.ruleId, message: c.finding.report.message });
        applied.set(c.finding.file.path, list);
        linkFiles(links, [c.finding.file.path, ...c.fix.edits.map((e) => e.path ?? c.fix.path)]);
      }
      for (const [p, f] of changed) overlay.set(p, f);
      index = buildRepoIndex({ root: options.root, paths: allPaths, source, preloaded: overlay, store });
      pass = runPass(false);
    }
    if (!options.noWrite && overlay.size > 0) {
      removeStaleLeftovers(options.root);
      writeFixed(overlay, originals, index, options, errors, applied, links);
    }
  }

  const results = buildResults(targets, pass, options, applied, overlay, originals, notFixed);
  await crossCheckParseErrors(results, options.root, errors);
  if (cacheState && options.cache && errors.length === 0) saveCache(options.cache, cacheState, index, targets, results, options.root);
  return finish(options, results, errors, ruleStats, started);
}

/** --new-only, the baseline, and the summary. */
function finish(
  options: LintOptions,
  results: FileResult[],
  errors: { path: string; message: string }[],
  ruleStats: Map<string, { findings: number; ms: number }>,
  started: number,
): RunResult {
  let out = results;
  const keep = options.findingFilter;
  if (keep) out = out.map((r) => ({ ...r, findings: r.findings.filter(keep) }));
  if (options.baseline) out = applyBaseline(out, options.baseline, options.root);
  return summarize(options, out, errors, ruleStats, started);
}

/** Every file's findings from the cache when no repository file changed; undefined otherwise. */
function replayCache(state: CacheState, targets: readonly string[], root: string): FileResult[] | undefined {
  const cached = state.cached;
  if (!cached) return undefined;
  const before = Object.keys(cached.files);
  if (before.length !== Object.keys(state.hashes).length || before.some((p) => cached.files[p] !== state.hashes[p])) return undefined;
  const results: FileResult[] = [];
  for (const path of targets) {
    const entry = cached.results[toPosixRelative(root, path)];
    if (!entry) return undefined;
    if (entry.findings) results.push({ path, findings: entry.findings, fixed: false, applied: [] });
  }
  return results;
}

function nonTerraformHashes(state: CacheState): string[] {
  return Object.entries(state.hashes)
    .filter(([p]) => !p.endsWith('.tf'))
    .map(([p, h]) => `${p}:${h}`)
    .sort();
}

/** Findings of unchanged files whose repo facts did not change either. */
function reusableFindings(state: CacheState, index: RepoIndexImpl, targets: readonly string[], root: string): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const cached = state.cached;
  if (!cached || cached.facts !== repoFacts(index, nonTerraformHashes(state))) return out;
  for (const path of targets) {
    const rel = toPosixRelative(root, path);
    const entry = cached.results[rel];
    if (entry?.findings && entry.hash === state.hashes[rel]) out.set(path, entry.findings);
  }
  return out;
}

function saveCache(cache: { path: string; key: string }, state: CacheState, index: RepoIndexImpl, targets: readonly string[], results: FileResult[], root: string): void {
  const facts = repoFacts(index, nonTerraformHashes(state));
  const entries: Record<string, CacheEntry> = {};
  if (state.cached?.facts === facts) {
    for (const [rel, entry] of Object.entries(state.cached.results)) if (state.hashes[rel] === entry.hash) entries[rel] = entry;
  }
  for (const t of targets) {
    const rel = toPosixRelative(root, t);
    const hash = state.hashes[rel];
    if (hash !== undefined) entries[rel] = { hash, findings: null };
  }
  for (const r of results) {
    const rel = toPosixRelative(root, r.path);
    const hash = state.hashes[rel];
    if (hash !== undefined) entries[rel] = { hash, findings: r.findings };
  }
  writeCache(cache.path, { key: cache.key, files: state.hashes, facts, results: entries });
}

function fixKey(f: RawFinding): string {
  return `${f.file.path}\0${f.ruleId}\0${f.report.message}`;
}

function fixBlocked(file: SourceFile, options: LintOptions, edits: readonly TextEdit[]): string | undefined {
  const paths = new Set(edits.map((e) => e.path ?? file.path));
  for (const p of paths) {
    const reason = options.fixBlockedReason?.(p);
    if (reason) return reason;
  }
  if (file.invalidUtf8At !== undefined) return 'the file is not valid UTF-8; infralint never rewrites it';
  return undefined;
}

/** Joins the files one fix edits into one group (union-find over `links`, child → parent). */
function linkFiles(links: Map<string, string>, paths: readonly string[]): void {
  const [first, ...rest] = paths.map((p) => groupOf(links, p));
  for (const p of rest) if (p !== first && first !== undefined) links.set(p, first);
}

function groupOf(links: ReadonlyMap<string, string>, path: string): string {
  let p = path;
  for (let up = links.get(p); up !== undefined; up = links.get(p)) p = up;
  return p;
}

/**
 * Writes the fixed files. Files that one fix spans (a reference and the
 * declaration it needs) are written as one group (writeFilesAtomic): when one
 * of them changed on disk, none is written, so a fix is never half applied.
 */
function writeFixed(
  overlay: Map<string, SourceFile>,
  originals: Map<string, SourceFile>,
  index: RepoIndexImpl,
  options: LintOptions,
  errors: { path: string; message: string }[],
  applied: Map<string, { ruleId: string; message: string }[]>,
  links: ReadonlyMap<string, string>,
): void {
  const groups = new Map<string, { path: string; text: string; original: SourceFile }[]>();
  for (const [path, file] of overlay) {
    const original = originals.get(path) ?? index.getFile(path);
    if (!original) continue;
    const group = groupOf(links, path);
    groups.set(group, [...(groups.get(group) ?? []), { path, text: file.text, original }]);
  }
  for (const group of groups.values()) {
    const failed = (path: string, message: string): void => {
      applied.delete(path);
      overlay.delete(path);
      errors.push({ path, message });
    };
    if (options.writeFile) {
      for (const w of group) {
        try {
          options.writeFile(w.path, w.text, w.original);
        } catch (error) {
          failed(w.path, error instanceof WriteConflictError ? error.message : `could not write the fixed file: ${(error as Error).message}`);
        }
      }
      continue;
    }
    try {
      writeFilesAtomic(group.map((w) => ({ path: w.path, text: w.text, expected: w.original.text })));
    } catch (error) {
      const culprit = error instanceof WriteConflictError || error instanceof WriteError ? error.path : undefined;
      const written = error instanceof WriteError ? error.written : [];
      for (const w of group) {
        if (written.includes(w.path)) continue;
        if (culprit !== undefined && w.path !== culprit) failed(w.path, `not written: its fix also changes ${toPosixRelative(options.root, culprit)}, which could not be written`);
        else failed(w.path, error instanceof WriteConflictError ? error.message : `could not write the fixed file: ${(error as Error).message}`);
      }
    }
  }
}

function lintFile(
  file: SourceFile,
  index: RepoIndexImpl,
  rules: readonly Rule[],
  options: LintOptions,
  stats: Map<string, { findings: number; ms: number }>,
  errors: { path: string; message: string }[],
): RawFinding[] {
  const out: RawFinding[] = [];
  const settings = options.config.forFile(toPosixRelative(options.config.baseDir, file.path));
  const parseSetting = settings.get(PARSE_ERROR_RULE);
  const parseSeverity = parseSetting && parseSetting.severity !== 'off' ? parseSetting.severity : 'error';
  if (file.kind === 'binary') {
    if (!file.encrypted && /\.(tf|hcl|tfvars)$/.test(file.path)) {
      out.push({ file, ruleId: PARSE_ERROR_RULE, report: { range: { start: 0, end: 0 }, message: 'binary content in an HCL file; it cannot be linted' }, severity: parseSeverity, fixKind: null });
    }
  } else if (file.invalidUtf8At !== undefined && file.kind === 'hcl') {
    const at = Buffer.from(file.text, 'utf8').subarray(0, file.invalidUtf8At).toString('utf8').length;
    out.push({ file, ruleId: PARSE_ERROR_RULE, report: { range: { start: at, end: at }, message: `invalid UTF-8 at byte ${file.invalidUtf8At}; the file is linted as decoded but never fixed` }, severity: parseSeverity, fixKind: null });
  }
  if (file.hcl && file.hcl.diagnostics.length > 0) {
    for (const d of file.hcl.diagnostics.slice(0, 5)) {
      out.push({ file, ruleId: PARSE_ERROR_RULE, report: { range: d, message: maskFoundTokens(`${d.summary}: ${d.detail}`) }, severity: parseSeverity, fixKind: null });
    }
    return out;
  }
  for (const rule of rules) {
    if (rule.meta.id === PARSE_ERROR_RULE || rule.meta.id === SUPPRESSIONS_RULE) continue;
    if (!ruleAppliesTo(rule, file)) continue;
    const setting = settings.get(rule.meta.id);
    if (!setting || setting.severity === 'off') continue;
    const t0 = performance.now();
    const loadMs0 = index.store.loadMs;
    const configured = setting.severity;
    try {
      rule.check({
        file,
        index,
        options: setting.options,
        staged: options.staged ?? false,
        sharedVariables: options.config.sharedVariables,
        report(report) {
          const severity = report.severity && SEVERITY_RANK[report.severity] < SEVERITY_RANK[configured] ? report.severity : configured;
          const fixKind = report.fix ? (report.fix.kind ?? rule.meta.fix ?? 'safe') : null;
          out.push({ file, ruleId: rule.meta.id, report, severity, fixKind });
        },
      });
    } catch (error) {
      errors.push({ path: file.path, message: `internal error in rule ${rule.meta.id}: ${(error as Error).message}` });
    }
    const stat = stats.get(rule.meta.id) ?? { findings: 0, ms: 0 };
    stat.ms += performance.now() - t0 - (index.store.loadMs - loadMs0);
    stats.set(rule.meta.id, stat);
  }
  return out;
}

function isLive(s: Suppression, now: Date): boolean {
  return s.reason !== undefined && (s.expires === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(s.expires) || s.expires >= today(now));
}

function applySuppressions(
  raw: RawFinding[],
  suppressions: Suppression[],
  settings: ReadonlyMap<string, RuleSetting>,
  suppressed: Map<RawFinding, Suppression>,
  now: Date,
): RawFinding[] {
  if (suppressions.length === 0) return raw;
  const kept: RawFinding[] = [];
  for (const f of raw) {
    const s = suppressions.find(
      (x) => isLive(x, now) && x.ruleIds.includes(f.ruleId) && settings.get(f.ruleId)?.suppressible !== false && f.report.range.start >= x.covers.start && f.report.range.start < Math.max(x.covers.end, x.covers.start + 1),
    );
    if (s) {
      s.used.add(f.ruleId);
      suppressed.set(f, s);
    }
    kept.push(f);
  }
  return kept;
}

function reportSuppressions(
  file: SourceFile,
  suppressions: Suppression[],
  rules: ReadonlyMap<string, Rule>,
  settings: ReadonlyMap<string, RuleSetting>,
  now: Date,
): RawFinding[] {
  const setting = settings.get(SUPPRESSIONS_RULE);
  if (!setting || setting.severity === 'off') return [];
  const out: RawFinding[] = [];
  const add = (s: Suppression, message: string, fix?: Report['fix']): void => {
    out.push({ file, ruleId: SUPPRESSIONS_RULE, report: { range: s.comment, message, ...(fix ? { fix } : {}) }, severity: setting.severity as Severity, fixKind: fix ? 'safe' : null });
  };
  for (const s of suppressions) {
    if (s.ruleIds.length === 0) {
      add(s, 'infralint-ignore names no rule; write `# infralint-ignore <rule-id> -- <reason>`');
      continue;
    }
    const unknown = s.ruleIds.filter((id) => !rules.has(id));
    if (unknown.length > 0) add(s, `infralint-ignore names unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}; see \`infralint rules\``);
    if (s.reason === undefined) {
      add(s, 'infralint-ignore needs a reason after `--`; without one it suppresses nothing');
      continue;
    }
    if (s.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(s.expires)) {
      add(s, `infralint-ignore has an invalid expiry "${s.expires}"; write exp:YYYY-MM-DD`);
      continue;
    }
    if (s.expires !== undefined && s.expires < today(now)) {
      add(s, `infralint-ignore expired on ${s.expires}; fix the finding or extend the date`);
      continue;
    }
    const notSuppressible = s.ruleIds.filter((id) => settings.get(id)?.suppressible === false);
    if (notSuppressible.length > 0) add(s, `rule ${notSuppressible.join(', ')} cannot be suppressed inline here (suppressible: false in the config)`);
    const unused = s.ruleIds.filter((id) => rules.has(id) && !s.used.has(id) && settings.get(id)?.suppressible !== false);
    if (unused.length === 0) continue;
    const whole = unused.length === s.ruleIds.length && unknown.length === 0;
    add(s, `unused infralint-ignore for ${unused.join(', ')}: nothing is reported there; remove it`, whole ? { edits: [s.removal] } : undefined);
  }
  return out;
}

/**
 * A parse error quotes the token it found; a token that looks machine-made
 * may be a pasted secret, so it is masked (src/hcl knows nothing of secrets).
 */
function maskFoundTokens(message: string): string {
  return message.replace(/"([^"\s]{16,})"/g, (quoted: string, token: string) => (looksRandom(token) ? `"${maskSecret(token)}"` : quoted));
}

/**
 * `text` through the secret mask, except for a private key header without a
 * key after it (a message may name the kind of key it found; the mask would
 * take everything after the header for the key).
 */
function maskMessage(text: string): string {
  let masked = maskedTexts.get(text);
  if (masked === undefined) {
    if (maskedTexts.size >= 10_000) maskedTexts.clear();
    masked = !text.includes('-----BEGIN') || text.includes('-----END') ? maskSecretsInText(text) : maskSecretsInText(text.replaceAll('-----BEGIN', '\0BEGIN')).replaceAll('\0BEGIN', '-----BEGIN');
    maskedTexts.set(text, masked);
  }
  return masked;
}

/** maskMessage's results: suggestions (and some messages) repeat across findings, and each masking runs ~20 regexes. */
const maskedTexts = new Map<string, string>();

/**
 * The reported finding of a raw one. Its message and suggestion go through
 * the secret mask (rules must not quote secrets; this is the net under them),
 * and edits that would print a secret are not attached (--fix applies them).
 */
function toFinding(raw: RawFinding, lines: Map<string, LineIndex>, suppression: Suppression | undefined, attachEdits: boolean, notFixedReason: string | undefined): Finding {
  const idx = lineIndexOf(lines, raw.file);
  const start = Math.min(raw.report.range.start, raw.file.text.length);
  const end = Math.max(start, Math.min(raw.report.range.end, raw.file.text.length));
  const a = idx.position(start);
  const b = idx.position(end);
  const rule = raw.ruleId;
  const finding: Finding = {
    path: raw.file.path,
    ruleId: rule,
    severity: raw.severity,
    message: maskMessage(raw.report.message),
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
    start,
    end,
    fix: raw.fixKind,
    suggestion: raw.report.suggestion === undefined ? undefined : maskMessage(raw.report.suggestion),
    blockAddress: topLevelAddress(raw.file.hcl, start),
    ...(attachEdits && raw.report.fix && !raw.report.fix.edits.some((e) => maskMessage(e.text) !== e.text)
      ? { edits: raw.report.fix.edits.map((e) => ({ ...e, path: e.path ?? raw.file.path })) }
      : {}),
    ...(notFixedReason ? { notFixedReason } : {}),
    ...(suppression
      ? { suppressedBy: { reason: suppression.reason ?? '', line: idx.position(suppression.comment.start).line } }
      : {}),
  };
  return finding;
}

/**
 * Orders rule ids by code unit. For kebab-case ids this is the order
 * `localeCompare` gives, without loading ICU's collation data (~8 ms of a
 * run's start).
 */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The reported findings of one file's raw findings, in line/column order. */
function toFindings(
  raw: readonly RawFinding[],
  suppressed: ReadonlyMap<RawFinding, Suppression>,
  options: LintOptions,
  notFixed: ReadonlyMap<string, string>,
  lines = new Map<string, LineIndex>(),
): Finding[] {
  const findings: Finding[] = [];
  for (const r of raw) {
    const suppression = suppressed.get(r);
    if (suppression && !options.showSuppressed) continue;
    findings.push(toFinding(r, lines, suppression, options.attachEdits ?? false, notFixed.get(fixKey(r))));
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || compareIds(a.ruleId, b.ruleId));
  return findings;
}

function buildResults(
  targets: readonly string[],
  pass: PassResult,
  options: LintOptions,
  applied: Map<string, { ruleId: string; message: string }[]>,
  overlay: Map<string, SourceFile>,
  originals: Map<string, SourceFile>,
  notFixed: Map<string, string>,
): FileResult[] {
  const lines = new Map<string, LineIndex>();
  const results: FileResult[] = [];
  for (const path of targets) {
    const replayed = pass.cached.get(path) ?? pass.reported.get(path);
    if (replayed) {
      results.push({ path, findings: replayed, fixed: false, applied: [] });
      continue;
    }
    const raw = pass.findings.get(path);
    if (raw === undefined) continue;
    const findings = toFindings(raw, pass.suppressed, options, notFixed, lines);
    const fixedFile = overlay.get(path);
    const original = originals.get(path);
    results.push({
      path,
      findings,
      fixed: fixedFile !== undefined,
      applied: applied.get(path) ?? [],
      ...(fixedFile && original ? { originalText: original.text, fixedText: fixedFile.text } : {}),
    });
  }
  for (const [path, fixedFile] of overlay) {
    if (targets.includes(path)) continue;
    const original = originals.get(path);
    results.push({ path, findings: [], fixed: true, applied: applied.get(path) ?? [], ...(original ? { originalText: original.text } : {}), fixedText: fixedFile.text });
  }
  return results;
}

/**
 * A file our parser rejects but @cdktf/hcl2json accepts is our bug: the parse
 * error becomes an internal error naming the file. hcl2json is loaded only here.
 *
 * Files over the parser's nesting limit are rejected by design and never
 * sent: hcl2json (Go compiled to WASM) overflows its stack on them, and after
 * such an overflow its runtime may abort the whole process with a Go trace
 * and exit status 0. For the same reason the first stack overflow ends the
 * cross-check.
 */
async function crossCheckParseErrors(results: FileResult[], root: string, errors: { path: string; message: string }[]): Promise<void> {
  const suspects = results.filter((r) => r.findings.some((f) => f.ruleId === PARSE_ERROR_RULE && !f.message.startsWith('binary') && !f.message.startsWith('invalid UTF-8')));
  if (suspects.length === 0) return;
  let hcl2json: { parse(name: string, src: string): Promise<unknown> };
  try {
    hcl2json = await import('@cdktf/hcl2json');
  } catch {
    return;
  }
  for (const r of suspects) {
    const file = parseSourceFor(r.path);
    if (file === undefined) continue;
    try {
      await hcl2json.parse(r.path, file);
    } catch (error) {
      if (error instanceof RangeError) return;
      continue;
    }
    const first = r.findings.find((f) => f.ruleId === PARSE_ERROR_RULE)!;
    errors.push({
      path: r.path,
      message: `internal error: infralint's parser rejected ${toPosixRelative(root, r.path)} (${first.line}:${first.column}: ${first.message}) but hcl2json accepts it; this is an infralint bug, please report it`,
    });
    r.findings.splice(0, r.findings.length, ...r.findings.filter((f) => f.ruleId !== PARSE_ERROR_RULE));
  }
}

function parseSourceFor(path: string): string | undefined {
  const bytes = diskSource.read(path);
  if (!bytes) return undefined;
  const text = Buffer.from(bytes).toString('utf8');
  const diagnostics = parse(text, path).diagnostics;
  return diagnostics.length > 0 && !diagnostics.some((d) => d.summary === 'Nesting too deep') ? text : undefined;
}

function applyBaseline(results: FileResult[], baseline: Baseline, root: string): FileResult[] {
  return results.map((r) => {
    const relPath = toPosixRelative(root, r.path);
    const visible = r.findings.filter((f) => f.suppressedBy === undefined);
    const kept = new Set(filterByBaseline(visible.map((finding) => ({ relPath, finding })), baseline).map((x) => x.finding));
    return { ...r, findings: r.findings.filter((f) => f.suppressedBy !== undefined || kept.has(f)) };
  });
}

function summarize(
  options: LintOptions,
  results: FileResult[],
  errors: { path: string; message: string }[],
  ruleStats: Map<string, { findings: number; ms: number }>,
  started: number,
): RunResult {
  let errorsCount = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  let fixed = 0;
  for (const r of results) {
    fixed += r.applied.length;
    for (const f of r.findings) {
      if (f.suppressedBy) continue;
      if (f.severity === 'error') errorsCount++;
      else if (f.severity === 'warn') warnings++;
      else infos++;
      if (f.fix === 'safe' || (f.fix === 'unsafe' && options.fix === 'unsafe')) fixable++;
      const stat = ruleStats.get(f.ruleId) ?? { findings: 0, ms: 0 };
      stat.findings++;
      ruleStats.set(f.ruleId, stat);
    }
  }
  return {
    cwd: options.cwd,
    root: options.root,
    results,
    errors,
    summary: {
      errors: errorsCount,
      warnings,
      infos,
      fixable,
      fixed,
      files: results.length,
      durationMs: Math.round(performance.now() - started),
    },
    ruleStats: [...ruleStats].map(([ruleId, s]) => ({ ruleId, findings: s.findings, ms: Math.round(s.ms * 100) / 100 })).sort((a, b) => compareIds(a.ruleId, b.ruleId)),
  };
}

/** The folder a run's config is looked up from: the first linted path (or its folder), else cwd. */
export function configSearchStart(cwd: string, paths: readonly string[]): string {
  const first = paths[0];
  return first === undefined ? cwd : resolve(cwd, first);
}
