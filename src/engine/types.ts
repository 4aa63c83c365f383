/**
 * The rule API and the result model shared by the engine, the reporters, the
 * CLI and every rule.
 *
 * Offsets are UTF-16 code units into the file's text; lines and columns are
 * 1-based, columns count Unicode code points.
 */
import type { File as HclFile } from '../hcl/cst.js';
import type { RepoIndex } from '../project/index-types.js';

export type Severity = 'error' | 'warn' | 'info';
export type ConfiguredSeverity = Severity | 'off';
export type FixKind = 'safe' | 'unsafe';

/** What kind of file a rule wants to see. */
export type FileKind =
  | 'hcl' // .tf, .hcl, .tfvars (parsed)
  | 'shell' // *.sh, *.bash, files with a shell shebang, scripts/tg
  | 'makefile'
  | 'dockerfile'
  | 'yaml'
  | 'json'
  | 'markdown'
  | 'text' // anything else read as text
  | 'binary'; // git-crypt ciphertext or other binary content; never parsed

/** A file as the rules see it. */
export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the repository root, with `/` separators. */
  readonly relPath: string;
  readonly kind: FileKind;
  /** The file's text (for binary files: empty). */
  readonly text: string;
  /** The parse tree, for `hcl` files that parsed (possibly with diagnostics). */
  readonly hcl: HclFile | undefined;
  /** git-crypt ciphertext (starts with `\0GITCRYPT`). */
  readonly encrypted: boolean;
  /** The byte offset of the first invalid UTF-8 sequence, when the bytes are not valid UTF-8 (such a file is never fixed). */
  readonly invalidUtf8At?: number;
}

/** A half-open range of offsets in a file. CST nodes satisfy it. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** One text replacement. Edits of one fix never overlap each other. */
export interface TextEdit {
  /** Absolute path of the file to edit; defaults to the file being checked. */
  readonly path?: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Fix {
  readonly edits: readonly TextEdit[];
  /** Overrides the rule's fix kind for this finding (e.g. safe in a stack root, unsafe in a module). */
  readonly kind?: FixKind;
}

/** What a rule reports. */
export interface Report {
  /** Where: an offset range in the checked file (a CST node will do). */
  readonly range: OffsetRange;
  /** What is wrong and what to do, one sentence; never the full secret. */
  readonly message: string;
  /** How a human or agent fixes it by hand; defaults to the rule's `meta.suggestion`. */
  readonly suggestion?: string;
  /** A lower severity for this finding than the configured one (e.g. an info note). */
  readonly severity?: Severity;
  readonly fix?: Fix;
}

export interface RuleExample {
  readonly title: string;
  /** Path of the example file (decides the file kind), e.g. `stacks/web/main.tf`. */
  readonly path: string;
  readonly bad: string;
  readonly good: string;
}

export interface RuleMeta {
  /** kebab-case, the same as the file name, config key and report id. */
  readonly id: string;
  /** One line: what the rule enforces. */
  readonly description: string;
  readonly severity: Severity;
  readonly fix?: FixKind;
  /** The AGENTS.md section the rule enforces, by its heading. */
  readonly section: string;
  /** Why, quoting AGENTS.md. */
  readonly rationale: string;
  /** The one-line instruction for a human or agent fixing a finding by hand. */
  readonly suggestion: string;
  /** JSON Schema of the rule's options object; every property has a description. */
  readonly options?: Record<string, unknown>;
  readonly defaultOptions?: Record<string, unknown>;
  readonly examples?: readonly RuleExample[];
  /** File kinds the rule is called for. */
  readonly fileKinds: readonly FileKind[];
}

export interface RuleContext<Options = object> {
  readonly file: SourceFile;
  readonly index: RepoIndex;
  /** Options after defaults and config are merged and validated. */
  readonly options: Options;
  /** True when linting staged content (`--staged`). */
  readonly staged: boolean;
  /** `sharedVariables` of the config in force (name → value), when the engine passes them. */
  readonly sharedVariables?: Readonly<Record<string, string>>;
  report(report: Report): void;
}

/**
 * A rule. `Rule` (options `object`) is the erased type the engine and the
 * registry hold; a rule declares its own options type, e.g. `Rule<{ extraKinds: string[] }>`,
 * which is assignable to it.
 */
export interface Rule<Options = object> {
  readonly meta: RuleMeta;
  /** Called once for each linted file whose kind is in `meta.fileKinds`. */
  check(context: RuleContext<Options>): void;
}

/** A finding as the engine hands it to reporters. */
export interface Finding {
  /** Absolute path. */
  readonly path: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly start: number;
  readonly end: number;
  /** The fix kind available for this finding, when the rule offered a fix. */
  readonly fix: FixKind | null;
  readonly suggestion: string | undefined;
  /** The edits of the fix (present with --fix-dry-run). */
  readonly edits?: readonly TextEdit[];
  /** The enclosing block address (`resource.kubernetes_deployment.web`), used by the baseline. */
  readonly blockAddress: string;
  /** Why the finding was not fixed when a fix was requested (e.g. unstaged changes). */
  readonly notFixedReason?: string;
  /** Set when the finding is suppressed (shown only with --show-suppressed). */
  readonly suppressedBy?: { readonly reason: string; readonly line: number };
}

export interface FileResult {
  readonly path: string;
  /** Findings in line/column order. */
  readonly findings: Finding[];
  /** The file was rewritten by --fix. */
  readonly fixed: boolean;
  /** Fixes applied to this file: rule id and message of each, in order. */
  readonly applied: { readonly ruleId: string; readonly message: string }[];
  /** The file's text before fixing, when it was fixed (for --diff). */
  readonly originalText?: string;
  /** The file's text after fixing, when it was fixed. */
  readonly fixedText?: string;
}

export interface RunSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings whose fix --fix (or --fix --unsafe-fixes) could apply. */
  readonly fixable: number;
  readonly fixed: number;
  readonly files: number;
  readonly durationMs: number;
}

export interface RunResult {
  readonly cwd: string;
  readonly root: string;
  readonly results: FileResult[];
  readonly summary: RunSummary;
  /** Problems that are not findings: unreadable files, rule crashes, parser bugs. Any of them makes the exit code 2. */
  readonly errors: { readonly path: string; readonly message: string }[];
  /** Per-rule statistics (for --stats). */
  readonly ruleStats: { readonly ruleId: string; readonly findings: number; readonly ms: number }[];
}
