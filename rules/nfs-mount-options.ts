import { getAttribute, getBlocks, indentationAt, stringValue } from '../src/hcl/index.js';
import type { Attribute, Block, Tuple, TupleItem } from '../src/hcl/index.js';
import type { Fix, Rule, RuleContext, TextEdit } from '../src/engine/types.js';

export type NfsMountOptionsOptions = {
  readonly csiDrivers: readonly string[];
  readonly moduleDir: string;
};

const PV_TYPES = new Set(['kubernetes_persistent_volume', 'kubernetes_persistent_volume_v1']);
const RULE_TEXT = 'NFS mounts must be soft,timeo=30,retrans=3';

/** The three options AGENTS.md requires, each with the key its conflicting forms share. */
const REQUIRED = [
  { key: 'soft', want: 'soft' },
  { key: 'timeo', want: 'timeo=30' },
  { key: 'retrans', want: 'retrans=3' },
] as const;

type OptionKey = (typeof REQUIRED)[number]['key'];

/** `soft`/`hard` share a key; `timeo=…` and `retrans=…` are keyed by name. */
function keyOf(option: string): OptionKey | undefined {
  if (option === 'soft' || option === 'hard') return 'soft';
  const name = option.split('=')[0];
  return name === 'timeo' || name === 'retrans' ? name : undefined;
}

function wanted(key: OptionKey): string {
  return REQUIRED.find((r) => r.key === key)!.want;
}

/** One comma-separated option inside a `mount_options` item. */
interface MountOption {
  readonly item: TupleItem;
  readonly itemIndex: number;
  readonly option: string;
}

interface Conflict {
  readonly option: MountOption;
  readonly key: OptionKey;
  /** Replace it with the wanted option, or remove it (the wanted one is already set, or an earlier conflict gets it). */
  readonly action: 'replace' | 'remove';
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function isNfsBacked(ctx: RuleContext<NfsMountOptionsOptions>, spec: Block): boolean {
  for (const source of getBlocks(spec.body, 'persistent_volume_source')) {
    if (getBlocks(source.body, 'nfs').length > 0) return true;
    for (const csi of getBlocks(source.body, 'csi')) {
      const driver = getAttribute(csi.body, 'driver');
      const value = driver ? ctx.index.resolveString(driver.value, ctx.file) : undefined;
      if (value !== undefined && ctx.options.csiDrivers.includes(value)) return true;
    }
  }
  return false;
}

/** The options of a literal tuple, or undefined when some item is not a literal string (the list is not known). */
function optionsOf(tuple: Tuple): MountOption[] | undefined {
  const out: MountOption[] = [];
  for (const [itemIndex, item] of tuple.items.entries()) {
    const value = stringValue(item.value);
    if (value === undefined) return undefined;
    for (const part of value.split(',')) {
      const option = part.trim();
      if (option !== '') out.push({ item, itemIndex, option });
    }
  }
  return out;
}

function conflictsOf(options: readonly MountOption[]): Conflict[] {
  const out: Conflict[] = [];
  for (const key of ['soft', 'timeo', 'retrans'] as const) {
    const want = wanted(key);
    const ofKey = options.filter((o) => keyOf(o.option) === key);
    let satisfied = ofKey.some((o) => o.option === want);
    for (const o of ofKey) {
      if (o.option === want) continue;
      out.push({ option: o, key, action: satisfied ? 'remove' : 'replace' });
      satisfied = true;
    }
  }
  return out.sort((a, b) => a.option.item.start - b.option.item.start);
}

/** The removal of a whole tuple item with its separator. */
function removeItem(text: string, tuple: Tuple, index: number): TextEdit {
  const item = tuple.items[index]!;
  const next = tuple.items[index + 1];
  const prev = tuple.items[index - 1];
  const ownLine =
    tuple.closeBracket !== undefined &&
    (next ? next.line > item.endLine : tuple.closeBracket.line > item.endLine) &&
    (prev ? prev.endLine < item.line : tuple.openBracket.line < item.line);
  if (ownLine) {
    const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
    const newline = text.indexOf('\n', item.lineComment?.end ?? item.end);
    return { start: lineStart, end: newline < 0 ? text.length : newline + 1, text: '' };
  }
  if (next) return { start: item.value.start, end: next.value.start, text: '' };
  if (prev) return { start: prev.value.end, end: item.value.end, text: '' };
  return { start: item.value.start, end: item.comma?.end ?? item.value.end, text: '' };
}

/** The edit that turns the conflicting option into the wanted one (or drops it). */
function conflictEdit(text: string, tuple: Tuple, conflict: Conflict): TextEdit {
  const { item, itemIndex, option } = conflict.option;
  const parts = stringValue(item.value)!
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const kept = conflict.action === 'remove' ? parts.filter((p) => p !== option) : parts.map((p) => (p === option ? wanted(conflict.key) : p));
  if (kept.length === 0) return removeItem(text, tuple, itemIndex);
  return { start: item.value.start, end: item.value.end, text: quote(kept.join(',')) };
}

/** Appends options to an existing tuple, one per line when the tuple is multi-line. */
function appendEdits(text: string, tuple: Tuple, missing: readonly string[]): TextEdit[] {
  const quoted = missing.map(quote);
  const last = tuple.items.at(-1);
  if (!last || !tuple.closeBracket) {
    const at = tuple.closeBracket?.start ?? tuple.end;
    return [{ start: at, end: at, text: quoted.join(', ') }];
  }
  if (tuple.closeBracket.line > last.endLine) {
    const indent = indentationAt(text, last.start);
    const lines = quoted.map((q) => `\n${indent}${q},`).join('');
    const lineEnd = last.lineComment?.end ?? last.comma?.end ?? last.value.end;
    if (last.comma) return [{ start: lineEnd, end: lineEnd, text: lines }];
    if (lineEnd === last.value.end) return [{ start: lineEnd, end: lineEnd, text: `,${lines}` }];
    return [
      { start: last.value.end, end: last.value.end, text: ',' },
      { start: lineEnd, end: lineEnd, text: lines },
    ];
  }
  if (last.comma) return [{ start: last.comma.end, end: last.comma.end, text: ` ${quoted.join(', ')},` }];
  return [{ start: last.value.end, end: last.value.end, text: `, ${quoted.join(', ')}` }];
}

/** Inserts `mount_options = [...]` into `spec`, after `storage_class_name` (or the last attribute before the first block), aligned with it. */
function insertAttributeEdit(text: string, spec: Block, missing: readonly string[]): TextEdit | undefined {
  if (spec.oneLine) return undefined;
  const value = `[${missing.map(quote).join(', ')}]`;
  const attributes = spec.body.items.filter((i): i is Attribute => i.kind === 'Attribute');
  const firstBlock = spec.body.items.findIndex((i) => i.kind === 'Block');
  const beforeBlocks = attributes.filter((a) => firstBlock < 0 || spec.body.items.indexOf(a) < firstBlock);
  const anchor = getAttribute(spec.body, 'storage_class_name') ?? beforeBlocks.at(-1);
  if (!anchor) {
    const inner = spec.body.items[0] ? indentationAt(text, spec.body.items[0].start) : `${indentationAt(text, spec.start)}  `;
    return { start: spec.openBrace.end, end: spec.openBrace.end, text: `\n${inner}mount_options = ${value}` };
  }
  const width = Math.max('mount_options'.length, anchor.equalsRange.column - anchor.column - 1);
  const at = anchor.lineComment?.end ?? anchor.end;
  return { start: at, end: at, text: `\n${indentationAt(text, anchor.start)}${'mount_options'.padEnd(width)} = ${value}` };
}

/** The list the PV should end up with: conflicts resolved, missing options appended. */
function expectedList(options: readonly MountOption[], conflicts: readonly Conflict[], missing: readonly string[]): string {
  const out: string[] = [];
  for (const o of options) {
    const c = conflicts.find((x) => x.option === o);
    if (!c) out.push(o.option);
    else if (c.action === 'replace') out.push(wanted(c.key));
  }
  return `mount_options = [${[...out, ...missing].map(quote).join(', ')}]`;
}

function address(resource: Block): string {
  return resource.labels.map((l) => l.value).join('.');
}

function checkVolume(ctx: RuleContext<NfsMountOptionsOptions>, resource: Block): void {
  const text = ctx.file.text;
  const spec = getBlocks(resource.body, 'spec')[0];
  if (!spec || !isNfsBacked(ctx, spec)) return;
  const pv = address(resource);
  const attr = getAttribute(spec.body, 'mount_options');
  if (!attr) {
    const all = REQUIRED.map((r) => r.want);
    const edit = insertAttributeEdit(text, spec, all);
    const list = `mount_options = [${all.map(quote).join(', ')}]`;
    ctx.report({ range: spec.typeRange, message: `add ${list} to spec of ${pv}: ${RULE_TEXT}`, suggestion: `add \`${list}\` to the spec block`, ...(edit ? { fix: { edits: [edit] } } : {}) });
    return;
  }
  if (attr.value.kind !== 'Tuple') return;
  const tuple = attr.value;
  const options = optionsOf(tuple);
  if (!options) return;
  const conflicts = conflictsOf(options);
  const missing = REQUIRED.filter((r) => !options.some((o) => keyOf(o.option) === r.key)).map((r) => r.want);
  const suggestion = `write \`${expectedList(options, conflicts, missing)}\``;
  if (missing.length > 0) {
    const names = missing.map(quote).join(', ');
    ctx.report({ range: attr.nameRange, message: `add ${names} to mount_options of ${pv}: ${RULE_TEXT}`, suggestion, fix: { edits: appendEdits(text, tuple, missing) } });
  }
  for (const conflict of conflicts) {
    const { option } = conflict.option;
    const want = wanted(conflict.key);
    const hard = conflict.key === 'soft';
    const why = hard ? 'a hard NFS mount leaves pods in uninterruptible sleep (D state) while the server is unreachable' : RULE_TEXT;
    const message =
      conflict.action === 'replace'
        ? `replace "${option}" with "${want}" in mount_options of ${pv}: ${why}`
        : `remove "${option}" from mount_options of ${pv}: it conflicts with "${want}"`;
    const fix: Fix = { edits: [conflictEdit(text, tuple, conflict)], ...(hard ? { kind: 'unsafe' as const } : {}) };
    ctx.report({ range: conflict.option.item.value, message, suggestion, fix });
  }
}

export const nfsMountOptions: Rule<NfsMountOptionsOptions> = {
  meta: {
    id: 'nfs-mount-options',
    description: 'An NFS-backed kubernetes_persistent_volume (an nfs {} source or the nfs.csi.k8s.io CSI driver) mounts with soft, timeo=30 and retrans=3.',
    severity: 'warn',
    fix: 'safe',
    section: 'Storage',
    rationale:
      'AGENTS.md, "Storage": "NFS mount options: Always soft,timeo=30,retrans=3 to prevent uninterruptible sleep (D state)." A hard mount (the default) blocks every process touching the volume until the Proxmox host answers again, and "NEVER restart NFS on the Proxmox host — causes cluster-wide mount failures across all pods".',
    suggestion: 'Set `mount_options = ["soft", "timeo=30", "retrans=3"]` in the PV spec (keep other options such as nfsvers; drop hard).',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        csiDrivers: {
          type: 'array',
          items: { type: 'string' },
          description: 'CSI driver names that mount NFS; a PV using one of them is checked like an nfs {} source.',
        },
        moduleDir: {
          type: 'string',
          description: 'The nfs_volume module folder relative to the repository root; its own PV is not checked here.',
        },
      },
    },
    defaultOptions: { csiDrivers: ['nfs.csi.k8s.io'], moduleDir: 'modules/kubernetes/nfs_volume' },
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl) return;
    const moduleDir = ctx.options.moduleDir.replace(/\/+$/, '');
    if (ctx.file.relPath === moduleDir || ctx.file.relPath.startsWith(`${moduleDir}/`)) return;
    for (const item of hcl.body.items) {
      if (item.kind === 'Block' && item.type === 'resource' && PV_TYPES.has(item.labels[0]?.value ?? '')) checkVolume(ctx, item);
    }
  },
};
