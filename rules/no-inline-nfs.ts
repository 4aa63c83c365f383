import { basename, dirname, join, relative, sep } from 'node:path';
import { getAttribute, getBlocks, indentationAt, nodeText, stringValue, traversalPath, walk } from '../src/hcl/index.js';
import type { Attribute, Block, Body, Expression, File as HclFile } from '../src/hcl/index.js';
import type { Fix, Rule, RuleContext, SourceFile, TextEdit } from '../src/engine/types.js';
import type { FolderIndex, FolderKind } from '../src/project/index-types.js';
import { declarationEdit, sharedValuesOf } from './_shared-variable-fix.js';

export type NoInlineNfsOptions = {
  readonly moduleDir: string;
};

type SiteKind = 'pod-volume' | 'dynamic-volume' | 'persistent-volume';

/** An inline NFS volume source. */
interface NfsSite {
  readonly kind: SiteKind;
  /** The `nfs` block (or a `dynamic "nfs"` block). */
  readonly block: Block;
  /** The top-level block it is written in (a resource). */
  readonly top: Block;
  /** The pod `volume` block that holds it (pod volumes only). */
  readonly volume: Block | undefined;
}

const INSTANCE_ROOTS = new Set(['each', 'count', 'self']);
const PVC_TYPES = new Set(['kubernetes_persistent_volume_claim', 'kubernetes_persistent_volume_claim_v1']);
const NON_IDENT = /[^A-Za-z0-9_]/g;
/** How a folder that is not a stack root is named in the suggestion. */
const FOLDER_NAMES: Readonly<Record<FolderKind, string>> = {
  stack: 'a stack',
  'nested-module': 'a nested module',
  'shared-module': 'a shared module',
  other: 'a folder without terragrunt.hcl',
};

function parentBlock(block: Block): Block | undefined {
  const grand = block.parent?.parent;
  return grand?.kind === 'Block' ? grand : undefined;
}

function isNfsSource(block: Block): boolean {
  return block.type === 'nfs' || (block.type === 'dynamic' && block.labels[0]?.value === 'nfs');
}

function siteKind(block: Block, parent: Block): SiteKind | undefined {
  if (!isNfsSource(block)) return undefined;
  if (parent.type === 'persistent_volume_source') return 'persistent-volume';
  if (parent.type === 'volume') return block.type === 'nfs' ? 'pod-volume' : 'dynamic-volume';
  const dynamic = parent.type === 'content' ? parentBlock(parent) : undefined;
  if (dynamic?.type === 'dynamic' && dynamic.labels[0]?.value === 'volume') return 'dynamic-volume';
  return undefined;
}

function collectIn(block: Block, top: Block, out: NfsSite[]): void {
  const items = block.body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'Block') continue;
    const kind = item.type === 'nfs' || item.type === 'dynamic' ? siteKind(item, block) : undefined;
    if (kind) out.push({ kind, block: item, top, volume: kind === 'pod-volume' ? block : undefined });
    else collectIn(item, top, out);
  }
}

/**
 * Whether a file's text can hold an nfs source: its block type (an identifier)
 * or its `dynamic` label is `nfs`, which a label may also spell with `\u`/`\U` escapes.
 */
function mayHoldNfs(text: string): boolean {
  return text.includes('nfs') || text.includes('\\u') || text.includes('\\U');
}

/** Every inline NFS volume source of a file, in source order. */
function collectSites(hcl: HclFile): NfsSite[] {
  const out: NfsSite[] = [];
  for (const item of hcl.body.items) if (item.kind === 'Block') collectIn(item, item, out);
  return out;
}

/** The body holding server/path: the block's own, or the `content` of a `dynamic "nfs"`. */
function sourceBody(block: Block): Body {
  return block.type === 'dynamic' ? (getBlocks(block.body, 'content')[0]?.body ?? block.body) : block.body;
}

function siteKey(file: SourceFile, block: Block): string {
  return `${file.path}\0${block.start}`;
}

function volumeName(site: NfsSite, ctx: RuleContext<NoInlineNfsOptions>): string | undefined {
  const attr = site.volume ? getAttribute(site.volume.body, 'name') : undefined;
  return attr ? ctx.index.resolveString(attr.value, ctx.file) : undefined;
}

function moduleLabelFor(name: string): string {
  return `nfs_${name.replace(NON_IDENT, '_')}`;
}

/**
 * The `module "nfs_<volume>"` label of every pod volume of a folder, unique
 * across the folder's existing module calls and each other, so that the fixes
 * of one pass (in several files) never declare the same module twice. Keyed by
 * file path and block offset; computed once per folder per index.
 */
const labelsByFolder = new WeakMap<FolderIndex, Map<string, string>>();

function moduleLabels(ctx: RuleContext<NoInlineNfsOptions>, folder: FolderIndex | undefined): Map<string, string> {
  const indexed = folder?.files.some((f) => f.path === ctx.file.path) ? folder : undefined;
  const cached = indexed ? labelsByFolder.get(indexed) : undefined;
  if (cached) return cached;
  const files = indexed ? indexed.files : [ctx.file];
  const taken = new Set<string>();
  for (const call of folder?.moduleCalls ?? []) taken.add(call.name);
  for (const file of files) {
    for (const item of file.hcl?.body.items ?? []) if (item.kind === 'Block' && item.type === 'module' && item.labels[0]) taken.add(item.labels[0].value);
  }
  const out = new Map<string, string>();
  for (const file of files) {
    if (!file.hcl) continue;
    for (const site of collectSites(file.hcl)) {
      if (site.kind !== 'pod-volume') continue;
      const nameAttr = site.volume ? getAttribute(site.volume.body, 'name') : undefined;
      const name = nameAttr ? ctx.index.resolveString(nameAttr.value, file) : undefined;
      if (name === undefined || name === '') continue;
      const base = moduleLabelFor(name);
      let label = base;
      for (let n = 2; taken.has(label); n++) label = `${base}_${n}`;
      taken.add(label);
      out.set(siteKey(file, site.block), label);
    }
  }
  if (indexed) labelsByFolder.set(indexed, out);
  return out;
}

/** `value` as an HCL quoted string. */
function quote(value: string): string {
  return JSON.stringify(value).replace(/([$%])\{/g, '$1$1{');
}

/** A literal as its value, anything else as written. */
function shown(file: HclFile, expr: Expression | undefined): string {
  if (!expr) return '?';
  return stringValue(expr) ?? nodeText(file, expr);
}

function referencesInstance(expr: Expression): boolean {
  let found = false;
  walk(expr, (node) => {
    if (node.kind === 'Variable' && INSTANCE_ROOTS.has(node.name)) found = true;
  });
  return found;
}

function namespaceAttr(resource: Block): Attribute | undefined {
  const metadata = getBlocks(resource.body, 'metadata')[0];
  return metadata ? getAttribute(metadata.body, 'namespace') : undefined;
}

function resourceAddress(block: Block): string {
  return block.labels.map((l) => l.value).join('.');
}

function isModuleFolder(folder: FolderIndex | undefined): boolean {
  return folder?.kind === 'nested-module' || folder?.kind === 'shared-module';
}

/**
 * The `name` input: `<namespace>-<volume>` when the namespace is a known
 * literal, else an interpolation of the namespace expression (a module called
 * several times must not create the same cluster-scoped PV name twice), else
 * `<stack>-<volume>`.
 */
function pvNameText(ctx: RuleContext<NoInlineNfsOptions>, folder: FolderIndex | undefined, ns: Attribute | undefined, volume: string): string {
  const hcl = ctx.file.hcl!;
  if (ns) {
    const path = traversalPath(ns.value);
    const literalInModule = stringValue(ns.value) !== undefined || (path !== undefined && /^kubernetes_namespace(_v1)?\./.test(path));
    const known = !isModuleFolder(folder) || literalInModule ? ctx.index.resolveString(ns.value, ctx.file) : undefined;
    if (known !== undefined) return quote(`${known}-${volume}`);
    return `"\${${nodeText(hcl, ns.value)}}-${volume}"`;
  }
  const owner = folder?.stack ? basename(folder.stack) : basename(dirname(ctx.file.path));
  return quote(`${owner}-${volume}`);
}

function moduleSource(ctx: RuleContext<NoInlineNfsOptions>): string {
  const rel = relative(dirname(ctx.file.path), join(ctx.index.root, ctx.options.moduleDir)).split(sep).join('/');
  return rel.startsWith('..') ? rel : `./${rel}`;
}

function isNfsModuleCall(block: Block, fileDir: string, moduleDirAbs: string): boolean {
  if (block.type !== 'module') return false;
  const source = getAttribute(block.body, 'source');
  const value = source ? stringValue(source.value) : undefined;
  return value !== undefined && /^\.\.?\//.test(value) && join(fileDir, value) === moduleDirAbs;
}

/** After the resource (and its line comment), and after module calls of nfs_volume directly following it, so that fixes of one resource keep their order. */
function insertionPoint(ctx: RuleContext<NoInlineNfsOptions>, resource: Block): number {
  const items = ctx.file.hcl!.body.items;
  const moduleDirAbs = join(ctx.index.root, ctx.options.moduleDir);
  const fileDir = dirname(ctx.file.path);
  let last: Block = resource;
  for (let i = items.indexOf(resource) + 1; i < items.length; i++) {
    const next = items[i]!;
    if (next.kind !== 'Block' || !isNfsModuleCall(next, fileDir, moduleDirAbs)) break;
    last = next;
  }
  return last.lineComment?.end ?? last.end;
}

/** `variable "nfs_server"` at the end of a file that is not in the index's folders. */
function fileEndDeclaration(file: SourceFile): TextEdit {
  const lead = file.text.length === 0 ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  return { path: file.path, start: file.text.length, end: file.text.length, text: `${lead}variable "nfs_server" {\n  type = string\n}\n` };
}

/** Joins zero-width edits at the same offset of the same file (a fix's edits must not overlap). */
function mergeInserts(edits: TextEdit[], defaultPath: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => (o.path ?? defaultPath) === (e.path ?? defaultPath) && o.start === o.end && e.start === e.end && o.start === e.start);
    if (same) out[out.indexOf(same)] = { ...same, text: same.text + e.text };
    else out.push(e);
  }
  return out;
}

function alignedLines(indent: string, pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}\n`).join('');
}

interface PodVolumeFix {
  readonly fix: Fix | undefined;
  readonly suggestion: string;
}

function podVolumeFix(ctx: RuleContext<NoInlineNfsOptions>, site: NfsSite, folder: FolderIndex | undefined, label: string | undefined, volume: string | undefined): PodVolumeFix {
  const hcl = ctx.file.hcl!;
  const { block, top } = site;
  const server = getAttribute(block.body, 'server');
  const path = getAttribute(block.body, 'path');
  const readOnly = getAttribute(block.body, 'read_only');
  const ns = namespaceAttr(top);
  const manual = 'replace the nfs {} block with `persistent_volume_claim { claim_name = module.<name>.claim_name }` and add a call of the nfs_volume module (source, name, namespace, nfs_server, nfs_path';
  const readOnlyNote = readOnly ? `, read_only; keep read_only = ${nodeText(hcl, readOnly.value)} in persistent_volume_claim` : '';
  if (top.type !== 'resource' || label === undefined || volume === undefined || !server || !path) {
    const why = label === undefined ? 'the volume name is not a known literal' : !server || !path ? 'the nfs block lacks server or path' : 'it is not in a resource';
    return { fix: undefined, suggestion: `${manual}${readOnlyNote}); not fixed automatically: ${why}` };
  }
  const copied = [server.value, path.value, readOnly?.value, ns?.value].filter((e): e is Expression => e !== undefined);
  if (copied.some(referencesInstance)) {
    return { fix: undefined, suggestion: `${manual}${readOnlyNote}) with for_each/count matching ${resourceAddress(top)}; not fixed automatically: the nfs block uses each/count/self` };
  }

  const notes: string[] = [];
  const edits: TextEdit[] = [];
  const shared = sharedValuesOf(ctx).get('nfs_server')?.value;
  let serverText = nodeText(hcl, server.value);
  if (shared !== undefined && stringValue(server.value) === shared) {
    if (folder?.variables.has('nfs_server')) serverText = 'var.nfs_server';
    else if (folder === undefined || folder.kind === 'stack' || folder.hasTerragrunt) {
      serverText = 'var.nfs_server';
      edits.push(folder ? (declarationEdit(folder, 'nfs_server') ?? fileEndDeclaration(ctx.file)) : fileEndDeclaration(ctx.file));
    } else {
      notes.push(`${folder.relDir || '.'} is ${FOLDER_NAMES[folder.kind]} that does not declare \`variable "nfs_server"\`: the fix keeps the literal; declare it, pass nfs_server = var.nfs_server from its callers and use var.nfs_server`);
    }
  }

  const indent = indentationAt(ctx.file.text, top.start);
  const source = moduleSource(ctx);
  const pairs: [string, string][] = [
    ['source', quote(source)],
    ['name', pvNameText(ctx, folder, ns, volume)],
    ['namespace', ns ? nodeText(hcl, ns.value) : '"default"'],
    ['nfs_server', serverText],
    ['nfs_path', nodeText(hcl, path.value)],
  ];
  if (readOnly) pairs.push(['read_only', nodeText(hcl, readOnly.value)]);
  const comments = hcl.comments.filter((c) => c.start >= block.start && c.end <= block.end).map((c) => `${indent}  ${c.text}\n`);
  const moduleText = `\n\n${indent}module "${label}" {\n${comments.join('')}${alignedLines(`${indent}  `, pairs)}${indent}}`;
  const at = insertionPoint(ctx, top);
  edits.unshift({ start: at, end: at, text: moduleText });

  const outer = indentationAt(ctx.file.text, block.start);
  const firstItem = block.body.items[0];
  const inner = firstItem && !block.oneLine ? indentationAt(ctx.file.text, firstItem.start) : `${outer}  `;
  const claim: [string, string][] = [['claim_name', `module.${label}.claim_name`]];
  if (readOnly) claim.push(['read_only', nodeText(hcl, readOnly.value)]);
  edits.push({ start: block.start, end: block.end, text: `persistent_volume_claim {\n${alignedLines(inner, claim)}${outer}}` });

  const readOnlyKept = readOnly ? ` (read_only = ${nodeText(hcl, readOnly.value)} kept)` : '';
  const suggestion =
    `replace nfs {} with \`persistent_volume_claim { claim_name = module.${label}.claim_name }\`${readOnlyKept} and add module "${label}" ` +
    `(${pairs.map(([k, v]) => `${k} = ${v}`).join(', ')}) after ${resourceAddress(top)}; the module creates a new PV and PVC for the same export` +
    notes.map((n) => `; ${n}`).join('');
  return { fix: { edits: mergeInserts(edits, ctx.file.path) }, suggestion };
}

/** The claim bound to a PV of the folder (by `volume_name`), if any. */
function boundClaim(folder: FolderIndex | undefined, pv: Block, pvName: string | undefined): Block | undefined {
  const [type, name] = pv.labels.map((l) => l.value);
  const ref = `${type}.${name}.`;
  for (const r of folder?.resources ?? []) {
    if (r.mode !== 'resource' || !PVC_TYPES.has(r.type)) continue;
    const spec = getBlocks(r.node.body, 'spec')[0];
    const volumeName = spec ? getAttribute(spec.body, 'volume_name') : undefined;
    if (!volumeName) continue;
    const path = traversalPath(volumeName.value);
    if (path?.startsWith(ref) || (pvName !== undefined && stringValue(volumeName.value) === pvName)) return r.node;
  }
  return undefined;
}

function persistentVolumeSuggestion(ctx: RuleContext<NoInlineNfsOptions>, site: NfsSite, folder: FolderIndex | undefined): string {
  const hcl = ctx.file.hcl!;
  const pv = site.top;
  const metadata = getBlocks(pv.body, 'metadata')[0];
  const nameAttr = metadata ? getAttribute(metadata.body, 'name') : undefined;
  const pvName = nameAttr ? ctx.index.resolveString(nameAttr.value, ctx.file) : undefined;
  const claim = boundClaim(folder, pv, pvName);
  const ns = claim ? namespaceAttr(claim) : undefined;
  const label = moduleLabelFor(pv.labels[1]?.value ?? 'volume');
  const attr = (name: string): string | undefined => {
    const a = getAttribute(sourceBody(site.block), name);
    return a ? nodeText(hcl, a.value) : undefined;
  };
  const pairs: [string, string | undefined][] = [
    ['source', quote(moduleSource(ctx))],
    ['name', nameAttr ? nodeText(hcl, nameAttr.value) : undefined],
    ['namespace', ns ? nodeText(hcl, ns.value) : '<namespace of the claim>'],
    ['nfs_server', attr('server')],
    ['nfs_path', attr('path')],
    ['read_only', attr('read_only')],
  ];
  const args = pairs.filter((p): p is [string, string] => p[1] !== undefined).map(([k, v]) => `${k} = ${v}`);
  const replaced = claim ? `${resourceAddress(pv)} and ${resourceAddress(claim)}` : resourceAddress(pv);
  return (
    `replace ${replaced} with \`module "${label}"\` (${args.join(', ')}) and mount module.${label}.claim_name; ` +
    'not fixed automatically: the module creates its own PV and PVC, so move the state (terraform state mv) or plan the recreation with the workload stopped'
  );
}

function messageFor(ctx: RuleContext<NoInlineNfsOptions>, site: NfsSite, volume: string | undefined): string {
  const hcl = ctx.file.hcl!;
  const body = sourceBody(site.block);
  const where = `${shown(hcl, getAttribute(body, 'server')?.value)}:${shown(hcl, getAttribute(body, 'path')?.value)}`;
  const address = resourceAddress(site.top);
  switch (site.kind) {
    case 'pod-volume': {
      const nameAttr = site.volume ? getAttribute(site.volume.body, 'name') : undefined;
      const named = volume !== undefined ? `"${volume}"` : nameAttr ? nodeText(hcl, nameAttr.value) : '(unnamed)';
      return `inline nfs {} for volume ${named} (${where}) in ${address}: use the nfs_volume module`;
    }
    case 'dynamic-volume':
      return `inline nfs {} in a dynamic volume (${where}) of ${address}: use the nfs_volume module`;
    case 'persistent-volume':
      return `inline nfs {} in ${address} (${where}): use the nfs_volume module, which creates the PV and its claim`;
  }
}

export const noInlineNfs: Rule<NoInlineNfsOptions> = {
  meta: {
    id: 'no-inline-nfs',
    description: 'No inline `nfs {}` volume source outside modules/kubernetes/nfs_volume: call the nfs_volume module and mount its claim.',
    severity: 'error',
    fix: 'unsafe',
    section: 'Storage',
    rationale:
      'AGENTS.md, "Storage": "NFS (nfs-proxmox StorageClass): For app data. Use the nfs_volume module, never inline nfs {} blocks." and "NFS mount options: Always soft,timeo=30,retrans=3 to prevent uninterruptible sleep (D state)." An inline nfs {} source is mounted with the kubelet\'s defaults (a hard mount), so a pod hangs in D state when the Proxmox host is unreachable; the module creates a PV with the soft options and a PVC to mount.',
    suggestion: 'Call modules/kubernetes/nfs_volume (name, namespace, nfs_server = var.nfs_server, nfs_path) and replace the nfs {} block with `persistent_volume_claim { claim_name = module.<name>.claim_name }`.',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        moduleDir: {
          type: 'string',
          description: 'The nfs_volume module folder relative to the repository root: the only place an inline nfs {} is allowed, and the `source` the fix points at.',
        },
      },
    },
    defaultOptions: { moduleDir: 'modules/kubernetes/nfs_volume' },
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl) return;
    const moduleDir = ctx.options.moduleDir.replace(/\/+$/, '');
    if (ctx.file.relPath === moduleDir || ctx.file.relPath.startsWith(`${moduleDir}/`) || !mayHoldNfs(ctx.file.text)) return;
    const sites = collectSites(hcl);
    if (sites.length === 0) return;
    const folder = ctx.index.folderOf(ctx.file.path);
    const labels = sites.some((s) => s.kind === 'pod-volume') ? moduleLabels(ctx, folder) : new Map<string, string>();
    for (const site of sites) {
      const volume = site.kind === 'pod-volume' ? volumeName(site, ctx) : undefined;
      const message = messageFor(ctx, site, volume);
      const range = site.block.typeRange;
      if (site.kind === 'persistent-volume') {
        ctx.report({ range, message, suggestion: persistentVolumeSuggestion(ctx, site, folder) });
      } else if (site.kind === 'dynamic-volume') {
        ctx.report({
          range,
          message,
          suggestion: 'call the nfs_volume module with for_each over the same collection and mount `module.<name>[each.key].claim_name` through persistent_volume_claim; not fixed automatically (dynamic block)',
        });
      } else {
        const { fix, suggestion } = podVolumeFix(ctx, site, folder, labels.get(siteKey(ctx.file, site.block)), volume);
        ctx.report({ range, message, suggestion, ...(fix ? { fix } : {}) });
      }
    }
  },
};
