import type { FixKind } from '../engine/types.js';

/** What a reporter knows about a rule: from its metadata and the effective config. */
export interface ReportedRule {
  readonly description: string;
  /** The configured severity: `error`, `warn`, `info` or `off`. */
  readonly severity: string;
  readonly fix?: FixKind;
  /** Where the rule's docs are published, when they are. */
  readonly helpUri?: string;
}

export interface ReportOptions {
  /** Paths in every format are relative to this folder, with `/` separators. */
  readonly cwd: string;
  /** Plain ANSI colors in the terminal formats (stylish). */
  readonly color: boolean;
  /** Errors only. */
  readonly quiet?: boolean;
  /** Show suppressed findings, with their reason (they never count as problems). */
  readonly showSuppressed?: boolean;
  /** infralint's version, for the formats that name the tool (sarif). */
  readonly toolVersion: string;
  /** Every known rule by id. */
  readonly rules: ReadonlyMap<string, ReportedRule>;
  /** The text of a file by absolute path (rdjson converts columns to UTF-8 bytes and edits to ranges with it). */
  readonly sourceOf?: (path: string) => string | undefined;
  /**
   * Base URL that markdown links append `/<file>#L<line>` to, e.g.
   * `https://git.example.org/org/repo/src/branch/main`; links are relative when absent.
   */
  readonly repoUrl?: string;
  /** `--fix` (or `--fix-dry-run`) was given: json lists what was fixed and why something was not. */
  readonly fixRequested?: boolean;
}

/** Where people learn about infralint (SARIF `informationUri`, rdjson `source.url`). */
export const TOOL_URI = 'https://www.npmjs.com/package/infralint';
