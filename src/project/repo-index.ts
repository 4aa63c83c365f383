/**
 * Builds the repository index (see index-types.ts) from the repository's files.
 *
 * Every HCL file of the repository is parsed once (the parse is shared with the
 * linting of that file). Files are read through a `FileSource` so that staged
 * content (`--staged`) and fixed-but-unwritten content (`--fix` passes) can stand
 * in for what is on disk.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  getAttribute,
  getBlocks,
  parse,
  stringValue,
  traversalPath,
  type Attribute,
  type Block,
  type Expression,
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
import { decodeFile, fileKindOf } from './files.js';
import { toPosixRelative } from './discover.js';

/** Where file bytes come from. `undefined` means the file cannot be read. */
export interface FileSource {
  read(path: string): Uint8Array | undefined;
}

/**
 * Reads files from disk. Only regular files are read: the file is opened
 * non-blocking and checked before reading, so a FIFO or device named `x.tf`
 * is unreadable instead of blocking the run forever.
 */
export const diskSource: FileSource = {
  read(path) {
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

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

const NAMESPACE_TYPES = new Set(['kubernetes_namespace', 'kubernetes_namespace_v1']);
const MAX_RESOLVE_DEPTH = 12;

interface MutableFolder extends FolderIndex {
  readonly files: SourceFile[];
  readonly resources: ResourceInfo[];
  readonly moduleCalls: ModuleCallInfo[];
  readonly imports: ImportInfo[];
  readonly namespaces: NamespaceInfo[];
}

export interface BuildIndexOptions {
  readonly root: string;
  /** Every file of the repository (absolute, sorted). */
  readonly paths: readonly string[];
  readonly source: FileSource;
  /** Files already loaded (e.g. by a previous fix pass), reused as they are. */
  readonly preloaded?: ReadonlyMap<string, SourceFile>;
}

export class RepoIndexImpl implements RepoIndex {
  readonly root: string;
  readonly paths: readonly string[];
  readonly folders = new Map<string, MutableFolder>();
  readonly configValues = new Map<string, SourcedValue>();
  private readonly loaded = new Map<string, SourceFile | undefined>();
  private readonly pathSet: ReadonlySet<string>;
  private readonly source: FileSource;
  private callersCache: Map<string, ModuleCallInfo[]> | undefined;
  private namespacesByName: Map<string, NamespaceInfo[]> | undefined;

  constructor(options: BuildIndexOptions) {
    this.root = options.root;
    this.paths = options.paths;
    this.pathSet = new Set(options.paths);
    this.source = options.source;
    if (options.preloaded) for (const [p, f] of options.preloaded) this.loaded.set(p, f);
    for (const path of this.paths) {
      if (!path.endsWith('.tf')) continue;
      const file = this.getFile(path);
      if (file?.hcl === undefined) continue;
      this.addTerraformFile(file);
    }
    for (const path of this.paths) {
      if (basename(path) === 'terragrunt.hcl') {
        const folder = this.folders.get(dirname(path));
        if (folder) (folder as { hasTerragrunt: boolean }).hasTerragrunt = true;
      }
    }
    this.loadConfigValues();
    for (const folder of this.folders.values()) this.indexNamespaces(folder);
  }

  getFile(path: string): SourceFile | undefined {
    const abs = resolve(path);
    if (this.loaded.has(abs)) return this.loaded.get(abs);
    const file = loadSourceFile(this.root, abs, this.source);
    this.loaded.set(abs, file);
    return file;
  }

  /** Whether `path` is one of the repository's files. */
  has(path: string): boolean {
    return this.pathSet.has(path);
  }

  folderOf(path: string): FolderIndex | undefined {
    return this.folders.get(dirname(resolve(path)));
  }

  callersOf(dir: string): ModuleCallInfo[] {
    if (!this.callersCache) {
      this.callersCache = new Map();
      for (const folder of this.folders.values()) {
        for (const call of folder.moduleCalls) {
          if (call.sourceDir === undefined) continue;
          let list = this.callersCache.get(call.sourceDir);
          if (!list) this.callersCache.set(call.sourceDir, (list = []));
          list.push(call);
        }
      }
    }
    return this.callersCache.get(resolve(dir)) ?? [];
  }

  namespacesNamed(name: string): NamespaceInfo[] {
    if (!this.namespacesByName) {
      this.namespacesByName = new Map();
      for (const folder of this.folders.values()) {
        for (const ns of folder.namespaces) {
          if (ns.name === undefined) continue;
          let list = this.namespacesByName.get(ns.name);
          if (!list) this.namespacesByName.set(ns.name, (list = []));
          list.push(ns);
        }
      }
    }
    return this.namespacesByName.get(name) ?? [];
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

  private folderFor(dir: string): MutableFolder {
    let folder = this.folders.get(dir);
    if (!folder) {
      const relDir = toPosixRelative(this.root, dir);
      const { kind, stack } = folderKindOf(relDir);
      folder = {
        dir,
        relDir,
        kind,
        stack,
        hasTerragrunt: false,
        files: [],
        resources: [],
        moduleCalls: [],
        variables: new Map(),
        locals: new Map(),
        outputs: new Map(),
        imports: [],
        namespaces: [],
      };
      this.folders.set(dir, folder);
    }
    return folder;
  }

  private addTerraformFile(file: SourceFile): void {
    const folder = this.folderFor(dirname(file.path));
    folder.files.push(file);
    for (const item of file.hcl!.body.items) {
      if (item.kind !== 'Block') continue;
      this.addBlock(folder, file, item);
    }
  }

  private addBlock(folder: MutableFolder, file: SourceFile, block: Block): void {
    const [first, second] = block.labels.map((l) => l.value);
    switch (block.type) {
      case 'resource':
      case 'data':
        if (first !== undefined && second !== undefined) {
          const prefix = block.type === 'data' ? 'data' : 'resource';
          folder.resources.push({ mode: block.type, type: first, name: second, node: block, file, address: `${prefix}.${first}.${second}` });
        }
        break;
      case 'module':
        if (first !== undefined) {
          const sourceAttr = getAttribute(block.body, 'source');
          const source = sourceAttr ? stringValue(sourceAttr.value) : undefined;
          const sourceDir = source !== undefined && /^\.\.?\//.test(source) ? resolve(folder.dir, source) : undefined;
          folder.moduleCalls.push({ name: first, node: block, file, source, sourceDir, callerDir: folder.dir });
        }
        break;
      case 'variable':
        if (first !== undefined) {
          const info: VariableInfo = { name: first, node: block, file, defaultExpr: getAttribute(block.body, 'default')?.value };
          folder.variables.set(first, info);
        }
        break;
      case 'locals':
        for (const attr of block.body.items) {
          if (attr.kind === 'Attribute') folder.locals.set(attr.name, { name: attr.name, node: attr, file } satisfies Declared<Attribute>);
        }
        break;
      case 'output':
        if (first !== undefined) folder.outputs.set(first, { name: first, node: block, file });
        break;
      case 'import': {
        const to = getAttribute(block.body, 'to');
        folder.imports.push({ node: block, file, to: to ? traversalPath(to.value) : undefined, idExpr: getAttribute(block.body, 'id')?.value });
        break;
      }
      default:
        break;
    }
  }

  private indexNamespaces(folder: MutableFolder): void {
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
          if (key !== undefined && value !== undefined) labels[key] = value;
        }
      }
      folder.namespaces.push({ resource, name, labels });
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
