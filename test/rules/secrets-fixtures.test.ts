/**
 * no-plaintext-secrets on the bundled sample repository (fixtures/README.md,
 * "no-plaintext-secrets"): every secret listed there is found at its exact
 * position, every file listed as silent is silent, `--fix` adds only
 * `sensitive = true`, and `--staged` reports a git-crypt file staged in plain
 * text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { noPlaintextSecrets } from '../../rules/no-plaintext-secrets.js';

const fixtureRepo = resolve(import.meta.dirname, '../../fixtures/repo');
const rule: Rule = noPlaintextSecrets;
const rules = new Map<string, Rule>([[rule.meta.id, rule]]);

function run(dir: string, extra: { fix?: 'safe'; staged?: boolean } = {}): Promise<RunResult> {
  const config = new Config(join(dir, '.infralintrc.json'), dir, {}, rules, new Map(), []);
  return lint({ cwd: dir, root: dir, paths: ['.'], rules, config, ...(extra.fix ? { fix: extra.fix, noWrite: true } : {}), staged: extra.staged ?? false });
}

function findingsOf(result: RunResult, dir: string): string[] {
  return result.results.flatMap((r) =>
    r.findings.map((f) => `${r.path.slice(dir.length + 1)}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity}${f.fix ? ` [${f.fix}]` : ''} ${f.message}`),
  );
}

const ROTATE = 'in plain text: rotate it and keep the new one in secrets.sops.json';

/** The findings fixtures/README.md lists, in path order. */
const EXPECTED = [
  `scripts/backup-offsite.sh:5:47-5:63 error URL with a password (\`Vb7p…(16 chars)\`) ${ROTATE}`,
  `scripts/sync-github-mirrors.sh:6:15-6:55 error GitHub token (\`ghp_…(40 chars)\`) ${ROTATE}`,
  'stacks/forgejo/deploy-key.yaml:9:5-19:38 error private key `-----BEGIN OPENSSH PRIVATE KEY-----` (720 chars) in plain text: keep it in secrets.sops.json or a sealed secret, and replace the key',
  'stacks/forgejo/main.tf:25:20-25:39 error `gitea.admin.password` holds a plaintext secret (`F0rg…(19 chars)`): move the value to secrets.sops.json and reference it',
  'stacks/forgejo/runner.sops.json:8:14-8:54 error `runners.arm64.token` is not encrypted (`Fj3k…(40 chars)`): set it with `sops set` so the file stores it as ENC[…]',
  'stacks/linkwarden/main.tf:17:26-17:58 error `kubernetes_secret.linkwarden` data `NEXTAUTH_SECRET` is a plaintext literal (`p1Vq…(32 chars)`): set it from a variable fed by secrets.sops.json',
  'stacks/linkwarden/main.tf:18:26-18:43 error `kubernetes_secret.linkwarden` data `POSTGRES_PASSWORD` is a plaintext literal (`lw-P…(17 chars)`): set it from a variable fed by secrets.sops.json',
  'stacks/mastodon/variables.tf:41:10-41:10 warn [safe] variable `smtp_password` is secret-like but not marked sensitive: add `sensitive = true`',
  'stacks/monitoring/idrac.tf:13:10-13:10 warn [safe] variable `idrac_password` is secret-like but not marked sensitive: add `sensitive = true`',
  'stacks/monitoring/idrac.tf:16:18-16:24 error variable `idrac_password` has a plaintext default (`…(6 chars)`): remove the default and set the value in secrets.sops.json',
  `stacks/monitoring/main.tf:67:59-67:107 error Slack webhook URL (\`T04M…(48 chars)\`) ${ROTATE}`,
  'stacks/n8n/sealed-n8n-encryption-key.yaml:2:7-8:67 error `sealed-n8n-encryption-key.yaml` is a plain `kind: Secret`, not a SealedSecret, so its values are readable by anyone with the repository: seal it with kubeseal',
  `stacks/velero/main.tf:40:31-40:51 error AWS access key id (\`AKIA…(20 chars)\`) ${ROTATE}`,
  `stacks/velero/main.tf:41:35-41:75 error AWS secret access key (\`8Jm2…(40 chars)\`) ${ROTATE}`,
  'stacks/wallabag/main.tf:69:22-69:38 error env `SYMFONY__ENV__DATABASE_PASSWORD` has a plaintext value (`Wb7!…(16 chars)`): use `value_from { secret_key_ref { … } }` with a Secret fed by secrets.sops.json',
];

/** Files fixtures/README.md lists as silent for this rule (their rule-specific cases). */
const SILENT = [
  'secrets.sops.json',
  'terraform.tfvars',
  'config.tfvars',
  'terragrunt.hcl',
  'stacks/forgejo/sealed-forgejo-runner-token.yaml',
  'stacks/vaultwarden/sealed-vaultwarden-smtp.yaml',
  'stacks/home-assistant/sealed-home-assistant-secrets.yaml',
  'stacks/n8n/sealed-n8n-smtp.yaml',
  'stacks/paperless-ngx/main.tf',
  'modules/kubernetes/oauth2_proxy/main.tf',
  'stacks/platform/modules/wireguard/main.tf',
  'stacks/n8n/main.tf',
  'stacks/changedetection/main.tf',
  'stacks/nextcloud/values.yaml.tpl',
  'stacks/dbaas/main.tf',
  'stacks/dbaas/mysql.tf',
  'modules/kubernetes/postgres_database/main.tf',
  'stacks/vaultwarden/main.tf',
  'stacks/open-webui/main.tf',
  'stacks/mastodon/main.tf',
  'stacks/cloudflared/main.tf',
  'stacks/zigbee2mqtt/main.tf',
  'stacks/home-assistant/main.tf',
  'stacks/platform/variables.tf',
  '.woodpecker/apply.yml',
  '.sops.yaml',
];

describe('no-plaintext-secrets on fixtures/repo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infralint-secrets-fixtures-'));
    cpSync(fixtureRepo, dir, { recursive: true });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every secret fixtures/README.md lists, and nothing else', async () => {
    const result = await run(dir);
    expect(result.errors).toEqual([]);
    expect(findingsOf(result, dir)).toEqual(EXPECTED);
  });

  it('keeps every file listed as silent silent', async () => {
    const result = await run(dir);
    const noisy = new Set(result.results.filter((r) => r.findings.length > 0).map((r) => r.path.slice(dir.length + 1)));
    for (const path of SILENT) expect(noisy.has(path), path).toBe(false);
    expect(result.results.some((r) => r.path.endsWith('secrets.sops.json'))).toBe(true);
  });

  it('--fix adds sensitive = true to the two variables and changes nothing else', async () => {
    const result = await run(dir, { fix: 'safe' });
    const fixed = result.results.filter((r) => r.fixed).map((r) => r.path.slice(dir.length + 1));
    expect(fixed).toEqual(['stacks/mastodon/variables.tf', 'stacks/monitoring/idrac.tf']);
    const mastodon = result.results.find((r) => r.path.endsWith('stacks/mastodon/variables.tf'))!;
    expect(mastodon.fixedText).toBe(
      readFileSync(join(dir, 'stacks/mastodon/variables.tf'), 'utf8').replace(
        '  type        = string\n}\n',
        '  type        = string\n  sensitive   = true\n}\n',
      ),
    );
    const idrac = result.results.find((r) => r.path.endsWith('stacks/monitoring/idrac.tf'))!;
    expect(idrac.fixedText).toBe(readFileSync(join(dir, 'stacks/monitoring/idrac.tf'), 'utf8').replace('  default     = "calvin"\n}\n', '  default     = "calvin"\n  sensitive   = true\n}\n'));
    expect(findingsOf(result, dir).filter((f) => f.includes('[safe]'))).toEqual([]);
  });

  it('--staged: the git-crypt ciphertext stays silent, a plain text terraform.tfvars is reported', async () => {
    const staged = await run(dir, { staged: true });
    expect(findingsOf(staged, dir)).toEqual(EXPECTED);
    const original = readFileSync(join(dir, 'terraform.tfvars'));
    try {
      writeFileSync(join(dir, 'terraform.tfvars'), 'cloudflare_api_token = "Zq8XwV3nB7mK2pL9sR4tY6uI1oP5aD0f"\n');
      const plain = await run(dir, { staged: true });
      expect(findingsOf(plain, dir).filter((f) => f.startsWith('terraform.tfvars'))).toEqual([
        'terraform.tfvars:1:1-2:1 error `terraform.tfvars` is marked `filter=git-crypt` in .gitattributes but is staged as plain text: unstage it and run `git-crypt unlock` before staging it again',
      ]);
      const unlocked = await run(dir);
      expect(findingsOf(unlocked, dir).filter((f) => f.startsWith('terraform.tfvars'))).toEqual([]);
    } finally {
      writeFileSync(join(dir, 'terraform.tfvars'), original);
    }
  });
});
