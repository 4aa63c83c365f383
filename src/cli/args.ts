/**
 * Command-line arguments. Unknown flags and bad values are usage errors (exit 2).
 */
import { parseArgs } from 'node:util';

export const COMMANDS = ['json', 'rules', 'init', 'install-hook'] as const;
export type Command = (typeof COMMANDS)[number] | 'lint';

export interface CliArgs {
  readonly command: Command;
  readonly paths: string[];
  readonly format: string | undefined;
  readonly output: string | undefined;
  readonly only: string[];
  readonly fix: boolean;
  readonly unsafeFixes: boolean;
  readonly fixDryRun: boolean;
  readonly diff: boolean;
  readonly exitNonZeroOnFix: boolean;
  readonly failOn: 'error' | 'warn';
  readonly maxWarnings: number | undefined;
  readonly stats: boolean;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  readonly explain: string | undefined;
  readonly printConfig: string | undefined;
  readonly config: string | undefined;
  readonly baseline: string | undefined;
  readonly updateBaseline: boolean;
  readonly pruneBaseline: boolean;
  readonly noInlineIgnores: boolean;
  readonly showSuppressed: boolean;
  readonly staged: boolean;
  readonly changedSince: string | undefined;
  readonly newOnly: boolean;
  readonly cache: boolean;
  readonly cacheLocation: string | undefined;
  readonly watch: boolean;
  readonly force: boolean;
  readonly debug: boolean;
  readonly version: boolean;
  readonly help: boolean;
}

export class ArgsError extends Error {}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  only: { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  diff: { type: 'boolean' },
  'exit-non-zero-on-fix': { type: 'boolean' },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  stats: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  explain: { type: 'string' },
  'print-config': { type: 'string' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean' },
  'prune-baseline': { type: 'boolean' },
  'no-inline-ignores': { type: 'boolean' },
  'show-suppressed': { type: 'boolean' },
  staged: { type: 'boolean' },
  'changed-since': { type: 'string' },
  'new-only': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  watch: { type: 'boolean' },
  force: { type: 'boolean' },
  debug: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ArgsError(((error as Error).message.split('\n')[0] ?? '').replace(/^Unknown option/, 'unknown option') + '\nRun `infralint --help` for the list of options.');
  }
  const v = parsed.values;
  const positionals = [...parsed.positionals];
  let command: Command = 'lint';
  if (positionals[0] !== undefined && (COMMANDS as readonly string[]).includes(positionals[0])) {
    command = positionals.shift() as Command;
  }
  const failOn = v['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warn') throw new ArgsError(`--fail-on must be "error" or "warn", not "${failOn}"`);
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    maxWarnings = Number(v['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new ArgsError(`--max-warnings must be a non-negative integer, not "${v['max-warnings']}"`);
  }
  if (v.staged && v['changed-since'] !== undefined) throw new ArgsError('--staged and --changed-since cannot be combined');
  if (v['unsafe-fixes'] && !v.fix && !v['fix-dry-run'] && !v.diff) throw new ArgsError('--unsafe-fixes needs --fix, --fix-dry-run or --diff');
  return {
    command,
    paths: positionals,
    format: v.format,
    output: v.output,
    only: v.only ?? [],
    fix: v.fix ?? false,
    unsafeFixes: v['unsafe-fixes'] ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    diff: v.diff ?? false,
    exitNonZeroOnFix: v['exit-non-zero-on-fix'] ?? false,
    failOn,
    maxWarnings,
    stats: v.stats ?? false,
    quiet: v.quiet ?? false,
    color: v['no-color'] ? false : v.color,
    explain: v.explain,
    printConfig: v['print-config'],
    config: v.config,
    baseline: v.baseline,
    updateBaseline: v['update-baseline'] ?? false,
    pruneBaseline: v['prune-baseline'] ?? false,
    noInlineIgnores: v['no-inline-ignores'] ?? false,
    showSuppressed: v['show-suppressed'] ?? false,
    staged: v.staged ?? false,
    changedSince: v['changed-since'],
    newOnly: v['new-only'] ?? false,
    cache: v.cache ?? false,
    cacheLocation: v['cache-location'],
    watch: v.watch ?? false,
    force: v.force ?? false,
    debug: v.debug ?? false,
    version: v.version ?? false,
    help: v.help ?? false,
  };
}

export const HELP = `Usage: infralint [options] [paths…]
       infralint json FILE…          print the hcl2json-compatible JSON of HCL files
       infralint rules               list the rules with severity and fix kind
       infralint init                write a starter .infralintrc.json
       infralint install-hook        install a git pre-commit hook (--force to replace)

Lints a Terragrunt/Terraform repository against the conventions of its AGENTS.md.
Paths default to the current directory. The whole repository is indexed; findings
are reported only for the paths given.

Output:
  -f, --format NAME        stylish (default), compact, json, sarif, checkstyle, junit,
                           github, rdjson, markdown
  -o, --output FILE        write the report to FILE
  -q, --quiet              report errors only
      --no-color           plain text
      --stats              findings and time per rule
      --show-suppressed    also list suppressed findings, with their reasons

Fixing:
      --fix                apply safe fixes
      --unsafe-fixes       with --fix: also apply fixes that change what gets applied
      --fix-dry-run        apply nothing; with --format json each result carries its edits
      --diff               print a unified diff of what --fix would change
      --exit-non-zero-on-fix  exit 1 when --fix changed a file (for hooks)

Selection:
      --only RULE          run only this rule (repeatable)
      --staged             lint the staged content of staged files (pre-commit)
      --changed-since REF  lint the stacks changed since the merge base with REF
      --new-only           with --changed-since: report only findings on changed lines
      --baseline FILE      report only findings not in the baseline
      --update-baseline    write the current findings to the baseline file
      --prune-baseline     drop baseline entries that no longer match
      --no-inline-ignores  ignore infralint-ignore comments (CI policy)

Exit status:
      --fail-on error|warn  the lowest severity that fails the run (default error)
      --max-warnings N     fail when there are more than N warnings

Configuration:
  -c, --config FILE        use this config instead of the nearest .infralintrc.json
      --print-config FILE  print the settings in force for FILE
      --explain RULE       print a rule's documentation
      --cache              skip files unchanged since the last run
      --cache-location F   the cache file (default .infralintcache)
      --watch              re-lint files when they change
      --debug              print stack traces of internal errors
  -v, --version            print the version
  -h, --help               print this help

Exit codes: 0 no errors, 1 findings at error severity (or too many warnings, or
--exit-non-zero-on-fix and a file was fixed), 2 usage, configuration, I/O or internal error.
`;
