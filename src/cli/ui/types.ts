/**
 * The contract between the CLI and the ink terminal UI. Type-only, so the CLI
 * and the engine can name these types without loading ink or React.
 */

/** One progress report from the run; `done` and `total` count files. */
export interface Progress {
  readonly phase: 'discover' | 'parse' | 'lint' | 'fix';
  readonly done: number;
  /** 0 while the total is not known yet (e.g. during discovery). */
  readonly total: number;
  /** The file being worked on (absolute, or relative to `UiOptions.cwd`). */
  readonly file?: string;
}

export interface RuleInfo {
  readonly description: string;
  readonly severity: string;
  readonly fix?: 'safe' | 'unsafe';
}

/** Where the UI writes; defaults to the process streams. Tests pass fakes. */
export interface UiStreams {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Write every frame in full instead of updating in place (ink's debug mode). */
  readonly debug?: boolean;
}

export interface UiOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  /** `--fix` was given: show what was fixed and why the rest was not. */
  readonly fixRequested: boolean;
  /** The text of a file, for code frames; undefined when unavailable (binary, unreadable). */
  readonly sourceOf: (path: string) => string | undefined;
  readonly rules: ReadonlyMap<string, RuleInfo>;
  /**
   * The group a file is shown under: its stack (`stacks/web`). When undefined,
   * files under `modules/` are grouped by their directory and everything else
   * under `(repository)`.
   */
  readonly stackOf: (path: string) => string | undefined;
  /** Use colours and text styles; when false the output is plain text. */
  readonly color: boolean;
  readonly streams?: UiStreams;
  /** The clock for progress rates, in milliseconds; defaults to `performance.now`. Tests inject one. */
  readonly clock?: () => number;
}
