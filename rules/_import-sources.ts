/**
 * Where shell commands live in each kind of file, as `ShellSource`s with a
 * description of the place ("target `adopt`", "CI step `import`", …) for
 * messages.
 *
 * - shell scripts: the whole file;
 * - Makefiles: recipe lines (tab-indented lines under a rule, and the part
 *   after `;` on a rule line), `$$` read as `$`;
 * - YAML: the values of shell-bearing keys (`commands`, `script`, `run`,
 *   `cmds`, `entrypoint`, …) at any depth: plain and quoted scalars, block
 *   scalars, sequences and flow sequences of them;
 * - Dockerfiles: `RUN`, `CMD` and `ENTRYPOINT` in shell form (with
 *   continuations and heredocs) and exec form;
 * - Markdown: fenced code blocks whose info string is a shell (`sh`, `bash`,
 *   `shell`, `zsh`, `console`, …); a fence without an info string only when
 *   it has `$ ` prompt lines. Prose and inline code are never read.
 */
import type { FileKind } from '../src/engine/types.js';
import { findImportCommands, importCommandInArgv, ShellSource, type ImportCommand } from './_import-shell.js';

export interface LocatedCommand extends ImportCommand {
  /** Where the command is, for the message: "this script", "target `adopt`", … */
  readonly where: string;
}

interface Line {
  readonly start: number;
  /** Offset of the line's end (before `\r\n` or `\n`). */
  readonly end: number;
  /** Offset after the line's line break. */
  readonly next: number;
  readonly text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl < 0 ? text.length : nl + 1;
    const end = nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl < 0 ? text.length : nl;
    out.push({ start, end, next, text: text.slice(start, end) });
    start = next;
  }
  return out;
}

function located(source: ShellSource, where: string): LocatedCommand[] {
  return findImportCommands(source).map((c) => ({ ...c, where }));
}

function inShellScript(text: string): LocatedCommand[] {
  const source = new ShellSource();
  source.append(text, 0, text.length);
  return located(source, 'this script');
}

const MAKE_ASSIGNMENT = /^[^:#=]*?(?::{1,3}=|[?+!]?=)/;
const MAKE_RULE = /^([^\s:#=][^:#=]*?)\s*::?(?!=)/;

function inMakefile(text: string): LocatedCommand[] {
  const lines = linesOf(text);
  const out: LocatedCommand[] = [];
  let target: string | undefined;
  let inDefine = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (inDefine) {
      if (/^\s*endef\b/.test(line.text)) inDefine = false;
      continue;
    }
    let last = n;
    while (lines[last]!.text.endsWith('\\') && last + 1 < lines.length) last++;
    if (line.text.startsWith('\t')) {
      if (target === undefined) continue;
      const prefix = /^\t[ \t@+-]*/.exec(line.text)![0].length;
      const source = new ShellSource();
      source.append(text, line.start + prefix, lines[last]!.end, 'make');
      out.push(...located(source, `target \`${target}\``));
      n = last;
      continue;
    }
    if (line.text.trim() === '' || line.text.trimStart().startsWith('#')) continue;
    if (/^\s*define\b/.test(line.text)) {
      inDefine = true;
      continue;
    }
    const rule = MAKE_ASSIGNMENT.test(line.text) ? null : MAKE_RULE.exec(line.text);
    target = rule?.[1]?.trim().split(/\s+/)[0];
    const semi = rule ? line.text.indexOf(';', rule[0].length) : -1;
    if (target !== undefined && semi >= 0) {
      const source = new ShellSource();
      source.append(text, line.start + semi + 1, lines[last]!.end, 'make');
      out.push(...located(source, `target \`${target}\``));
    }
    n = last;
  }
  return out;
}

/** Keys whose values are shell commands (Woodpecker, GitHub Actions, GitLab, Drone, CircleCI, Buildkite, Taskfile, Kubernetes). */
const SHELL_KEYS = new Set(['commands', 'command', 'script', 'scripts', 'before_script', 'after_script', 'run', 'cmds', 'cmd', 'entrypoint', 'args', 'inline']);
/** Parent keys that are not step names. */
const GENERIC_KEYS = new Set(['steps', 'pipeline', 'jobs', 'services', 'clone', 'tasks', 'stages', 'containers', 'initContainers']);
const YAML_KEY = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"[\]{},:][^#:]*?))\s*:(?=\s|$)/;

function indentOf(text: string): number {
  return /^ */.exec(text)![0].length;
}

function isBlankOrComment(text: string): boolean {
  const t = text.trim();
  return t === '' || t.startsWith('#');
}

/** Appends a YAML scalar that starts at `at` (quoted or plain) to `source`; returns false when it is not a scalar. */
function appendScalar(text: string, at: number, end: number, source: ShellSource): boolean {
  const q = text[at];
  if (q === '"' || q === "'") {
    let close = at + 1;
    while (close < end && text[close] !== q) close += text[close] === '\\' && q === '"' ? 2 : 1;
    source.append(text, at + 1, Math.min(close, end));
    return true;
  }
  if (q === '[' || q === '{' || q === undefined) return false;
  source.append(text, at, end);
  return true;
}

function appendFlowSequence(text: string, at: number, end: number, source: ShellSource): void {
  let i = at + 1;
  while (i < end) {
    while (i < end && (text[i] === ' ' || text[i] === ',')) i++;
    if (i >= end || text[i] === ']') return;
    const q = text[i];
    let close = i;
    if (q === '"' || q === "'") {
      close = i + 1;
      while (close < end && text[close] !== q) close += text[close] === '\\' && q === '"' ? 2 : 1;
      source.append(text, i + 1, close);
      close++;
    } else {
      while (close < end && text[close] !== ',' && text[close] !== ']') close++;
      source.append(text, i, close);
    }
    source.appendSynthetic('\n', close);
    i = close;
  }
}

/**
 * Appends the block scalar whose content is the lines after `lines[n]` more
 * indented than `parentIndent`; returns the index of the last content line.
 * Folded (`>`) scalars join lines with spaces.
 */
function appendBlockScalar(text: string, lines: readonly Line[], n: number, parentIndent: number, folded: boolean, source: ShellSource): number {
  let last = n;
  for (let m = n + 1; m < lines.length; m++) {
    const line = lines[m]!;
    if (line.text.trim() !== '' && indentOf(line.text) <= parentIndent) break;
    source.append(text, line.start, line.end);
    source.appendSynthetic(folded && line.text.trim() !== '' ? ' ' : '\n', line.end);
    last = m;
  }
  source.appendSynthetic('\n', lines[last]!.end);
  return last;
}

/** The value of a shell key at `lines[n]` (value text from `at`); returns the last line consumed. */
function appendShellValue(text: string, lines: readonly Line[], n: number, keyIndent: number, at: number, source: ShellSource): number {
  const line = lines[n]!;
  const value = text.slice(at, line.end);
  if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) return appendBlockScalar(text, lines, n, keyIndent, value.startsWith('>'), source);
  if (value.startsWith('[')) {
    appendFlowSequence(text, at, line.end, source);
    return n;
  }
  if (value.trim() !== '' && !value.startsWith('#')) {
    appendScalar(text, at, line.end, source);
    source.appendSynthetic('\n', line.end);
    return n;
  }
  let last = n;
  for (let m = n + 1; m < lines.length; m++) {
    const item = lines[m]!;
    if (isBlankOrComment(item.text)) continue;
    const indent = indentOf(item.text);
    const dash = /^( *)- +/.exec(item.text);
    if (indent < keyIndent || (indent === keyIndent && !dash) || !dash) break;
    const content = item.start + dash[0].length;
    const rest = text.slice(content, item.end);
    if (YAML_KEY.test(rest)) break;
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest)) {
      m = appendBlockScalar(text, lines, m, dash[1]!.length, rest.startsWith('>'), source);
    } else {
      appendScalar(text, content, item.end, source);
      while (m + 1 < lines.length) {
        const cont = lines[m + 1]!;
        if (isBlankOrComment(cont.text) || indentOf(cont.text) <= dash[1]!.length || /^ *- /.test(cont.text) || YAML_KEY.test(cont.text.trimStart())) break;
        source.appendSynthetic(' ', cont.start);
        source.append(text, cont.start + indentOf(cont.text), cont.end);
        m++;
      }
      source.appendSynthetic('\n', lines[m]!.end);
    }
    last = m;
  }
  return last;
}

/** CI configuration files, where a named entry is a pipeline step. */
const CI_PATH = /(^|\/)(\.woodpecker(\/|\.ya?ml$)|\.github\/workflows\/|\.gitlab-ci\.ya?ml$|\.drone\.ya?ml$|\.circleci\/|\.buildkite\/|bitbucket-pipelines\.ya?ml$|azure-pipelines\.ya?ml$)/;

function inYaml(text: string, relPath: string): LocatedCommand[] {
  const ci = CI_PATH.test(relPath);
  const lines = linesOf(text);
  const out: LocatedCommand[] = [];
  const keys: { indent: number; key: string; value: string }[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (isBlankOrComment(line.text)) continue;
    const marker = /^( *)((?:- +)*)/.exec(line.text)!;
    const keyIndent = marker[0].length;
    const m = YAML_KEY.exec(line.text.slice(keyIndent));
    if (!m) continue;
    const key = m[1] ?? m[2] ?? m[3] ?? '';
    while (keys.length > 0 && (keys[keys.length - 1]!.indent > keyIndent || (marker[2] !== '' && keys[keys.length - 1]!.indent === keyIndent))) keys.pop();
    let at = line.start + keyIndent + m[0].length;
    while (text[at] === ' ' || text[at] === '\t') at++;
    const rawValue = text.slice(at, line.end).replace(/\s+#.*$/, '');
    if (!SHELL_KEYS.has(key)) {
      keys.push({ indent: keyIndent, key, value: rawValue.replace(/^(["'])(.*)\1$/, '$2') });
      continue;
    }
    const source = new ShellSource();
    n = appendShellValue(text, lines, n, keyIndent, at, source);
    const name = keys.find((k) => k.indent === keyIndent && k.key === 'name')?.value;
    const parent = [...keys].reverse().find((k) => k.indent < keyIndent && k.value === '')?.key;
    const step = name ?? (parent !== undefined && !GENERIC_KEYS.has(parent) ? parent : undefined);
    const where = step === undefined ? `this \`${key}:\` value` : ci ? `CI step \`${step}\`` : `the \`${key}:\` of \`${step}\``;
    out.push(...located(source, where));
  }
  return out;
}

const DOCKER_INSTRUCTION = /^\s*(RUN|CMD|ENTRYPOINT)\s+/i;

/** The argv items of a JSON array in `text[at, end)` with their file ranges, or undefined when it is not one. */
function jsonArgv(text: string, at: number, end: number): { argv: string[]; ranges: { start: number; end: number }[] } | undefined {
  let argv: unknown;
  try {
    argv = JSON.parse(text.slice(at, end).replace(/\\\r?\n/g, ' '));
  } catch {
    return undefined;
  }
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  const ranges: { start: number; end: number }[] = [];
  let pos = at;
  for (const a of argv) {
    const quoted = JSON.stringify(a);
    const found = text.indexOf(quoted, pos);
    const start = found < 0 ? pos : found;
    ranges.push({ start, end: start + quoted.length });
    pos = start + quoted.length;
  }
  return { argv, ranges };
}

function inDockerfile(text: string): LocatedCommand[] {
  const lines = linesOf(text);
  const out: LocatedCommand[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const m = DOCKER_INSTRUCTION.exec(line.text);
    if (!m) continue;
    const where = `this \`${m[1]!.toUpperCase()}\` instruction`;
    let at = line.start + m[0].length;
    while (m[1]!.toUpperCase() === 'RUN') {
      const flag = /^--\S+\s+/.exec(text.slice(at, line.end));
      if (!flag) break;
      at += flag[0].length;
    }
    const source = new ShellSource();
    const heredoc = /^<<(-?)["']?([A-Za-z_][\w]*)["']?\s*$/.exec(text.slice(at, line.end));
    let last = n;
    if (heredoc) {
      while (last + 1 < lines.length && lines[last + 1]!.text.replace(heredoc[1] ? /^\t+/ : /^$/, '') !== heredoc[2]) {
        last++;
        source.append(text, lines[last]!.start, lines[last]!.next);
      }
      out.push(...located(source, where));
      n = last + 1;
      continue;
    }
    let from = at;
    for (;;) {
      const cur = lines[last]!;
      source.append(text, from, cur.end);
      if (!cur.text.endsWith('\\') || last + 1 >= lines.length) break;
      source.appendSynthetic('\n', cur.end);
      last++;
      while (last + 1 < lines.length && lines[last]!.text.trimStart().startsWith('#')) last++;
      from = lines[last]!.start;
    }
    const end = lines[last]!.end;
    n = last;
    if (text[at] === '[') {
      const exec = jsonArgv(text, at, end);
      if (exec) {
        const shell = /(^|\/)(ba|z|da|k)?sh$/.test(exec.argv[0] ?? '') ? exec.argv.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a)) : -1;
        const script = shell >= 0 ? exec.ranges[shell + 1] : undefined;
        if (script) {
          const inner = new ShellSource();
          inner.append(text, script.start + 1, script.end - 1);
          out.push(...located(inner, where));
        } else {
          const command = importCommandInArgv(exec.argv, exec.ranges);
          if (command) out.push({ ...command, where });
        }
        continue;
      }
    }
    out.push(...located(source, where));
  }
  return out;
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const PROMPT_FENCES = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*|\{[^}`]*\})[^`]*$/;
const PROMPT = /^\s*\$ /;

function inMarkdown(text: string): LocatedCommand[] {
  const lines = linesOf(text);
  const out: LocatedCommand[] = [];
  for (let n = 0; n < lines.length; n++) {
    const open = FENCE_OPEN.exec(lines[n]!.text);
    if (!open) continue;
    const fence = open[2]!;
    const info = open[3]!.replace(/^\{\s*\.?/, '').replace(/[\s}].*$/, '').toLowerCase();
    let close = n + 1;
    while (close < lines.length) {
      const t = lines[close]!.text.trim();
      if (t.startsWith(fence[0]!.repeat(fence.length)) && /^(`+|~+)$/.test(t)) break;
      close++;
    }
    const body = lines.slice(n + 1, close);
    n = close;
    const hasPrompt = body.some((l) => PROMPT.test(l.text));
    if (!SHELL_FENCES.has(info) && !(info === '' && hasPrompt)) continue;
    const promptOnly = hasPrompt || PROMPT_FENCES.has(info);
    const source = new ShellSource();
    let continues = false;
    for (const line of body) {
      const prompt = PROMPT.exec(line.text);
      if (promptOnly && !prompt && !continues) continue;
      source.append(text, line.start + (prompt ? prompt[0].length : 0), line.end);
      source.appendSynthetic('\n', line.end);
      continues = line.text.endsWith('\\');
    }
    out.push(...located(source, info === '' ? 'this code block' : `this \`${info}\` code block`));
  }
  return out;
}

/** The import commands in a file of `kind` (none for kinds that hold no shell). */
export function importCommandsIn(kind: FileKind, text: string, relPath: string): LocatedCommand[] {
  switch (kind) {
    case 'shell':
      return inShellScript(text);
    case 'makefile':
      return inMakefile(text);
    case 'yaml':
      return inYaml(text, relPath);
    case 'dockerfile':
      return inDockerfile(text);
    case 'markdown':
      return inMarkdown(text);
    default:
      return [];
  }
}
