/**
 * Which files `.gitattributes` marks `filter=git-crypt`. git reads the
 * `.gitattributes` of the repository root and of every folder down to the
 * file; a later (deeper) matching line overrides an earlier one. Patterns
 * follow gitignore rules: without a `/` they match the file name at any depth,
 * with one they are anchored to the folder of the `.gitattributes`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { SourceFile } from '../src/engine/types.js';
import type { RepoIndex } from '../src/project/index-types.js';

interface AttributeLine {
  readonly match: (relPath: string) => boolean;
  /** true: `filter=git-crypt`; false: the filter is unset or another one. */
  readonly gitCrypt: boolean;
}

interface AttributesFile {
  /** The folder of the `.gitattributes`, relative to the repository root, with a trailing `/` (`''` for the root). */
  readonly base: string;
  readonly lines: readonly AttributeLine[];
}

/** Per repository index: the `.gitattributes` files that apply in a folder (repository-relative, `''` for the root), outermost first. */
const cache = new WeakMap<RepoIndex, Map<string, readonly AttributesFile[]>>();

type Picomatch = (glob: string, options: { dot: boolean; basename: boolean }) => (path: string) => boolean;
let picomatchFn: Picomatch | undefined;

/** picomatch, loaded on first use: most repositories have no git-crypt lines, and loading it costs every run's start. */
function matcher(glob: string, options: { dot: boolean; basename: boolean }): (path: string) => boolean {
  picomatchFn ??= createRequire(import.meta.url)('picomatch') as Picomatch;
  return picomatchFn(glob, options);
}

function parseAttributes(text: string): AttributeLine[] {
  const out: AttributeLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const [pattern, ...attrs] = line.split(/\s+/);
    if (pattern === undefined || pattern.startsWith('[attr]')) continue;
    let gitCrypt: boolean | undefined;
    for (const attr of attrs) {
      if (attr === 'filter=git-crypt') gitCrypt = true;
      else if (attr.startsWith('filter=') || attr === '-filter' || attr === '!filter') gitCrypt = false;
    }
    if (gitCrypt === undefined) continue;
    const anchored = pattern.replace(/\/$/, '').includes('/');
    const isMatch = matcher(pattern.replace(/^\//, ''), { dot: true, basename: !anchored });
    out.push({ match: (relPath) => isMatch(relPath), gitCrypt });
  }
  return out;
}

function attributesIn(index: RepoIndex, relDir: string): readonly AttributesFile[] {
  let perIndex = cache.get(index);
  if (!perIndex) cache.set(index, (perIndex = new Map<string, readonly AttributesFile[]>()));
  const known = perIndex.get(relDir);
  if (known) return known;
  const outer = relDir === '' ? [] : attributesIn(index, dirname(relDir) === '.' ? '' : dirname(relDir));
  const base = relDir === '' ? '' : `${relDir}/`;
  const file = index.getFile(`${index.root}/${base}.gitattributes`);
  const lines = file && !file.encrypted && file.text.length > 0 ? parseAttributes(file.text) : [];
  const result = lines.length > 0 ? [...outer, { base, lines }] : outer;
  perIndex.set(relDir, result);
  return result;
}

/** Whether the `.gitattributes` files of the repository mark `file` `filter=git-crypt`. */
export function isGitCryptFile(index: RepoIndex, file: SourceFile): boolean {
  const relPath = file.relPath;
  if (relPath.startsWith('../')) return false;
  const slash = relPath.lastIndexOf('/');
  let marked = false;
  for (const { base, lines } of attributesIn(index, slash < 0 ? '' : relPath.slice(0, slash))) {
    const rel = relPath.slice(base.length);
    for (const line of lines) if (line.match(rel)) marked = line.gitCrypt;
  }
  return marked;
}
