/**
 * A small shell reader that finds `terraform import`, `terragrunt import`,
 * `tg import` and `scripts/tg import` commands in shell text taken from any
 * file (a script, a Makefile recipe, a CI string, a Dockerfile RUN, a
 * Markdown fence).
 *
 * It is not a POSIX parser. It joins `\`-newline continuations, reads quoted
 * words, skips comments and heredoc bodies (data, not commands), splits
 * commands at control operators (`&&`, `||`, `;`, `|`, `&`, parentheses,
 * newlines) and looks inside `$(…)`, backticks and `sh -c '…'`.
 *
 * Offsets: a `ShellSource` is text assembled from pieces of a file; every
 * character keeps the file offset (UTF-16 code units) it came from, so a
 * command found in it maps back to an exact file range.
 */

/** Shell text assembled from pieces of one file. */
export class ShellSource {
  text = '';
  private readonly offsets: number[] = [];
  /** The length of the file text appended from: no range ends after it. */
  private limit = Infinity;

  /**
   * Appends `fileText[start, end)`. In `make` mode `$$` is read as `$` (make's
   * escape), the offset of the pair being that of its first character.
   */
  append(fileText: string, start: number, end: number, mode: 'plain' | 'make' = 'plain'): void {
    this.limit = fileText.length;
    for (let i = start; i < end; i++) {
      this.text += fileText[i]!;
      this.offsets.push(i);
      if (mode === 'make' && fileText[i] === '$' && fileText[i + 1] === '$') i++;
    }
  }

  /** Appends a character that is not in the file (a separator), mapped to `fileOffset`. */
  appendSynthetic(ch: string, fileOffset: number): void {
    this.text += ch;
    this.offsets.push(fileOffset);
  }

  /** The file range of `text[start, end)`; `end > start`. */
  fileRange(start: number, end: number): { start: number; end: number } {
    const first = this.offsets[start] ?? 0;
    const last = this.offsets[Math.max(start, end - 1)] ?? first;
    return { start: first, end: Math.min(last + 1, this.limit) };
  }
}

interface Word {
  /** Quotes removed, escapes resolved, expansions (`${x}`, `$(…)`) kept as written. */
  value: string;
  /** Index in the source text of the word's first and after its last character. */
  start: number;
  end: number;
}

/** One `… import …` command. */
export interface ImportCommand {
  /** The command word as written: `terraform`, `../../scripts/tg`, … */
  readonly tool: string;
  /** The resource address argument as written (quotes removed), when given. */
  readonly address: string | undefined;
  /** The ID argument as written (quotes removed), when given. */
  readonly id: string | undefined;
  /** The folder the command runs in (`-chdir=`, `--terragrunt-working-dir`, or a `cd` before it), as written. */
  readonly dir: string | undefined;
  /** File range of the whole command (tool word to last argument). */
  readonly start: number;
  readonly end: number;
}

const TOOLS = new Set(['terraform', 'terragrunt', 'tg']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);
/** Words that may stand before the command word without being it. */
const KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '}', 'exec', 'command', 'builtin', 'nohup', 'time']);
/** Flags (of terraform, terragrunt or the import subcommand) that take the next word as their value when written without `=`. */
const VALUE_FLAGS = new Set([
  'config',
  'lock-timeout',
  'provider',
  'state',
  'state-out',
  'var',
  'var-file',
  'backup',
  'parallelism',
  'terragrunt-config',
  'terragrunt-log-level',
  'log-level',
  'log-format',
  'terragrunt-iam-role',
  'iam-role',
  'terragrunt-download-dir',
  'download-dir',
  'terragrunt-source',
  'source',
  'terragrunt-tfpath',
  'tf-path',
  'terragrunt-include-dir',
  'queue-include-dir',
  'terragrunt-exclude-dir',
  'queue-exclude-dir',
]);
const SUDO_VALUE_FLAGS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);
const ENV_VALUE_FLAGS = new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']);
const HELP_FLAGS = new Set(['-h', '-help', '--help']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const WORKING_DIR_FLAG = /^--?(?:terragrunt-)?working-dir(?:=(.*))?$/;

/** Index of the character that closes the group opened at `open` (a `(` or `{`), or `to`. */
function closing(s: string, open: number, to: number): number {
  const opener = s[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < to; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'" && opener === '(') {
      const j = s.indexOf("'", i + 1);
      i = j < 0 || j >= to ? to : j;
    } else if (c === opener) depth++;
    else if (c === closer && --depth === 0) return i;
  }
  return to;
}

/** The index after the heredoc bodies that start at `i`, for each pending delimiter in order. */
function skipHeredocs(s: string, i: number, to: number, pending: readonly { delim: string; strip: boolean }[]): number {
  let pos = i;
  for (const h of pending) {
    while (pos < to) {
      const nl = s.indexOf('\n', pos);
      const eol = nl < 0 || nl >= to ? to : nl;
      let line = s.slice(pos, eol).replace(/\r$/, '');
      if (h.strip) line = line.replace(/^\t+/, '');
      pos = eol + 1;
      if (line === h.delim) break;
    }
  }
  return Math.min(pos, to);
}

/**
 * Splits `s[from, to)` into simple commands (lists of words), in source order.
 * Commands inside `$(…)` and backticks are added too.
 */
function splitCommands(s: string, from: number, to: number, out: Word[][]): void {
  let words: Word[] = [];
  let cur: Word | undefined;
  let dropNext = false;
  let heredocs: { delim: string; strip: boolean }[] = [];
  const begin = (i: number): Word => (cur ??= { value: '', start: i, end: i });
  const endWord = (): void => {
    if (!cur) return;
    if (dropNext) dropNext = false;
    else words.push(cur);
    cur = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  let i = from;
  while (i < to) {
    const c = s[i]!;
    if (c === '\\') {
      if (s[i + 1] === '\n') i += 2;
      else if (s[i + 1] === '\r' && s[i + 2] === '\n') i += 3;
      else {
        const w = begin(i);
        w.value += s[i + 1] ?? '';
        i += 2;
        w.end = Math.min(i, to);
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      if (heredocs.length > 0) {
        i = skipHeredocs(s, i, to, heredocs);
        heredocs = [];
      }
      continue;
    }
    if (c === '#' && !cur) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 || nl >= to ? to : nl;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      if (cur && /^\d+$/.test(s.slice(cur.start, i))) cur = undefined;
      else endWord();
      if (s.startsWith('<<', i) && s[i + 2] !== '<') {
        i += 2;
        const strip = s[i] === '-';
        if (strip) i++;
        while (s[i] === ' ' || s[i] === '\t') i++;
        const m = /^(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()]+))/.exec(s.slice(i, to));
        if (m) {
          heredocs.push({ delim: m[1] ?? m[2] ?? m[3] ?? '', strip });
          i += m[0].length;
        }
        continue;
      }
      while (i < to && '<>&|'.includes(s[i]!)) i++;
      if (s[i - 1] === '&' && /[\d-]/.test(s[i] ?? '')) {
        while (i < to && /[\d-]/.test(s[i]!)) i++;
      } else dropNext = true;
      continue;
    }
    const w = begin(i);
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      const close = j < 0 || j >= to ? to : j;
      w.value += s.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      i++;
      while (i < to && s[i] !== '"') {
        const d = s[i]!;
        if (d === '\\' && i + 1 < to && '"\\$`\n'.includes(s[i + 1]!)) {
          if (s[i + 1] !== '\n') w.value += s[i + 1]!;
          i += 2;
        } else if (d === '$' && s[i + 1] === '(') {
          const j = closing(s, i + 1, to);
          if (s[i + 2] !== '(') splitCommands(s, i + 2, j, out);
          w.value += s.slice(i, j + 1);
          i = j + 1;
        } else if (d === '`') {
          const j = s.indexOf('`', i + 1);
          const close = j < 0 || j >= to ? to : j;
          splitCommands(s, i + 1, close, out);
          w.value += s.slice(i, close + 1);
          i = close + 1;
        } else {
          w.value += d;
          i++;
        }
      }
      i++;
    } else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const j = closing(s, i + 1, to);
      if (s[i + 1] === '(' && s[i + 2] !== '(') splitCommands(s, i + 2, j, out);
      w.value += s.slice(i, j + 1);
      i = j + 1;
    } else if (c === '`') {
      const j = s.indexOf('`', i + 1);
      const close = j < 0 || j >= to ? to : j;
      splitCommands(s, i + 1, close, out);
      w.value += s.slice(i, close + 1);
      i = close + 1;
    } else {
      w.value += c;
      i++;
    }
    w.end = Math.min(i, to);
  }
  endCommand();
}

function isFlag(word: Word): boolean {
  return word.value.startsWith('-') && word.value.length > 1;
}

function takesValue(flag: string): boolean {
  return !flag.includes('=') && VALUE_FLAGS.has(flag.replace(/^--?/, ''));
}

/** Index of the command word after assignments, `sudo`/`env` (with their flags) and keywords. */
function commandWordIndex(words: readonly Word[]): number {
  let k = 0;
  while (k < words.length) {
    const v = words[k]!.value;
    if (ASSIGNMENT.test(v) || KEYWORDS.has(v)) {
      k++;
    } else if (v === 'sudo' || v === 'env') {
      const valueFlags = v === 'sudo' ? SUDO_VALUE_FLAGS : ENV_VALUE_FLAGS;
      k++;
      while (k < words.length) {
        const f = words[k]!.value;
        if (f === '--') {
          k++;
          break;
        }
        if (v === 'env' && ASSIGNMENT.test(f)) k++;
        else if (f.startsWith('-')) k += valueFlags.has(f) ? 2 : 1;
        else break;
      }
    } else break;
  }
  return k;
}

/** The folder a `cd` command changes to, joined onto `current` when relative. */
function cdTarget(words: readonly Word[], k: number, current: string | undefined): string | undefined {
  const arg = words.slice(k + 1).find((w) => !isFlag(w))?.value;
  if (arg === undefined || arg === '-') return current;
  if (current === undefined || /^[/~$]/.test(arg)) return arg;
  return `${current.replace(/\/$/, '')}/${arg}`;
}

/** The import command `words` run, if any (`words[k]` is the command word). */
function importCommand(words: readonly Word[], k: number, cwd: string | undefined, source: ShellSource): ImportCommand | undefined {
  const tool = words[k]!.value;
  const base = tool.slice(tool.lastIndexOf('/') + 1);
  if (!TOOLS.has(base)) return undefined;
  let dir = cwd;
  let j = k + 1;
  const readFlags = (): void => {
    for (; j < words.length; j++) {
      const v = words[j]!.value;
      const wd = WORKING_DIR_FLAG.exec(v);
      if (v.startsWith('-chdir=')) dir = v.slice('-chdir='.length);
      else if (wd) {
        if (wd[1] !== undefined) dir = wd[1];
        else dir = words[++j]?.value ?? dir;
      } else if (v === '--' || !isFlag(words[j]!)) return;
      else if (takesValue(v)) j++;
    }
  };
  readFlags();
  let sub = words[j]?.value;
  if (base !== 'terraform' && (sub === 'run' || sub === 'run-all')) {
    j++;
    readFlags();
    if (words[j]?.value === '--') j++;
    sub = words[j]?.value;
  }
  if (sub !== 'import') return undefined;
  const args = words.slice(j + 1);
  if (args.some((a) => HELP_FLAGS.has(a.value))) return undefined;
  const positional: string[] = [];
  for (let a = 0; a < args.length; a++) {
    const w = args[a]!;
    if (isFlag(w)) {
      if (takesValue(w.value)) a++;
    } else positional.push(w.value);
  }
  const last = words[words.length - 1]!;
  return { tool, address: positional[0], id: positional[1], dir, ...source.fileRange(words[k]!.start, last.end) };
}

/**
 * Every import command in `source`, in order. A `cd <dir>` command sets the
 * folder of the commands after it in the same source.
 */
export function findImportCommands(source: ShellSource): ImportCommand[] {
  const found: ImportCommand[] = [];
  const scan = (from: number, to: number): void => {
    const commands: Word[][] = [];
    splitCommands(source.text, from, to, commands);
    let cwd: string | undefined;
    for (const words of commands) {
      const k = commandWordIndex(words);
      const word = words[k];
      if (!word) continue;
      const base = word.value.slice(word.value.lastIndexOf('/') + 1);
      if (base === 'cd' || base === 'pushd') {
        cwd = cdTarget(words, k, cwd);
        continue;
      }
      if (SHELLS.has(base)) {
        const c = words.findIndex((w, n) => n > k && /^-[a-z]*c[a-z]*$/.test(w.value));
        const script = c < 0 ? undefined : words[c + 1];
        if (script) {
          const q = source.text[script.start];
          const quoted = (q === "'" || q === '"') && source.text[script.end - 1] === q && script.end - script.start >= 2;
          if (quoted) scan(script.start + 1, script.end - 1);
          else scan(script.start, script.end);
        }
        continue;
      }
      const command = importCommand(words, k, cwd, source);
      if (command) found.push(command);
    }
  };
  scan(0, source.text.length);
  return found.sort((a, b) => a.start - b.start);
}

/** Import commands in an argv (Dockerfile exec form); `ranges` are the file ranges of the argv items. */
export function importCommandInArgv(argv: readonly string[], ranges: readonly { start: number; end: number }[]): ImportCommand | undefined {
  const source = new ShellSource();
  const words: Word[] = argv.map((value, n) => {
    const r = ranges[n]!;
    const start = source.text.length;
    source.appendSynthetic('x', r.start);
    source.appendSynthetic('x', r.end - 1);
    return { value, start, end: start + 2 };
  });
  const k = commandWordIndex(words);
  const word = words[k];
  if (!word) return undefined;
  const base = word.value.slice(word.value.lastIndexOf('/') + 1);
  if (SHELLS.has(base)) return undefined;
  return importCommand(words, k, undefined, source);
}
