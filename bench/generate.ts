/**
 * Corpus generator for the benchmark and the parser conformance suite.
 *
 * Builds a synthetic Terragrunt monorepo shaped like the target repository:
 * a root `terragrunt.hcl` and `config.tfvars`, the shared `nfs_volume` and
 * `ingress_factory` modules, and `stacks/<name>/` folders with deployments,
 * stateful sets, cron jobs, heredocs, template directives, `for` expressions,
 * `dynamic` blocks, module calls and a few nested modules.
 *
 * Invariants:
 * - Deterministic: the output depends only on `stacks` and `seed` (a seeded
 *   xorshift PRNG; no `Math.random`, no clock, no environment).
 * - Every file is HCL that `@cdktf/hcl2json` accepts.
 * - Secrets-free: secret values only ever come from `secret_key_ref`.
 * - Mostly conventional; a small seeded fraction of workloads carries the
 *   violations infralint looks for (missing markers, literal shared values, …).
 *
 * The default 150 stacks give about 530 files and 3 MB (measured by
 * `test/bench/generate.test.ts`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GenerateOptions {
  /** Number of `stacks/<name>` folders. */
  readonly stacks: number;
  /** PRNG seed; the same seed always yields the same repository. */
  readonly seed?: number;
}

export const DEFAULT_STACKS = 150;
export const DEFAULT_SEED = 20260610;

/** Probability that a given workload carries one seeded violation. */
const VIOLATION_RATE = 0.05;

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0 || 0x2545f491;
    for (let i = 0; i < 8; i++) this.next();
  }

  /** xorshift32; an integer in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.next() % items.length];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) {
      out.push(pool.splice(this.next() % pool.length, 1)[0] as T);
    }
    return out;
  }
}

const NAME_HEADS = [
  'photo', 'media', 'note', 'feed', 'home', 'dash', 'mail', 'git', 'chat', 'wiki',
  'book', 'music', 'task', 'budget', 'recipe', 'link', 'paste', 'status', 'metric', 'audio',
  'video', 'doc', 'file', 'code', 'game', 'map', 'weather', 'print', 'scan', 'calendar',
];
const NAME_TAILS = [
  'hub', 'board', 'sync', 'kit', 'box', 'ops', 'flow', 'base', 'cast', 'track',
  'keeper', 'shelf', 'vault', 'forge', 'watch', 'desk', 'stream', 'relay', 'dock', 'lab',
];
const ORGS = ['linuxserver', 'bitnami', 'grafana', 'prom', 'homelab-apps', 'selfhosted', 'viktorbarzin', 'community'];
const REGISTRIES = ['ghcr.io', 'docker.io', 'quay.io', 'lscr.io'];
const TIERS = ['1-cluster', '3-edge', '4-aux', '4-aux', '4-aux', '2-gpu'];
const SIDECARS = ['metrics-exporter', 'log-shipper', 'config-reloader', 'oauth-proxy', 'cache-warmer', 'backup-agent'];
/** Plain (non-secret) environment variables and the values they take. */
const ENV_VARS: Readonly<Record<string, readonly string[]>> = {
  TZ: ['Europe/London', 'Europe/Sofia', 'UTC'],
  LOG_LEVEL: ['info', 'debug', 'warn'],
  WORKERS: ['2', '4', '8'],
  CACHE_TTL: ['300', '3600', '86400'],
  METRICS_ENABLED: ['true', 'false'],
  MAX_UPLOAD_MB: ['50', '512', '2048'],
  LANGUAGE: ['en', 'en_GB', 'bg'],
  THEME: ['dark', 'light', 'auto'],
  RETENTION_DAYS: ['7', '30', '90'],
  SCAN_INTERVAL: ['15m', '1h', '6h'],
  TRUSTED_PROXIES: ['10.0.0.0/8', '10.0.0.0/8,192.168.1.0/24'],
  PUID: ['1000'],
  PGID: ['1000'],
  UMASK: ['022', '002'],
};

/** locals.settings keys and their values. */
const SETTINGS: Readonly<Record<string, readonly string[]>> = {
  theme: ['dark', 'light'],
  locale: ['en_GB', 'bg_BG'],
  timezone: ['Europe/London', 'Europe/Sofia'],
  log_format: ['json', 'text'],
  cache_backend: ['memory', 'redis'],
  storage_driver: ['local', 'nfs'],
};

const ROLES = ['api', 'web', 'worker', 'scheduler', 'proxy', 'ui', 'indexer', 'notifier', 'importer'];

const KYVERNO_MARKER = '# KYVERNO_LIFECYCLE_V1';

type Violation =
  | 'none'
  | 'missing-marker'
  | 'missing-lifecycle'
  | 'missing-image-line'
  | 'literal-nfs-server'
  | 'literal-redis'
  | 'inline-nfs';

interface Container {
  readonly name: string;
  readonly image: string;
  readonly port: number;
}

interface StackContext {
  readonly rng: Rng;
  readonly name: string;
  /** Terraform-identifier form of the name. */
  readonly id: string;
  readonly enrolled: boolean;
  /** Expression for the namespace (a reference to the namespace resource). */
  readonly nsExpr: string;
  readonly nfsVolumes: string[];
  /** The folder declares `kubernetes_config_map.<id>` (pods may mount it). */
  readonly hasConfigMap: boolean;
  /** Shared variables the stack uses; declared in variables.tf. */
  readonly sharedVars: Set<string>;
}

function identifier(name: string): string {
  return name.replace(/-/g, '_');
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/** Aligns the `=` of consecutive `key = value` lines, as `terraform fmt` does. */
function attrs(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)} = ${v}`).join('\n');
}

function semver(rng: Rng): string {
  return `${rng.int(0, 12)}.${rng.int(0, 40)}.${rng.int(0, 20)}`;
}

function image(rng: Rng, app: string): string {
  const registry = rng.pick(REGISTRIES);
  const org = registry === 'lscr.io' ? 'linuxserver' : rng.pick(ORGS);
  const tag = rng.chance(0.3) ? `v${semver(rng)}` : semver(rng);
  return `${registry}/${org}/${app}:${tag}`;
}

function pickViolation(rng: Rng): Violation {
  if (!rng.chance(VIOLATION_RATE)) return 'none';
  return rng.pick<Violation>([
    'missing-marker',
    'missing-lifecycle',
    'missing-image-line',
    'literal-nfs-server',
    'literal-redis',
    'inline-nfs',
  ]);
}

function dnsConfigPath(kind: 'pod' | 'cron'): string {
  return kind === 'cron'
    ? 'spec[0].job_template[0].spec[0].template[0].spec[0].dns_config'
    : 'spec[0].template[0].spec[0].dns_config';
}

function lifecycleBlock(
  ctx: StackContext,
  kind: 'pod' | 'cron',
  containers: number,
  initContainers: number,
  violation: Violation,
): string {
  if (violation === 'missing-lifecycle') return '';
  const marker = violation === 'missing-marker' ? '' : ` ${KYVERNO_MARKER}`;
  const path = dnsConfigPath(kind);
  if (!ctx.enrolled || kind === 'cron') {
    if (ctx.rng.chance(0.6)) {
      return `\nlifecycle {\n  ignore_changes = [${path}]${marker}\n}\n`;
    }
    if (violation !== 'missing-marker' && ctx.rng.chance(0.4)) {
      return `\nlifecycle {\n  ${KYVERNO_MARKER}: Kyverno injects dns_config (ndots=2)\n  ignore_changes = [\n    ${path},\n  ]\n}\n`;
    }
    return `\nlifecycle {\n  ignore_changes = [\n    ${path},${marker}\n  ]\n}\n`;
  }
  const imageLines: string[] = [];
  const podSpec = 'spec[0].template[0].spec[0]';
  for (let i = 0; i < containers; i++) {
    if (violation === 'missing-image-line' && i === containers - 1) continue;
    const note = i === 0 ? ' — Keel manages tag updates' : '';
    imageLines.push(`${podSpec}.container[${String(i)}].image, # KEEL_IGNORE_IMAGE${note}`);
  }
  for (let i = 0; i < initContainers; i++) {
    imageLines.push(`${podSpec}.init_container[${String(i)}].image, # KEEL_IGNORE_IMAGE`);
  }
  const lines = [
    `${path},${marker}`,
    'metadata[0].annotations["keel.sh/policy"],',
    'metadata[0].annotations["keel.sh/trigger"],',
    'metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2',
    'metadata[0].annotations["keel.sh/match-tag"],',
    ...imageLines,
    'metadata[0].annotations["kubernetes.io/change-cause"],',
    'metadata[0].annotations["deployment.kubernetes.io/revision"],',
    'spec[0].template[0].metadata[0].annotations["keel.sh/update-time"], # KEEL_LIFECYCLE_V1',
  ];
  return `\nlifecycle {\n  ignore_changes = [\n${indent(lines.join('\n'), 4)}\n  ]\n}\n`;
}

function envBlocks(ctx: StackContext, app: string, violation: Violation): string {
  const { rng } = ctx;
  const blocks: string[] = [];
  for (const name of rng.sample(Object.keys(ENV_VARS), rng.int(2, 6))) {
    const value = rng.pick(ENV_VARS[name] ?? ['']);
    blocks.push(`env {\n${indent(attrs([['name', `"${name}"`], ['value', `"${value}"`]]), 2)}\n}`);
  }
  if (rng.chance(0.5)) {
    ctx.sharedVars.add('postgresql_host');
    blocks.push(`env {\n  name  = "DB_HOST"\n  value = var.postgresql_host\n}`);
    blocks.push(
      `env {\n  name = "DB_PASSWORD"\n  value_from {\n    secret_key_ref {\n      name = "${app}-db"\n      key  = "password"\n    }\n  }\n}`,
    );
  }
  if (violation === 'literal-redis') {
    blocks.push(`env {\n  name  = "REDIS_URL"\n  value = "redis://redis-master.redis.svc.cluster.local:6379/${rng.int(0, 15)}"\n}`);
  } else if (rng.chance(0.3)) {
    ctx.sharedVars.add('redis_host');
    blocks.push(`env {\n  name  = "REDIS_URL"\n  value = "redis://\${var.redis_host}:6379/${rng.int(0, 15)}"\n}`);
  }
  if (rng.chance(0.3)) {
    ctx.sharedVars.add('mail_host');
    blocks.push(`env {\n  name  = "SMTP_HOST"\n  value = var.mail_host\n}\nenv {\n  name  = "SMTP_PORT"\n  value = "587"\n}`);
  }
  return blocks.join('\n');
}

function probe(kind: 'readiness_probe' | 'liveness_probe', port: number, rng: Rng): string {
  if (rng.chance(0.3)) {
    return `${kind} {\n  tcp_socket {\n    port = ${port}\n  }\n  period_seconds = ${rng.pick([10, 15, 30])}\n}`;
  }
  const delay = rng.int(5, 60);
  return `${kind} {\n  http_get {\n    path = "${rng.pick(['/', '/health', '/healthz', '/ping', '/api/health'])}"\n    port = ${port}\n  }\n${indent(
    attrs([
      ['initial_delay_seconds', String(delay)],
      ['period_seconds', String(rng.pick([10, 15, 30]))],
      ['failure_threshold', String(rng.int(3, 6))],
    ]),
    2,
  )}\n}`;
}

function resources(rng: Rng): string {
  const mem = rng.pick([64, 128, 256, 512, 768, 1024]);
  return `resources {\n  requests = {\n${indent(
    attrs([
      ['cpu', `"${rng.pick([10, 20, 50, 100, 250])}m"`],
      ['memory', `"${mem}Mi"`],
    ]),
    4,
  )}\n  }\n  limits = {\n    memory = "${mem * rng.pick([2, 3, 4])}Mi"\n  }\n}`;
}

function containerBlock(ctx: StackContext, c: Container, primary: boolean, mounts: readonly string[], violation: Violation): string {
  const { rng } = ctx;
  const head: [string, string][] = [
    ['name', `"${c.name}"`],
    ['image', `"${c.image}"`],
  ];
  if (rng.chance(0.25)) head.push(['args', `["--port=${String(c.port)}", "--log-format=json"]`]);
  const parts = [attrs(head)];
  if (primary) parts.push(envBlocks(ctx, c.name, violation));
  if (primary && rng.chance(0.35)) {
    parts.push(`dynamic "env" {\n  for_each = local.extra_env\n  content {\n    name  = env.key\n    value = env.value\n  }\n}`);
  }
  parts.push(`port {\n${indent(attrs([['name', `"${primary ? 'http' : 'metrics'}"`], ['container_port', String(c.port)]]), 2)}\n}`);
  parts.push(probe('readiness_probe', c.port, rng));
  if (primary && rng.chance(0.6)) parts.push(probe('liveness_probe', c.port, rng));
  parts.push(resources(rng));
  for (const m of mounts) {
    parts.push(`volume_mount {\n${indent(attrs([['name', `"${m}"`], ['mount_path', `"/${m}"`]]), 2)}\n}`);
  }
  return `container {\n${indent(parts.join('\n\n'), 2)}\n}`;
}

function volumeBlocks(ctx: StackContext, mounts: readonly string[], violation: Violation): string {
  return mounts
    .map((m, i) => {
      if (violation === 'inline-nfs' && i === 0) {
        ctx.sharedVars.add('nfs_server');
        return `volume {\n  name = "${m}"\n  nfs {\n    server = var.nfs_server\n    path   = "/srv/nfs/${ctx.name}/${m}"\n  }\n}`;
      }
      if (m === 'config') {
        return `volume {\n  name = "${m}"\n  config_map {\n    name = kubernetes_config_map.${ctx.id}.metadata[0].name\n  }\n}`;
      }
      return `volume {\n  name = "${m}"\n  persistent_volume_claim {\n    claim_name = module.nfs_${identifier(m)}.claim_name\n  }\n}`;
    })
    .join('\n');
}

function initContainer(rng: Rng, name: string, target: string): string {
  return `init_container {\n${indent(
    attrs([
      ['name', `"${name}"`],
      ['image', `"docker.io/library/busybox:1.${rng.int(30, 37)}.${rng.int(0, 3)}"`],
      ['command', `["sh", "-c", "until nc -z ${target}; do echo waiting; sleep 2; done"]`],
    ]),
    2,
  )}\n}`;
}

interface Workload {
  readonly hcl: string;
  /** Port of the primary container (the service's target). */
  readonly port: number;
}

function podWorkload(
  ctx: StackContext,
  type: string,
  app: string,
  kind: 'deployment' | 'stateful_set' | 'daemon_set',
  imageName: string,
): Workload {
  const { rng } = ctx;
  const violation = pickViolation(rng);
  const nContainers = rng.pick([1, 1, 1, 2, 2, 3, 4]);
  const containers: Container[] = [{ name: app, image: image(rng, imageName), port: rng.pick([80, 3000, 5000, 8080, 8000, 9000]) }];
  for (const side of rng.sample(SIDECARS, nContainers - 1)) {
    containers.push({ name: side, image: image(rng, side), port: rng.int(9100, 9900) });
  }
  const mounts = ctx.nfsVolumes.length > 0 ? rng.sample(ctx.nfsVolumes, rng.int(1, Math.min(3, ctx.nfsVolumes.length))) : [];
  if (ctx.hasConfigMap && rng.chance(0.4)) mounts.push('config');
  const nInit = rng.chance(0.3) ? rng.int(1, 2) : 0;
  const inits: string[] = [];
  for (let i = 0; i < nInit; i++) {
    inits.push(initContainer(rng, i === 0 ? 'wait-for-db' : 'wait-for-cache', i === 0 ? 'postgresql.dbaas 5432' : 'redis-master.redis 6379'));
  }

  const labels = `labels = {\n  app = "${app}"\n}`;
  const podSpecParts = [
    ...inits,
    ...containers.map((c, i) => containerBlock(ctx, c, i === 0, i === 0 ? mounts : [], violation)),
  ];
  if (mounts.length > 0) podSpecParts.push(volumeBlocks(ctx, mounts, violation));
  if (rng.chance(0.15)) {
    podSpecParts.unshift(`node_selector = {\n  "nvidia.com/gpu.present" = "true"\n}\n\ntoleration {\n${indent(attrs([['key', '"nvidia.com/gpu"'], ['operator', '"Exists"'], ['effect', '"NoSchedule"']]), 2)}\n}`);
  }

  const headAttrs: [string, string][] = [];
  if (kind === 'stateful_set') headAttrs.push(['service_name', `"${app}"`]);
  if (kind !== 'daemon_set') headAttrs.push(['replicas', String(rng.pick([1, 1, 1, 2, 3]))]);
  const specHead = headAttrs.length > 0 ? [attrs(headAttrs)] : [];
  if (kind === 'deployment' && rng.chance(0.4)) specHead.push(`\nstrategy {\n  type = "Recreate"\n}`);

  const claimTemplate =
    kind === 'stateful_set'
      ? `\n\nvolume_claim_template {\n  metadata {\n    name = "data"\n  }\n  spec {\n${indent(
          attrs([
            ['access_modes', '["ReadWriteOnce"]'],
            ['storage_class_name', `"${rng.pick(['proxmox-lvm', 'proxmox-lvm-encrypted'])}"`],
          ]),
          4,
        )}\n    resources {\n      requests = {\n        storage = "${rng.pick([1, 5, 10, 20, 50])}Gi"\n      }\n    }\n  }\n}`
      : '';

  const body = `metadata {
${indent(attrs([['name', `"${app}"`], ['namespace', ctx.nsExpr]]), 2)}
${indent(labels, 2)}
}

spec {
${indent(specHead.join('\n'), 2)}

  selector {
    match_labels = {
      app = "${app}"
    }
  }

  template {
    metadata {
${indent(labels, 6)}
    }

    spec {
${indent(podSpecParts.join('\n\n'), 6)}
    }
  }${indent(claimTemplate, 2)}
}
${lifecycleBlock(ctx, 'pod', containers.length, nInit, violation)}`;
  const primary = containers[0];
  return { hcl: `resource "${type}" "${identifier(app)}" {\n${indent(body, 2)}}\n`, port: primary ? primary.port : 8080 };
}

function cronJob(ctx: StackContext, app: string): string {
  const { rng } = ctx;
  const violation = rng.chance(VIOLATION_RATE) ? rng.pick<Violation>(['missing-marker', 'missing-lifecycle']) : 'none';
  const schedule = rng.pick(['0 3 * * *', '*/15 * * * *', '30 1 * * 0', '0 */6 * * *']);
  const body = `metadata {
${indent(attrs([['name', `"${app}"`], ['namespace', ctx.nsExpr]]), 2)}
}

spec {
${indent(attrs([['schedule', `"${schedule}"`], ['concurrency_policy', '"Forbid"'], ['successful_jobs_history_limit', '3']]), 2)}

  job_template {
    metadata {}
    spec {
      backoff_limit = 2
      template {
        metadata {}
        spec {
          restart_policy = "OnFailure"
          container {
${indent(attrs([['name', `"${app}"`], ['image', `"${image(rng, app)}"`], ['command', '["/bin/sh", "-c"]']]), 12)}
            args = [<<-EOT
              set -eu
              echo "starting ${app} at $(date -Iseconds)"
              /usr/local/bin/${app} --once --verbose
            EOT
            ]
${indent(resources(rng), 12)}
          }
        }
      }
    }
  }
}
${lifecycleBlock(ctx, 'cron', 1, 0, violation)}`;
  return `resource "kubernetes_cron_job_v1" "${identifier(app)}" {\n${indent(body, 2)}}\n`;
}

function configMap(ctx: StackContext): string {
  const { rng } = ctx;
  const keys = rng.sample(['cache_size', 'page_size', 'upload_limit', 'session_ttl', 'worker_count', 'retry_limit'], 3);
  return `resource "kubernetes_config_map" "${ctx.id}" {
  metadata {
${indent(attrs([['name', `"${ctx.name}-config"`], ['namespace', ctx.nsExpr]]), 4)}
  }

  data = {
    "config.yaml" = <<-EOT
      server:
        name: ${ctx.name}
        public_url: https://${ctx.name}.\${var.domain}
      settings:
      %{~ for key, value in local.settings ~}
        \${key}: \${value}
      %{~ endfor ~}
      %{ if local.debug ~}
      debug: true
      %{ else ~}
      debug: false
      %{ endif ~}
      features:
${keys.map((k) => `        ${k}: ${String(rng.int(1, 500))}`).join('\n')}
    EOT
  }
}
`;
}

function localsBlock(ctx: StackContext): string {
  const { rng } = ctx;
  const settings = rng
    .sample(Object.keys(SETTINGS), 3)
    .map((k) => [k, `"${rng.pick(SETTINGS[k] ?? [''])}"`] as const);
  const subdomains = rng
    .sample(['www', 'api', 'admin', 'cdn', 'ws'], rng.int(1, 3))
    .map((s) => `"${s}"`)
    .join(', ');
  return `locals {
  debug = ${rng.chance(0.2) ? 'true' : 'false'}

  settings = {
${indent(attrs(settings), 4)}
  }

  extra_env = {
${indent(attrs([['APP_NAME', `"${ctx.name}"`], ['APP_ENV', '"production"']]), 4)}
  }

  hosts = [for s in [${subdomains}] : "\${s}.${ctx.name}.\${var.domain}"]

  upper_settings = { for k, v in local.settings : upper(k) => v if v != "" }
}
`;
}

function nfsModule(ctx: StackContext, volume: string): string {
  const { rng } = ctx;
  const literal = rng.chance(VIOLATION_RATE);
  if (!literal) ctx.sharedVars.add('nfs_server');
  return `module "nfs_${identifier(volume)}" {
${indent(
  attrs([
    ['source', '"../../modules/kubernetes/nfs_volume"'],
    ['name', `"${ctx.name}-${volume}"`],
    ['namespace', ctx.nsExpr],
    ['nfs_server', literal ? '"192.168.1.127"' : 'var.nfs_server'],
    ['nfs_path', `"/srv/${rng.pick(['nfs', 'nfs-ssd'])}/${ctx.name}/${volume}"`],
    ['storage', `"${rng.pick([1, 5, 10, 50, 100, 500])}Gi"`],
  ]),
  2,
)}
}
`;
}

function namespaceBlock(ctx: StackContext, tier: string): string {
  const labels: [string, string][] = [['tier', `"${tier}"`]];
  if (ctx.enrolled) labels.push(['"keel.sh/enrolled"', '"true"']);
  return `resource "kubernetes_namespace" "${ctx.id}" {
  metadata {
    name = "${ctx.name}"
    labels = {
${indent(attrs(labels), 6)}
    }
  }
}
`;
}

function serviceBlock(ctx: StackContext, app: string, port: number): string {
  return `resource "kubernetes_service" "${identifier(app)}" {
  metadata {
${indent(attrs([['name', `"${app}"`], ['namespace', ctx.nsExpr]]), 4)}
  }

  spec {
    selector = {
      app = "${app}"
    }
    port {
${indent(attrs([['name', '"http"'], ['port', '80'], ['target_port', String(port)]]), 6)}
    }
  }
}
`;
}

function variablesFile(ctx: StackContext, extra: readonly string[]): string {
  const names = ['domain', 'tls_secret_name', ...[...ctx.sharedVars].sort(), ...extra];
  return names
    .map((n) => {
      if (n === 'domain') return `variable "domain" {\n  type    = string\n  default = "viktorbarzin.me"\n}\n`;
      return `variable "${n}" {\n  type = string\n}\n`;
    })
    .join('\n');
}

function ingressFile(ctx: StackContext, rng: Rng): string {
  return `module "ingress" {
${indent(
  attrs([
    ['source', '"../../modules/kubernetes/ingress_factory"'],
    ['name', `"${ctx.name}"`],
    ['namespace', ctx.nsExpr],
    ['tls_secret_name', 'var.tls_secret_name'],
    ['dns_type', `"${rng.pick(['proxied', 'proxied', 'non-proxied'])}"`],
    ['protected', rng.chance(0.4) ? 'true' : 'false'],
  ]),
  2,
)}
}
`;
}

function outputsFile(ctx: StackContext, apps: readonly string[]): string {
  return `output "namespace" {
  value = kubernetes_namespace.${ctx.id}.metadata[0].name
}

output "services" {
  value = { for name in [${apps.map((a) => `"${a}"`).join(', ')}] : name => "\${name}.${ctx.name}.svc.cluster.local" }
}
`;
}

function stackTerragrunt(rng: Rng): string {
  const include = `include "root" {\n  path = find_in_parent_folders()\n}\n`;
  if (rng.chance(0.3)) {
    return `${include}\ndependency "dbaas" {\n  config_path  = "../dbaas"\n  skip_outputs = true\n}\n`;
  }
  return include;
}

function nestedModule(ctx: StackContext): { main: string; variables: string; call: string } {
  const inner: StackContext = { ...ctx, nsExpr: 'var.namespace', nfsVolumes: [], hasConfigMap: false, sharedVars: new Set() };
  const main = podWorkload(inner, 'kubernetes_deployment', `${ctx.name}-worker`, 'deployment', `${ctx.name}-worker`).hcl;
  const sharedDecls = [...inner.sharedVars].sort().map((n) => `\nvariable "${n}" {\n  type = string\n}\n`);
  const variables = `variable "namespace" {\n  type = string\n}\n\nvariable "domain" {\n  type = string\n}\n${sharedDecls.join('')}`;
  for (const n of inner.sharedVars) ctx.sharedVars.add(n);
  const args: [string, string][] = [
    ['source', '"./modules/worker"'],
    ['namespace', ctx.nsExpr],
    ['domain', 'var.domain'],
    ...[...inner.sharedVars].sort().map((n): [string, string] => [n, `var.${n}`]),
  ];
  const call = `module "worker" {\n${indent(attrs(args), 2)}\n}\n`;
  return { main: `locals {\n  extra_env = {\n    WORKER_MODE = "queue"\n  }\n}\n\n${main}`, variables, call };
}

function generateStack(rng: Rng, name: string, files: Map<string, string>): void {
  const id = identifier(name);
  const enrolled = rng.chance(0.55);
  const ctx: StackContext = {
    rng,
    name,
    id,
    enrolled,
    nsExpr: `kubernetes_namespace.${id}.metadata[0].name`,
    nfsVolumes: rng.sample(['data', 'media', 'uploads', 'cache', 'backups'], rng.int(0, 3)),
    hasConfigMap: true,
    sharedVars: new Set(),
  };
  const dir = `stacks/${name}`;
  const parts: string[] = [namespaceBlock(ctx, rng.pick(TIERS)), localsBlock(ctx), configMap(ctx)];
  for (const v of ctx.nfsVolumes) parts.push(nfsModule(ctx, v));

  const apps: string[] = [];
  const roles = rng.sample(ROLES, rng.int(1, 5));
  for (const [i, app] of [name, ...roles.map((r) => `${name}-${r}`)].entries()) {
    apps.push(app);
    const roll = i === 0 ? 0 : rng.next() % 10;
    let workload: Workload;
    if (roll < 7) {
      workload = podWorkload(ctx, rng.chance(0.2) ? 'kubernetes_deployment_v1' : 'kubernetes_deployment', app, 'deployment', app);
    } else if (roll < 9) {
      workload = podWorkload(ctx, rng.chance(0.5) ? 'kubernetes_stateful_set_v1' : 'kubernetes_stateful_set', app, 'stateful_set', app);
    } else {
      workload = podWorkload(ctx, 'kubernetes_daemon_set_v1', app, 'daemon_set', app);
    }
    parts.push(workload.hcl, serviceBlock(ctx, app, workload.port));
  }
  if (rng.chance(0.5)) parts.push(cronJob(ctx, `${name}-maintenance`));

  if (rng.chance(0.06)) {
    const nested = nestedModule(ctx);
    files.set(`${dir}/modules/worker/main.tf`, nested.main);
    files.set(`${dir}/modules/worker/variables.tf`, nested.variables);
    parts.push(nested.call);
  }

  files.set(`${dir}/main.tf`, parts.join('\n'));
  if (rng.chance(0.15)) files.set(`${dir}/ingress.tf`, ingressFile(ctx, rng));
  if (rng.chance(0.2)) files.set(`${dir}/outputs.tf`, outputsFile(ctx, apps));
  files.set(`${dir}/variables.tf`, variablesFile(ctx, []));
  files.set(`${dir}/terragrunt.hcl`, stackTerragrunt(rng));
}

const ROOT_TERRAGRUNT = `locals {
  stack_name = basename(get_terragrunt_dir())
}

terraform {
  extra_arguments "shared_vars" {
    commands = get_terraform_commands_that_need_vars()

    optional_var_files = [
      "\${get_repo_root()}/config.tfvars",
    ]
  }
}

remote_state {
  backend = "pg"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    schema_name = local.stack_name
  }
}

generate "providers" {
  path      = "providers.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "kubernetes" {
      config_path = "\${get_repo_root()}/config"
    }
  EOF
}
`;

const CONFIG_TFVARS = `nfs_server      = "192.168.1.127"
redis_host      = "redis-master.redis.svc.cluster.local"
postgresql_host = "postgresql.dbaas.svc.cluster.local"
mysql_host      = "mysql.dbaas.svc.cluster.local"
ollama_host     = "ollama.ollama.svc.cluster.local"
mail_host       = "mail.viktorbarzin.me"
domain          = "viktorbarzin.me"
tls_secret_name = "tls-secret"
`;

const NFS_VOLUME_MAIN = `resource "kubernetes_persistent_volume" "this" {
  metadata {
    name = var.name
  }

  spec {
    capacity = {
      storage = var.storage
    }
    access_modes                     = ["ReadWriteMany"]
    persistent_volume_reclaim_policy = "Retain"
    storage_class_name               = "nfs-proxmox"
    mount_options                    = ["soft", "timeo=30", "retrans=3"]

    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = var.nfs_path
      }
    }
  }
}

resource "kubernetes_persistent_volume_claim" "this" {
  metadata {
    name      = var.name
    namespace = var.namespace
  }

  spec {
    access_modes       = ["ReadWriteMany"]
    storage_class_name = "nfs-proxmox"
    volume_name        = kubernetes_persistent_volume.this.metadata[0].name

    resources {
      requests = {
        storage = var.storage
      }
    }
  }
}
`;

const NFS_VOLUME_VARIABLES = ['name', 'namespace', 'nfs_server', 'nfs_path']
  .map((n) => `variable "${n}" {\n  type = string\n}\n`)
  .concat(`variable "storage" {\n  type    = string\n  default = "10Gi"\n}\n`)
  .join('\n');

const NFS_VOLUME_OUTPUTS = `output "claim_name" {
  value = kubernetes_persistent_volume_claim.this.metadata[0].name
}
`;

const INGRESS_MAIN = `locals {
  host = "\${var.name}.\${var.domain}"

  annotations = merge(
    {
      "nginx.ingress.kubernetes.io/proxy-body-size" = "50m"
    },
    var.protected ? {
      "nginx.ingress.kubernetes.io/auth-url" = "http://ak-outpost.authentik.svc.cluster.local:9000/outpost.goauthentik.io/auth/nginx"
    } : {},
  )
}

resource "kubernetes_ingress_v1" "this" {
  metadata {
    name        = var.name
    namespace   = var.namespace
    annotations = local.annotations
  }

  spec {
    ingress_class_name = "nginx"

    tls {
      hosts       = [local.host]
      secret_name = var.tls_secret_name
    }

    rule {
      host = local.host
      http {
        path {
          path      = "/"
          path_type = "Prefix"
          backend {
            service {
              name = var.name
              port {
                number = 80
              }
            }
          }
        }
      }
    }
  }
}
`;

const INGRESS_VARIABLES = `variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "domain" {
  type    = string
  default = "viktorbarzin.me"
}

variable "tls_secret_name" {
  type = string
}

variable "dns_type" {
  type    = string
  default = "proxied"
}

variable "protected" {
  type    = bool
  default = false
}
`;

const INGRESS_OUTPUTS = `output "host" {
  value = local.host
}
`;

function stackNames(rng: Rng, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    let name = `${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)}`;
    if (names.has(name)) name = `${name}-${String(rng.int(2, 99))}`;
    names.add(name);
  }
  return [...names].sort();
}

/** Generates the repository as a map from `/`-separated relative path to content. */
export function generateRepo(options: GenerateOptions): Map<string, string> {
  if (!Number.isInteger(options.stacks) || options.stacks < 0) {
    throw new Error(`stacks must be a non-negative integer, got ${String(options.stacks)}`);
  }
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const files = new Map<string, string>();
  files.set('terragrunt.hcl', ROOT_TERRAGRUNT);
  files.set('config.tfvars', CONFIG_TFVARS);
  files.set('modules/kubernetes/nfs_volume/main.tf', NFS_VOLUME_MAIN);
  files.set('modules/kubernetes/nfs_volume/variables.tf', NFS_VOLUME_VARIABLES);
  files.set('modules/kubernetes/nfs_volume/outputs.tf', NFS_VOLUME_OUTPUTS);
  files.set('modules/kubernetes/ingress_factory/main.tf', INGRESS_MAIN);
  files.set('modules/kubernetes/ingress_factory/variables.tf', INGRESS_VARIABLES);
  files.set('modules/kubernetes/ingress_factory/outputs.tf', INGRESS_OUTPUTS);
  for (const name of stackNames(rng, options.stacks)) generateStack(rng, name, files);
  return files;
}

/** Writes the files under `dir`, creating folders as needed. */
export async function writeRepo(dir: string, files: Map<string, string>): Promise<void> {
  const made = new Set<string>();
  for (const [rel, content] of files) {
    const path = join(dir, rel);
    const folder = dirname(path);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await writeFile(path, content);
  }
}

function parseArgs(argv: readonly string[]): { stacks: number; seed: number; out: string } {
  let stacks = DEFAULT_STACKS;
  let seed = DEFAULT_SEED;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--stacks' || arg === '--seed' || arg === '--out') && value === undefined) {
      throw new Error(`${arg} needs a value`);
    }
    if (arg === '--stacks') stacks = Number(value);
    else if (arg === '--seed') seed = Number(value);
    else if (arg === '--out') out = value;
    else throw new Error(`unknown argument ${String(arg)}`);
    i++;
  }
  if (out === undefined) throw new Error('usage: generate --stacks N --out DIR [--seed S]');
  return { stacks, seed, out };
}

async function main(): Promise<void> {
  const { stacks, seed, out } = parseArgs(process.argv.slice(2));
  const files = generateRepo({ stacks, seed });
  await writeRepo(resolve(out), files);
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  process.stdout.write(`wrote ${String(files.size)} files, ${String(bytes)} bytes to ${out}\n`);
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
