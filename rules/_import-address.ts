/**
 * Reading the `to` address of an `import {}` block and finding the resource
 * it names in the stack (or in a module the stack calls).
 */
import { getAttribute, stringValue, type Expression } from '../src/hcl/index.js';
import type { FolderIndex, RepoIndex, ResourceInfo } from '../src/project/index-types.js';

/** An instance key: a literal string or number, or an expression (`each.key`) known only at plan time. */
export type InstanceKey = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'number'; readonly value: number } | { readonly kind: 'dynamic' };

interface Step {
  readonly name: string;
  key: InstanceKey | undefined;
}

export interface ResourceAddress {
  /** `module.a["x"].module.b` steps, outermost first. */
  readonly modules: readonly Step[];
  readonly type: string;
  readonly name: string;
  readonly key: InstanceKey | undefined;
  /** `data.x.y`: a data source, which cannot be imported. */
  readonly data: boolean;
}

function keyOf(expr: Expression): InstanceKey {
  const s = stringValue(expr);
  if (s !== undefined && expr.kind === 'Template') return { kind: 'string', value: s };
  if (expr.kind === 'NumberLit' && /^\d+$/.test(expr.raw)) return { kind: 'number', value: Number(expr.raw) };
  return { kind: 'dynamic' };
}

/** The steps of a traversal (`a.b["k"].c`), or undefined when `expr` is not one. */
function stepsOf(expr: Expression): Step[] | undefined {
  const steps: Step[] = [];
  let e = expr;
  let pendingKey: InstanceKey | undefined;
  for (;;) {
    if (e.kind === 'Index') {
      if (pendingKey !== undefined) return undefined;
      pendingKey = keyOf(e.key);
      e = e.object;
    } else if (e.kind === 'GetAttr' || e.kind === 'Variable') {
      steps.push({ name: e.name, key: pendingKey });
      pendingKey = undefined;
      if (e.kind === 'Variable') return steps.reverse();
      e = e.object;
    } else return undefined;
  }
}

/** Parses a resource address written as a traversal; undefined when it is not an address. */
export function parseAddress(expr: Expression): ResourceAddress | undefined {
  const steps = stepsOf(expr);
  if (!steps) return undefined;
  const modules: Step[] = [];
  let i = 0;
  while (steps[i]?.name === 'module' && steps[i]!.key === undefined && steps[i + 1] !== undefined) {
    modules.push(steps[i + 1]!);
    i += 2;
  }
  const data = steps[i]?.name === 'data' && steps[i]!.key === undefined;
  if (data) i++;
  const type = steps[i];
  const name = steps[i + 1];
  if (!type || !name || type.key !== undefined || steps.length !== i + 2) return undefined;
  return { modules, type: type.name, name: name.name, key: name.key, data };
}

/** `helm_release.x["k"]` as text (keys rendered as written in HCL). */
export function keyText(key: InstanceKey | undefined): string {
  if (key === undefined) return '';
  if (key.kind === 'string') return `[${JSON.stringify(key.value)}]`;
  if (key.kind === 'number') return `[${key.value}]`;
  return '[…]';
}

export type Lookup =
  | { readonly found: ResourceInfo }
  | { readonly missingModule: string; readonly in: FolderIndex }
  | { readonly missingResource: string; readonly in: FolderIndex; readonly module: string | undefined }
  /** The address goes through a module whose source is not a local folder: nothing more can be checked. */
  | { readonly unknown: true };

/** Finds the resource `address` names, starting in `folder`. */
export function lookupResource(address: ResourceAddress, folder: FolderIndex, index: RepoIndex): Lookup {
  let current = folder;
  let modulePath: string | undefined;
  for (const step of address.modules) {
    const call = current.moduleCalls.find((c) => c.name === step.name);
    if (!call) return { missingModule: step.name, in: current };
    modulePath = modulePath === undefined ? `module.${step.name}` : `${modulePath}.module.${step.name}`;
    const next = call.sourceDir === undefined ? undefined : index.folders.get(call.sourceDir);
    if (!next) return { unknown: true };
    current = next;
  }
  const found = current.resources.find((r) => r.mode === 'resource' && r.type === address.type && r.name === address.name);
  if (found) return { found };
  return { missingResource: `${address.type}.${address.name}`, in: current, module: modulePath };
}

/** How a resource is repeated: `for_each` (with its literal keys when known), `count` (with its literal value), or not at all. */
export type Repetition =
  | { readonly kind: 'single' }
  | { readonly kind: 'for_each'; readonly keys: readonly string[] | undefined }
  | { readonly kind: 'count'; readonly count: number | undefined };

function literalKeys(expr: Expression): string[] | undefined {
  if (expr.kind === 'Object') {
    const keys: string[] = [];
    for (const item of expr.items) {
      const k = item.key.kind === 'Variable' ? item.key.name : stringValue(item.key);
      if (k === undefined) return undefined;
      keys.push(k);
    }
    return keys;
  }
  const tuple = expr.kind === 'FunctionCall' && expr.name === 'toset' && expr.args.length === 1 ? expr.args[0]! : expr;
  if (tuple.kind !== 'Tuple') return undefined;
  const keys: string[] = [];
  for (const item of tuple.items) {
    const k = stringValue(item.value);
    if (k === undefined) return undefined;
    keys.push(k);
  }
  return keys;
}

export function repetitionOf(resource: ResourceInfo): Repetition {
  const forEach = getAttribute(resource.node.body, 'for_each');
  if (forEach) return { kind: 'for_each', keys: literalKeys(forEach.value) };
  const count = getAttribute(resource.node.body, 'count');
  if (count) return { kind: 'count', count: count.value.kind === 'NumberLit' && /^\d+$/.test(count.value.raw) ? Number(count.value.raw) : undefined };
  return { kind: 'single' };
}

/** What is wrong with the instance key of `to` for a resource repeated as `rep`, or undefined. */
export function instanceKeyProblem(address: ResourceAddress, rep: Repetition): string | undefined {
  const base = `${address.type}.${address.name}`;
  const key = address.key;
  if (rep.kind === 'single') {
    return key === undefined ? undefined : `\`to\` names instance \`${keyText(key)}\` of \`${base}\`, which has no for_each or count; remove the key`;
  }
  if (key === undefined) {
    const example = rep.kind === 'for_each' ? `${base}["${rep.keys?.[0] ?? '<key>'}"]` : `${base}[0]`;
    return `\`${base}\` uses ${rep.kind}; \`to\` must name one instance, e.g. \`${example}\``;
  }
  if (key.kind === 'dynamic') return undefined;
  if (rep.kind === 'for_each') {
    if (key.kind === 'number') return `\`${base}\` uses for_each; its instance keys are strings, not \`${keyText(key)}\``;
    if (rep.keys && !rep.keys.includes(key.value)) {
      return `\`to\` names instance \`${keyText(key)}\`, but the for_each of \`${base}\` has only ${rep.keys.map((k) => `\`${k}\``).join(', ')}`;
    }
    return undefined;
  }
  if (key.kind === 'string') return `\`${base}\` uses count; its instance keys are numbers, not \`${keyText(key)}\``;
  if (rep.count !== undefined && key.value >= rep.count) return `\`to\` names instance \`${keyText(key)}\`, but \`${base}\` has count = ${rep.count}`;
  return undefined;
}
