/**
 * no-inline-nfs and nfs-mount-options on the bundled sample repository
 * (fixtures/README.md, "no-inline-nfs and nfs-mount-options"): the exact
 * findings, and `--fix --unsafe-fixes` output that parses and re-lints clean
 * but for the one finding that has no fix (the navidrome PV).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { FixKind, Rule, RunResult } from '../../src/engine/types.js';
import { parse } from '../../src/hcl/index.js';
import { nfsMountOptions } from '../../rules/nfs-mount-options.js';
import { noInlineNfs } from '../../rules/no-inline-nfs.js';

const fixtureRepo = resolve(import.meta.dirname, '../../fixtures/repo');
const rules = new Map<string, Rule>([
  [noInlineNfs.meta.id, noInlineNfs],
  [nfsMountOptions.meta.id, nfsMountOptions],
]);

function run(dir: string, fix?: FixKind): Promise<RunResult> {
  const config = new Config(join(dir, '.infralintrc.json'), dir, {}, rules, new Map(), []);
  return lint({ cwd: dir, root: dir, paths: ['.'], rules, config, ...(fix ? { fix } : {}) });
}

function findingsOf(result: RunResult, dir: string): string[] {
  return result.results.flatMap((r) => r.findings.map((f) => `${r.path.slice(dir.length + 1)}:${f.line}:${f.column} ${f.ruleId} [${f.fix ?? 'no fix'}] ${f.message}`));
}

const MOUNT = 'NFS mounts must be soft,timeo=30,retrans=3';
const NAVIDROME_PV = 'stacks/navidrome/main.tf:27:7 no-inline-nfs [no fix] inline nfs {} in kubernetes_persistent_volume.music (var.nfs_music_server:/srv/nfs/media/music): use the nfs_volume module, which creates the PV and its claim';

describe('no-inline-nfs and nfs-mount-options on fixtures/repo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infralint-nfs-fixtures-'));
    cpSync(fixtureRepo, dir, { recursive: true });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the inline nfs {} sources and the PVs with wrong mount options', async () => {
    const result = await run(dir);
    expect(result.errors).toEqual([]);
    expect(findingsOf(result, dir)).toEqual([
      `stacks/jellyfin/main.tf:42:5 nfs-mount-options [safe] add "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.transcodes: ${MOUNT}`,
      'stacks/jellyfin/main.tf:42:56 nfs-mount-options [unsafe] replace "hard" with "soft" in mount_options of kubernetes_persistent_volume.transcodes: a hard NFS mount leaves pods in uninterruptible sleep (D state) while the server is unreachable',
      'stacks/jellyfin/main.tf:192:11 no-inline-nfs [unsafe] inline nfs {} for volume "media" (var.nfs_server:/srv/nfs/media) in kubernetes_deployment_v1.jellyfin: use the nfs_volume module',
      `stacks/navidrome/main.tf:18:3 nfs-mount-options [safe] add mount_options = ["soft", "timeo=30", "retrans=3"] to spec of kubernetes_persistent_volume.music: ${MOUNT}`,
      NAVIDROME_PV,
    ]);
  });

  it('--fix --unsafe-fixes writes files that parse and re-lint clean but for the PV that needs a manual migration', async () => {
    const fixed = await run(dir, 'unsafe');
    expect(fixed.errors).toEqual([]);
    const changed = fixed.results.filter((r) => r.fixed).map((r) => r.path.slice(dir.length + 1));
    expect(changed).toEqual(['stacks/jellyfin/main.tf', 'stacks/navidrome/main.tf']);
    for (const rel of changed) expect(parse(readFileSync(join(dir, rel), 'utf8'), rel).diagnostics, rel).toEqual([]);

    const jellyfin = readFileSync(join(dir, 'stacks/jellyfin/main.tf'), 'utf8');
    expect(jellyfin).toContain('    mount_options                    = ["nfsvers=4.1", "soft", "timeo=30", "retrans=3"]\n');
    expect(jellyfin).toContain(`          persistent_volume_claim {
            claim_name = module.nfs_media.claim_name
            read_only  = true
          }
`);
    expect(jellyfin).toContain(`  lifecycle {
    ignore_changes = [spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1
  }
}

module "nfs_media" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "jellyfin-media"
  namespace  = kubernetes_namespace.jellyfin.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/media"
  read_only  = true
}

resource "kubernetes_service" "jellyfin" {`);
    const navidrome = readFileSync(join(dir, 'stacks/navidrome/main.tf'), 'utf8');
    expect(navidrome).toContain(`    storage_class_name               = "nfs-truenas"
    mount_options                    = ["soft", "timeo=30", "retrans=3"]

    persistent_volume_source {
      nfs {`);

    const again = await run(dir);
    expect(again.errors).toEqual([]);
    expect(findingsOf(again, dir)).toEqual([NAVIDROME_PV.replace(':27:7 ', ':28:7 ')]);
  });
});
