/**
 * Builds the repository index (see index-types.ts) from the repository's files.
 *
 * The index is built from outlines, not parse trees, and lazily, one folder at
 * a time: building the index reads nothing but config.tfvars; a folder's
 * `.tf` files are read and scanned for their top-level blocks (outline.ts;
 * scanning costs a small fraction of parsing) when the folder is first asked
 * about (`folders.get`, `folderOf`, resolving a reference in it), and
 * iterating `folders` builds them all (as building the index does when the
 * run lints most of the repository: `BuildIndexOptions.targets`). A CST node of the index
 * (`ResourceInfo.node`, `VariableInfo.defaultExpr`, a local's attribute…) is a
 * getter that parses its file on first use, through the run's `FileStore`; so
 * a run parses the files it lints plus the few other files a rule really
 * looks into, and linting one stack of a 150-stack repository neither parses
 * nor outlines the other 149.
 *
 * Cross-folder questions (`callersOf`, `namespacesNamed`, `resourcesOfType`)
 * read the bytes of every `.tf` file not outlined yet, once per kind of
 * question, and outline only the files whose bytes may hold a block that
 * answers it (`filesThatMay`). They are then answered without parsing whole
 * files: a module call's `source` from its block's text parsed on its own;
 * which namespaces may be named `name` from their block's text, resolving
 * only those; the names of a folder's `locals` from the `locals` blocks' text.
 *
 * Invariants:
 * - The facts are those an eager index would compute from the parse trees of
 *   every file (outline.ts guarantees the same top-level blocks; a byte test
 *   skips only files that certainly hold no block that matters; folders are
 *   iterated, and answers listed, in the order of each folder's first indexed
 *   file; the tests lint each stack alone and compare with the
 *   whole-repository run).
 * - While a file is held in the store (pinned, or recently used), every node
 *   the index returns for it belongs to the same parse as `getFile(path).hcl`,
 *   so identity comparisons between `ctx.file.hcl` nodes and index nodes of
 *   the linted file hold. A file evicted from the store and needed again is
 *   parsed again: compare nodes of other files by path and offset, not identity.
 * - A file is outlined at most once per index, so the declarations (and
 *   folders) it yields are the same objects whichever question outlined it.
 * - Memory is bounded: the store keeps at most `maxTextBytes` of source text
 *   (plus pinned files) with its parse trees, and per top-level block of an
 *   outlined file the index holds its type, first two labels (copied, so they
 *   never retain a whole file's text; common ones interned) and offsets, plus
 *   the text of module and namespace blocks. The bytes a cross-folder question
 *   reads are dropped as soon as they are tested.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import {
  getAttribute,
  getBlocks,
  parse,
  stringValue,
  traversalPath,
  type Attribute,
  type Block,
  type BodyItem,
  type Expression,
  type File as HclFile,
} from '../hcl/index.js';
import type { SourceFile } from '../engine/types.js';
import type {
  Declared,
  FolderIndex,
  FolderKind,
  ImportInfo,
  ModuleCallInfo,
  NamespaceInfo,
  NamespaceResolution,
  RepoIndex,
  ResourceInfo,
  SourcedValue,
  VariableInfo,
} from './index-types.js';
import { decodeFile, fileKindOf, isBinary } from './files.js';
import { isDiscoveredRegularFile, toPosixRelative } from './discover.js';
import { outlineOfParsed, scanOutline, type OutlineBlock } from './outline.js';

/** Where file bytes come from. `undefined` means the file cannot be read. */
export interface FileSource {
  read(path: string): Uint8Array | undefined;
  /**
   * The same bytes in a buffer the next call may reuse, for a caller that is
   * done with them before it reads another file (it saves an allocation per
   * file when a run reads every file). Without it, `read` serves.
   */
  readTransient?(path: string): Uint8Array | undefined;
}

/**
 * Reads files from disk. Only regular files are read: the file is opened
 * non-blocking and checked before reading, so a FIFO or device named `x.tf`
 * is unreadable instead of blocking the run forever. A transient read of a
 * file discovery listed from a regular-file directory entry is checked only
 * when its reads look like something else's (see `readDiscovered`): an fstat
 * costs more than the read of a small file.
 */
export const diskSource: FileSource = {
  read(path) {
    return readRegularFile(path, false);
  },
  readTransient(path) {
    return readRegularFile(path, true);
  },
};

/** The buffer reads land in first; `readTransient` returns views of it (files larger than it get their own). */
const scratch = Buffer.allocUnsafe(256 * 1024);

function readRegularFile(path: string, transient: boolean): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (transient && isDiscoveredRegularFile(path)) return readDiscovered(fd);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    return readOpenFile(fd, stat.size, transient && stat.size <= scratch.length ? scratch : undefined);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The bytes of an open file that discovery saw as a regular file, read to
 * the end into `scratch` without an fstat. It may have been replaced since
 * (non-blocking, a FIFO's read returns nothing or fails): an fstat checks it
 * when the first read returns nothing (an empty file, or a FIFO) or the
 * buffer fills (a large file, or a device that never ends). Only transient
 * reads take this path: a read that allocates costs the least at the size
 * an fstat gives.
 */
function readDiscovered(fd: number): Buffer | undefined {
  let n = 0;
  for (;;) {
    const got = readSync(fd, scratch, n, scratch.length - n, null);
    if (got === 0) break;
    n += got;
    if (n === scratch.length) return fstatSync(fd).isFile() ? Buffer.concat([scratch, readToEnd(fd)]) : undefined;
  }
  if (n === 0 && !fstatSync(fd).isFile()) return undefined;
  return scratch.subarray(0, n);
}

/**
 * The bytes of an open regular file of `size` bytes, as `readFileSync` reads
 * them (the size its fstat gave, or until the end when that is 0), without
 * the second fstat `readFileSync(fd)` makes; into `into` when given.
 */
function readOpenFile(fd: number, size: number, into: Buffer | undefined): Buffer {
  if (size === 0) return readToEnd(fd);
  const buf = into ?? Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, buf, n, size - n, null);
    if (got === 0) break;
    n += got;
  }
  return n === buf.length ? buf : buf.subarray(0, n);
}

function readToEnd(fd: number): Buffer {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const got = readSync(fd, chunk, 0, chunk.length, null);
    if (got === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, got));
  }
}

/** Reads `path` into a SourceFile (parsing HCL). */
export function loadSourceFile(root: string, path: string, source: FileSource): SourceFile | undefined {
  const bytes = source.read(path);
  if (bytes === undefined) return undefined;
  return makeSourceFile(root, path, bytes);
}

export function makeSourceFile(root: string, path: string, bytes: Uint8Array): SourceFile {
  const decoded = decodeFile(bytes);
  const head = decoded.text.slice(0, 80);
  const nameKind = fileKindOf(path, head);
  const kind = decoded.binary ? 'binary' : nameKind;
  const hcl = kind === 'hcl' ? parse(decoded.text, path) : undefined;
  const file: SourceFile = { path, relPath: toPosixRelative(root, path), kind, text: decoded.text, hcl, encrypted: decoded.encrypted };
  return decoded.invalidUtf8At === undefined ? file : { ...file, invalidUtf8At: decoded.invalidUtf8At };
}

/** The kind of a Terraform folder from its path relative to the root. */
export function folderKindOf(relDir: string): { kind: FolderKind; stack: string | undefined } {
  const parts = relDir === '' ? [] : relDir.split('/');
  if (parts[0] === 'stacks' && parts.length >= 2) {
    return { kind: parts.length === 2 ? 'stack' : 'nested-module', stack: `stacks/${parts[1]!}` };
  }
  if (parts[0] === 'modules') return { kind: 'shared-module', stack: undefined };
  return { kind: 'other', stack: undefined };
}

/** A copy of `s` that shares no memory with the string it was sliced from (V8 keeps a slice's parent alive). */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** `path` made absolute; a path that already is (and has no `.`, `..` or `//` step) is returned as is, without the cost of `resolve`. */
function absolute(path: string): string {
  return path.charCodeAt(0) === 47 && !path.includes('/.') && !path.includes('//') ? path : resolve(path);
}

/** The store's default budget of source text held with its parse tree (a parse tree takes ~25 bytes of heap per source byte). */
export const DEFAULT_STORE_BYTES = 512 * 1024;

/** A top-level block of an indexed file: its type, first two labels and offsets (the rest the index never needs). */
export interface IndexedBlock {
  readonly path: string;
  readonly blockType: string;
  readonly first: string | undefined;
  readonly second: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** The block types the index records; others (terraform, provider, moved…) tell rules nothing about other files. */
const INDEXED_BLOCK_TYPES = new Set(['resource', 'data', 'module', 'variable', 'locals', 'output', 'import']);

const interned = new Map<string, string>();

/** One shared copy of a block type or resource type (there are few of them and many blocks). */
function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  const copy = detached(s);
  if (interned.size < 4096) interned.set(copy, copy);
  return copy;
}

/** Whether the repo facts (cache.ts) include the block's full text: what rules read about other folders. */
export function isFactBlock(block: IndexedBlock): boolean {
  switch (block.blockType) {
    case 'module':
    case 'locals':
    case 'variable':
    case 'import':
      return true;
    case 'resource': {
      const type = block.first ?? '';
      return type.includes('namespace') || type.endsWith('_manifest');
    }
    default:
      return false;
  }
}

/**
 * The files of a run, read and parsed on demand and kept in a bounded,
 * least-recently-used cache. Overlay files (fixed text of a `--fix` pass) and
 * pinned files (being linted) are never evicted.
 */
export class FileStore {
  private readonly cache = new Map<string, SourceFile | undefined>();
  private readonly overlay = new Map<string, SourceFile>();
  private readonly pinned = new Map<string, number>();
  private bytes = 0;
  /** Milliseconds spent reading and parsing files so far (so that rule timings can leave out the parses a rule triggers). */
  loadMs = 0;
  /** The last text `text()` read, for runs of calls about blocks of one file. */
  private lastText: { path: string; text: string | undefined } | undefined;

  constructor(
    readonly root: string,
    private readonly source: FileSource,
    private readonly options: {
      /** Source text to keep with its parse tree beyond pinned files (UTF-16 code units). */
      readonly maxTextBytes?: number;
      /** Called each time a file is read and parsed (tests observe laziness with it). */
      readonly onLoad?: (path: string) => void;
    } = {},
  ) {}

  /** The file at `path` (absolute), read and parsed on first use; undefined when it cannot be read. */
  get(path: string): SourceFile | undefined {
    const fixed = this.overlay.get(path);
    if (fixed) return fixed;
    if (this.cache.has(path)) {
      const file = this.cache.get(path);
      if (this.pinned.size === 0 || !this.pinned.has(path)) {
        this.cache.delete(path);
        this.cache.set(path, file);
      }
      return file;
    }
    const t0 = performance.now();
    const file = loadSourceFile(this.root, path, this.source);
    this.loadMs += performance.now() - t0;
    this.options.onLoad?.(path);
    this.cache.set(path, file);
    this.bytes += file?.text.length ?? 0;
    this.evict();
    return file;
  }

  /** A file's bytes from the source, valid until the next read (see FileSource.readTransient). */
  readTransient(path: string): Uint8Array | undefined {
    return this.source.readTransient ? this.source.readTransient(path) : this.source.read(path);
  }

  /** The file when it is already loaded, without loading it. */
  peek(path: string): SourceFile | undefined {
    return this.overlay.get(path) ?? this.cache.get(path);
  }

  /** Replaces a file's content for the rest of the run (a fixed file). */
  setOverlay(path: string, file: SourceFile): void {
    this.overlay.set(path, file);
  }

  /** Keeps `path` loaded until `unpin` (the file being linted). */
  pin(path: string): void {
    this.pinned.set(path, (this.pinned.get(path) ?? 0) + 1);
  }

  unpin(path: string): void {
    const n = this.pinned.get(path) ?? 0;
    if (n <= 1) this.pinned.delete(path);
    else this.pinned.set(path, n - 1);
    this.evict();
  }

  private evict(): void {
    const max = this.options.maxTextBytes ?? DEFAULT_STORE_BYTES;
    if (this.bytes <= max) return;
    for (const [path, file] of this.cache) {
      if (this.bytes <= max) break;
      if (this.pinned.has(path)) continue;
      this.cache.delete(path);
      this.bytes -= file?.text.length ?? 0;
    }
  }

  /**
   * The top-level blocks of a Terraform file, or null when the file is not
   * indexed (unreadable or binary). Scanned without parsing when the scanner
   * can vouch for the file, else taken from its parse. `read` is the file's
   * bytes when the caller has just read them.
   */
  outline(path: string, read?: Uint8Array): { readonly blocks: readonly OutlineBlock[]; readonly text: string } | null {
    const loaded = this.peek(path);
    if (loaded) return loaded.hcl ? { blocks: outlineOfParsed(loaded.hcl), text: loaded.text } : null;
    const bytes = read ?? this.source.read(path);
    const decoded = bytes === undefined ? undefined : decodeFile(bytes);
    if (!decoded || decoded.binary) return null;
    const blocks = scanOutline(decoded.text);
    if (blocks !== undefined) return { blocks, text: decoded.text };
    const file = this.get(path);
    return file?.hcl ? { blocks: outlineOfParsed(file.hcl), text: file.text } : null;
  }

  /**
   * A file's text without parsing it: the loaded file's, else read again
   * (the last one read is kept, for runs of calls about blocks of one file).
   */
  text(path: string): string | undefined {
    const loaded = this.peek(path);
    if (loaded) return loaded.text;
    if (this.lastText?.path !== path) {
      const bytes = this.source.read(path);
      this.lastText = { path, text: bytes === undefined ? undefined : decodeFile(bytes).text };
    }
    return this.lastText.text;
  }

  /** The text of an outline block, read without parsing its file. */
  blockText(block: IndexedBlock): string | undefined {
    return this.text(block.path)?.slice(block.start, block.end);
  }

  /** The top-level item of `path` that starts at `start` (an outline block's node). */
  itemAt(path: string, start: number): BodyItem {
    const hcl = this.get(path)?.hcl;
    const item = hcl ? itemStartingAt(hcl, start) : undefined;
    if (!item) throw new Error(`${toPosixRelative(this.root, path)} changed while infralint was running; run it again`);
    return item;
  }
}

const itemsByStart = new WeakMap<HclFile, Map<number, BodyItem>>();

function itemStartingAt(hcl: HclFile, start: number): BodyItem | undefined {
  let byStart = itemsByStart.get(hcl);
  if (!byStart) {
    byStart = new Map(hcl.body.items.map((item) => [item.start, item]));
    itemsByStart.set(hcl, byStart);
  }
  return byStart.get(start);
}

function blockAt(store: FileStore, block: IndexedBlock): Block {
  const item = store.itemAt(block.path, block.start);
  if (item.kind !== 'Block' || item.type !== block.blockType) throw new Error(`${toPosixRelative(store.root, block.path)} changed while infralint was running; run it again`);
  return item;
}

/**
 * A block for reading values, never handed to rules: the loaded file's node
 * when its file is loaded anyway, else the block's text parsed on its own.
 * `base` is what to add to the node's offsets to get offsets in the file.
 */
function standaloneBlock(store: FileStore, block: IndexedBlock): { node: Block; base: number } | undefined {
  const loaded = store.peek(block.path)?.hcl;
  const item = loaded ? itemStartingAt(loaded, block.start) : undefined;
  if (item?.kind === 'Block') return { node: item, base: 0 };
  const text = store.blockText(block);
  if (text === undefined) return undefined;
  const parsed = parse(text).body.items[0];
  return parsed?.kind === 'Block' ? { node: parsed, base: block.start } : undefined;
}

/** A top-level block of the index; its node and file are read through the store on demand. */
class IndexedDeclaration implements IndexedBlock {
  constructor(
    protected readonly store: FileStore,
    readonly path: string,
    readonly blockType: string,
    readonly first: string | undefined,
    readonly second: string | undefined,
    readonly start: number,
    readonly end: number,
  ) {}

  get node(): Block {
    return blockAt(this.store, this);
  }

  get file(): SourceFile {
    const file = this.store.get(this.path);
    if (!file) throw new Error(`${toPosixRelative(this.store.root, this.path)} can no longer be read`);
    return file;
  }
}

class IndexedResource extends IndexedDeclaration implements ResourceInfo {
  get mode(): 'resource' | 'data' {
    return this.blockType === 'data' ? 'data' : 'resource';
  }

  get type(): string {
    return this.first!;
  }

  get name(): string {
    return this.second!;
  }

  get address(): string {
    return `${this.mode}.${this.type}.${this.name}`;
  }
}

/** What can make a namespace's resolved name differ from the text of its block: escapes, templates, heredocs, references. */
const NOT_VERBATIM = /[\\$%<]|\bvar\.|\blocal\.|kubernetes_namespace/;

/** A `kubernetes_namespace` (or `_v1`) resource, with its block's text for answering `namespacesNamed` without parsing. */
class IndexedNamespace extends IndexedResource {
  constructor(
    store: FileStore,
    path: string,
    first: string,
    second: string,
    start: number,
    end: number,
    /** The block's text (copied). */
    private readonly text: string,
  ) {
    super(store, path, 'resource', first, second, start, end);
  }

  /**
   * False only when the namespace cannot resolve to `name`: its body (after
   * the opening brace) neither contains `name` nor anything that makes a
   * resolved value differ from the source text. A literal `metadata.name`
   * (string, number or bool) appears verbatim in the body.
   */
  mayBeNamed(name: string): boolean {
    const bodyStart = this.text.indexOf('{') + 1;
    this.notVerbatim ??= NOT_VERBATIM.test(this.text.slice(bodyStart));
    return this.notVerbatim || this.text.includes(name, bodyStart);
  }

  /** Whether the body holds something that makes a resolved value differ from its text (computed once: `mayBeNamed` is asked for many names). */
  private notVerbatim: boolean | undefined;
}

class IndexedModuleCall extends IndexedDeclaration implements ModuleCallInfo {
  private sourceRead = false;
  private sourceValue: string | undefined;

  constructor(
    store: FileStore,
    path: string,
    first: string,
    start: number,
    end: number,
    /** The block's text (copied), to read `source` without parsing the file. */
    private readonly text: string,
  ) {
    super(store, path, 'module', first, undefined, start, end);
  }

  get name(): string {
    return this.first!;
  }

  /** The module's folder: the caller's. */
  get callerDir(): string {
    return dirname(this.path);
  }

  get source(): string | undefined {
    if (!this.sourceRead) {
      const parsed = parse(this.text).body.items[0];
      const attr = parsed?.kind === 'Block' ? getAttribute(parsed.body, 'source') : undefined;
      const value = attr ? stringValue(attr.value) : undefined;
      this.sourceValue = value === undefined ? undefined : detached(value);
      this.sourceRead = true;
    }
    return this.sourceValue;
  }

  get sourceDir(): string | undefined {
    const source = this.source;
    return source !== undefined && /^\.\.?\//.test(source) ? resolve(this.callerDir, source) : undefined;
  }

  /** False only when the call cannot resolve to `dir` (see `mayReach`), judged from its block's text without reading its `source`. */
  mayCall(dir: string): boolean {
    return mayReach(this.callerDir, dir, this.text);
  }
}

/**
 * False only when no relative module source written in `text` (a file's text
 * or bytes) can resolve to `target` from `callerDir`. Resolving a relative
 * source keeps some leading steps of the caller's folder (`..` takes the
 * others back) and appends the steps of the source that no later `..` takes
 * back. So the source ends with every step of `target` below the deepest
 * folder holding both (none when `target` holds `callerDir`: `../..`), and
 * `text` holds each of them verbatim: no escape but `\u` decodes to the
 * characters of a plain step (letters, digits, `.`, `_`, `-`).
 */
function mayReach(callerDir: string, target: string, text: string | Buffer): boolean {
  const targetSteps = target.split(sep);
  const callerSteps = callerDir.split(sep);
  let common = 0;
  while (common < targetSteps.length && common < callerSteps.length && targetSteps[common] === callerSteps[common]) common++;
  const steps = targetSteps.slice(common);
  if (!steps.every((step) => PLAIN_STEP.test(step))) return true;
  if (typeof text === 'string' ? UNICODE_ESCAPE_TEXT.test(text) : hasUnicodeEscape(text)) return true;
  return steps.every((step) => text.includes(step));
}

const PLAIN_STEP = /^[A-Za-z0-9._-]+$/;
const UNICODE_ESCAPE_TEXT = /\\[uU]/;

class IndexedVariable extends IndexedDeclaration implements VariableInfo {
  get name(): string {
    return this.first!;
  }

  get defaultExpr(): Expression | undefined {
    return getAttribute(this.node.body, 'default')?.value;
  }
}

class IndexedOutput extends IndexedDeclaration implements Declared {
  get name(): string {
    return this.first!;
  }
}

class IndexedImport extends IndexedDeclaration implements ImportInfo {
  get to(): string | undefined {
    const to = getAttribute(this.node.body, 'to');
    return to ? traversalPath(to.value) : undefined;
  }

  get idExpr(): Expression | undefined {
    return getAttribute(this.node.body, 'id')?.value;
  }
}

class IndexedLocal implements Declared<Attribute> {
  constructor(
    private readonly store: FileStore,
    private readonly block: IndexedBlock,
    readonly name: string,
    /** The attribute's offset in its file. */
    private readonly start: number,
  ) {}

  get node(): Attribute {
    const attr = blockAt(this.store, this.block).body.items.find((item) => item.start === this.start);
    if (attr?.kind !== 'Attribute') throw new Error(`${toPosixRelative(this.store.root, this.block.path)} changed while infralint was running; run it again`);
    return attr;
  }

  get file(): SourceFile {
    const file = this.store.get(this.block.path);
    if (!file) throw new Error(`${toPosixRelative(this.store.root, this.block.path)} can no longer be read`);
    return file;
  }
}

const NAMESPACE_TYPES = new Set(['kubernetes_namespace', 'kubernetes_namespace_v1']);
const MAX_RESOLVE_DEPTH = 12;

/** The declarations of a file's indexed top-level blocks, in source order; `text` is the file's text, of which only module and namespace blocks are kept (copied). */
function declarationsOf(store: FileStore, path: string, blocks: readonly OutlineBlock[], text: string): IndexedDeclaration[] {
  const out: IndexedDeclaration[] = [];
  for (const block of blocks) {
    if (!INDEXED_BLOCK_TYPES.has(block.type)) continue;
    const type = intern(block.type);
    const [label0, label1] = block.labels;
    const isResource = type === 'resource' || type === 'data';
    const first = label0 === undefined ? undefined : isResource ? intern(label0) : detached(label0);
    const second = label1 === undefined ? undefined : detached(label1);
    out.push(declare(store, path, type, first, second, block.start, block.end, text));
  }
  return out;
}

function declare(store: FileStore, path: string, type: string, first: string | undefined, second: string | undefined, start: number, end: number, text: string): IndexedDeclaration {
  switch (type) {
    case 'resource':
    case 'data':
      if (first !== undefined && second !== undefined) {
        return type === 'resource' && NAMESPACE_TYPES.has(first)
          ? new IndexedNamespace(store, path, first, second, start, end, detached(text.slice(start, end)))
          : new IndexedResource(store, path, type, first, second, start, end);
      }
      break;
    case 'module':
      if (first !== undefined) return new IndexedModuleCall(store, path, first, start, end, detached(text.slice(start, end)));
      break;
    case 'variable':
      if (first !== undefined) return new IndexedVariable(store, path, type, first, second, start, end);
      break;
    case 'output':
      if (first !== undefined) return new IndexedOutput(store, path, type, first, second, start, end);
      break;
    case 'import':
      return new IndexedImport(store, path, type, first, second, start, end);
    default:
      break;
  }
  return new IndexedDeclaration(store, path, type, first, second, start, end);
}

/** A Terraform folder of the index; its lists come from its files' declarations, its nodes from the store on demand. */
export class IndexedFolder implements FolderIndex {
  readonly relDir: string;
  readonly kind: FolderKind;
  readonly stack: string | undefined;
  /** Every indexed top-level block of the folder's files, in file and source order. */
  readonly blocks: IndexedBlock[] = [];
  readonly resources: IndexedResource[] = [];
  readonly moduleCalls: IndexedModuleCall[] = [];
  readonly variables = new Map<string, VariableInfo>();
  readonly outputs = new Map<string, Declared>();
  readonly imports: ImportInfo[] = [];
  private readonly paths: string[] = [];
  private localsMap: Map<string, Declared<Attribute>> | undefined;
  private namespaceList: NamespaceInfo[] | undefined;

  constructor(
    readonly dir: string,
    root: string,
    readonly hasTerragrunt: boolean,
    private readonly store: FileStore,
    private readonly computeNamespaces: (folder: IndexedFolder, into: NamespaceInfo[]) => void,
  ) {
    this.relDir = toPosixRelative(root, dir);
    const { kind, stack } = folderKindOf(this.relDir);
    this.kind = kind;
    this.stack = stack;
  }

  get files(): SourceFile[] {
    const out: SourceFile[] = [];
    for (const p of this.paths) {
      const file = this.store.get(p);
      if (file) out.push(file);
    }
    return out;
  }

  get locals(): Map<string, Declared<Attribute>> {
    if (!this.localsMap) {
      this.localsMap = new Map();
      for (const block of this.blocks) {
        if (block.blockType !== 'locals') continue;
        const standalone = standaloneBlock(this.store, block);
        for (const item of standalone?.node.body.items ?? []) {
          if (item.kind !== 'Attribute') continue;
          const name = detached(item.name);
          this.localsMap.set(name, new IndexedLocal(this.store, block, name, standalone!.base + item.start));
        }
      }
    }
    return this.localsMap;
  }

  /**
   * Computed on first use, in declaration order; while it is being computed
   * it holds the namespaces computed so far (a name may refer to a namespace
   * declared before it, as in an eager index).
   */
  get namespaces(): NamespaceInfo[] {
    if (!this.namespaceList) {
      this.namespaceList = [];
      this.computeNamespaces(this, this.namespaceList);
    }
    return this.namespaceList;
  }

  /** Adds a file's declarations (files are added in path order; a later variable or output of the same name wins). */
  addFile(path: string, declarations: readonly IndexedDeclaration[]): void {
    this.paths.push(path);
    for (const d of declarations) {
      this.blocks.push(d);
      if (d instanceof IndexedResource) this.resources.push(d);
      else if (d instanceof IndexedModuleCall) this.moduleCalls.push(d);
      else if (d instanceof IndexedVariable) this.variables.set(d.name, d);
      else if (d instanceof IndexedOutput) this.outputs.set(d.name, d);
      else if (d instanceof IndexedImport) this.imports.push(d);
    }
  }
}

const MODULE = Buffer.from('module');
const NAMESPACE_LABEL = Buffer.from('kubernetes_namespace');
const MANIFEST_SUFFIX = Buffer.from('_manifest');
const DOT = 46;
const BACKSLASH = 92;

/** A byte of an ASCII identifier (HCL identifiers: letters, digits, `_` and `-`). */
function isIdentByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * Whether a string literal in these bytes may hold a `\u`/`\U` escape: the
 * only escapes that decode to a letter, digit, `_`, `-`, `.` or `/`. A file
 * without one holds each such string's value verbatim (after the `$${` and
 * `%%{` escapes, which the words searched for here do not contain).
 */
function hasUnicodeEscape(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(BACKSLASH); i >= 0; i = bytes.indexOf(BACKSLASH, i + 1)) {
    const next = bytes[i + 1];
    if (next === 117 || next === 85) return true;
  }
  return false;
}

/** Whether the byte after a word (undefined at the end) can end a block label: neither an identifier character nor `.`. */
function mayEndLabel(next: number | undefined): boolean {
  return next === undefined || (next !== DOT && !isIdentByte(next));
}

/**
 * Whether these bytes may hold a block label with the value `label` (an ASCII
 * identifier): an occurrence followed by neither an identifier character nor
 * `.`. A block label is one token (an identifier, followed by a space, a
 * comment, another label or `{`; or a quoted string, followed by its closing
 * quote), so a word that appears only in references
 * (`kubernetes_namespace.x`) or inside longer words is not one. Bytes decode
 * to text that holds the same ASCII characters at the same places (non-ASCII
 * bytes never decode to ASCII), whatever the encoding decodeFile picks. A
 * label written with escapes is not seen: callers accept files with
 * `hasUnicodeEscape` too.
 */
function mayHoldLabel(bytes: Buffer, label: Buffer): boolean {
  for (let i = bytes.indexOf(label); i >= 0; i = bytes.indexOf(label, i + 1)) {
    if (mayEndLabel(bytes[i + label.length])) return true;
  }
  return false;
}

/** Whether a file may declare a `kubernetes_namespace` or `kubernetes_namespace_v1` resource (see `mayHoldLabel`). */
function mayDeclareNamespaces(bytes: Buffer): boolean {
  const n = NAMESPACE_LABEL.length;
  for (let i = bytes.indexOf(NAMESPACE_LABEL); i >= 0; i = bytes.indexOf(NAMESPACE_LABEL, i + 1)) {
    if (mayEndLabel(bytes[i + n])) return true;
    if (bytes[i + n] === 95 && bytes[i + n + 1] === 118 && bytes[i + n + 2] === 49 && mayEndLabel(bytes[i + n + 3])) return true;
  }
  return hasUnicodeEscape(bytes);
}

/**
 * Whether a file may declare a resource whose type ends with `_manifest`
 * (`kubernetes_manifest`, `kubectl_manifest`…): the end of such a label is
 * `_manifest` followed by what may end a label (see `mayHoldLabel`).
 */
function mayDeclareManifests(bytes: Buffer): boolean {
  return mayHoldLabel(bytes, MANIFEST_SUFFIX) || hasUnicodeEscape(bytes);
}

/** Whether a file may hold a `module` block (its type is an identifier, which has no escapes). */
function mayCallModules(bytes: Buffer): boolean {
  return bytes.includes(MODULE);
}

/** How many `callersOf` questions may read the module files' bytes (see RepoIndexImpl.callersOf). */
const MAX_CALLER_SCANS = 2;

/** The kinds of cross-folder question whose files every pass sorts (see RepoIndexImpl.filesThatMay). */
const STANDARD_KINDS = new Map([
  ['module', mayCallModules],
  ['namespace', mayDeclareNamespaces],
  ['manifest', mayDeclareManifests],
]);

/** Whether `type` is a word `mayHoldLabel` can look for. */
function isPlainLabel(type: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(type);
}

/**
 * The folders of the index by absolute path, each built (its files outlined)
 * on first `get`; iterating builds them all, in the order an index that
 * outlined every file in path order would have created them.
 */
class FolderMap implements ReadonlyMap<string, IndexedFolder> {
  private readonly built = new Map<string, IndexedFolder | undefined>();
  private everything: Map<string, IndexedFolder> | undefined;

  constructor(
    /** Every folder with a `.tf` file. */
    private readonly dirs: ReadonlyMap<string, unknown>,
    private readonly build: (dir: string) => IndexedFolder | undefined,
    private readonly order: (dirs: Iterable<string>) => string[],
  ) {}

  get(dir: string): IndexedFolder | undefined {
    if (!this.dirs.has(dir)) return undefined;
    if (!this.built.has(dir)) this.built.set(dir, this.build(dir));
    return this.built.get(dir);
  }

  has(dir: string): boolean {
    return this.get(dir) !== undefined;
  }

  get size(): number {
    return this.all().size;
  }

  entries(): MapIterator<[string, IndexedFolder]> {
    return this.all().entries();
  }

  keys(): MapIterator<string> {
    return this.all().keys();
  }

  values(): MapIterator<IndexedFolder> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[string, IndexedFolder]> {
    return this.all()[Symbol.iterator]();
  }

  forEach(callback: (folder: IndexedFolder, dir: string, map: ReadonlyMap<string, IndexedFolder>) => void, thisArg?: unknown): void {
    for (const [dir, folder] of this.all()) callback.call(thisArg, folder, dir, this);
  }

  /** Builds every folder now. */
  buildAll(): void {
    this.all();
  }

  private all(): Map<string, IndexedFolder> {
    if (!this.everything) {
      this.everything = new Map();
      for (const dir of this.order(this.dirs.keys())) {
        const folder = this.get(dir);
        if (folder) this.everything.set(dir, folder);
      }
    }
    return this.everything;
  }
}

export interface BuildIndexOptions {
  readonly root: string;
  /** Every file of the repository (absolute, sorted). */
  readonly paths: readonly string[];
  readonly source: FileSource;
  /** Files already loaded (e.g. by a previous fix pass), reused as they are. */
  readonly preloaded?: ReadonlyMap<string, SourceFile>;
  /** The run's file store (shared by the fix passes of a run); a new one reading from `source` by default. */
  readonly store?: FileStore;
  /**
   * The files the run lints, when known. When they are at least half of the
   * repository's `.tf` files, every folder is built at once: the run builds
   * nearly all of them anyway, and cross-folder questions then read no bytes
   * (otherwise a whole-repository run reads every file once more for them).
   */
  readonly targets?: readonly string[];
}

export class RepoIndexImpl implements RepoIndex {
  readonly root: string;
  readonly paths: readonly string[];
  readonly folders: ReadonlyMap<string, IndexedFolder>;
  readonly configValues = new Map<string, SourcedValue>();
  readonly store: FileStore;
  private readonly pathSet: ReadonlySet<string>;
  /** Each folder's `.tf` files in path order; folders in the order of their first `.tf` file in `paths`. */
  private readonly terraformFiles = new Map<string, string[]>();
  /** Position of each `.tf` file in `paths`. */
  private readonly position = new Map<string, number>();
  private readonly terragruntDirs = new Set<string>();
  /** The declarations of each outlined file; null for a file that is not indexed (unreadable or binary). */
  private readonly declared = new Map<string, readonly IndexedDeclaration[] | null>();
  /** Files a pass found readable and not binary (so indexed) without outlining them. */
  private readonly indexable = new Set<string>();
  /** The files that may answer each kind of cross-folder question (see `filesThatMay`). */
  private readonly candidates = new Map<string, ReadonlySet<string>>();
  private readonly callersCache = new Map<string, ModuleCallInfo[]>();
  /** How many `callersOf` questions read the module files' bytes for their folder's steps. */
  private callerScans = 0;
  private allCallers: Map<string, ModuleCallInfo[]> | undefined;
  private readonly namedCache = new Map<string, NamespaceInfo[]>();
  /** The namespace resources of the repository (key '') and of each stack asked about. */
  private readonly namespaceLists = new Map<string, IndexedNamespace[]>();
  private stackFiles: Map<string, Set<string>> | undefined;
  private readonly typedCache = new Map<string, ResourceInfo[]>();

  constructor(options: BuildIndexOptions) {
    this.root = options.root;
    this.paths = options.paths;
    this.pathSet = new Set(options.paths);
    this.store = options.store ?? new FileStore(options.root, options.source);
    if (options.preloaded) for (const [p, f] of options.preloaded) this.store.setOverlay(p, f);
    for (let i = 0; i < this.paths.length; i++) {
      const path = this.paths[i]!;
      if (path.endsWith('.tf')) {
        const dir = dirname(path);
        const files = this.terraformFiles.get(dir);
        if (files) files.push(path);
        else this.terraformFiles.set(dir, [path]);
        this.position.set(path, i);
      } else if (basename(path) === 'terragrunt.hcl') {
        this.terragruntDirs.add(dirname(path));
      }
    }
    const folders = new FolderMap(
      this.terraformFiles,
      (dir) => this.buildFolder(dir),
      (dirs) => this.inIndexOrder(dirs),
    );
    this.folders = folders;
    if (options.targets && options.targets.filter((t) => this.position.has(t)).length * 2 >= this.position.size) folders.buildAll();
    this.loadConfigValues();
  }

  getFile(path: string): SourceFile | undefined {
    return this.store.get(absolute(path));
  }

  /** Whether `path` is one of the repository's files. */
  has(path: string): boolean {
    return this.pathSet.has(path);
  }

  folderOf(path: string): FolderIndex | undefined {
    return this.folders.get(dirname(absolute(path)));
  }

  /**
   * For the first few folders asked about, only files whose bytes may name
   * the folder are outlined (see `mayReach`), and only calls whose text may
   * name it have their `source` read. Past MAX_CALLER_SCANS folders (a run
   * that lints modules all over the repository), every file that may hold a
   * `module` block is outlined and every call's source read once, as a map
   * by folder: a run never reads the module files' bytes, nor looks through
   * every call, once per folder.
   */
  callersOf(dir: string): ModuleCallInfo[] {
    const target = absolute(dir);
    const known = this.callersCache.get(target);
    if (known) return known;
    if (this.callerScans >= MAX_CALLER_SCANS) return this.callersBySource().get(target) ?? [];
    this.callerScans++;
    const modules = this.filesThatMay('module', mayCallModules, false);
    const files = this.filesPassing(modules, (path, bytes) => mayReach(dirname(path), target, bytes));
    const out: ModuleCallInfo[] = [];
    for (const call of this.declarationsIn(files)) {
      if (call instanceof IndexedModuleCall && call.mayCall(target) && call.sourceDir === target) out.push(call);
    }
    this.callersCache.set(target, out);
    return out;
  }

  /** Every module call with a local source, by the folder it resolves to, in folder and declaration order. */
  private callersBySource(): Map<string, ModuleCallInfo[]> {
    if (!this.allCallers) {
      this.allCallers = new Map();
      for (const call of this.declarationsIn(this.filesThatMay('module', mayCallModules))) {
        if (!(call instanceof IndexedModuleCall)) continue;
        const sourceDir = call.sourceDir;
        if (sourceDir === undefined) continue;
        let list = this.allCallers.get(sourceDir);
        if (!list) this.allCallers.set(sourceDir, (list = []));
        list.push(call);
      }
    }
    return this.allCallers;
  }

  /**
   * Only files that may declare a namespace are outlined (see `filesThatMay`;
   * with `stack`, only that stack's files), and only the namespaces whose
   * block text could name `name` are resolved (which parses their files);
   * see IndexedNamespace.mayBeNamed.
   */
  namespacesNamed(name: string, stack?: string): NamespaceInfo[] {
    const key = stack === undefined ? name : `${stack}\0${name}`;
    const known = this.namedCache.get(key);
    if (known) return known;
    const out: NamespaceInfo[] = [];
    for (const resource of this.namespaceResources(stack)) {
      if (!resource.mayBeNamed(name)) continue;
      const info = this.namespaceInfoOf(resource);
      if (info?.name === name) out.push(info);
    }
    this.namedCache.set(key, out);
    return out;
  }

  /** The namespace resources of the repository (or of `stack`), in folder and declaration order; listed once. */
  private namespaceResources(stack: string | undefined): IndexedNamespace[] {
    const key = stack ?? '';
    let list = this.namespaceLists.get(key);
    if (!list) {
      const files = stack === undefined ? this.filesThatMay('namespace', mayDeclareNamespaces) : (this.filesByStack().get(stack) ?? new Set<string>());
      list = [...this.declarationsIn(files)].filter((d): d is IndexedNamespace => d instanceof IndexedNamespace);
      this.namespaceLists.set(key, list);
    }
    return list;
  }

  /**
   * Only files that may declare a resource of one of `types` are outlined
   * (see `filesThatMay`; manifest types are a standard kind).
   */
  resourcesOfType(types: ReadonlySet<string>): ResourceInfo[] {
    const key = [...types].sort().join(' ');
    const known = this.typedCache.get(key);
    if (known) return known;
    const labels = [...types].map((t) => Buffer.from(t));
    const plain = [...types].every(isPlainLabel);
    const files = plain && [...types].every((t) => t.endsWith('_manifest'))
      ? this.filesThatMay('manifest', mayDeclareManifests)
      : this.filesThatMay(`types ${key}`, (bytes) => !plain || hasUnicodeEscape(bytes) || labels.some((label) => mayHoldLabel(bytes, label)));
    const out: ResourceInfo[] = [];
    for (const resource of this.declarationsIn(files)) {
      if (resource instanceof IndexedResource && types.has(resource.type)) out.push(resource);
    }
    this.typedCache.set(key, out);
    return out;
  }

  private namespaceInfoOf(resource: IndexedResource): NamespaceInfo | undefined {
    const folder = this.folders.get(dirname(resource.path));
    return folder?.namespaces.find((ns) => ns.resource === resource);
  }

  /** A file's declarations, outlining it (from `bytes` when given) on first use; null when it is not indexed. */
  private declarationsOfFile(path: string, bytes?: Uint8Array): readonly IndexedDeclaration[] | null {
    let declarations = this.declared.get(path);
    if (declarations === undefined) {
      const outline = this.store.outline(path, bytes);
      declarations = outline === null ? null : declarationsOf(this.store, path, outline.blocks, outline.text);
      this.declared.set(path, declarations);
    }
    return declarations;
  }

  /** The folder at `dir` (which has `.tf` files), or undefined when none of its files is indexed. */
  private buildFolder(dir: string): IndexedFolder | undefined {
    let folder: IndexedFolder | undefined;
    for (const path of this.terraformFiles.get(dir) ?? []) {
      const declarations = this.declarationsOfFile(path);
      if (declarations === null) continue;
      folder ??= new IndexedFolder(dir, this.root, this.terragruntDirs.has(dir), this.store, (f, into) => {
        this.computeNamespaces(f, into);
      });
      folder.addFile(path, declarations);
    }
    return folder;
  }

  /**
   * `dirs` (folders with `.tf` files) in the order of `folders`: by the
   * position of each folder's first indexed file, as an index that outlined
   * every file in path order would have created them.
   */
  private inIndexOrder(dirs: Iterable<string>): string[] {
    const ranked: { dir: string; rank: number }[] = [];
    for (const dir of dirs) {
      const first = (this.terraformFiles.get(dir) ?? []).find((p) => this.indexable.has(p) || this.declarationsOfFile(p) !== null);
      if (first !== undefined) ranked.push({ dir, rank: this.position.get(first)! });
    }
    return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.dir);
  }

  /** The declarations of `files`, in folder order (that of `folders`) and then path and source order. */
  private *declarationsIn(files: ReadonlySet<string>): Generator<IndexedDeclaration> {
    const dirs = new Set<string>();
    for (const path of files) dirs.add(dirname(path));
    for (const dir of this.inIndexOrder(dirs)) {
      for (const path of this.terraformFiles.get(dir)!) {
        if (files.has(path)) yield* this.declarationsOfFile(path) ?? [];
      }
    }
  }

  /** The `.tf` files of each stack's folders, by stack (`stacks/<name>`). */
  private filesByStack(): ReadonlyMap<string, ReadonlySet<string>> {
    if (!this.stackFiles) {
      this.stackFiles = new Map();
      for (const [dir, files] of this.terraformFiles) {
        const stack = folderKindOf(toPosixRelative(this.root, dir)).stack;
        if (stack === undefined) continue;
        let set = this.stackFiles.get(stack);
        if (!set) this.stackFiles.set(stack, (set = new Set()));
        for (const path of files) set.add(path);
      }
    }
    return this.stackFiles;
  }

  /**
   * The files of `files` that are outlined or loaded already, and those of
   * the others whose bytes pass `test` (outlined on the spot).
   */
  private filesPassing(files: ReadonlySet<string>, test: (path: string, bytes: Buffer) => boolean): ReadonlySet<string> {
    const out = new Set<string>();
    for (const path of files) {
      if (this.declared.has(path) || this.store.peek(path) !== undefined) {
        out.add(path);
        continue;
      }
      const bytes = this.store.readTransient(path);
      if (bytes === undefined || !test(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) continue;
      this.declarationsOfFile(path, bytes);
      out.add(path);
    }
    return out;
  }

  /**
   * The `.tf` files that may hold a declaration answering the questions of
   * `kind`, computed once per kind: every file already outlined or loaded,
   * and each other file whose bytes pass `test` (outlined on the spot). So a
   * cross-folder question reads every file's bytes once but decodes and
   * outlines only the few that can matter. `test` may reject only a file that
   * certainly holds no such declaration. The pass also sorts the files for
   * the standard kinds not asked about yet (outlining them when asked), so a
   * run reads the repository's bytes once for all of those. Without
   * `outlineNow`, the files of `kind` too are outlined only when asked
   * (`callersOf` narrows them down first).
   */
  private filesThatMay(kind: string, test: (bytes: Buffer) => boolean, outlineNow = true): ReadonlySet<string> {
    const known = this.candidates.get(kind);
    if (known) return known;
    const tests = new Map([[kind, test]]);
    for (const [standard, standardTest] of STANDARD_KINDS) if (!this.candidates.has(standard)) tests.set(standard, standardTest);
    const found = new Map([...tests.keys()].map((k) => [k, new Set<string>()]));
    for (const files of this.terraformFiles.values()) {
      for (const path of files) {
        if (this.declared.has(path) || this.store.peek(path) !== undefined) {
          for (const set of found.values()) set.add(path);
          continue;
        }
        const bytes = this.store.readTransient(path);
        if (bytes === undefined || isBinary(bytes)) {
          this.declared.set(path, null);
          continue;
        }
        this.indexable.add(path);
        const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        let outline = false;
        for (const [k, t] of tests) {
          if (!t(buf)) continue;
          found.get(k)!.add(path);
          outline ||= k === kind && outlineNow;
        }
        // last: outlining may read (and so overwrite transient bytes) when the scanner declines the file
        if (outline) this.declarationsOfFile(path, bytes);
      }
    }
    for (const [k, set] of found) this.candidates.set(k, set);
    return found.get(kind)!;
  }

  resolveString(expr: Expression, file: SourceFile): string | undefined {
    return this.resolveIn(expr, dirname(file.path), 0);
  }

  resolveNamespace(expr: Expression, file: SourceFile): NamespaceResolution[] {
    return this.resolveNamespaceIn(expr, dirname(file.path), 0);
  }

  private resolveNamespaceIn(expr: Expression, dir: string, depth: number): NamespaceResolution[] {
    if (depth > MAX_RESOLVE_DEPTH) return [];
    const folder = this.folders.get(dir);
    const path = traversalPath(expr);
    const nsResource = path !== undefined && folder ? this.namespaceResourceOf(path, folder) : undefined;
    if (nsResource) {
      const name = nsResource.name ?? nsResource.resource.address;
      return [{ name, namespaces: [nsResource], via: [] }];
    }
    const literal = this.resolveIn(expr, dir, depth);
    if (literal !== undefined) return [{ name: literal, namespaces: this.namespacesNamed(literal), via: [] }];
    const variable = path?.match(/^var\.([\p{L}\p{N}_-]+)$/u)?.[1];
    if (variable === undefined || !folder || folder.kind === 'stack') return [];
    const results: { name: string; namespaces: NamespaceInfo[]; via: ModuleCallInfo[] }[] = [];
    for (const call of this.callersOf(dir)) {
      const arg = getAttribute(call.node.body, variable);
      const resolved = arg ? this.resolveNamespaceIn(arg.value, call.callerDir, depth + 1) : this.defaultOf(folder, variable, depth);
      for (const r of resolved) {
        const existing = results.find((x) => x.name === r.name);
        const via = [...r.via, call];
        if (existing) existing.via.push(...via);
        else results.push({ name: r.name, namespaces: r.namespaces, via });
      }
    }
    return results;
  }

  private defaultOf(folder: FolderIndex, variable: string, depth: number): NamespaceResolution[] {
    const def = folder.variables.get(variable)?.defaultExpr;
    if (!def) return [];
    const value = this.resolveIn(def, folder.dir, depth + 1);
    return value === undefined ? [] : [{ name: value, namespaces: this.namespacesNamed(value), via: [] }];
  }

  /** The namespace declared by `kubernetes_namespace.x…` when `path` refers to one in `folder`. */
  private namespaceResourceOf(path: string, folder: FolderIndex): NamespaceInfo | undefined {
    const m = /^(kubernetes_namespace(?:_v1)?)\.([\p{L}\p{N}_-]+)(?:\.metadata(?:\[0\]|\.0)\.name|\.id)$/u.exec(path);
    if (!m) return undefined;
    return folder.namespaces.find((ns) => ns.resource.type === m[1] && ns.resource.name === m[2]);
  }

  private resolveIn(expr: Expression, dir: string, depth: number): string | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const literal = stringValue(expr);
    if (literal !== undefined) return literal;
    switch (expr.kind) {
      case 'NumberLit':
        return expr.raw;
      case 'BoolLit':
        return String(expr.value);
      case 'Parens':
        return this.resolveIn(expr.expr, dir, depth + 1);
      case 'Template': {
        let out = '';
        for (const part of expr.parts) {
          if (part.kind === 'TemplateText') out += part.value;
          else if (part.kind === 'TemplateInterpolation') {
            const v = this.resolveIn(part.expr, dir, depth + 1);
            if (v === undefined) return undefined;
            out += v;
          } else return undefined;
        }
        return out;
      }
      default:
        break;
    }
    const path = traversalPath(expr);
    if (path === undefined) return undefined;
    const folder = this.folders.get(dir);
    if (!folder) return undefined;
    const varMatch = /^var\.([\p{L}\p{N}_-]+)$/u.exec(path);
    if (varMatch) {
      const name = varMatch[1]!;
      if (folder.kind !== 'nested-module' && folder.kind !== 'shared-module') {
        const configured = this.configValues.get(name);
        if (configured) return configured.value;
      }
      const def = folder.variables.get(name)?.defaultExpr;
      return def ? this.resolveIn(def, dir, depth + 1) : undefined;
    }
    const localMatch = /^local\.([\p{L}\p{N}_-]+)$/u.exec(path);
    if (localMatch) {
      const local = folder.locals.get(localMatch[1]!);
      return local ? this.resolveIn(local.node.value, dir, depth + 1) : undefined;
    }
    const ns = this.namespaceResourceOf(path, folder);
    return ns?.name;
  }

  /** The namespaces a folder declares, with their resolved names and labels (parses the files that declare them). */
  private computeNamespaces(folder: IndexedFolder, out: NamespaceInfo[]): void {
    for (const resource of folder.resources) {
      if (resource.mode !== 'resource' || !NAMESPACE_TYPES.has(resource.type)) continue;
      const metadata = getBlocks(resource.node.body, 'metadata')[0];
      const nameAttr = metadata ? getAttribute(metadata.body, 'name') : undefined;
      const name = nameAttr ? this.resolveIn(nameAttr.value, folder.dir, 0) : undefined;
      const labelsAttr = metadata ? getAttribute(metadata.body, 'labels') : undefined;
      const labels: Record<string, string> = {};
      if (labelsAttr?.value.kind === 'Object') {
        for (const item of labelsAttr.value.items) {
          const key = objectKeyText(item.key);
          const value = this.resolveIn(item.value, folder.dir, 0);
          if (key !== undefined && value !== undefined) labels[detached(key)] = detached(value);
        }
      }
      out.push({ resource, name: name === undefined ? undefined : detached(name), labels });
    }
  }

  private loadConfigValues(): void {
    const path = join(this.root, 'config.tfvars');
    const file = this.pathSet.has(path) ? this.getFile(path) : undefined;
    const hcl = file?.hcl;
    if (!hcl || hcl.diagnostics.length > 0) return;
    for (const item of hcl.body.items) {
      if (item.kind !== 'Attribute') continue;
      const value = stringValue(item.value) ?? (item.value.kind === 'NumberLit' ? item.value.raw : undefined);
      if (value !== undefined) this.configValues.set(item.name, { value, source: `config.tfvars:${item.line}` });
    }
  }
}

/** The text of an object key: a bare identifier or a literal string. */
export function objectKeyText(key: Expression): string | undefined {
  if (key.kind === 'Variable') return key.name;
  if (key.kind === 'Parens') return objectKeyText(key.expr);
  return stringValue(key);
}

export function buildRepoIndex(options: BuildIndexOptions): RepoIndexImpl {
  return new RepoIndexImpl(options);
}
