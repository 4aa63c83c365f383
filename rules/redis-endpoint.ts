import { getAttribute, getBlocks, stringValue, traversalPath, walk } from '../src/hcl/index.js';
import type { Block, Body, Expression, File as HclFile } from '../src/hcl/index.js';
import type { Rule, RuleContext } from '../src/engine/types.js';
import type { FolderIndex } from '../src/project/index-types.js';
import { objectKeyText } from '../src/project/repo-index.js';
import {
  findHostLiterals,
  hostPattern,
  isInOwnerStack,
  placeOf,
  REDIS_CHART_HOST,
  REDIS_MASTER_HOST,
  referencesVariable,
  sharedValuesOf,
  sharedVariableFix,
  type HostLiteral,
} from './_shared-variable-fix.js';

export interface RedisEndpointOptions {
  readonly longLivedClients: boolean;
}

const SENTINEL_HOSTS = 'redis-node-{0,1,2}.redis-headless.redis.svc.cluster.local:26379';
const SENTINEL_LIST = [0, 1, 2].map((i) => `redis-node-${i}.redis-headless.redis.svc.cluster.local:26379`).join(',');
const CHART_WHY = "the chart's default service, kept on the master only by a temporary selector patch";
const WORKLOAD = /^kubernetes_(?:deployment|stateful_set|daemon_?set|cron_job|job|pod|replication_controller)(?:_v1)?$/;
const CONFIG_MAP_NAME = /^(kubernetes_config_map(?:_v1)?)\.([\p{L}\p{N}_-]+)\.metadata\[0\]\.name$/u;
const LOCAL_REF = /^local\.([\p{L}\p{N}_-]+)$/u;
const SENTINEL_HINT = /redis-headless|mymaster|:26379\b/;
/** Client libraries and commands that hold a Redis connection open, with the name the message uses. */
const LONG_LIVED: readonly (readonly [RegExp, string])[] = [
  [/(?<![a-z0-9])sidekiq(?![a-z0-9])/i, 'Sidekiq'],
  [/(?<![a-z0-9])celery(?![a-z0-9])/i, 'Celery'],
  [/(?<![a-z0-9])rq(?![a-z0-9])/i, 'RQ'],
  [/(?<![a-z0-9])bullmq(?![a-z0-9])/i, 'BullMQ'],
  [/(?<![a-z0-9])bull(?![a-z0-9])/i, 'Bull'],
  [/channels[_-]redis|django[_-]channels|channel[_-]layers/i, 'Django Channels'],
  [/(?<![a-z0-9])pub[/_-]?sub(?![a-z0-9])/i, 'pub/sub'],
  [/(?<![A-Za-z0-9])B[LR]POP(?:LPUSH)?(?![A-Za-z0-9])/, 'BLPOP'],
  [/(?<![A-Za-z0-9])MONITOR(?![A-Za-z0-9])/, 'MONITOR'],
];
/** Every text a LONG_LIVED pattern matches matches this too: one test per text rules out all of them at once. */
const LONG_LIVED_HINT = /sidekiq|celery|rq|bull|channel|pub|b[lr]pop|monitor/i;

/** One place a container's configuration comes from: a command, args, or one env var. */
interface ClientSource {
  readonly label: string;
  /** Names and literal text to look for client keywords in. */
  readonly texts: string[];
  readonly value: Expression | undefined;
}

/** The text runs of `expr`'s strings, in source order, after those already in `out`. */
function literalTexts(expr: Expression | undefined, out: string[] = []): string[] {
  if (expr) {
    walk(expr, (node) => {
      if (node.kind === 'TemplateText') out.push(node.value);
    });
  }
  return out;
}

/** `x` for the traversal `local.x`. */
function localName(expr: Expression): string | undefined {
  const path = traversalPath(expr);
  return path?.startsWith('local.') ? LOCAL_REF.exec(path)?.[1] : undefined;
}

/** The items of an object written literally, or of `local.x` holding one. */
function objectItems(expr: Expression, folder: FolderIndex | undefined): { key: string; value: Expression }[] {
  let obj = expr;
  const local = localName(expr);
  if (local !== undefined) {
    const declared = folder?.locals.get(local);
    if (!declared) return [];
    obj = declared.node.value;
  }
  if (obj.kind !== 'Object') return [];
  const out: { key: string; value: Expression }[] = [];
  for (const item of obj.items) {
    const key = objectKeyText(item.key);
    if (key !== undefined) out.push({ key, value: item.value });
  }
  return out;
}

function configMapData(ref: Expression, folder: FolderIndex | undefined): { name: string; items: { key: string; value: Expression }[] } | undefined {
  const m = CONFIG_MAP_NAME.exec(traversalPath(ref) ?? '');
  const resource = m ? folder?.resources.find((r) => r.mode === 'resource' && r.type === m[1] && r.name === m[2]) : undefined;
  const data = resource ? getAttribute(resource.node.body, 'data') : undefined;
  if (!resource || !data) return undefined;
  return { name: resource.name, items: objectItems(data.value, folder) };
}

/** Where a container's configuration comes from: command and args, then `env` blocks, then `dynamic "env"` and `env_from` config maps. */
function clientSources(container: Block, folder: FolderIndex | undefined): ClientSource[] {
  const direct: ClientSource[] = [];
  const indirect: ClientSource[] = [];
  for (const name of ['command', 'args']) {
    const attr = getAttribute(container.body, name);
    if (attr) direct.push({ label: name, texts: literalTexts(attr.value), value: attr.value });
  }
  const items = container.body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'Block') continue;
    if (item.type === 'env') {
      const nameAttr = getAttribute(item.body, 'name');
      const envName = nameAttr ? (stringValue(nameAttr.value) ?? '') : '';
      const value = getAttribute(item.body, 'value')?.value;
      direct.push({ label: `env ${envName}`, texts: literalTexts(value, [envName]), value });
    } else if (item.type === 'dynamic' && item.labels[0]?.value === 'env') {
      const forEach = getAttribute(item.body, 'for_each');
      const from = forEach ? traversalPath(forEach.value) : undefined;
      for (const { key, value } of forEach ? objectItems(forEach.value, folder) : []) {
        indirect.push({ label: `env ${key}${from ? ` from ${from}` : ''}`, texts: literalTexts(value, [key]), value });
      }
    } else if (item.type === 'env_from') {
      for (const ref of getBlocks(item.body, 'config_map_ref')) {
        const name = getAttribute(ref.body, 'name');
        const data = name ? configMapData(name.value, folder) : undefined;
        for (const { key, value } of data?.items ?? []) {
          indirect.push({ label: `env ${key} from config map ${data!.name}`, texts: literalTexts(value, [key]), value });
        }
      }
    }
  }
  return [...direct, ...indirect];
}

/** What HAProxy endpoint an expression points at (following one `local.x`), if any. */
function haproxyEndpoint(expr: Expression | undefined, folder: FolderIndex | undefined, depth = 0): string | undefined {
  if (!expr) return undefined;
  if (referencesVariable(expr, 'redis_host')) return 'var.redis_host';
  for (const text of literalTexts(expr)) {
    if (text.search(hostPattern(REDIS_MASTER_HOST)) >= 0) return REDIS_MASTER_HOST;
    if (text.search(hostPattern(REDIS_CHART_HOST)) >= 0) return REDIS_CHART_HOST;
  }
  const local = localName(expr);
  const declared = local === undefined || depth > 2 ? undefined : folder?.locals.get(local);
  return declared ? haproxyEndpoint(declared.node.value, folder, depth + 1) : undefined;
}

/** The `container` blocks of a workload, reached through nested blocks only (never `dynamic`). */
function collectContainers(body: Body, out: Block[]): void {
  const items = body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'Block' || item.type === 'dynamic') continue;
    if (item.type === 'container') out.push(item);
    else collectContainers(item.body, out);
  }
}

function containersOf(hcl: HclFile): { container: Block; resource: Block }[] {
  const out: { container: Block; resource: Block }[] = [];
  const items = hcl.body.items;
  for (let i = 0; i < items.length; i++) {
    const resource = items[i]!;
    if (resource.kind !== 'Block' || resource.type !== 'resource' || !WORKLOAD.test(resource.labels[0]?.value ?? '')) continue;
    const containers: Block[] = [];
    collectContainers(resource.body, containers);
    for (const container of containers) out.push({ container, resource });
  }
  return out;
}

function checkLongLivedClients(ctx: RuleContext<RedisEndpointOptions>, hcl: HclFile): void {
  const folder = ctx.index.folderOf(ctx.file.path);
  for (const { container, resource } of containersOf(hcl)) {
    const sources = clientSources(container, folder);
    if (!sources.some((s) => s.texts.some((t) => LONG_LIVED_HINT.test(t)))) continue;
    if (sources.some((s) => s.texts.some((t) => SENTINEL_HINT.test(t)))) continue;
    const clients = [...new Set(LONG_LIVED.filter(([re]) => sources.some((s) => s.texts.some((t) => re.test(t)))).map(([, label]) => label))];
    if (clients.length === 0) continue;
    let endpoint: { source: ClientSource; host: string } | undefined;
    for (const source of sources) {
      const host = haproxyEndpoint(source.value, folder);
      if (host !== undefined) {
        endpoint = { source, host };
        break;
      }
    }
    if (!endpoint) continue;
    const nameAttr = getAttribute(container.body, 'name');
    const name = nameAttr ? stringValue(nameAttr.value) : undefined;
    const address = `${resource.labels[0]?.value ?? ''}.${resource.labels[1]?.value ?? ''}`;
    ctx.report({
      range: nameAttr?.value ?? container.typeRange,
      severity: 'warn',
      message: `container ${name === undefined ? '' : `"${name}" `}of ${address} runs ${clients.join(', ')} against the HAProxy endpoint (${endpoint.source.label} uses ${endpoint.host}); HAProxy's timeout client 30s closes idle connections: use a sentinel-aware client on ${SENTINEL_HOSTS} with master mymaster`,
      suggestion: `Configure the client's sentinels \`${SENTINEL_LIST}\` with master name mymaster (example: stacks/nextcloud/chart_values.yaml).`,
    });
  }
}

function reportChartHost(ctx: RuleContext<RedisEndpointOptions>, literal: HostLiteral, configured: string | undefined): void {
  const place = placeOf(ctx.file, literal, 'redis_host');
  if (place.kind === 'readiness-gate') return;
  const range = literal.whole ? literal.expr : literal;
  if (place.kind === 'definition' || place.variable !== undefined || !ctx.file.path.endsWith('.tf')) {
    ctx.report({ range, message: `do not use ${REDIS_CHART_HOST} (${CHART_WHY}); use ${REDIS_MASTER_HOST}`, suggestion: `Write \`${REDIS_MASTER_HOST}\` here.` });
    return;
  }
  const use = literal.whole ? 'var.redis_host' : '${var.redis_host}';
  if (place.noFix !== undefined) {
    ctx.report({ range, message: `do not use ${REDIS_CHART_HOST} (${CHART_WHY}); use ${use}`, suggestion: `Use \`var.redis_host\` where this value is used (${place.noFix}).` });
    return;
  }
  const { fix, note, suggestion } = sharedVariableFix(ctx, 'redis_host', literal, `the value changes from ${REDIS_CHART_HOST} to ${configured ?? 'the value of var.redis_host'}, which rolls the workload`);
  ctx.report({ range, message: `do not use ${REDIS_CHART_HOST} (${CHART_WHY}); use ${use}${note}`, suggestion, ...(fix ? { fix } : {}) });
}

function reportMasterHost(ctx: RuleContext<RedisEndpointOptions>, literal: HostLiteral, configured: string | undefined): void {
  const place = placeOf(ctx.file, literal, 'redis_host');
  if (place.kind !== 'code') return;
  const range = literal.whole ? literal.expr : literal;
  if (place.variable !== undefined) {
    ctx.report({
      range,
      message: `the default of variable "${place.variable}" hard-codes ${REDIS_MASTER_HOST}; use var.redis_host where var.${place.variable} is used (${place.noFix ?? ''})`,
      suggestion: `Remove the default of variable "${place.variable}" (or the variable) and write \`var.redis_host\` where it is used.`,
    });
    return;
  }
  const message = literal.whole ? `use var.redis_host instead of the hard-coded ${REDIS_MASTER_HOST}` : `use \${var.redis_host} instead of the hard-coded ${REDIS_MASTER_HOST} in this string`;
  if (place.noFix !== undefined) {
    ctx.report({ range, message, suggestion: `Use \`var.redis_host\` where this value is used (${place.noFix}).` });
    return;
  }
  const differs = configured !== undefined && configured !== REDIS_MASTER_HOST ? `var.redis_host is "${configured}" in the values in force, not ${REDIS_MASTER_HOST}` : undefined;
  const { fix, note, suggestion } = sharedVariableFix(ctx, 'redis_host', literal, differs);
  ctx.report({ range, message: `${message}${note}`, suggestion, ...(fix ? { fix } : {}) });
}

/**
 * Redis endpoints: never the chart's `redis.redis.svc.cluster.local`; the
 * HAProxy endpoint `redis-master.redis.svc.cluster.local` is spelled
 * `var.redis_host`; long-lived clients use the sentinel path.
 */
export const redisEndpoint: Rule<RedisEndpointOptions> = {
  meta: {
    id: 'redis-endpoint',
    description: 'Never redis.redis.svc.cluster.local; redis-master.redis.svc.cluster.local is written var.redis_host; long-lived Redis clients (Sidekiq, Celery, Bull, pub/sub, BLPOP, …) use the sentinel endpoints.',
    severity: 'error',
    fix: 'safe',
    section: 'Redis Service Naming (read before wiring a new consumer)',
    rationale:
      'AGENTS.md, "Redis Service Naming": redis-master.redis.svc.cluster.local is the "Default for new services … Matches var.redis_host"; redis.redis.svc.cluster.local: "Do NOT use. Helm chart\'s default service — selector patched by null_resource.patch_redis_service … This patch is load-bearing but temporary". "HAProxy\'s timeout client 30s closes idle raw Redis connections — any client that holds a connection open for pub/sub, blocking commands, or replication streams MUST use the sentinel path" (redis-node-{0,1,2}.redis-headless.redis.svc.cluster.local:26379, master mymaster).',
    suggestion: 'Write `var.redis_host` (or `${var.redis_host}` inside a string) and declare `variable "redis_host" { type = string }` if the stack does not; long-lived clients use the sentinels with master mymaster.',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        longLivedClients: {
          type: 'boolean',
          description: 'Warn when a workload whose command, args or env name a long-lived client (Sidekiq, Celery, RQ, Bull/BullMQ, Django Channels, pub/sub, BLPOP, MONITOR) points at the HAProxy endpoint instead of the sentinels.',
        },
      },
    },
    defaultOptions: { longLivedClients: true },
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl) return;
    const chart = findHostLiterals(hcl, REDIS_CHART_HOST);
    const master = ctx.file.path.endsWith('.tf') ? findHostLiterals(hcl, REDIS_MASTER_HOST) : [];
    if ((chart.length > 0 || master.length > 0) && !isInOwnerStack(ctx.index, ctx.file, REDIS_MASTER_HOST)) {
      const configured = sharedValuesOf(ctx).get('redis_host')?.value;
      for (const literal of chart) reportChartHost(ctx, literal, configured);
      for (const literal of master) reportMasterHost(ctx, literal, configured);
    }
    if (ctx.options.longLivedClients) checkLongLivedClients(ctx, hcl);
  },
};
