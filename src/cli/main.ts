/**
 * The CLI: arguments → config → engine → reporter or UI → exit code.
 * Nothing heavy is imported at start-up: the reporters, the ink UI, ajv and
 * hcl2json load only when the run needs them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { packageRoot } from '../engine/package-root.js';
import { ruleRegistry } from '../../rules/index.js';
import { BaselineError, countFindings, makeBaseline, pruneBaseline, readBaseline, serializeBaseline, type Baseline } from '../engine/baseline.js';
import { CONFIG_FILE, ConfigError, findConfigFile, loadConfig, starterConfig, type Config } from '../engine/config.js';
import { configSearchStart, lint, UsageError, type LintOptions } from '../engine/runner.js';
import type { Finding, RunResult } from '../engine/types.js';
import type { FormatName, ReportOptions } from '../report/index.js';
import { findRepoRoot, toPosixRelative } from '../project/discover.js';
import { ArgsError, HELP, parseCliArgs, type CliArgs } from './args.js';


export function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Output streams, injectable for tests. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
}

const MACHINE_FORMATS = new Set(['json', 'sarif', 'checkstyle', 'junit', 'github', 'rdjson', 'markdown', 'compact']);

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof ArgsError) {
      io.stderr.write(`infralint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof BaselineError || error instanceof ArgsError) {
      // V8's JSON.parse message quotes the start of the text, which may be a secret of a broken config
      io.stderr.write(`infralint: ${error.message.replace(/^(.*Unexpected token '.'), ".*" is not valid JSON$/s, '$1')}\n`);
      return 2;
    }
    io.stderr.write(`infralint: internal error: ${(error as Error).message}\n`);
    if (args.debug && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return 2;
  }
}

async function run(args: CliArgs, io: Io): Promise<number> {
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`infralint ${version()}\n`);
    return 0;
  }
  switch (args.command) {
    case 'json':
      return jsonCommand(args, io);
    case 'rules':
      return rulesCommand(io);
    case 'init':
      return initCommand(args, io);
    case 'install-hook': {
      const { installHook } = await import('./git.js');
      return installHook(io, args.force);
    }
    case 'lint':
      break;
  }
  if (args.explain !== undefined) return explainCommand(args.explain, io);
  const start = configSearchStart(io.cwd, args.paths);
  const configFile = args.config !== undefined ? resolve(io.cwd, args.config) : findConfigFile(start);
  const root = findRepoRoot(configFile !== undefined && args.config === undefined ? configFile : start);
  const config = await loadConfig(configFile, ruleRegistry, root);
  if (args.printConfig !== undefined) {
    const rel = toPosixRelative(config.baseDir, resolve(io.cwd, args.printConfig));
    const { describeSharedVariables } = await import('../project/shared-values.js');
    const described = { ...config.describe(rel), sharedVariables: describeSharedVariables(root, config) };
    io.stdout.write(JSON.stringify(described, null, 2) + '\n');
    return 0;
  }
  for (const id of args.only) {
    if (!ruleRegistry.has(id)) throw new UsageError(`--only: unknown rule "${id}" (see \`infralint rules\`)`);
  }
  return lintCommand(args, io, root, config);
}

async function lintCommand(args: CliArgs, io: Io, root: string, config: Config): Promise<number> {
  let baseline: Baseline | undefined;
  const baselinePath = args.baseline !== undefined ? resolve(io.cwd, args.baseline) : undefined;
  if ((args.updateBaseline || args.pruneBaseline) && baselinePath === undefined) throw new UsageError('--update-baseline and --prune-baseline need --baseline FILE');
  if (baselinePath !== undefined && !args.updateBaseline && existsSync(baselinePath)) baseline = readBaseline(baselinePath);
  if (baselinePath !== undefined && !args.updateBaseline && !args.pruneBaseline && !existsSync(baselinePath)) throw new UsageError(`baseline file not found: ${args.baseline ?? ''} (create it with --update-baseline)`);

  const fixKind = args.fix || args.diff || args.fixDryRun ? (args.unsafeFixes ? 'unsafe' : 'safe') : undefined;
  const options: LintOptions = {
    cwd: io.cwd,
    root,
    paths: args.paths,
    rules: ruleRegistry,
    config,
    ...(fixKind ? { fix: fixKind } : {}),
    noWrite: args.diff || args.fixDryRun,
    attachEdits: args.fixDryRun,
    ...(args.only.length ? { only: args.only } : {}),
    noInlineIgnores: args.noInlineIgnores,
    showSuppressed: args.showSuppressed,
    ...(baseline && !args.pruneBaseline ? { baseline } : {}),
    ...(args.cache && !args.staged ? { cache: { path: resolve(io.cwd, args.cacheLocation ?? join(root, '.infralintcache')), key: cacheKey(args, root, config) } } : {}),
  };
  const gitOptions = args.staged || args.changedSince !== undefined ? (await import('./git.js')).gitLintOptions(args, root) : {};
  const lintOptions: LintOptions = { ...options, ...gitOptions };

  const format = args.format ?? 'stylish';
  if (!MACHINE_FORMATS.has(format) && format !== 'stylish') throw new UsageError(`unknown format "${format}" (stylish, compact, json, sarif, checkstyle, junit, github, rdjson, markdown)`);
  if (args.watch) {
    if (args.fix || args.staged || args.updateBaseline || args.pruneBaseline) throw new UsageError('--watch cannot be combined with --fix, --staged or baseline updates');
    const { watchAndLint } = await import('./watch.js');
    await watchAndLint({
      root,
      runOnce: async () => {
        await report(args, io, await lint(lintOptions), format);
      },
      write: (text) => io.stdout.write(text),
    });
    return 0;
  }
  const interactive = args.format === undefined && io.stdout.isTTY === true && args.output === undefined && !args.diff;
  let result: RunResult;
  if (interactive) {
    const ui = await import('./ui/index.js');
    result = await ui.runInteractive((onProgress) => lint({ ...lintOptions, onProgress }), {
      cwd: io.cwd,
      fixRequested: args.fix,
      sourceOf: (p) => sourceOf(p),
      rules: ruleInfo(),
      stackOf: (p) => stackOf(root, p),
      color: args.color ?? true,
    });
  } else {
    result = await lint(lintOptions);
  }

  if (baselinePath !== undefined && (args.updateBaseline || args.pruneBaseline)) {
    const counts = countFindings(result.results.flatMap((r) => r.findings.filter((f) => !f.suppressedBy).map((finding) => ({ relPath: toPosixRelative(root, r.path), finding }))));
    const next = args.pruneBaseline && baseline ? pruneBaseline(baseline, counts) : makeBaseline(counts.values());
    writeFileSync(baselinePath, serializeBaseline(next));
    io.stderr.write(`infralint: wrote ${next.entries.length} baseline entries to ${relative(io.cwd, baselinePath) || baselinePath}\n`);
    return result.errors.length > 0 ? 2 : 0;
  }

  if (!interactive) await report(args, io, result, format);
  return exitCode(args, result);
}

/** Prints (or writes with -o) the report of a run in the requested format, or the --diff. */
async function report(args: CliArgs, io: Io, result: RunResult, format: string): Promise<void> {
  for (const e of result.errors) io.stderr.write(`infralint: ${relative(io.cwd, e.path) || e.path}: ${e.message}\n`);
  let text: string;
  if (args.diff) {
    const { unifiedDiff } = await import('../report/diff.js');
    const { maskSecretsInText } = await import('../engine/mask.js');
    text = result.results
      .filter((r) => r.fixedText !== undefined && r.originalText !== undefined)
      .map((r) => maskSecretsInText(unifiedDiff(toPosixRelative(io.cwd, r.path), r.originalText!, r.fixedText!)))
      .join('');
  } else {
    const formatResult = await loadFormatter(format as FormatName);
    text = formatResult(result, {
      cwd: io.cwd,
      color: args.output === undefined && (args.color ?? (io.stdout.isTTY === true && !process.env.NO_COLOR)),
      quiet: args.quiet,
      showSuppressed: args.showSuppressed,
      toolVersion: version(),
      rules: ruleInfo(),
      sourceOf: (p) => sourceOf(p),
      fixRequested: args.fix || args.fixDryRun,
    });
  }
  if (args.output !== undefined) writeFileSync(resolve(io.cwd, args.output), text);
  else io.stdout.write(text);
  if (args.stats) io.stderr.write(formatStats(result));
}

type Formatter = (result: RunResult, options: ReportOptions) => string;

/**
 * Each format's reporter, loaded alone: `report/index.js` imports all nine
 * (~25 ms of start-up measured, against ~3 ms for one). Same functions as
 * `formatResult` dispatches to (test/cli/formatters.test.ts checks).
 */
export async function loadFormatter(format: FormatName): Promise<Formatter> {
  switch (format) {
    case 'stylish':
      return (await import('../report/stylish.js')).formatStylish;
    case 'compact':
      return (await import('../report/compact.js')).formatCompact;
    case 'json':
      return (await import('../report/json.js')).formatJson;
    case 'sarif':
      return (await import('../report/sarif.js')).formatSarif;
    case 'checkstyle':
      return (await import('../report/checkstyle.js')).formatCheckstyle;
    case 'junit':
      return (await import('../report/junit.js')).formatJunit;
    case 'github':
      return (await import('../report/github.js')).formatGithub;
    case 'rdjson':
      return (await import('../report/rdjson.js')).formatRdjson;
    case 'markdown':
      return (await import('../report/markdown.js')).formatMarkdown;
  }
}

/** Everything besides file contents that changes findings: version, config, rules, options. */
/** A hash, so that the cache file never holds the config's values (a shared variable may be a URL with a password). */
function cacheKey(args: CliArgs, root: string, config: Config): string {
  const key = JSON.stringify({
    version: version(),
    root,
    config: config.file ?? null,
    input: config.input,
    only: args.only,
    showSuppressed: args.showSuppressed,
    noInlineIgnores: args.noInlineIgnores,
  });
  return createHash('sha256').update(key).digest('hex');
}

function sourceOf(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function stackOf(root: string, path: string): string | undefined {
  const rel = toPosixRelative(root, path).split('/');
  if (rel[0] === 'stacks' && rel.length > 2) return `stacks/${rel[1]!}`;
  if (rel[0] === 'modules' && rel.length > 2) return rel.slice(0, -1).join('/');
  return undefined;
}

function ruleInfo(): Map<string, { description: string; severity: string; fix?: 'safe' | 'unsafe' }> {
  return new Map([...ruleRegistry].map(([id, r]) => [id, { description: r.meta.description, severity: r.meta.severity, ...(r.meta.fix ? { fix: r.meta.fix } : {}) }]));
}

function formatStats(result: RunResult): string {
  const lines = ['Rule                       Findings   Time (ms)'];
  for (const s of result.ruleStats) lines.push(`${s.ruleId.padEnd(26)} ${String(s.findings).padStart(8)}   ${s.ms.toFixed(2).padStart(9)}`);
  lines.push(`Total: ${result.summary.files} files in ${result.summary.durationMs} ms`);
  return lines.join('\n') + '\n';
}

export function exitCode(args: Pick<CliArgs, 'failOn' | 'maxWarnings' | 'exitNonZeroOnFix'>, result: RunResult): number {
  if (result.errors.length > 0) return 2;
  const s = result.summary;
  if (s.errors > 0) return 1;
  if (args.failOn === 'warn' && s.warnings > 0) return 1;
  if (args.maxWarnings !== undefined && s.warnings > args.maxWarnings) return 1;
  if (args.exitNonZeroOnFix && s.fixed > 0) return 1;
  return 0;
}

async function jsonCommand(args: CliArgs, io: Io): Promise<number> {
  if (args.paths.length === 0) throw new UsageError('infralint json needs at least one file');
  const { parse, toJson, JsonViewError } = await import('../hcl/index.js');
  const out: Record<string, unknown> = {};
  let failed = false;
  for (const p of args.paths) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, p), 'utf8');
    } catch (error) {
      io.stderr.write(`infralint: ${p}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
      failed = true;
      continue;
    }
    const file = parse(text, p);
    if (file.diagnostics.length > 0) {
      for (const d of file.diagnostics) io.stderr.write(`${p}:${d.line}:${d.column}: error: ${d.summary}: ${d.detail}\n`);
      failed = true;
      continue;
    }
    try {
      out[p] = toJson(file);
    } catch (error) {
      if (!(error instanceof JsonViewError)) throw error;
      // hcl2json rejects it too (e.g. an attribute set twice): the user's error, like a syntax error
      io.stderr.write(`${error.message.replace(/^(.*?:\d+:\d+: )/, '$1error: ')}\n`);
      failed = true;
    }
  }
  io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return failed ? 2 : 0;
}

function rulesCommand(io: Io): number {
  const rows = [...ruleRegistry.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const width = Math.max(...rows.map((r) => r.meta.id.length));
  for (const r of rows) {
    io.stdout.write(`${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(5)}  ${(r.meta.fix ?? '-').padEnd(6)}  ${r.meta.description}\n`);
  }
  return 0;
}

function initCommand(args: CliArgs, io: Io): number {
  const target = join(io.cwd, CONFIG_FILE);
  if (existsSync(target) && !args.force) {
    io.stderr.write(`infralint: ${CONFIG_FILE} already exists (use --force to overwrite)\n`);
    return 2;
  }
  writeFileSync(target, starterConfig(ruleRegistry));
  io.stdout.write(`wrote ${CONFIG_FILE}\n`);
  return 0;
}

function explainCommand(id: string, io: Io): number {
  const rule = ruleRegistry.get(id);
  if (!rule) {
    io.stderr.write(`infralint: unknown rule "${id}" (see \`infralint rules\`)\n`);
    return 2;
  }
  const doc = join(packageRoot(), 'rules', `${id}.md`);
  if (existsSync(doc)) {
    io.stdout.write(readFileSync(doc, 'utf8'));
    return 0;
  }
  const m = rule.meta;
  io.stdout.write(`# ${m.id}\n\n${m.description}\n\nSeverity: ${m.severity}. Fix: ${m.fix ?? 'none'}.\n\n## Why (AGENTS.md: ${m.section})\n\n${m.rationale}\n\n## How to fix\n\n${m.suggestion}\n`);
  return 0;
}

export type { Finding };
