/**
 * redis-endpoint and shared-variables on the bundled sample repository
 * (fixtures/repo, see fixtures/README.md): the exact findings, then --fix on a
 * temporary copy, re-linted.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { FixKind, Rule, RunResult } from '../../src/engine/types.js';
import { parse } from '../../src/hcl/index.js';
import { redisEndpoint } from '../../rules/redis-endpoint.js';
import { sharedVariables } from '../../rules/shared-variables.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/repo');
const rules = new Map<string, Rule>([
  [redisEndpoint.meta.id, redisEndpoint],
  [sharedVariables.meta.id, sharedVariables],
]);

const NFS = 'use var.nfs_server instead of the hard-coded "192.168.1.127"';
const SENTINEL = "HAProxy's timeout client 30s closes idle connections: use a sentinel-aware client on redis-node-{0,1,2}.redis-headless.redis.svc.cluster.local:26379 with master mymaster";
const REDIS_IN_STRING = 'use ${var.redis_host} instead of the hard-coded redis-master.redis.svc.cluster.local in this string';

function nfs(path: string, lines: readonly [number, number][]): string[] {
  return lines.map(([line, column]) => `${path}:${line}:${column} shared-variables error safe ${NFS}`);
}

const EXPECTED = [
  "stacks/immich/main.tf:9:32 redis-endpoint error unsafe do not use redis.redis.svc.cluster.local (the chart's default service, kept on the master only by a temporary selector patch); use var.redis_host",
  ...nfs('stacks/immich/storage.tf', [[5, 16], [14, 16], [24, 24], [34, 16]]),
  ...nfs('stacks/jellyfin/main.tf', [[14, 16], [23, 16]]),
  'stacks/jellyfin/main.tf:47:26 shared-variables error safe use ${var.nfs_server} instead of the hard-coded "192.168.1.127" in this string',
  'stacks/linkwarden/main.tf:83:58 shared-variables error safe use ${var.mail_host} instead of the hard-coded "mail.viktorbarzin.me" in this string',
  'stacks/linkwarden/main.tf:91:21 shared-variables error safe use var.mail_host instead of the hard-coded "mail.viktorbarzin.me"',
  `stacks/mastodon/main.tf:197:21 redis-endpoint warn null container "sidekiq" of kubernetes_deployment.sidekiq runs Sidekiq against the HAProxy endpoint (env REDIS_URL uses var.redis_host); ${SENTINEL}`,
  `stacks/n8n/main.tf:65:19 redis-endpoint warn null container "n8n" of kubernetes_deployment.n8n runs Bull against the HAProxy endpoint (env QUEUE_BULL_REDIS_HOST from local.env uses var.redis_host); ${SENTINEL}`,
  `stacks/n8n/main.tf:147:19 redis-endpoint warn null container "worker" of kubernetes_deployment.worker runs Bull against the HAProxy endpoint (env QUEUE_BULL_REDIS_HOST from local.env uses var.redis_host); ${SENTINEL}`,
  'stacks/navidrome/variables.tf:4:17 shared-variables error null the default of variable "nfs_music_server" hard-codes the nfs_server value "192.168.1.127"; use var.nfs_server where var.nfs_music_server is used (a variable default cannot reference another variable)',
  'stacks/open-webui/main.tf:51:29 shared-variables error safe use ${var.ollama_host} instead of the hard-coded "ollama.ollama.svc.cluster.local" in this string',
  `stacks/paperless-ngx/main.tf:272:21 redis-endpoint warn null container "flower" of kubernetes_deployment.paperless runs Celery against the HAProxy endpoint (command uses redis-master.redis.svc.cluster.local); ${SENTINEL}`,
  `stacks/paperless-ngx/main.tf:274:50 redis-endpoint error safe ${REDIS_IN_STRING}`,
  `stacks/paperless-ngx/main.tf:357:50 redis-endpoint error safe ${REDIS_IN_STRING}`,
  ...nfs('stacks/paperless-ngx/storage.tf', [[7, 16], [15, 16], [24, 16], [32, 16], [40, 16]]),
  `stacks/platform/modules/technitium/main.tf:138:16 shared-variables error unsafe ${NFS}; stacks/platform/modules/technitium is a module that does not declare nfs_server: the fix (unsafe) declares it and passes nfs_server = var.nfs_server from stacks/platform/main.tf`,
  ...nfs('stacks/servarr/storage.tf', [[7, 16], [16, 16], [25, 16], [34, 16], [43, 16], [54, 16], [63, 16], [72, 16], [81, 16], [90, 16], [99, 16]]),
  'stacks/uptime-kuma/main.tf:52:21 shared-variables error safe use var.mysql_host instead of the hard-coded "mysql.dbaas.svc.cluster.local"',
  'stacks/wallabag/main.tf:53:21 shared-variables error safe use var.postgresql_host instead of the hard-coded "postgresql.dbaas.svc.cluster.local"',
];

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infralint-redis-shared-'));
  dirs.push(dir);
  cpSync(FIXTURES, dir, { recursive: true });
  writeFileSync(join(dir, '.infralintrc.json'), '{}\n');
  return dir;
}

function run(dir: string, fix?: FixKind): Promise<RunResult> {
  const config = new Config(join(dir, '.infralintrc.json'), dir, {}, rules, new Map(), []);
  return lint({ cwd: dir, root: dir, paths: ['.'], rules, config, ...(fix ? { fix } : {}) });
}

function findings(result: RunResult, dir: string): string[] {
  return result.results.flatMap((r) => r.findings.map((f) => `${r.path.slice(dir.length + 1)}:${f.line}:${f.column} ${f.ruleId} ${f.severity} ${String(f.fix)} ${f.message}`));
}

/** Every `.tf` file of the copy parses, and no folder declares a variable twice. */
function expectParsesWithoutDuplicateVariables(dir: string): void {
  const byFolder = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.tf')) continue;
    const path = join(entry.parentPath, entry.name);
    const file = parse(readFileSync(path, 'utf8'), path);
    expect(file.diagnostics, path).toEqual([]);
    const names = byFolder.get(entry.parentPath) ?? [];
    for (const item of file.body.items) if (item.kind === 'Block' && item.type === 'variable') names.push(item.labels[0]?.value ?? '');
    byFolder.set(entry.parentPath, names);
  }
  for (const [folder, names] of byFolder) expect(names.filter((n, i) => names.indexOf(n) !== i), folder).toEqual([]);
}

describe('redis-endpoint and shared-variables on fixtures/repo', () => {
  it('report exactly the fixture cases', async () => {
    const dir = copyFixtures();
    const result = await run(dir);
    expect(result.errors).toEqual([]);
    expect(findings(result, dir)).toEqual(EXPECTED);
  });

  it('--fix leaves no safe fix behind, every file parses, and a second --fix changes nothing', async () => {
    const dir = copyFixtures();
    const fixed = await run(dir, 'safe');
    expect(fixed.errors).toEqual([]);
    expect(fixed.summary.fixed).toBe(EXPECTED.filter((f) => f.includes(' safe ')).length);
    expectParsesWithoutDuplicateVariables(dir);
    expect(readFileSync(join(dir, 'stacks/paperless-ngx/variables.tf'), 'utf8')).toBe(
      'variable "postgresql_host" {\n  type = string\n}\n\nvariable "redis_host" {\n  type = string\n}\n\nvariable "mail_host" {\n  type = string\n}\n\nvariable "tls_secret_name" {\n  type = string\n}\n\nvariable "nfs_server" {\n  type = string\n}\n',
    );
    expect(readFileSync(join(dir, 'stacks/paperless-ngx/main.tf'), 'utf8')).toContain('    PAPERLESS_REDIS                   = "redis://${var.redis_host}:6379/7"\n');

    const after = await run(dir);
    expect(findings(after, dir).filter((f) => f.includes(' safe '))).toEqual([]);
    expect(findings(after, dir).map((f) => f.split(' ').slice(0, 4).join(' '))).toEqual([
      'stacks/immich/main.tf:9:32 redis-endpoint error unsafe',
      'stacks/mastodon/main.tf:197:21 redis-endpoint warn null',
      'stacks/n8n/main.tf:65:19 redis-endpoint warn null',
      'stacks/n8n/main.tf:147:19 redis-endpoint warn null',
      'stacks/navidrome/variables.tf:4:17 shared-variables error null',
      'stacks/paperless-ngx/main.tf:272:21 redis-endpoint warn null',
      'stacks/platform/modules/technitium/main.tf:138:16 shared-variables error unsafe',
    ]);

    const again = await run(dir, 'safe');
    expect(again.results.filter((r) => r.fixed).map((r) => r.path)).toEqual([]);
  });

  it('--fix --unsafe-fixes also rewires the nested module and the chart service', async () => {
    const dir = copyFixtures();
    const fixed = await run(dir, 'unsafe');
    expect(fixed.errors).toEqual([]);
    expectParsesWithoutDuplicateVariables(dir);
    expect(readFileSync(join(dir, 'stacks/platform/main.tf'), 'utf8')).toContain(
      'module "technitium" {\n  source     = "./modules/technitium"\n  namespace  = kubernetes_namespace.technitium.metadata[0].name\n  domain     = var.internal_domain\n  nfs_server = var.nfs_server\n}\n',
    );
    expect(readFileSync(join(dir, 'stacks/platform/variables.tf'), 'utf8')).toMatch(/\n {2}\]\n}\n\nvariable "nfs_server" \{\n {2}type = string\n}\n$/);
    expect(readFileSync(join(dir, 'stacks/platform/modules/technitium/variables.tf'), 'utf8')).toMatch(/\n\nvariable "nfs_server" \{\n {2}type = string\n}\n$/);
    expect(readFileSync(join(dir, 'stacks/immich/main.tf'), 'utf8')).toContain('    REDIS_HOSTNAME           = var.redis_host\n');

    const after = await run(dir);
    expect(findings(after, dir).filter((f) => !f.includes(' null '))).toEqual([]);
    const again = await run(dir, 'unsafe');
    expect(again.results.filter((r) => r.fixed).map((r) => r.path)).toEqual([]);
  });
});
