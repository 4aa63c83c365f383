/**
 * Provider import-ID formats from the AGENTS.md table ("Finding the
 * provider-specific ID") and the checks of an `import {}` block's `id`.
 */
import { getAttribute, getBlocks, stringValue, type Expression, type ObjectExpr } from '../src/hcl/index.js';
import type { SourceFile } from '../src/engine/types.js';
import type { ResourceInfo, RepoIndex } from '../src/project/index-types.js';

interface Segment {
  readonly name: string;
  /** A problem with a literal segment, or undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
}

export type IdFormat =
  | { readonly kind: 'path'; readonly text: string; readonly segments: readonly Segment[] }
  | { readonly kind: 'uuid'; readonly text: string }
  | { readonly kind: 'manifest'; readonly text: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HEX_ID = /^[0-9a-fA-F]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const namespaceSegment: Segment = {
  name: 'namespace',
  check: (v) => (DNS_LABEL.test(v) && v.length <= 63 ? undefined : `namespace \`${v}\` is not a namespace name (lowercase letters, digits and -)`),
};
const hexSegment = (name: string): Segment => ({ name, check: (v) => (HEX_ID.test(v) ? undefined : `${name} \`${v}\` is not a 32-character hex id`) });

/** Kubernetes kinds (as in `kubernetes_<kind>[_v1]`) that live in a namespace. */
const NAMESPACED_KINDS = new Set([
  'deployment',
  'stateful_set',
  'daemon_set',
  'daemonset',
  'replication_controller',
  'job',
  'cron_job',
  'pod',
  'service',
  'service_account',
  'default_service_account',
  'config_map',
  'secret',
  'ingress',
  'persistent_volume_claim',
  'role',
  'role_binding',
  'network_policy',
  'limit_range',
  'resource_quota',
  'horizontal_pod_autoscaler',
  'pod_disruption_budget',
  'endpoints',
  'endpoint_slice',
]);

/** Kubernetes kinds that are cluster-scoped: their import ID is the bare name. */
const CLUSTER_KINDS = new Set([
  'namespace',
  'cluster_role',
  'cluster_role_binding',
  'storage_class',
  'persistent_volume',
  'priority_class',
  'custom_resource_definition',
  'validating_webhook_configuration',
  'mutating_webhook_configuration',
  'csi_driver',
  'runtime_class',
  'ingress_class',
  'api_service',
  'certificate_signing_request',
]);

const KUBERNETES_TYPE = /^kubernetes_(.+?)(?:_v\d+)?$/;

/** The kind of a `kubernetes_*` resource type and whether it is namespaced; undefined for other types and unknown kinds. */
export function kubernetesKind(type: string): { kind: string; namespaced: boolean } | undefined {
  const kind = KUBERNETES_TYPE.exec(type)?.[1];
  if (kind === undefined || type === 'kubernetes_manifest') return undefined;
  if (NAMESPACED_KINDS.has(kind)) return { kind, namespaced: true };
  if (CLUSTER_KINDS.has(kind)) return { kind, namespaced: false };
  return undefined;
}

/** The import-ID format of a resource type, when AGENTS.md states one. */
export function idFormatOf(type: string): IdFormat | undefined {
  if (type === 'helm_release') return { kind: 'path', text: '<namespace>/<release-name>', segments: [namespaceSegment, { name: 'release name' }] };
  if (type === 'kubernetes_manifest') return { kind: 'manifest', text: 'an object with apiVersion, kind and metadata' };
  if (type === 'cloudflare_record' || type === 'cloudflare_dns_record') {
    return { kind: 'path', text: '<zone-id>/<record-id>', segments: [hexSegment('zone id'), hexSegment('record id')] };
  }
  if (type === 'authentik_provider_proxy') return { kind: 'uuid', text: 'the provider UUID' };
  const k8s = kubernetesKind(type);
  if (!k8s) return undefined;
  return k8s.namespaced ? { kind: 'path', text: '<namespace>/<name>', segments: [namespaceSegment, { name: 'name' }] } : { kind: 'path', text: '<name>', segments: [{ name: 'name' }] };
}

/** Placeholder for an interpolated part in a template's skeleton. */
const HOLE = '\u0000';

/**
 * The literal skeleton of a string expression: literal text with each
 * interpolation replaced by HOLE; undefined for directives and non-strings.
 */
export function skeletonOf(expr: Expression): string | undefined {
  if (expr.kind !== 'Template' && expr.kind !== 'Heredoc') return undefined;
  let out = '';
  for (const part of expr.parts) {
    if (part.kind === 'TemplateText') out += part.value;
    else if (part.kind === 'TemplateInterpolation') out += HOLE;
    else return undefined;
  }
  return out;
}

function slashProblem(format: Extract<IdFormat, { kind: 'path' }>, slashes: number): string {
  const want = format.segments.length - 1;
  if (want === 0) return 'it has a `/`, but the kind is cluster-scoped: write only the name';
  if (slashes < want) return 'it has no `/`';
  return `it has ${slashes} \`/\`, expected ${want}`;
}

/**
 * What is wrong with an id value against a path or UUID format; `value` may
 * contain HOLEs (interpolations), which are checked only for shape.
 */
export function idProblem(format: Exclude<IdFormat, { kind: 'manifest' }>, value: string): string | undefined {
  const exact = !value.includes(HOLE);
  if (format.kind === 'uuid') {
    if (!exact) return value.includes('/') ? 'it has a `/`' : undefined;
    return UUID.test(value) ? undefined : 'it is not a UUID';
  }
  const parts = value.split('/');
  const want = format.segments.length;
  if (parts.length > want || (exact && parts.length < want)) return slashProblem(format, parts.length - 1);
  if (parts.length < want) return undefined;
  for (const [n, part] of parts.entries()) {
    const segment = format.segments[n]!;
    if (part === '') return `the ${segment.name} is empty`;
    if (part.includes(HOLE)) continue;
    if (/\s/.test(part)) return `the ${segment.name} \`${part}\` contains whitespace`;
    const problem = segment.check?.(part);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** An object literal's field by key (identifier or literal string key). */
export function objectField(obj: ObjectExpr, key: string): Expression | undefined {
  for (const item of obj.items) {
    const k = item.key.kind === 'Variable' ? item.key.name : item.key.kind === 'Parens' ? stringValue(item.key.expr) : stringValue(item.key);
    if (k === key) return item.value;
  }
  return undefined;
}

/** The object literal of a manifest id: `{…}` or `jsonencode({…})`. */
export function manifestObject(expr: Expression): ObjectExpr | undefined {
  if (expr.kind === 'Object') return expr;
  if (expr.kind === 'Parens') return manifestObject(expr.expr);
  if (expr.kind === 'FunctionCall' && expr.name === 'jsonencode' && expr.args.length === 1 && expr.args[0]!.kind === 'Object') return expr.args[0];
  return undefined;
}

/** The fields a kubernetes_manifest id lacks (`kind`, `metadata.name`, …), from an object literal. */
export function missingManifestFields(obj: ObjectExpr): string[] {
  const missing = ['apiVersion', 'kind', 'metadata'].filter((k) => objectField(obj, k) === undefined);
  const metadata = objectField(obj, 'metadata');
  if (metadata?.kind === 'Object' && objectField(metadata, 'name') === undefined) missing.push('metadata.name');
  else if (metadata !== undefined && metadata.kind !== 'Object') missing.push('metadata as an object');
  return missing;
}

/** The same for a JSON string id; undefined when the string is not a JSON object. */
export function missingJsonManifestFields(json: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  const missing = ['apiVersion', 'kind', 'metadata'].filter((k) => obj[k] === undefined);
  const metadata = obj.metadata;
  if (typeof metadata === 'object' && metadata !== null && (metadata as Record<string, unknown>).name === undefined) missing.push('metadata.name');
  return missing;
}

/** What the target resource says its import id is, when its names resolve (helm_release and kubernetes kinds). */
export interface ExpectedId {
  readonly id: string;
  /** e.g. "release `kured` in namespace `kured`". */
  readonly describe: string;
}

export function expectedIdOf(resource: ResourceInfo, index: RepoIndex): ExpectedId | undefined {
  const resolve = (expr: Expression | undefined): string | undefined => (expr ? index.resolveString(expr, resource.file) : undefined);
  const body = resource.node.body;
  if (resource.type === 'helm_release') {
    const name = resolve(getAttribute(body, 'name')?.value);
    const nsAttr = getAttribute(body, 'namespace');
    const ns = nsAttr ? resolve(nsAttr.value) : 'default';
    if (name === undefined || ns === undefined) return undefined;
    return { id: `${ns}/${name}`, describe: `release \`${name}\` in namespace \`${ns}\`` };
  }
  const k8s = kubernetesKind(resource.type);
  const metadata = k8s ? getBlocks(body, 'metadata')[0] : undefined;
  if (!k8s || !metadata) return undefined;
  const name = resolve(getAttribute(metadata.body, 'name')?.value);
  if (name === undefined) return undefined;
  if (!k8s.namespaced) return { id: name, describe: `name \`${name}\`` };
  const nsAttr = getAttribute(metadata.body, 'namespace');
  const ns = nsAttr ? resolve(nsAttr.value) : 'default';
  if (ns === undefined) return undefined;
  return { id: `${ns}/${name}`, describe: `name \`${name}\` in namespace \`${ns}\`` };
}

/** The `zone_id` of a cloudflare record, when it resolves. */
export function zoneIdOf(resource: ResourceInfo, index: RepoIndex): string | undefined {
  const zone = getAttribute(resource.node.body, 'zone_id');
  return zone ? index.resolveString(zone.value, resource.file) : undefined;
}

/** Fields of a manifest id that differ from the resource's `manifest` (both resolved): `metadata.name` is `a`, the manifest has `b`. */
export function manifestMismatches(id: ObjectExpr, resource: ResourceInfo, index: RepoIndex, idFile: SourceFile): string[] {
  const manifest = getAttribute(resource.node.body, 'manifest')?.value;
  if (manifest?.kind !== 'Object') return [];
  const out: string[] = [];
  const compare = (path: string, a: Expression | undefined, b: Expression | undefined): void => {
    const left = a ? index.resolveString(a, idFile) : undefined;
    const right = b ? index.resolveString(b, resource.file) : undefined;
    if (left !== undefined && right !== undefined && left !== right) out.push(`\`${path}\` is \`${left}\` but the manifest has \`${right}\``);
  };
  compare('apiVersion', objectField(id, 'apiVersion'), objectField(manifest, 'apiVersion'));
  compare('kind', objectField(id, 'kind'), objectField(manifest, 'kind'));
  const idMeta = objectField(id, 'metadata');
  const resMeta = objectField(manifest, 'metadata');
  if (idMeta?.kind === 'Object' && resMeta?.kind === 'Object') {
    compare('metadata.namespace', objectField(idMeta, 'namespace'), objectField(resMeta, 'namespace'));
    compare('metadata.name', objectField(idMeta, 'name'), objectField(resMeta, 'name'));
  }
  return out;
}
