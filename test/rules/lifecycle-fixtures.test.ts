/**
 * kyverno-lifecycle and keel-lifecycle together on the bundled sample
 * repository (fixtures/repo, see fixtures/README.md): the exact findings, and
 * that one `--fix` run with both rules converges (re-linting finds nothing
 * fixable, a second fix changes nothing, every fixed file parses and its JSON
 * view changes only inside `lifecycle` blocks).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { FixKind, Rule, RunResult } from '../../src/engine/types.js';
import { parse, toJson } from '../../src/hcl/index.js';
import { keelLifecycle } from '../../rules/keel-lifecycle.js';
import { kyvernoLifecycle } from '../../rules/kyverno-lifecycle.js';
import { tempRepo } from '../helpers/temp-repo.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/repo');
const IDS = [kyvernoLifecycle.meta.id, keelLifecycle.meta.id];

async function lintRepo(dir: string, fix?: FixKind, order: readonly Rule[] = [kyvernoLifecycle, keelLifecycle]): Promise<RunResult> {
  const rules = new Map<string, Rule>(order.map((r) => [r.meta.id, r]));
  const config = new Config(undefined, dir, {}, rules, new Map(), []);
  return lint({ cwd: dir, root: dir, paths: [], rules, config, ...(fix ? { fix, noWrite: true } : {}) });
}

/** `path:line:column severity rule message` of every finding of the two rules. */
function findings(result: RunResult): string[] {
  return result.results.flatMap((r) =>
    r.findings.filter((f) => IDS.includes(f.ruleId)).map((f) => `${relative(result.root, f.path)}:${f.line}:${f.column} ${f.severity} ${f.ruleId}${f.fix ? ` (${f.fix} fix)` : ''} ${f.message}`),
  );
}

function fixedFiles(result: RunResult): Map<string, { original: string; fixed: string }> {
  const out = new Map<string, { original: string; fixed: string }>();
  for (const r of result.results) if (r.fixedText !== undefined) out.set(relative(result.root, r.path), { original: r.originalText ?? '', fixed: r.fixedText });
  return out;
}

function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infralint-lifecycle-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/** The JSON view with every resource's `lifecycle` removed. */
function withoutLifecycle(json: Record<string, unknown>): unknown {
  const copy = structuredClone(json) as { resource?: Record<string, Record<string, Record<string, unknown>[]>> };
  for (const byName of Object.values(copy.resource ?? {})) {
    for (const bodies of Object.values(byName)) for (const body of bodies) delete body.lifecycle;
  }
  return copy;
}

const ann = (key: string): string => `\`metadata[0].annotations["${key}"]\``;
const V2 = `${ann('keel.sh/policy')}, ${ann('keel.sh/trigger')}, ${ann('keel.sh/pollSchedule')}`;
const V1 = `${ann('kubernetes.io/change-cause')}, ${ann('deployment.kubernetes.io/revision')}, \`spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]\``;
const allLines = (container: string): string => `${V2}, \`spec[0].template[0].spec[0].container[0].image\` (container \`${container}\`), ${V1}`;
const POD = 'spec[0].template[0].spec[0].dns_config';
const CRON = 'spec[0].job_template[0].spec[0].template[0].spec[0].dns_config';
const DRIFT = 'so the dns_config Kyverno injects into every pod does not show as drift';

const EXPECTED_BEFORE = [
  `modules/kubernetes/oauth2_proxy/main.tf:103:5 error keel-lifecycle (unsafe fix) namespace \`changedetection\` (passed by module.oauth2_proxy in stacks/changedetection/main.tf) is Keel-enrolled: add to ignore_changes ${allLines('oauth2-proxy')}`,
  'stacks/forgejo/runner.tf:94:9 warn keel-lifecycle dynamic "container" makes the number of containers unknown: the `container[N].image` lines in ignore_changes cannot be verified; list one per container it can produce, tagged `# KEEL_IGNORE_IMAGE`',
  'stacks/immich/main.tf:168:5 error keel-lifecycle (safe fix) namespace `immich` is Keel-enrolled: add to ignore_changes `spec[0].template[0].spec[0].init_container[1].image` (init container `fix-upload-perms`)',
  'stacks/linkwarden/main.tf:30:7 warn keel-lifecycle `"keel.sh/enrolled" = "true"` on a deployment does nothing: Keel enrollment is a label of the namespace; set it on the namespace or remove it here',
  'stacks/mastodon/main.tf:350:7 error keel-lifecycle (safe fix) tag the `metadata[0].annotations["keel.sh/pollSchedule"]` line with `# KYVERNO_LIFECYCLE_V2` (the Keel control annotations Kyverno injects)',
  'stacks/mastodon/main.tf:352:7 error keel-lifecycle (safe fix) tag the `spec[0].template[0].spec[0].container[0].image` line with `# KEEL_IGNORE_IMAGE` (container `streaming`)',
  'stacks/mastodon/main.tf:355:7 error keel-lifecycle (safe fix) tag the `spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]` line with `# KEEL_LIFECYCLE_V1` (the annotations every Keel update restamps)',
  `stacks/monitoring/exporters.tf:71:23 error kyverno-lifecycle (safe fix) tag \`${POD}\` with \`# KYVERNO_LIFECYCLE_V1\` on its line so the site stays greppable`,
  `stacks/monitoring/idrac.tf:108:5 error kyverno-lifecycle (safe fix) add \`${POD}\` to ignore_changes, tagged \`# KYVERNO_LIFECYCLE_V1\`, ${DRIFT}`,
  'stacks/open-webui/main.tf:138:7 error keel-lifecycle (safe fix) remove `spec[0].template[0].spec[0].container[1].image` from ignore_changes: the pod template has 1 container, so container index 1 does not exist',
  `stacks/speedtest/main.tf:10:1 error kyverno-lifecycle (safe fix) no lifecycle block: add one with \`ignore_changes = [${POD}]\` tagged \`# KYVERNO_LIFECYCLE_V1\`, ${DRIFT}`,
  'stacks/uptime-kuma/main.tf:20:7 info keel-lifecycle `"keel.sh/policy" = "never"` as an annotation keeps Keel away (Kyverno only adds the annotation when it is absent), but the documented opt-out is the label: move it to metadata.labels',
  `stacks/uptime-kuma/main.tf:124:3 error kyverno-lifecycle (safe fix) lifecycle has no ignore_changes: add \`ignore_changes = [${POD}]\` tagged \`# KYVERNO_LIFECYCLE_V1\`, ${DRIFT}`,
  `stacks/vaultwarden/main.tf:260:23 error kyverno-lifecycle (safe fix) \`${POD}\` is not the pod template of a cron job: use \`${CRON}\``,
  'stacks/wallabag/main.tf:34:11 warn keel-lifecycle `"keel.sh/policy" = "never"` on the pod template has no effect: the opt-out label belongs on the deployment\'s own metadata, so Keel still manages this workload',
  `stacks/wallabag/main.tf:132:5 error keel-lifecycle (safe fix) namespace \`wallabag\` is Keel-enrolled: add to ignore_changes ${allLines('wallabag')}`,
  `stacks/zigbee2mqtt/main.tf:142:5 error keel-lifecycle (safe fix) namespace \`home-automation\` is Keel-enrolled: add to ignore_changes ${allLines('zigbee2mqtt')}`,
];

/** Findings that have no fix (or only an unsafe one) and so stay after `--fix`. */
const NOT_SAFELY_FIXABLE = EXPECTED_BEFORE.filter((f) => !f.includes('(safe fix)'));

const CANONICAL_KEEL = `  lifecycle {
    ignore_changes = [
      spec[0].template[0].spec[0].dns_config, # KYVERNO_LIFECYCLE_V1
      metadata[0].annotations["keel.sh/policy"],
      metadata[0].annotations["keel.sh/trigger"],
      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2
      metadata[0].annotations["keel.sh/match-tag"],
      spec[0].template[0].spec[0].container[0].image, # KEEL_IGNORE_IMAGE — Keel manages tag updates
      metadata[0].annotations["kubernetes.io/change-cause"],
      metadata[0].annotations["deployment.kubernetes.io/revision"],
      spec[0].template[0].metadata[0].annotations["keel.sh/update-time"], # KEEL_LIFECYCLE_V1
    ]
  }
`;
const CANONICAL_KYVERNO = `  lifecycle {
    ignore_changes = [spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1
  }
`;

describe('kyverno-lifecycle and keel-lifecycle on fixtures/repo', () => {
  let dir: string;
  let before: RunResult;
  let fixed: RunResult;

  beforeAll(async () => {
    dir = copyFixtures();
    before = await lintRepo(dir);
    fixed = await lintRepo(dir, 'safe');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the cases fixtures/README.md lists', () => {
    expect(before.errors).toEqual([]);
    expect(findings(before)).toEqual(EXPECTED_BEFORE);
  });

  it('fixes every safely fixable finding in one run; re-linting leaves only findings without a safe fix', async () => {
    expect(fixed.errors).toEqual([]);
    expect([...fixedFiles(fixed).keys()].sort()).toEqual([
      'stacks/immich/main.tf',
      'stacks/mastodon/main.tf',
      'stacks/monitoring/exporters.tf',
      'stacks/monitoring/idrac.tf',
      'stacks/open-webui/main.tf',
      'stacks/speedtest/main.tf',
      'stacks/uptime-kuma/main.tf',
      'stacks/vaultwarden/main.tf',
      'stacks/wallabag/main.tf',
      'stacks/zigbee2mqtt/main.tf',
    ]);
    expect(findings(fixed)).toEqual(NOT_SAFELY_FIXABLE);
    const again = copyFixtures();
    try {
      for (const [rel, { fixed: text }] of fixedFiles(fixed)) writeFileSync(join(again, rel), text);
      const relinted = await lintRepo(again);
      expect(findings(relinted)).toEqual(NOT_SAFELY_FIXABLE);
      const second = await lintRepo(again, 'safe');
      expect([...fixedFiles(second).keys()], 'a second --fix changes nothing').toEqual([]);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('every fixed file parses, and its JSON view differs from the original only inside lifecycle blocks', () => {
    for (const [rel, { original, fixed: text }] of fixedFiles(fixed)) {
      const a = parse(original, rel);
      const b = parse(text, rel);
      expect(b.diagnostics, rel).toEqual([]);
      expect(withoutLifecycle(toJson(b)), rel).toEqual(withoutLifecycle(toJson(a)));
    }
  });

  it('writes the canonical blocks: the Keel block for an enrolled deployment, the Kyverno block otherwise', () => {
    const files = fixedFiles(fixed);
    expect(files.get('stacks/zigbee2mqtt/main.tf')!.fixed).toContain(`\n${CANONICAL_KEEL}}\n`);
    const speedtest = files.get('stacks/speedtest/main.tf')!.fixed;
    expect(speedtest).toContain(`\r\n\r\n${CANONICAL_KYVERNO.replace(/\n/g, '\r\n')}}\r\n`);
    expect(speedtest.replace(/\r\n/g, ''), 'the CRLF file stays CRLF').not.toContain('\n');
  });

  it('with --unsafe-fixes the shared module gets the Keel block too, and only notes without a fix remain', async () => {
    const unsafe = await lintRepo(dir, 'unsafe');
    expect(fixedFiles(unsafe).get('modules/kubernetes/oauth2_proxy/main.tf')!.fixed).toContain(`\n${CANONICAL_KEEL}}\n`);
    expect(findings(unsafe)).toEqual(NOT_SAFELY_FIXABLE.filter((f) => !f.includes('(unsafe fix)')));
  });
});

describe('both fixes converge whichever rule runs first', () => {
  const namespaces = `resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
    labels = {
      "keel.sh/enrolled" = "true"
    }
  }
}

resource "kubernetes_namespace" "tools" {
  metadata {
    name = "tools"
  }
}
`;
  const deployment = (name: string, ns: string, tail: string): string => `
resource "kubernetes_deployment" "${name}" {
  metadata {
    name      = "${name}"
    namespace = kubernetes_namespace.${ns}.metadata[0].name
  }

  spec {
    template {
      metadata {}
      spec {
        container {
          name  = "${name}"
          image = "registry.example/${name}:1.0"
        }
      }
    }
  }
${tail}}
`;
  const input =
    namespaces +
    deployment('enrolled', 'apps', '') +
    deployment('plain', 'tools', '') +
    deployment('guarded', 'apps', '\n  lifecycle {\n    prevent_destroy = true\n  }\n') +
    deployment('replicas', 'apps', '\n  lifecycle {\n    ignore_changes = [\n      spec[0].replicas,\n    ]\n  }\n');
  const expected =
    namespaces +
    deployment('enrolled', 'apps', `\n${CANONICAL_KEEL}`) +
    deployment('plain', 'tools', `\n${CANONICAL_KYVERNO}`) +
    deployment('guarded', 'apps', `\n${CANONICAL_KEEL.replace('    ignore_changes = [', '    prevent_destroy = true\n    ignore_changes  = [')}`) +
    deployment('replicas', 'apps', `\n${CANONICAL_KEEL.replace('    ignore_changes = [\n', '    ignore_changes = [\n      spec[0].replicas,\n')}`);

  for (const [label, order] of [
    ['kyverno-lifecycle first', [kyvernoLifecycle, keelLifecycle]],
    ['keel-lifecycle first', [keelLifecycle, kyvernoLifecycle]],
  ] as const) {
    it(`${label}: one --fix run gives the canonical blocks`, async () => {
      const repo = tempRepo({ 'stacks/apps/main.tf': input });
      try {
        const result = await lintRepo(repo.dir, 'safe', order);
        expect(result.errors).toEqual([]);
        expect(fixedFiles(result).get('stacks/apps/main.tf')?.fixed).toBe(expected);
        expect(findings(result)).toEqual([]);
      } finally {
        repo.cleanup();
      }
    });
  }
});
