/**
 * Shared reading and editing of `lifecycle { ignore_changes = [...] }` for the
 * kyverno-lifecycle and keel-lifecycle rules.
 *
 * Both rules place entries by one canonical order (the AGENTS.md block:
 * dns_config, the Keel control annotations, match-tag, container images, init
 * container images, the Keel restamped annotations). A missing entry goes after
 * the present entry that precedes it in that order, else before the present
 * entry that follows it, else at the end of the list. Because both rules use
 * the same order, their edits converge to the canonical block whichever rule's
 * fix the engine applies first (it re-lints between passes).
 *
 * Offsets are UTF-16 code units into the file's text.
 */
import { getAttribute, indentationAt, stringValue, traversalPath } from '../src/hcl/index.js';
import type { Attribute, Block, Comment, Expression, File, ObjectExpr, ObjectItem, Tuple, TupleItem } from '../src/hcl/index.js';
import type { OffsetRange, TextEdit } from '../src/engine/types.js';

export const KYVERNO_V1 = 'KYVERNO_LIFECYCLE_V1';
export const KYVERNO_V2 = 'KYVERNO_LIFECYCLE_V2';
export const KEEL_IMAGE = 'KEEL_IGNORE_IMAGE';
export const KEEL_V1 = 'KEEL_LIFECYCLE_V1';

export const POD_DNS_PATH = 'spec[0].template[0].spec[0].dns_config';
export const CRON_DNS_PATH = 'spec[0].job_template[0].spec[0].template[0].spec[0].dns_config';

export const annotationPath = (key: string): string => `metadata[0].annotations["${key}"]`;
export const POLICY_PATH = annotationPath('keel.sh/policy');
export const TRIGGER_PATH = annotationPath('keel.sh/trigger');
export const POLL_PATH = annotationPath('keel.sh/pollSchedule');
export const MATCH_TAG_PATH = annotationPath('keel.sh/match-tag');
export const CHANGE_CAUSE_PATH = annotationPath('kubernetes.io/change-cause');
export const REVISION_PATH = annotationPath('deployment.kubernetes.io/revision');
export const UPDATE_TIME_PATH = 'spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]';

export type ContainerKind = 'container' | 'init_container';
export const imagePath = (kind: ContainerKind, index: number): string => `spec[0].template[0].spec[0].${kind}[${index}].image`;
const IMAGE_PATH_RE = /^spec\[0\]\.template\[0\]\.spec\[0\]\.(container|init_container)\[(\d+)\]\.image$/;

/** The container kind and index of a `…container[N].image` path. */
export function parseImagePath(path: string): { kind: ContainerKind; index: number } | undefined {
  const m = IMAGE_PATH_RE.exec(path);
  return m ? { kind: m[1] as ContainerKind, index: Number(m[2]) } : undefined;
}

export const RANK_V2_FIRST = 10;
export const RANK_V2_LAST = 12;
export const RANK_MATCH_TAG = 13;
export const RANK_V1_FIRST = 6000;
const FIXED_RANKS: ReadonlyMap<string, number> = new Map([
  [POD_DNS_PATH, 0],
  [CRON_DNS_PATH, 0],
  [POLICY_PATH, 10],
  [TRIGGER_PATH, 11],
  [POLL_PATH, 12],
  [MATCH_TAG_PATH, RANK_MATCH_TAG],
  [CHANGE_CAUSE_PATH, 6000],
  [REVISION_PATH, 6001],
  [UPDATE_TIME_PATH, 6002],
]);

/** The position of a path in the canonical block (lower comes first); undefined for the author's own entries. */
export function canonicalRank(path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  const fixed = FIXED_RANKS.get(path);
  if (fixed !== undefined) return fixed;
  const image = parseImagePath(path);
  return image ? imageRank(image.kind, image.index) : undefined;
}

/** The canonical rank of `imagePath(kind, index)`. */
export function imageRank(kind: ContainerKind, index: number): number {
  return (kind === 'container' ? 100 : 3000) + Math.min(index, 2899);
}

const MARKER_RES: ReadonlyMap<string, RegExp> = new Map([KYVERNO_V1, KYVERNO_V2, KEEL_IMAGE, KEEL_V1].map((m) => [m, new RegExp(`\\b${m}\\b`)]));

export function hasMarker(comment: Comment, marker: string): boolean {
  return MARKER_RES.get(marker)?.test(comment.text) ?? comment.text.includes(marker);
}

export interface Entry {
  readonly item: TupleItem;
  /** The canonical path of the entry (`traversalPath`, or the value of a legacy quoted string). */
  readonly path: string | undefined;
  readonly rank: number | undefined;
  /** `parseImagePath(path)`. */
  readonly image: { readonly kind: ContainerKind; readonly index: number } | undefined;
}

/**
 * How an `ignore_changes` list is laid out: `one-line` (`[` and `]` on one
 * line), `multi-line` (every item starts on a line after `[` and `]` starts its
 * own line), or anything else (`irregular`).
 */
export type Layout = 'one-line' | 'multi-line' | 'irregular';

export interface LifecycleSite {
  readonly resource: Block;
  readonly lifecycle: Block | undefined;
  readonly ignoreChanges: Attribute | undefined;
  /** `ignore_changes = all`. */
  readonly all: boolean;
  /** The list, when `ignore_changes` is a tuple. */
  readonly list: Tuple | undefined;
  readonly entries: readonly Entry[];
  readonly layout: Layout;
}

function isAll(expr: Expression): boolean {
  return (expr.kind === 'Variable' && expr.name === 'all') || stringValue(expr) === 'all';
}

export function entryPath(expr: Expression): string | undefined {
  return traversalPath(expr) ?? stringValue(expr);
}

/** The sites read so far, per resource block: kyverno-lifecycle and keel-lifecycle read the same workloads. */
const sites = new WeakMap<Block, LifecycleSite>();

/** Reads the resource's first `lifecycle` block and its `ignore_changes` (once per parse of the resource). */
export function lifecycleSite(file: File, resource: Block): LifecycleSite {
  let site = sites.get(resource);
  if (!site) sites.set(resource, (site = readLifecycleSite(file, resource)));
  return site;
}

function readLifecycleSite(file: File, resource: Block): LifecycleSite {
  let lifecycle: Block | undefined;
  const items = resource.body.items;
  for (let i = 0; i < items.length && !lifecycle; i++) {
    const item = items[i]!;
    if (item.kind === 'Block' && item.type === 'lifecycle') lifecycle = item;
  }
  const ignoreChanges = lifecycle ? getAttribute(lifecycle.body, 'ignore_changes') : undefined;
  const value = ignoreChanges?.value;
  const list = value?.kind === 'Tuple' ? value : undefined;
  const entries: Entry[] = [];
  for (const item of list?.items ?? []) {
    const path = entryPath(item.value);
    const fixed = path === undefined ? undefined : FIXED_RANKS.get(path);
    const image = path === undefined || fixed !== undefined ? undefined : parseImagePath(path);
    entries.push({ item, path, rank: fixed ?? (image ? imageRank(image.kind, image.index) : undefined), image });
  }
  return { resource, lifecycle, ignoreChanges, all: value !== undefined && isAll(value), list, entries, layout: list ? layoutOf(file.source, list) : 'multi-line' };
}

/** The list's `]` is the first thing on its line. */
export function closesOnOwnLine(text: string, list: Tuple): boolean {
  const close = list.closeBracket;
  return close !== undefined && close.line !== list.openBracket.line && text.slice(lineStartOf(text, close.start), close.start).trim() === '';
}

function layoutOf(text: string, list: Tuple): Layout {
  const close = list.closeBracket;
  if (!close) return 'irregular';
  if (list.openBracket.line === close.line) return 'one-line';
  if (!closesOnOwnLine(text, list)) return 'irregular';
  for (const item of list.items) {
    const first = item.leadComments[0] ?? item;
    if (first.line === list.openBracket.line) return 'irregular';
  }
  return 'multi-line';
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break that ends the line holding `offset` (the text length on the last line). */
export function nextLineStartOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The offset after the last non-blank character of the line holding `offset` (never before `offset`). */
export function lineContentEndOf(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  while (end > offset) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    end--;
  }
  return end;
}

/** The first index in the file's comments whose start is at or after `offset`. */
function firstCommentFrom(file: File, offset: number): number {
  let lo = 0;
  let hi = file.comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (file.comments[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Comments that start inside `range`. */
export function commentsIn(file: File, range: OffsetRange): Comment[] {
  const out: Comment[] = [];
  for (let i = firstCommentFrom(file, range.start); i < file.comments.length; i++) {
    const c = file.comments[i]!;
    if (c.start >= range.end) break;
    out.push(c);
  }
  return out;
}

/** Comments inside a block's braces. */
export function commentsInBlock(file: File, block: Block): Comment[] {
  return commentsIn(file, { start: block.openBrace.end, end: block.closeBrace?.start ?? block.end });
}

/** Comments on the line where `node` ends (before or after it). */
export function commentsOnLine(file: File, node: OffsetRange & { endLine: number }): Comment[] {
  const text = file.source;
  return commentsIn(file, { start: lineStartOf(text, node.end), end: nextLineStartOf(text, node.end) }).filter((c) => c.line === node.endLine || c.endLine === node.endLine);
}

/** Whether the comments that carry an entry's markers (those directly above it and those on its line) have `marker`. */
export function entryHasMarker(file: File, entry: Entry, marker: string): boolean {
  for (const c of entry.item.leadComments) if (hasMarker(c, marker)) return true;
  return commentsOnLine(file, entry.item.value).some((c) => hasMarker(c, marker));
}

function commentOpener(comment: Comment): string {
  return comment.style === '#' ? '#' : comment.style;
}

/**
 * An edit that puts `marker` on the line holding `offset`: into the comment
 * already on that line (after its opener: `# note` → `# MARKER — note`), or as
 * a new comment (`comment`, by default `# MARKER`) at the end of the line.
 */
export function markerEdit(file: File, offset: number, marker: string, comment = `# ${marker}`): TextEdit {
  const text = file.source;
  const existing = commentsIn(file, { start: offset, end: nextLineStartOf(text, offset) })[0];
  if (existing) return markerIntoComment(existing, marker);
  const at = lineContentEndOf(text, offset);
  return { start: at, end: at, text: ` ${comment}` };
}

function markerIntoComment(comment: Comment, marker: string): TextEdit {
  const opener = commentOpener(comment);
  const closer = comment.style === '/*' ? '*/' : '';
  const body = comment.text.slice(opener.length, comment.text.length - closer.length);
  if (body.trim() === '') return { start: comment.start, end: comment.end, text: closer ? `/* ${marker} */` : `${opener} ${marker}` };
  const skip = body.startsWith(' ') ? 1 : 0;
  const at = comment.start + opener.length + skip;
  return { start: at, end: at, text: `${skip ? '' : ' '}${marker} — ` };
}

/** The edit removing a comment: its whole line when it stands alone there, else the comment and the blanks before it. */
export function removeCommentEdit(text: string, comment: Comment): TextEdit {
  const lineStart = lineStartOf(text, comment.start);
  const before = text.slice(lineStart, comment.start);
  const after = text.slice(comment.end, nextLineStartOf(text, comment.end));
  if (before.trim() === '' && after.trim() === '') return { start: lineStart, end: nextLineStartOf(text, comment.end), text: '' };
  let start = comment.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: comment.end, text: '' };
}

/** A line to add to a list: its rank, the entry text (`path`) and the comment after it (`# MARKER …`), if any. */
export interface NewLine {
  readonly rank: number;
  readonly path: string;
  readonly comment?: string;
  /** Pad `path,` to this many characters before the comment (to align a group of comments). */
  readonly padTo?: number;
}

export function renderLine(line: NewLine): string {
  return renderRow(rowOf(line));
}

/**
 * Where each new line goes among the existing entries: after the entry with
 * the greatest canonical rank below its own, else before the entry with the
 * smallest rank above it, else at the end. Entries listed in `skip` (e.g.
 * image lines about to be removed) are never anchors. Groups are in rank order.
 */
export function placeLines(entries: readonly Entry[], lines: readonly NewLine[], skip: ReadonlySet<Entry> = new Set()): { before: Map<number, NewLine[]>; after: Map<number, NewLine[]>; end: NewLine[] } {
  const before = new Map<number, NewLine[]>();
  const after = new Map<number, NewLine[]>();
  const end: NewLine[] = [];
  const push = (map: Map<number, NewLine[]>, key: number, line: NewLine): void => {
    const list = map.get(key);
    if (list) list.push(line);
    else map.set(key, [line]);
  };
  for (const line of [...lines].sort((a, b) => a.rank - b.rank)) {
    let pred = -1;
    let succ = -1;
    entries.forEach((e, i) => {
      if (e.rank === undefined || skip.has(e)) return;
      if (e.rank < line.rank && (pred < 0 || e.rank >= entries[pred]!.rank!)) pred = i;
      if (e.rank > line.rank && (succ < 0 || e.rank < entries[succ]!.rank!)) succ = i;
    });
    if (pred >= 0) push(after, pred, line);
    else if (succ >= 0) push(before, succ, line);
    else end.push(line);
  }
  return { before, after, end };
}

/** The indentation unit of a file region: the extra indentation of `inner` over `outer`, else two spaces. */
export function indentUnit(outer: string, inner: string | undefined): string {
  if (inner !== undefined && inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  return outer.includes('\t') ? '\t' : '  ';
}

function itemContentEnd(item: TupleItem): number {
  return Math.max(item.value.end, item.comma?.end ?? 0, item.lineComment?.end ?? 0);
}

/** Edits inserting `lines` into a `multi-line` list, one line each, in the indentation of the neighbouring entries. */
export function insertLinesEdits(file: File, site: LifecycleSite, lines: readonly NewLine[], skip: ReadonlySet<Entry> = new Set()): TextEdit[] {
  const text = file.source;
  const list = site.list!;
  const { before, after, end } = placeLines(site.entries, lines, skip);
  const edits: TextEdit[] = [];
  const render = (indent: string, group: readonly NewLine[]): string => group.map((l) => `${indent}${renderLine(l)}\n`).join('');
  const insertAfter = (entry: Entry, group: readonly NewLine[]): void => {
    const item = entry.item;
    if (!item.comma) edits.push({ start: item.value.end, end: item.value.end, text: ',' });
    const at = nextLineStartOf(text, itemContentEnd(item));
    edits.push({ start: at, end: at, text: render(indentationAt(text, item.start), group) });
  };
  for (const [i, group] of after) insertAfter(site.entries[i]!, group);
  for (const [i, group] of before) {
    const item = site.entries[i]!.item;
    const first = item.leadComments[0] ?? item;
    const at = lineStartOf(text, first.start);
    edits.push({ start: at, end: at, text: render(indentationAt(text, item.start), group) });
  }
  if (end.length > 0) {
    const last = site.entries[site.entries.length - 1];
    if (last) insertAfter(last, end);
    else {
      const close = list.closeBracket!;
      const closeIndent = indentationAt(text, close.start);
      const at = lineStartOf(text, close.start);
      edits.push({ start: at, end: at, text: render(closeIndent + indentUnit(closeIndent, undefined), end) });
    }
  }
  return mergeEdits(edits);
}

/** Joins zero-width edits at the same offset (a fix's edits must not overlap). */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const prev = out[out.length - 1];
    if (prev && prev.start === e.start && prev.end === prev.start && e.end === e.start) out[out.length - 1] = { start: prev.start, end: prev.end, text: prev.text + e.text };
    else out.push(e);
  }
  return out;
}

/** One row of a rewritten list: the comments above it, the entry text, its line comment and the width its `text,` is padded to. */
export interface Row {
  readonly lead: readonly string[];
  readonly text: string;
  readonly comment: string | undefined;
  readonly padTo?: number;
}

function renderRow(row: Row): string {
  const head = `${row.text},`;
  return row.comment === undefined ? head : `${head.padEnd(row.padTo ?? 0)} ${row.comment}`;
}

/**
 * The text of `name = [` … `]` laid out one entry per line, for an attribute
 * at indentation `indent` (the first line carries no indentation).
 */
export function renderList(name: string, rows: readonly Row[], indent: string, unit: string): string {
  return `${name} = ${renderTuple(rows, indent, unit)}`;
}

/** `[` … `]` with one row per line, closing at indentation `indent`. */
export function renderTuple(rows: readonly Row[], indent: string, unit: string): string {
  const inner = indent + unit;
  const body = rows.map((r) => [...r.lead.map((c) => `${inner}${c}\n`), `${inner}${renderRow(r)}\n`].join('')).join('');
  return `[\n${body}${indent}]`;
}

/** A comment text that carries `marker`: `# MARKER` when there is none, else the marker after the comment's opener. */
export function withMarker(comment: string | undefined, marker: string, fresh = `# ${marker}`): string {
  if (comment === undefined) return fresh;
  const m = /^(#|\/\/|\/\*)( ?)([\s\S]*?)(\*\/)?$/.exec(comment);
  if (!m) return `# ${marker} — ${comment}`;
  const body = m[3]!.trimEnd();
  if (body === '') return m[1] === '/*' ? `/* ${marker} */` : `${m[1]!} ${marker}`;
  return `${m[1]!} ${marker} — ${body}${m[4] === undefined ? '' : ` ${m[4]}`}`;
}

export function rowOf(line: NewLine): Row {
  return { lead: [], text: line.path, comment: line.comment, ...(line.padTo === undefined ? {} : { padTo: line.padTo }) };
}

/** The `ignore_changes` attribute name, padded to align its `=` with the attribute just above it in the lifecycle body. */
function alignedName(lifecycle: Block): string {
  const name = 'ignore_changes';
  const last = lifecycle.body.items[lifecycle.body.items.length - 1];
  if (last?.kind !== 'Attribute' || last.line !== last.endLine) return name;
  const width = last.equalsRange.start - last.start - 1;
  return width > name.length ? name.padEnd(width) : name;
}

/**
 * The edit that gives a resource an `ignore_changes` attribute: appended to its
 * `lifecycle` block, or in a new `lifecycle` block at the end of the resource
 * body (after a blank line), in the body's indentation. `attribute(name,
 * indent, unit)` renders the attribute (first line unindented). Undefined when
 * the block's layout leaves no safe place (an unterminated block).
 */
export function addIgnoreChangesEdit(file: File, resource: Block, lifecycle: Block | undefined, attribute: (name: string, indent: string, unit: string) => string): TextEdit | undefined {
  const text = file.source;
  const host = lifecycle ?? resource;
  const close = host.closeBrace;
  if (!close) return undefined;
  const resourceIndent = indentationAt(text, resource.start);
  const bodyItem = resource.body.items[0];
  const unit = indentUnit(resourceIndent, bodyItem && bodyItem.line !== resource.openBrace.line ? indentationAt(text, bodyItem.start) : undefined);
  const hostIndent = indentationAt(text, host.start);
  const firstItem = host.body.items[0];
  const indent = firstItem && firstItem.line !== host.openBrace.line ? indentationAt(text, firstItem.start) : hostIndent + unit;
  const closeAlone = text.slice(lineStartOf(text, close.start), close.start).trim() === '';
  if (lifecycle) {
    const attr = attribute(alignedName(lifecycle), indent, unit);
    if (closeAlone && !lifecycle.oneLine) {
      const at = lineStartOf(text, close.start);
      return { start: at, end: at, text: `${indent}${attr}\n` };
    }
    if (commentsInBlock(file, lifecycle).length > 0) return undefined;
    const items = lifecycle.body.items.map((item) => `${indent}${text.slice(item.start, item.end)}\n`).join('');
    return { start: lifecycle.openBrace.end, end: close.start, text: `\n${items}${indent}${attr}\n${hostIndent}` };
  }
  const block = `${indent}lifecycle {\n${indent}${unit}${attribute('ignore_changes', indent + unit, unit)}\n${indent}}\n`;
  if (closeAlone && !resource.oneLine) {
    const at = lineStartOf(text, close.start);
    const gap = resource.body.items.length > 0 && !/\n[ \t\r]*\n$/.test(text.slice(Math.max(0, at - 200), at)) ? '\n' : '';
    return { start: at, end: at, text: gap + block };
  }
  const gap = resource.body.items.length > 0 ? '\n' : '';
  return { start: close.start, end: close.start, text: `\n${gap}${block}${hostIndent}` };
}

/** The items of a map-valued attribute and whether they are all known. */
export interface MapItems {
  readonly items: readonly ObjectItem[];
  /** False when part of the map is computed (a variable, a function other than `merge`, …). */
  readonly complete: boolean;
}

const EMPTY_MAP: MapItems = { items: [], complete: true };
const LOCAL_REF = /^local\.([\p{L}\p{N}_-]+)$/u;

/**
 * The items of a map expression: an object literal, `local.x` holding one (in
 * the same folder), or `merge(…)` of such maps (later items win, as in
 * Terraform). An absent attribute is an empty, complete map.
 */
export function mapItems(expr: Expression | undefined, locals: ReadonlyMap<string, { readonly node: Attribute }> | undefined, depth = 0): MapItems {
  if (!expr) return EMPTY_MAP;
  if (depth > 8) return { items: [], complete: false };
  if (expr.kind === 'Object') return { items: expr.items, complete: true };
  if (expr.kind === 'Parens') return mapItems(expr.expr, locals, depth + 1);
  if (expr.kind === 'FunctionCall' && expr.name === 'merge' && !expr.expandFinal) {
    const parts = expr.args.map((arg) => mapItems(arg, locals, depth + 1));
    return { items: parts.flatMap((p) => p.items), complete: parts.every((p) => p.complete) };
  }
  const path = traversalPath(expr);
  const local = path?.startsWith('local.') ? LOCAL_REF.exec(path)?.[1] : undefined;
  const value = local === undefined ? undefined : locals?.get(local)?.node.value;
  return value ? mapItems(value, locals, depth + 1) : { items: [], complete: false };
}

/** The item that sets `key` in a map (the last one, as `merge` keeps the last). */
export function mapItem(map: MapItems, key: string): ObjectItem | undefined {
  let found: ObjectItem | undefined;
  for (const item of map.items) if (keyText(item.key) === key) found = item;
  return found;
}

/** The literal text of an object key (a bare name or a quoted string). */
export function keyText(key: Expression): string | undefined {
  if (key.kind === 'Variable') return key.name;
  if (key.kind === 'Parens') return keyText(key.expr);
  return stringValue(key);
}

/** The value expression of `key` in an object. */
export function objectGet(obj: ObjectExpr | undefined, key: string): Expression | undefined {
  return obj?.items.find((item) => keyText(item.key) === key)?.value;
}

/** The resource header (`resource "type" "name"`), where block-level findings are reported. */
export function headerRange(block: Block): OffsetRange {
  const last = block.labels[block.labels.length - 1];
  return { start: block.start, end: last ? last.end : block.typeRange.end };
}
