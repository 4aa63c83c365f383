/**
 * Which files `.gitattributes` marks `filter=git-crypt`. git reads the
 * `.gitattributes` of the repository root and of every folder down to the
 * file; a later (deeper) matching line overrides an earlier one. Patterns
 * follow gitignore rules: without a `/` they match the file name at any depth,
 * with one they are anchored to the folder of the `.gitattributes`.
 */
import { dirname, join, relative } from 'node:path';
import picomatch from 'picomatch';
import type { RepoIndex } from '../src/project/index-types.js';

interface AttributeLine {
  readonly match: (relPath: string) => boolean;
  /** true: `filter=git-crypt`; false: the filter is unset or another one. */
  readonly gitCrypt: boolean;
}

/** Parsed `.gitattributes` per folder (undefined: none), per repository index. */
const cache = new WeakMap<RepoIndex, Map<string, readonly AttributeLine[] | undefined>>();

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
    const glob = pattern.replace(/^\//, '');
    const isMatch = picomatch(glob, { dot: true, basename: !anchored });
    out.push({ match: (relPath) => isMatch(relPath), gitCrypt });
  }
  return out;
}

function attributesOf(index: RepoIndex, dir: string): readonly AttributeLine[] | undefined {
  let perIndex = cache.get(index);
  if (!perIndex) cache.set(index, (perIndex = new Map<string, readonly AttributeLine[] | undefined>()));
  if (perIndex.has(dir)) return perIndex.get(dir);
  const file = index.getFile(join(dir, '.gitattributes'));
  const lines = file && !file.encrypted && file.text.length > 0 ? parseAttributes(file.text) : undefined;
  perIndex.set(dir, lines);
  return lines;
}

/** Whether `.gitattributes` files of the repository mark the absolute `path` `filter=git-crypt`. */
export function isGitCryptPath(index: RepoIndex, path: string): boolean {
  const dirs: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === index.root || !dir.startsWith(index.root) || dirname(dir) === dir) break;
  }
  let marked = false;
  for (const dir of dirs.reverse()) {
    const lines = attributesOf(index, dir);
    if (!lines) continue;
    const rel = relative(dir, path).split('\\').join('/');
    for (const line of lines) if (line.match(rel)) marked = line.gitCrypt;
  }
  return marked;
}
