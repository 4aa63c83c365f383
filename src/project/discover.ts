/**
 * File discovery: the repository root, and the files of the repository or of
 * the paths asked for, honouring `.gitignore` and `ignorePatterns`.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

/**
 * Never discovered: tool folders, the cache, and infralint's own transient
 * temp and lock files (`.<name>.infralint-…`), which a concurrent run may
 * remove between this run's discovery and its read.
 */
const ALWAYS_IGNORED = ['**/.git/**', '**/node_modules/**', '**/.terraform/**', '**/.terragrunt-cache/**', '**/.infralintcache', '**/.*.infralint-*'];

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

/** Loads every `.gitignore` between the root and the files it governs. */
class GitIgnores {
  private readonly byDir = new Map<string, Ignore | null>();
  constructor(private readonly root: string, private readonly extra: Ignore) {}

  private forDir(dir: string): Ignore | null {
    let ig = this.byDir.get(dir);
    if (ig !== undefined) return ig;
    const path = join(dir, '.gitignore');
    ig = existsSync(path) ? ignore().add(readFileSync(path, 'utf8')) : null;
    this.byDir.set(dir, ig);
    return ig;
  }

  /** `relPath` is relative to the root with `/` separators. */
  ignores(relPath: string): boolean {
    if (this.extra.ignores(relPath)) return true;
    const parts = relPath.split('/');
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.forDir(dir);
      if (ig !== null) {
        const rest = parts.slice(i).join('/');
        if (ig.ignores(rest)) return true;
      }
      dir = join(dir, parts[i]!);
    }
    return false;
  }
}

/**
 * Every file of the repository, as absolute paths in sorted order. Symlinks to
 * files are followed; symbolic links to folders are not (so loops cannot occur).
 */
export function discoverRepoFiles(options: DiscoverOptions): string[] {
  const entries = fg.sync('**/*', {
    cwd: options.root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ALWAYS_IGNORED,
    suppressErrors: true,
  });
  const ignores = new GitIgnores(options.root, ignore().add([...options.ignorePatterns]));
  const files: string[] = [];
  for (const rel of entries) {
    if (ignores.ignores(rel)) continue;
    files.push(join(options.root, rel));
  }
  files.sort();
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

/** `path` relative to `base` with `/` separators. */
export function toPosixRelative(base: string, path: string): string {
  const rel = relative(base, path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}
