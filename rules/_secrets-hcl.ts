/**
 * no-plaintext-secrets in HCL: secret-named attributes and map keys with
 * literal values, `name`/`value` pairs (`env {}`, helm `set {}`), literal
 * `kubernetes_secret` data, `variable` defaults, the `sensitive = true` fix,
 * and the key/value text of heredocs.
 */
import { getAttribute, indentationAt, nodeText, stringValue, walk } from '../src/hcl/index.js';
import type { Attribute, Block, Expression, File as HclFile, Node, ObjectExpr, ObjectItem } from '../src/hcl/index.js';
import type { Fix, TextEdit } from '../src/engine/types.js';
import { maskSecret, secretNameStrength } from '../src/engine/mask.js';
import { scanKeyValues } from './_secrets-kv.js';
import { checkKvEntries } from './_secrets-text.js';
import {
  isSecretData,
  isSecretLiteral,
  namedMessage,
  PRIORITY,
  REFERENCE_KINDS,
  sopsSet,
  suggestedKey,
  valueSuggestion,
  type Candidate,
  type SecretsContext,
} from './_secrets-common.js';

const SECRET_RESOURCES = new Set(['kubernetes_secret', 'kubernetes_secret_v1']);
const SECRET_DATA_ATTRIBUTES = new Set(['data', 'string_data', 'binary_data']);
const SENSITIVE = 'sensitive';

/** A quoted string without interpolations: its value and the range of its characters (inside the quotes). */
function literal(expr: Expression): { value: string; start: number; end: number } | undefined {
  if (expr.kind !== 'Template') return undefined;
  const value = stringValue(expr);
  return value === undefined ? undefined : { value, start: expr.start + 1, end: expr.end - 1 };
}

function objectKeyName(item: ObjectItem): string | undefined {
  if (item.key.kind === 'Variable') return item.key.name;
  return item.key.kind === 'Template' ? stringValue(item.key) : undefined;
}

function objectItem(obj: ObjectExpr, name: string): ObjectItem | undefined {
  return obj.items.find((item) => objectKeyName(item) === name);
}

/** Inside a manifest object of a kind that only references secrets (`kind = "ExternalSecret"`)? */
function inReferenceManifest(node: Node): boolean {
  for (let p: Node | undefined = node.parent; p !== undefined; p = p.parent) {
    if (p.kind !== 'Object') continue;
    const kind = objectItem(p, 'kind');
    const value = kind ? literal(kind.value)?.value : undefined;
    if (value !== undefined && REFERENCE_KINDS.has(value)) return true;
  }
  return false;
}

/** `resource.kubernetes_secret.x` → `kubernetes_secret.x`, the way people name resources. */
function resourceName(node: Node): string {
  let outer: Block | undefined;
  for (let p: Node | undefined = node; p !== undefined; p = p.parent) if (p.kind === 'Block') outer = p;
  if (!outer) return 'this value';
  const labels = outer.labels.map((l) => l.value);
  return outer.type === 'resource' || outer.type === 'data' ? labels.join('.') : [outer.type, ...labels].join('.');
}

function namedCandidate(ctx: SecretsContext, name: string, lit: { value: string; start: number; end: number }): Candidate {
  return {
    start: lit.start,
    end: lit.end,
    message: namedMessage(name, maskSecret(lit.value)),
    suggestion: valueSuggestion(ctx, suggestedKey(ctx, name)),
    secret: lit.value,
    priority: PRIORITY.named,
  };
}

function checkNamed(ctx: SecretsContext, name: string, value: Expression, out: Candidate[]): void {
  if (value.kind !== 'Template' || secretNameStrength(name, ctx.options) === undefined) return;
  const lit = literal(value);
  if (!lit || !isSecretLiteral(name, lit.value, ctx.options)) return;
  out.push(namedCandidate(ctx, name, lit));
}

/** `env { name = "DB_PASSWORD"  value = "…" }`, helm `set { name = "auth.password" value = "…" }`, and the same as an object. */
function checkPair(ctx: SecretsContext, label: string, how: string, nameExpr: Expression | undefined, valueExpr: Expression | undefined, out: Candidate[]): void {
  if (!nameExpr || !valueExpr) return;
  const name = literal(nameExpr)?.value;
  const lit = literal(valueExpr);
  if (name === undefined || !lit || !isSecretLiteral(name, lit.value, ctx.options)) return;
  out.push({
    start: lit.start,
    end: lit.end,
    message: `${label} \`${name}\` has a plaintext value (\`${maskSecret(lit.value)}\`): ${how}`,
    suggestion: valueSuggestion(ctx, suggestedKey(ctx, name)),
    secret: lit.value,
    priority: PRIORITY.pair,
  });
}

const VARIABLE_HOW = 'pass it from a variable fed by secrets.sops.json';

/** The attribute or key an object is listed under (`env = [{ name, value }]` → `env`); `env` when there is none. */
function listOwner(obj: ObjectExpr): string {
  let p: Node | undefined = obj.parent;
  if (p?.kind === 'TupleItem') p = p.parent?.parent;
  if (p?.kind === 'Attribute') return p.name;
  if (p?.kind === 'ObjectItem') return objectKeyName(p) ?? 'env';
  return 'env';
}

/** Literal values of a Secret's data map (`data`, `string_data` of `kubernetes_secret`, `data`/`stringData` of a manifest). */
function checkSecretData(ctx: SecretsContext, owner: string, field: string, value: Expression, out: Candidate[]): void {
  const objects: ObjectExpr[] = [];
  if (value.kind === 'Object') objects.push(value);
  else if (value.kind === 'FunctionCall' && value.name === 'merge') for (const arg of value.args) if (arg.kind === 'Object') objects.push(arg);
  for (const obj of objects) {
    for (const item of obj.items) {
      const key = objectKeyName(item);
      const lit = literal(item.value);
      if (key === undefined || !lit || !isSecretData(key, lit.value, ctx.options)) continue;
      out.push({
        start: lit.start,
        end: lit.end,
        message: `\`${owner}\` ${field} \`${key}\` is a plaintext literal (\`${maskSecret(lit.value)}\`): set it from a variable fed by secrets.sops.json`,
        suggestion: valueSuggestion(ctx, suggestedKey(ctx, key)),
        secret: lit.value,
        priority: PRIORITY.data,
      });
    }
  }
}

function checkVariable(ctx: SecretsContext, block: Block, name: string, out: Candidate[]): void {
  const strength = secretNameStrength(name, ctx.options);
  if (strength === undefined) return;
  const def = getAttribute(block.body, 'default');
  const lit = def ? literal(def.value) : undefined;
  if (lit && isSecretLiteral(name, lit.value, ctx.options)) {
    out.push({
      start: lit.start,
      end: lit.end,
      message: `variable \`${name}\` has a plaintext default (\`${maskSecret(lit.value)}\`): remove the default and set the value in secrets.sops.json`,
      suggestion: `\`${sopsSet(name)}\` (terragrunt passes every key of secrets.sops.json as an input), then delete the \`default\` line.`,
      secret: lit.value,
      priority: PRIORITY.named,
    });
  }
  if (strength === 'strong') checkSensitive(ctx, block, 'variable', name, out);
}

function checkOutput(ctx: SecretsContext, block: Block, name: string, out: Candidate[]): void {
  if (secretNameStrength(name, ctx.options) !== 'strong') return;
  const value = getAttribute(block.body, 'value');
  if (value) checkNamed(ctx, name, value.value, out);
  checkSensitive(ctx, block, 'output', name, out);
}

function checkSensitive(ctx: SecretsContext, block: Block, type: 'variable' | 'output', name: string, out: Candidate[]): void {
  if (getAttribute(block.body, SENSITIVE)) return;
  const label = block.labels[0]!;
  const blocked = type === 'variable' ? sensitiveBreaks(ctx, name) : undefined;
  const fix = blocked === undefined ? sensitiveFix(ctx.file.text, block) : undefined;
  out.push({
    start: label.start,
    end: label.start,
    message: `${type} \`${name}\` is secret-like but not marked sensitive: add \`sensitive = true\``,
    suggestion:
      blocked === undefined
        ? `\`sensitive = true\` in ${type} "${name}", so plans and CI logs show (sensitive value) instead of the secret.`
        : `\`sensitive = true\` in variable "${name}" once ${blocked}: Terraform rejects a sensitive value there.`,
    severity: 'warn',
    ...(fix ? { fix } : {}),
    priority: PRIORITY.sensitive,
  });
}

/**
 * Why marking `var.<name>` sensitive would break the plan, when it would: a
 * sensitive value cannot drive `for_each`/`count`, and an output that returns
 * it must be sensitive too.
 */
function sensitiveBreaks(ctx: SecretsContext, name: string): string | undefined {
  const ref = new RegExp(`\\bvar\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  const files = ctx.index.folderOf(ctx.file.path)?.files ?? [ctx.file];
  let reason: string | undefined;
  for (const f of files) {
    if (!f.hcl || !ref.test(f.text)) continue;
    walk(f.hcl.body, (node) => {
      if (reason !== undefined) return false;
      if (node.kind === 'Attribute' && (node.name === 'for_each' || node.name === 'count') && ref.test(nodeText(f.hcl!, node.value))) {
        reason = `\`${node.name}\` no longer uses var.${name} (${f.relPath}:${node.line})`;
      } else if (node.kind === 'Block' && node.type === 'output' && !getAttribute(node.body, SENSITIVE)) {
        const value = getAttribute(node.body, 'value');
        if (value && ref.test(nodeText(f.hcl!, value.value))) reason = `output "${node.labels[0]?.value ?? ''}" is sensitive too (${f.relPath}:${node.line})`;
      }
      return undefined;
    });
    if (reason !== undefined) break;
  }
  return reason;
}

function codePoints(s: string): number {
  return Array.from(s).length;
}

/**
 * Insert `sensitive = true` after the block's last attribute, in its
 * indentation. When the attributes above it are aligned the way `terraform
 * fmt` aligns them, the new line joins their alignment (widening it when
 * `sensitive` is the longest name). One-line blocks are expanded. The edits
 * only insert text and change whitespace: an attribute's value (maybe a
 * secret) is never part of an edit, so `--fix-dry-run` cannot print it.
 */
export function sensitiveFix(text: string, block: Block): Fix | undefined {
  const close = block.closeBrace;
  if (!close) return undefined;
  const attrs = block.body.items.filter((i): i is Attribute => i.kind === 'Attribute');
  const indent = indentationAt(text, block.start);
  if (block.oneLine) {
    const inner = `${indent}  `;
    if (block.body.items.length === 0) return { edits: [{ start: block.openBrace.end, end: close.start, text: `\n${inner}sensitive = true\n${indent}` }] };
    const only = attrs[0];
    if (block.body.items.length !== 1 || !only) return undefined;
    const width = Math.max(codePoints(only.name), SENSITIVE.length);
    const pad = (name: string): string => ' '.repeat(width - codePoints(name) + 1);
    return {
      edits: [
        { start: block.openBrace.end, end: only.start, text: `\n${inner}` },
        { start: only.nameRange.end, end: only.equalsRange.start, text: pad(only.name) },
        { start: only.end, end: close.start, text: `\n${inner}${SENSITIVE}${pad(SENSITIVE)}= true\n${indent}` },
      ],
    };
  }
  const last = attrs[attrs.length - 1];
  if (!last) {
    const first = block.body.items[0];
    const itemIndent = first ? indentationAt(text, first.start) : `${indent}  `;
    const at = text.indexOf('\n', block.openBrace.end) + 1;
    return { edits: [{ start: at, end: at, text: `${itemIndent}sensitive = true\n` }] };
  }
  const run = alignmentRun(block, last);
  const aligned = run.length > 0 && run.every((a) => a.equalsRange.column === run[0]!.equalsRange.column);
  const width = aligned ? Math.max(SENSITIVE.length, ...run.map((a) => codePoints(a.name))) : SENSITIVE.length;
  const edits: TextEdit[] = [];
  if (aligned) {
    for (const a of run) {
      const gap = ' '.repeat(width - codePoints(a.name) + 1);
      if (text.slice(a.nameRange.end, a.equalsRange.start) !== gap) edits.push({ start: a.nameRange.end, end: a.equalsRange.start, text: gap });
    }
  }
  const from = last.lineComment?.end ?? last.end;
  const newline = text.indexOf('\n', from);
  const at = newline < 0 ? from : newline + 1;
  const lead = newline < 0 ? '\n' : '';
  edits.push({ start: at, end: at, text: `${lead}${indentationAt(text, last.start)}${SENSITIVE}${' '.repeat(width - SENSITIVE.length + 1)}= true\n` });
  return { edits };
}

/**
 * The attributes `terraform fmt` aligns with a line added after `last`: the
 * single-line attributes on consecutive lines ending at `last`, with no
 * comment line or block between them. Empty when `last` spans several lines.
 */
function alignmentRun(block: Block, last: Attribute): Attribute[] {
  if (last.line !== last.endLine) return [];
  const items = block.body.items;
  const run: Attribute[] = [last];
  for (let i = items.indexOf(last) - 1; i >= 0; i--) {
    const prev = items[i]!;
    const next = run[0]!;
    if (prev.kind !== 'Attribute' || prev.line !== prev.endLine || prev.endLine + 1 !== next.line || next.leadComments.length > 0) break;
    run.unshift(prev);
  }
  return run;
}

const ENV_HOW = 'use `value_from { secret_key_ref { … } }` with a Secret fed by secrets.sops.json';
const MANIFEST_ENV_HOW = 'use `valueFrom.secretKeyRef` with a Secret fed by secrets.sops.json';

function visitBlock(ctx: SecretsContext, block: Block, out: Candidate[]): void {
  const label = block.labels[0]?.value;
  if (block.type === 'variable' && label !== undefined) checkVariable(ctx, block, label, out);
  else if (block.type === 'output' && label !== undefined) checkOutput(ctx, block, label, out);
  const isSecretResource = block.type === 'resource' && label !== undefined && SECRET_RESOURCES.has(label);
  let nameAttr: Attribute | undefined;
  let valueAttr: Attribute | undefined;
  const items = block.body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Block') {
      visitBlock(ctx, item, out);
      continue;
    }
    if (item.name === 'name') nameAttr ??= item;
    else if (item.name === 'value') valueAttr ??= item;
    if (isSecretResource && SECRET_DATA_ATTRIBUTES.has(item.name)) checkSecretData(ctx, resourceName(block), item.name, item.value, out);
    const value = item.value;
    if (value.kind === 'Template') {
      const skip = (block.type === 'variable' && item.name === 'default') || (block.type === 'output' && item.name === 'value');
      if (!skip) checkNamed(ctx, item.name, value, out);
    } else {
      visitExpression(ctx, value, out);
    }
  }
  if (nameAttr && valueAttr) checkPair(ctx, block.type, block.type === 'env' ? ENV_HOW : VARIABLE_HOW, nameAttr.value, valueAttr.value, out);
}

function visitObject(ctx: SecretsContext, obj: ObjectExpr, out: Candidate[]): void {
  let kind: ObjectItem | undefined;
  let name: ObjectItem | undefined;
  let value: ObjectItem | undefined;
  const items = obj.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const key = objectKeyName(item);
    if (key === 'kind') kind = item;
    else if (key === 'name') name = item;
    else if (key === 'value') value = item;
    if (key !== undefined && item.value.kind === 'Template' && secretNameStrength(key, ctx.options) !== undefined && !inReferenceManifest(item)) checkNamed(ctx, key, item.value, out);
    visitExpression(ctx, item.value, out);
  }
  if (kind && literal(kind.value)?.value === 'Secret') {
    for (const item of obj.items) {
      const key = objectKeyName(item);
      if (key === 'data' || key === 'stringData') checkSecretData(ctx, resourceName(obj), key, item.value, out);
    }
  }
  if (name && value) {
    const owner = listOwner(obj);
    checkPair(ctx, owner, /env/i.test(owner) ? MANIFEST_ENV_HOW : VARIABLE_HOW, name.value, value.value, out);
  }
}

/** Descends only into the expressions that can hold objects or heredocs (not into templates or traversals). */
function visitExpression(ctx: SecretsContext, expr: Expression, out: Candidate[]): void {
  switch (expr.kind) {
    case 'Object':
      visitObject(ctx, expr, out);
      return;
    case 'Tuple':
      for (let i = 0; i < expr.items.length; i++) visitExpression(ctx, expr.items[i]!.value, out);
      return;
    case 'FunctionCall':
      for (let i = 0; i < expr.args.length; i++) visitExpression(ctx, expr.args[i]!, out);
      return;
    case 'Parens':
      visitExpression(ctx, expr.expr, out);
      return;
    case 'Conditional':
      visitExpression(ctx, expr.trueExpr, out);
      visitExpression(ctx, expr.falseExpr, out);
      return;
    case 'Binary':
      visitExpression(ctx, expr.left, out);
      visitExpression(ctx, expr.right, out);
      return;
    case 'ForExpr':
      visitExpression(ctx, expr.valueExpr, out);
      return;
    case 'Heredoc': {
      const entries = scanKeyValues(ctx.file.text, expr.bodyRange.start, expr.bodyRange.end, { colon: true, equals: true });
      checkKvEntries(ctx, entries, { sealedFile: false, where: 'heredoc' }, out);
      return;
    }
    default:
      return;
  }
}

/** Every candidate of an HCL file. */
export function checkHcl(ctx: SecretsContext, hcl: HclFile, out: Candidate[]): void {
  const items = hcl.body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Block') {
      visitBlock(ctx, item, out);
    } else {
      checkNamed(ctx, item.name, item.value, out);
      visitExpression(ctx, item.value, out);
    }
  }
}
