/**
 * Inline suppressions:
 *
 *   # infralint-ignore <rule-id>[, <rule-id>…] -- <reason> [exp:YYYY-MM-DD]
 *   # infralint-ignore-file <rule-id> -- <reason>
 *
 * In HCL a suppression that leads an item (attribute, block, list or object
 * element) covers that whole node, so a finding anywhere inside the block is
 * suppressed. One that ends a line covers its own line. Elsewhere (YAML, shell,
 * Markdown `<!-- … -->`) a comment alone on its line covers the next non-blank
 * line. Reasons are required; an expired suppression stops working.
 */
import { walk, type Comment, type Node } from '../hcl/index.js';
import type { OffsetRange, SourceFile, TextEdit } from './types.js';

export interface Suppression {
  readonly scope: 'node' | 'line' | 'file';
  readonly ruleIds: readonly string[];
  readonly reason: string | undefined;
  /** `YYYY-MM-DD`, when given. */
  readonly expires: string | undefined;
  /** The comment's own range. */
  readonly comment: OffsetRange;
  /** What it covers (the whole file for `file` scope). */
  readonly covers: OffsetRange;
  /** Removes the comment (its whole line when it stands alone). */
  readonly removal: TextEdit;
  /** Rule ids that suppressed at least one finding. */
  readonly used: Set<string>;
}

const DIRECTIVE = /^infralint-ignore(-file)?(?:\s+([\s\S]*))?$/;

interface ParsedDirective {
  fileScope: boolean;
  ruleIds: string[];
  reason: string | undefined;
  expires: string | undefined;
}

/** Parses the text of a comment without its markers. */
export function parseDirective(body: string): ParsedDirective | undefined {
  const m = DIRECTIVE.exec(body.trim());
  if (!m) return undefined;
  let rest = m[2] ?? '';
  let expires: string | undefined;
  rest = rest.replace(/\bexp:(\S+)/, (_all, date: string) => {
    expires = date;
    return '';
  });
  const sep = rest.indexOf('--');
  const idsPart = sep >= 0 ? rest.slice(0, sep) : rest;
  const reason = sep >= 0 ? rest.slice(sep + 2).trim() : '';
  const ruleIds = idsPart.split(/[\s,]+/).filter((s) => s.length > 0);
  return { fileScope: m[1] !== undefined, ruleIds, reason: reason === '' ? undefined : reason, expires };
}

function commentBody(text: string): string {
  if (text.startsWith('#')) return text.slice(1);
  if (text.startsWith('//')) return text.slice(2);
  if (text.startsWith('/*')) return text.slice(2, text.endsWith('*/') ? -2 : undefined);
  if (text.startsWith('<!--')) return text.slice(4, text.endsWith('-->') ? -3 : undefined);
  return text;
}

function lineBounds(text: string, offset: number): { start: number; end: number; next: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const next = end < text.length ? end + 1 : end;
  return { start, end: end > start && text[end - 1] === '\r' ? end - 1 : end, next };
}

/** The edit that removes a comment: its whole line when alone, else the comment and the spaces before it. */
function removalOf(text: string, comment: OffsetRange): TextEdit {
  const line = lineBounds(text, comment.start);
  const before = text.slice(line.start, comment.start);
  const after = text.slice(comment.end, line.end);
  if (before.trim() === '' && after.trim() === '') return { start: line.start, end: line.next, text: '' };
  let start = comment.start;
  while (start > line.start && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: comment.end, text: '' };
}

function isAloneOnLine(text: string, range: OffsetRange): boolean {
  const line = lineBounds(text, range.start);
  return text.slice(line.start, range.start).trim() === '';
}

/** The range of the next non-blank line after `offset`. */
function nextLineRange(text: string, offset: number): OffsetRange {
  let pos = lineBounds(text, offset).next;
  while (pos < text.length) {
    const line = lineBounds(text, pos);
    if (text.slice(line.start, line.end).trim() !== '') return { start: line.start, end: line.end };
    if (line.next === pos) break;
    pos = line.next;
  }
  return { start: pos, end: pos };
}

function ownersOfComments(root: Node): Map<Comment, Node> {
  const owners = new Map<Comment, Node>();
  walk(root, (node) => {
    if (node.kind === 'Attribute' || node.kind === 'Block' || node.kind === 'TupleItem' || node.kind === 'ObjectItem') {
      for (const c of node.leadComments) owners.set(c, node);
    }
  });
  return owners;
}

function build(file: SourceFile, comment: OffsetRange, body: string, covers: () => OffsetRange, scopeIfNotFile: 'node' | 'line'): Suppression | undefined {
  const d = parseDirective(body);
  if (!d) return undefined;
  const whole = { start: 0, end: file.text.length };
  return {
    scope: d.fileScope ? 'file' : scopeIfNotFile,
    ruleIds: d.ruleIds,
    reason: d.reason,
    expires: d.expires,
    comment,
    covers: d.fileScope ? whole : covers(),
    removal: removalOf(file.text, comment),
    used: new Set(),
  };
}

const TEXT_COMMENT = /(?:^|[ \t])(#|\/\/|<!--)[ \t]*(infralint-ignore[^\n\r]*?)(?:-->)?[ \t]*$/gm;

/** Every suppression directive of a file. */
export function findSuppressions(file: SourceFile): Suppression[] {
  if (!file.text.includes('infralint-ignore')) return [];
  const out: Suppression[] = [];
  if (file.hcl) {
    const hcl = file.hcl;
    const owners = ownersOfComments(hcl);
    for (const c of hcl.comments) {
      if (!c.text.includes('infralint-ignore')) continue;
      const owner = owners.get(c);
      const alone = isAloneOnLine(file.text, c);
      const s = build(
        file,
        c,
        commentBody(c.text),
        () => (owner ? { start: owner.start, end: owner.end } : alone ? nextLineRange(file.text, c.end) : lineBounds(file.text, c.start)),
        owner ? 'node' : 'line',
      );
      if (s) out.push(s);
    }
    return out;
  }
  for (const m of file.text.matchAll(TEXT_COMMENT)) {
    const markerAt = m.index + m[0].indexOf(m[1]!);
    const comment = { start: markerAt, end: m.index + m[0].trimEnd().length };
    const alone = isAloneOnLine(file.text, comment);
    const s = build(file, comment, m[2]!, () => (alone ? nextLineRange(file.text, comment.end) : lineBounds(file.text, comment.start)), 'line');
    if (s) out.push(s);
  }
  return out;
}

/** Today's date as `YYYY-MM-DD` (UTC), the unit expiry dates are compared in. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
