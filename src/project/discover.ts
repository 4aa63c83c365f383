/**
 * File discovery: the repository root, and the files of the repository or of
 * the paths asked for, honouring `.gitignore` and `ignorePatterns`.
 *
 * Discovery is a plain `readdirSync` walk rather than fast-glob: the whole
 * walk of a 150-stack repository costs less than loading fast-glob's module
 * graph (measured in bench/RESULTS.md), and walking lets an ignored folder be
 * pruned instead of listed and filtered. The `ignore` package is loaded only
 * when there is a `.gitignore` or an ignore pattern.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Ignore } from 'ignore';

/** Folder names never descended into, at any depth. */
const ALWAYS_IGNORED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache']);

/**
 * Files never discovered: the cache, and infralint's own transient temp and
 * lock files (`.<name>.infralint-…`), which a concurrent run may remove
 * between this run's discovery and its read.
 */
function isAlwaysIgnoredFile(name: string): boolean {
  return name === '.infralintcache' || (name.charCodeAt(0) === 46 && name.indexOf('.infralint-', 1) > 0);
}

/** Markers of the repository root, in the order they are looked for in each folder. */
const ROOT_MARKERS = ['.infralintrc.json', '.git'];

/**
 * The repository root: the nearest folder upward from `from` that has an
 * `.infralintrc.json` or `.git`, or, failing those, the topmost folder with a
 * root `terragrunt.hcl` that is not itself a stack. Falls back to `from`.
 */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  let terragruntRoot: string | undefined;
  for (let current = dir; ; current = dirname(current)) {
    for (const marker of ROOT_MARKERS) {
      if (existsSync(join(current, marker))) return current;
    }
    if (existsSync(join(current, 'terragrunt.hcl')) && existsSync(join(current, 'stacks'))) terragruntRoot = current;
    const parent = dirname(current);
    if (parent === current) break;
  }
  return terragruntRoot ?? dir;
}

export interface DiscoverOptions {
  readonly root: string;
  /** Extra ignore globs from the config, relative to the root (gitignore syntax). */
  readonly ignorePatterns: readonly string[];
}

let makeIgnore: (() => Ignore) | undefined;

/** The `ignore` factory, loaded on first use (it is CommonJS, so `require` loads it synchronously). */
function newIgnore(): Ignore {
  makeIgnore ??= createRequire(import.meta.url)('ignore') as () => Ignore;
  return makeIgnore();
}

/** A folder's `.gitignore` rules with the folder they are relative to. */
interface IgnoreScope {
  /** Root-relative path of the folder with `/` separators and a trailing `/` ('' for the root). */
  readonly base: string;
  readonly rules: Ignore;
}

function isIgnored(scopes: readonly IgnoreScope[], relPath: string): boolean {
  for (const scope of scopes) {
    if (scope.rules.ignores(relPath.slice(scope.base.length))) return true;
  }
  return false;
}

function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether a symbolic link points at a regular file (links to folders are never followed, so loops cannot occur). */
function isLinkToFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files the latest discovery listed from a regular-file directory entry. */
let regularFiles: ReadonlySet<string> = new Set();

/**
 * Whether the latest discovery listed `path` from a regular-file directory
 * entry (not a symbolic link), so that a reader may skip its own check. The
 * file may have been replaced since: such a reader must still never block or
 * read without end on something else.
 */
export function isDiscoveredRegularFile(path: string): boolean {
  return regularFiles.has(path);
}

/**
 * Every file of the repository, as absolute paths in sorted order. Symlinks to
 * files are listed; symbolic links to folders are not followed (so loops
 * cannot occur). A folder that `.gitignore` or `ignorePatterns` ignores is not
 * entered (as in git, nothing under it can be re-included).
 */
export function discoverRepoFiles(options: DiscoverOptions): string[] {
  const files: string[] = [];
  const regular = new Set<string>();
  const root = options.root;
  const scopes: IgnoreScope[] = [];
  if (options.ignorePatterns.length > 0) scopes.push({ base: '', rules: newIgnore().add([...options.ignorePatterns]) });
  const walk = (dir: string, rel: string): void => {
    const entries = entriesOf(dir);
    const pushed = entries.some((e) => e.name === '.gitignore' && e.isFile());
    if (pushed) scopes.push({ base: rel, rules: newIgnore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) });
    for (const entry of entries) {
      const name = entry.name;
      const relPath = rel + name;
      if (entry.isDirectory()) {
        if (ALWAYS_IGNORED_DIRS.has(name) || (scopes.length > 0 && isIgnored(scopes, relPath + '/'))) continue;
        walk(join(dir, name), relPath + '/');
      } else if (entry.isFile() || (entry.isSymbolicLink() && isLinkToFile(join(dir, name)))) {
        if (isAlwaysIgnoredFile(name) || (scopes.length > 0 && isIgnored(scopes, relPath))) continue;
        const path = join(dir, name);
        files.push(path);
        if (entry.isFile()) regular.add(path);
      }
    }
    if (pushed) scopes.pop();
  };
  walk(root, '');
  files.sort();
  regularFiles = regular;
  return files;
}

export interface TargetSelection {
  /** Absolute paths of the files to report on, sorted. */
  readonly files: string[];
  /** Paths asked for that do not exist. */
  readonly missing: string[];
}

/**
 * The files to report on: those of `repoFiles` under the given paths. A path
 * that names a file outside the discovered set (ignored by .gitignore, say)
 * is still linted when named explicitly.
 */
export function selectTargets(paths: readonly string[], cwd: string, repoFiles: readonly string[]): TargetSelection {
  const missing: string[] = [];
  const selected = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      missing.push(p);
      continue;
    }
    let real = abs;
    try {
      real = realpathSync(abs);
    } catch {
      // keep abs
    }
    if (statSync(real).isDirectory()) {
      // A symlinked folder is not discovered through its link, so its files are matched by its real path too.
      const prefixes = [abs, real].map((p) => (p.endsWith(sep) ? p : p + sep));
      for (const f of repoFiles) if (prefixes.some((prefix) => f.startsWith(prefix)) || f === abs) selected.add(f);
    } else {
      selected.add(abs);
    }
  }
  return { files: [...selected].sort(), missing };
}

/** A normalised absolute POSIX path: no `.` or `..` steps, no `//`, no trailing `/`. */
function isPlainPath(p: string): boolean {
  return p.charCodeAt(0) === 47 && !p.includes('/.') && !p.includes('//') && (p.length === 1 || p.charCodeAt(p.length - 1) !== 47);
}

/** `path` relative to `base` with `/` separators. */
export function toPosixRelative(base: string, path: string): string {
  if (sep === '/' && path.length > base.length + 1 && path.charCodeAt(base.length) === 47 && path.startsWith(base) && isPlainPath(base) && isPlainPath(path)) {
    return path.slice(base.length + 1);
  }
  const rel = relative(base, path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}
