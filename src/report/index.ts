/**
 * The reporters: a run's result as text in one of the output formats. Every
 * format shows the same findings (suppressed ones only with `showSuppressed`,
 * errors only with `quiet`), in the same order (file, line, column, rule id),
 * with paths relative to `cwd`. No format prints source text; only
 * `codeFrame` (for the terminal UI) does.
 */
import type { RunResult } from '../engine/types.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { ReportOptions } from './options.js';
import { formatRdjson } from './rdjson.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type { ReportOptions, ReportedRule } from './options.js';
export { codeFrame, type CodeFrameOptions } from './code-frame.js';
export { unifiedDiff } from './diff.js';

export type FormatName = 'stylish' | 'compact' | 'json' | 'sarif' | 'checkstyle' | 'junit' | 'github' | 'rdjson' | 'markdown';

const FORMATTERS: Record<FormatName, (result: RunResult, options: ReportOptions) => string> = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
  sarif: formatSarif,
  checkstyle: formatCheckstyle,
  junit: formatJunit,
  github: formatGithub,
  rdjson: formatRdjson,
  markdown: formatMarkdown,
};

export const FORMAT_NAMES: readonly FormatName[] = Object.keys(FORMATTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

/** The report in `format`; newline-terminated, or `''` for a line format with nothing to say. */
export function formatResult(format: FormatName, result: RunResult, options: ReportOptions): string {
  return FORMATTERS[format](result, options);
}
