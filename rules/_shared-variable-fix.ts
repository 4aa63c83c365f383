/**
 * What redis-endpoint and shared-variables share: finding a hard-coded shared
 * value in HCL strings, deciding whether a place may hold `var.<name>` at all,
 * and the fix — rewrite the literal to `var.<name>` (or `${var.<name>}` inside
 * a longer string) and make sure the folder declares the variable.
 *
 * Invariant the fixer relies on: the declaration edit depends only on the
 * folder (never on the file or finding that asks for it), so every finding of
 * one pass in one folder produces the byte-identical edit at the identical
 * offset and the engine applies it once.
 */
import { basename, join, posix } from 'node:path';
import { children, getAttribute, indentationAt, walk } from '../src/hcl/index.js';
import type { Attribute, Block, Expression, File as HclFile, Heredoc, Node, Template, TemplateText } from '../src/hcl/index.js';
import type { Fix, RuleContext, SourceFile, TextEdit } from '../src/engine/types.js';
import type { FolderIndex, ModuleCallInfo, RepoIndex, SourcedValue } from '../src/project/index-types.js';
import { folderKindOf, objectKeyText } from '../src/project/repo-index.js';
import { resolveSharedValues } from '../src/project/shared-values.js';

/** The HAProxy-backed service that `var.redis_host` names (AGENTS.md, "Redis Service Naming"). */
export const REDIS_MASTER_HOST = 'redis-master.redis.svc.cluster.local';
/** The Helm chart's default service: "Do NOT use". */
export const REDIS_CHART_HOST = 'redis.redis.svc.cluster.local';
const READINESS_GATE = 'dependency.kyverno.io/wait-for';
const SERVICE_HOST = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?$/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A shared value written literally in an HCL string. */
export interface HostLiteral {
  /** The string expression that holds it. */
  readonly expr: Template | Heredoc;
  /** Offsets of the value's text in the file. */
  readonly start: number;
  readonly end: number;
  /** The value is the whole quoted string: the fix replaces the string with `var.<name>`. */
  readonly whole: boolean;
}

/** Where a literal stands, as far as these rules care. */
export type LiteralPlace =
  | { readonly kind: 'definition' }
  | { readonly kind: 'readiness-gate' }
  | { readonly kind: 'code'; readonly noFix?: string; readonly variable?: string };

export interface SharedVariableFix {
  readonly fix: Fix | undefined;
  /** Appended to the finding's message (starts with `; `), '' when there is nothing to add. */
  readonly note: string;
  /** The manual instruction; its first backtick span is the expected text. */
  readonly suggestion: string;
}

const patterns = new Map<string, RegExp>();

/**
 * A global regex for `host` as a whole host name or address: not preceded by a
 * letter, digit, `.` or `-`, not followed by a letter, digit, `-` or a dot
 * that continues the name (`mail.example.me` does not match `smtp.mail.example.me`
 * or `mail.example.me.uk`; it matches `user@mail.example.me:587`).
 */
export function hostPattern(host: string): RegExp {
  let re = patterns.get(host);
  if (!re) {
    re = new RegExp(`(?<![A-Za-z0-9.-])${host.replace(REGEX_SPECIAL, '\\$&')}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'g');
    patterns.set(host, re);
  }
  return re;
}

/** The shared values of the last config each index was asked about (every file of a run asks with the same config). */
const sharedValuesCache = new WeakMap<RepoIndex, { readonly sharedVariables: RuleContext<unknown>['sharedVariables']; readonly values: ReadonlyMap<string, SourcedValue> }>();

/** The shared values in force: config.tfvars when readable, then the config's `sharedVariables`, then the built-ins. */
export function sharedValuesOf(ctx: RuleContext<unknown>): ReadonlyMap<string, SourcedValue> {
  const cached = sharedValuesCache.get(ctx.index);
  if (cached && cached.sharedVariables === ctx.sharedVariables) return cached.values;
  const values = resolveSharedValues(ctx.index.configValues, { sharedVariables: ctx.sharedVariables ?? {}, file: undefined });
  sharedValuesCache.set(ctx.index, { sharedVariables: ctx.sharedVariables, values });
  return values;
}

/**
 * The string text run that holds all of `[start, end)`, found by descending
 * from the file through the children that contain the range (children are in
 * source order and do not overlap); undefined when the range is not inside
 * one text run (a comment, an identifier, across an interpolation).
 */
function textAt(hcl: HclFile, start: number, end: number): TemplateText | undefined {
  let node: Node = hcl;
  for (;;) {
    if (node.kind === 'TemplateText') return node;
    const list = children(node);
    let lo = 0;
    let hi = list.length - 1;
    let next: Node | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = list[mid]!;
      if (c.end <= start) lo = mid + 1;
      else if (c.start > start) hi = mid - 1;
      else {
        if (end <= c.end) next = c;
        break;
      }
    }
    if (next === undefined) return undefined;
    node = next;
  }
}

/**
 * Every occurrence of `host` (matched by `hostPattern(host)`) in the literal
 * text of the file's strings and heredocs, in source order. The text runs
 * looked at are those the host occurs in as a substring of the source.
 */
export function findHostLiterals(hcl: HclFile, host: string): HostLiteral[] {
  const out: HostLiteral[] = [];
  const source = hcl.source;
  let last: TemplateText | undefined;
  for (let at = source.indexOf(host); at >= 0; at = source.indexOf(host, at + 1)) {
    const node = textAt(hcl, at, at + host.length);
    if (!node || node === last) continue;
    last = node;
    const expr = stringOf(node);
    if (!expr) continue;
    for (const m of node.raw.matchAll(hostPattern(host))) {
      const start = node.start + m.index;
      const end = start + m[0].length;
      const whole = expr.kind === 'Template' && expr.parts.length === 1 && node.raw === m[0];
      out.push({ expr, start, end, whole });
    }
  }
  return out;
}

function stringOf(text: TemplateText): Template | Heredoc | undefined {
  for (let p = text.parent; p !== undefined; p = p.parent) {
    if (p.kind === 'Template' || p.kind === 'Heredoc') return p;
  }
  return undefined;
}

function isTerraformFile(file: SourceFile): boolean {
  return file.path.endsWith('.tf');
}

/**
 * Classifies the place of a literal that holds the value of shared variable
 * `name`: a definition (config.tfvars, any .tfvars, terragrunt `inputs`, the
 * default of `variable "<name>"` itself), a Kyverno readiness gate, or code —
 * with the reason when `var.<name>` cannot be written there.
 */
export function placeOf(file: SourceFile, literal: HostLiteral, name: string): LiteralPlace {
  if (file.path.endsWith('.tfvars')) return { kind: 'definition' };
  let top: Node = literal.expr;
  let variable: string | undefined;
  for (let p: Node | undefined = literal.expr; p !== undefined; p = p.parent) {
    if (p.kind === 'ObjectItem' && objectKeyText(p.key) === READINESS_GATE) return { kind: 'readiness-gate' };
    if (p.kind === 'Attribute' && p.name === READINESS_GATE) return { kind: 'readiness-gate' };
    if (p.kind === 'Block' && p.type === 'variable') variable = p.labels[0]?.value;
    if (p.kind !== 'File' && p.kind !== 'Body') top = p;
  }
  if (!isTerraformFile(file)) {
    if (top.kind === 'Attribute' && top.name === 'inputs') return { kind: 'definition' };
    return { kind: 'code', noFix: 'Terragrunt files cannot reference var.*' };
  }
  if (variable !== undefined) {
    if (variable === name) return { kind: 'definition' };
    return { kind: 'code', variable, noFix: 'a variable default cannot reference another variable' };
  }
  return noFixReason(literal.expr, top) ?? { kind: 'code' };
}

function noFixReason(expr: Template | Heredoc, top: Node): LiteralPlace | undefined {
  const parent = expr.parent;
  if (parent?.kind === 'ObjectItem' && parent.key === expr) return { kind: 'code', noFix: 'an object key is written literally' };
  if (top.kind === 'Block' && ['terraform', 'moved', 'removed'].includes(top.type)) return { kind: 'code', noFix: `a ${top.type} block cannot reference variables` };
  if (top.kind === 'Block' && top.type === 'module' && parent?.kind === 'Attribute' && (parent.name === 'source' || parent.name === 'version') && parent.parent?.parent === top) {
    return { kind: 'code', noFix: `a module's ${parent.name} cannot reference variables` };
  }
  return undefined;
}

/** The stack a repository-relative path belongs to (`stacks/<name>`), if any. */
function stackOf(relPath: string): string | undefined {
  return folderKindOf(posix.dirname(relPath) === '.' ? '' : posix.dirname(relPath)).stack;
}

/**
 * Whether `file` is in a stack that owns the in-cluster service `host`
 * (`<service>.<namespace>.svc[.cluster.local]`): the stack named after the
 * namespace (`stacks/redis` for `redis-master.redis.svc.cluster.local`,
 * `stacks/dbaas` for `postgresql.dbaas.svc.cluster.local`) or a stack that
 * declares that namespace. Such a stack names its own service; other hosts
 * (an IP, a public name) have no owner.
 */
export function isInOwnerStack(index: RepoIndex, file: SourceFile, host: string): boolean {
  const stack = stackOf(file.relPath);
  if (stack === undefined) return false;
  const namespace = SERVICE_HOST.exec(host)?.[1];
  if (namespace === undefined) return false;
  if (stack === `stacks/${namespace}`) return true;
  return index.namespacesNamed(namespace, stack).length > 0;
}

/** A stack root receives every config.tfvars value through Terragrunt. */
function isRoot(folder: FolderIndex): boolean {
  return folder.kind === 'stack' || folder.hasTerragrunt;
}

function variableBlocks(file: SourceFile): Block[] {
  const out: Block[] = [];
  for (const item of file.hcl?.body.items ?? []) if (item.kind === 'Block' && item.type === 'variable') out.push(item);
  return out;
}

function declarationText(name: string, indent: string): string {
  return `variable "${name}" {\n${indent}type = string\n}`;
}

/**
 * The edit that declares `variable "<name>" { type = string }` (multi-line) in
 * `folder`: after the last variable block of `variables.tf`, else of the first
 * file that declares variables; with no variable anywhere, at the end of
 * `variables.tf`, else `main.tf`, else the folder's first file. Depends only on
 * the folder, so findings in different files of one folder produce the same edit.
 */
export function declarationEdit(folder: FolderIndex, name: string): TextEdit | undefined {
  const files = [...folder.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const varsPath = join(folder.dir, 'variables.tf');
  const declaring = files.filter((f) => variableBlocks(f).length > 0);
  const target = declaring.find((f) => f.path === varsPath) ?? declaring[0];
  if (target) {
    const last = variableBlocks(target).at(-1)!;
    const first = last.oneLine ? undefined : last.body.items[0];
    const indent = first ? indentationAt(target.text, first.start) || '  ' : '  ';
    const lineEnd = target.text.indexOf('\n', last.end);
    if (lineEnd >= 0) return { path: target.path, start: lineEnd + 1, end: lineEnd + 1, text: `\n${declarationText(name, indent)}\n` };
    return { path: target.path, start: target.text.length, end: target.text.length, text: `\n\n${declarationText(name, indent)}\n` };
  }
  const file = files.find((f) => f.path === varsPath) ?? files.find((f) => basename(f.path) === 'main.tf') ?? files[0];
  if (!file) return undefined;
  const lead = file.text.length === 0 ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  return { path: file.path, start: file.text.length, end: file.text.length, text: `${lead}${declarationText(name, '  ')}\n` };
}

/**
 * The edits that add `<name> = var.<name>` to a module call, on a new line
 * after its last argument, aligned the way `terraform fmt` aligns the group of
 * one-line arguments it joins (the group's other `=` move when the new name is
 * the longest). `'present'` when the call already passes it; undefined when it
 * cannot be placed (a one-line call, an argument on the closing brace's line).
 */
export function moduleArgumentEdits(call: ModuleCallInfo, name: string): TextEdit[] | undefined | 'present' {
  const body = call.node.body;
  if (getAttribute(body, name)) return 'present';
  if (call.node.oneLine) return undefined;
  const attributes = body.items.filter((i) => i.kind === 'Attribute');
  const last = attributes.at(-1);
  const close = call.node.closeBrace;
  if (!last || !close) return undefined;
  const text = call.file.text;
  const lineEnd = text.indexOf('\n', last.lineComment?.end ?? last.end);
  if (lineEnd < 0 || lineEnd >= close.start) return undefined;
  const group: Attribute[] = [];
  if (last.line === last.endLine) {
    for (let i = body.items.indexOf(last); i >= 0; i--) {
      const item = body.items[i]!;
      const next = group.at(-1);
      if (item.kind !== 'Attribute' || item.line !== item.endLine || (next && item.endLine !== next.line - 1)) break;
      group.push(item);
    }
  }
  const width = Math.max(name.length, ...group.map((a) => a.name.length)) + 1;
  const edits: TextEdit[] = [];
  for (const attr of group) {
    if (attr.equalsRange.start - attr.nameRange.start === width) continue;
    edits.push({ path: call.file.path, start: attr.nameRange.end, end: attr.equalsRange.start, text: ' '.repeat(width - attr.name.length) });
  }
  const at = lineEnd + 1;
  edits.push({ path: call.file.path, start: at, end: at, text: `${indentationAt(text, last.start)}${name}${' '.repeat(width - name.length)}= var.${name}\n` });
  return edits;
}

/** The text that replaces the literal: `var.<name>`, or the string with `${var.<name>}` in it when it fits on one line. */
export function replacementText(file: SourceFile, literal: HostLiteral, name: string): string {
  if (literal.whole) return `var.${name}`;
  const interpolation = `\${var.${name}}`;
  if (literal.expr.kind === 'Heredoc') return interpolation;
  const rewritten = file.text.slice(literal.expr.start, literal.start) + interpolation + file.text.slice(literal.end, literal.expr.end);
  return rewritten.includes('\n') ? interpolation : rewritten;
}

function rewriteEdit(literal: HostLiteral, name: string): TextEdit {
  if (literal.whole) return { start: literal.expr.start, end: literal.expr.end, text: `var.${name}` };
  return { start: literal.start, end: literal.end, text: `\${var.${name}}` };
}

function uniqueEdits(edits: TextEdit[], defaultPath: string): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.path ?? defaultPath}\0${e.start}\0${e.end}\0${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The fix for a literal in code (`placeOf` said `code` without `noFix`):
 *
 * - the folder declares the variable: rewrite only (safe);
 * - a stack root (it has a terragrunt.hcl, so it receives config.tfvars):
 *   rewrite and declare (safe; unsafe when a readable config.tfvars lacks the
 *   value, since the new variable would have no value);
 * - a module that does not declare it: declare it in the module, pass
 *   `<name> = var.<name>` from every caller and declare it in each caller's
 *   root (unsafe); no fix when a caller is itself a module without it.
 *
 * `unsafeBecause` makes the fix unsafe for the caller's own reason.
 */
export function sharedVariableFix(ctx: RuleContext<unknown>, name: string, literal: HostLiteral, unsafeBecause?: string): SharedVariableFix {
  const expected = replacementText(ctx.file, literal, name);
  const folder = ctx.index.folderOf(ctx.file.path);
  const edits: TextEdit[] = [rewriteEdit(literal, name)];
  const declaration = `variable "${name}" { type = string }`;
  const reasons: string[] = unsafeBecause === undefined ? [] : [unsafeBecause];
  if (!folder) return { fix: undefined, note: '', suggestion: `Write \`${expected}\`.` };
  if (folder.variables.has(name)) {
    return { fix: { edits, kind: reasons.length > 0 ? 'unsafe' : 'safe' }, note: '', suggestion: `Write \`${expected}\` (${folder.relDir} declares variable "${name}").` };
  }
  if (isRoot(folder)) {
    const declare = declarationEdit(folder, name);
    if (declare) edits.push(declare);
    if (ctx.index.configValues.size > 0 && !ctx.index.configValues.has(name)) reasons.push(`config.tfvars does not set ${name}`);
    return {
      fix: { edits, kind: reasons.length > 0 ? 'unsafe' : 'safe' },
      note: '',
      suggestion: `Write \`${expected}\` and declare \`${declaration}\` in ${folder.relDir} (config.tfvars supplies the value to every stack).`,
    };
  }
  const callers = ctx.index.callersOf(folder.dir);
  const manual = `Write \`${expected}\`, declare \`${declaration}\` in ${folder.relDir}, pass \`${name} = var.${name}\` from every call of the module and declare the variable in each caller.`;
  const declare = declarationEdit(folder, name);
  if (declare) edits.push(declare);
  for (const call of callers) {
    const argument = moduleArgumentEdits(call, name);
    if (argument === undefined) return { fix: undefined, note: `; ${folder.relDir} does not declare ${name} and its call in ${call.file.relPath} cannot be edited safely`, suggestion: manual };
    if (argument !== 'present') edits.push(...argument);
    const callerFolder = ctx.index.folders.get(call.callerDir);
    if (!callerFolder || callerFolder.variables.has(name)) continue;
    if (!isRoot(callerFolder)) {
      return { fix: undefined, note: `; ${folder.relDir} does not declare ${name} and its caller ${callerFolder.relDir} is a module that does not declare it either`, suggestion: manual };
    }
    const callerDeclare = declarationEdit(callerFolder, name);
    if (callerDeclare) edits.push(callerDeclare);
  }
  const callerFiles = [...new Set(callers.map((c) => c.file.relPath))];
  const passes = callerFiles.length > 0 ? ` and passes ${name} = var.${name} from ${callerFiles.join(', ')}` : ' (nothing calls the module)';
  return {
    fix: { edits: uniqueEdits(edits, ctx.file.path), kind: 'unsafe' },
    note: `; ${folder.relDir} is a module that does not declare ${name}: the fix (unsafe) declares it${passes}`,
    suggestion: manual,
  };
}

/** Whether `expr` is or interpolates the traversal `var.<name>`. */
export function referencesVariable(expr: Expression, name: string): boolean {
  let found = false;
  walk(expr, (node) => {
    if (found) return false;
    if (node.kind === 'GetAttr' && node.name === name && node.object.kind === 'Variable' && node.object.name === 'var') found = true;
    return undefined;
  });
  return found;
}
