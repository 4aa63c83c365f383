/**
 * No output ever prints a planted secret in full: every built-in reporter (in
 * every format, with and without colour, suppressed findings shown, edits
 * attached) over a real lint of a repository full of secrets, the `--cache`
 * file, and the `--diff` path (`unifiedDiff` + `maskSecretsInText`, as
 * src/cli/main.ts does) over the fixes no-plaintext-secrets makes next to them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { maskSecretsInText } from '../../src/engine/mask.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule, RunResult } from '../../src/engine/types.js';
import { FORMAT_NAMES, formatResult, unifiedDiff, type ReportedRule } from '../../src/report/index.js';
import { noPlaintextSecrets } from '../../rules/no-plaintext-secrets.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

/** The planted secrets, built at run time so that no scanner flags this file. */
const SECRETS = {
  awsKeyId: ['AKIA', 'Z7VX4MNTB5KQ3EGR'].join(''),
  awsSecret: ['wJ8m2vXq9LrT4wZp7Yc3', 'Nb6Hk1Sd5Fg0Ae2Ru8Io'].join(''),
  github: ['ghp', 'Pl4nt3dGh7Tk9Qw2Er7Ty5Ui8Op3As6Df1Gh0J'].join('_'),
  gitlab: ['glpat', 'Pl4nt3dGl9Kq2Lm7Np4Rs8'].join('-'),
  forgejo: ['a1b2c3d4e5f60718293a', '4b5c6d7e8f9012345678'].join(''),
  slackToken: ['xoxb', '1234567890-0987654321-Pl4nt3dSl4ck'].join('-'),
  slackHook: ['T0PLANTED1/B0PLANTED2', 'Pl4nt3dW3bh00kS3cr3tXyZ'].join('/'),
  cloudflare: ['Pl4nt3dCf7Tk2pL9sR4t', 'Y6uI1oP5aD0fGhJkLzXc'].join(''),
  age: ['AGE-SECRET-KEY-1', 'PLANTED9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHC'].join(''),
  jwt: ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJwbGFudGVkIn0', 'Pl4nt3dJwtS1gnatur3Xk4Lm9'].join('.'),
  urlPassword: 'Pl4nt3dUrlPa55w0rd',
  bearer: 'Pl4nt3dB34r3rT0k3nXyZ12',
  envPassword: 'Pl4nt3dEnvPa55!',
  variableDefault: 'Pl4nt3d-BMC-default',
  secretData: 'Pl4nt3dS3cretD4taXyZ9',
  chartPassword: 'Pl4nt3dChartPa55',
  sopsLeaf: 'Pl4nt3dSopsL3afT0k3nValue',
  pemBody: 'MIIEowIBAAKCAQEAPl4nt3dPemB0dyXk4Lm9Qw2Er7Ty5Ui8Op3',
} as const;

const PEM = [['-----BEGIN RSA PRI', 'VATE KEY-----'].join(''), SECRETS.pemBody, ['-----END RSA PRI', 'VATE KEY-----'].join('')].join('\n');

const FILES: Record<string, string> = {
  '.infralintrc.json': '{}\n',
  '.gitattributes': 'terraform.tfvars filter=git-crypt diff=git-crypt\n',
  'stacks/app/main.tf': [
    `locals { github_token = "${SECRETS.github}" }`,
    `locals { gitlab_token = "${SECRETS.gitlab}" }`,
    `locals { slack_token = "${SECRETS.slackToken}" }`,
    'variable "api_token" {}',
    'resource "kubernetes_secret" "app" {',
    `  data = { client_secret = "${SECRETS.secretData}" }`,
    '}',
    'variable "smtp_password" {}',
    'resource "kubernetes_manifest" "app" {',
    `  manifest = { env = [{ name = "DB_PASSWORD", value = "${SECRETS.envPassword}" }] }`,
    '}',
    'variable "db_password" {}',
    'variable "bmc_password" {',
    '  type    = string',
    `  default = "${SECRETS.variableDefault}"`,
    '}',
    'resource "helm_release" "app" {',
    '  values = [<<-EOT',
    '    admin:',
    `      password: "${SECRETS.chartPassword}"`,
    `    webhook: https://hooks.slack.com/services/${SECRETS.slackHook}`,
    `    repo: https://restic:${SECRETS.urlPassword}@backup.example.org/repo`,
    '  EOT',
    '  ]',
    '}',
    `output "admin_token" { value = "${SECRETS.jwt}" }`,
    '',
  ].join('\n'),
  'stacks/app/credentials.tf': [
    `locals { aws_access_key_id = "${SECRETS.awsKeyId}" }`,
    `locals { aws_secret_access_key = "${SECRETS.awsSecret}" }`,
    `locals { cloudflare_api_token = "${SECRETS.cloudflare}" }`,
    'variable "cloudflare_token" {}',
    `locals { forgejo_token = "${SECRETS.forgejo}" }`,
    `locals { sops_age_key = "${SECRETS.age}" }`,
    'variable "forgejo_password" {}',
    'locals {',
    '  deploy_key = <<-EOT',
    ...PEM.split('\n').map((l) => `    ${l}`),
    '  EOT',
    '}',
    'resource "kubernetes_deployment" "app" {',
    '  spec {',
    '    template {',
    '      spec {',
    '        container {',
    '          env {',
    '            name  = "DB_PASSWORD"',
    `            value = "${SECRETS.envPassword}"`,
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
  'scripts/call-api.sh': ['#!/usr/bin/env bash', `curl -H "Authorization: Bearer ${SECRETS.bearer}" https://api.example.org/`, ''].join('\n'),
  'stacks/app/runner.sops.json': JSON.stringify({ runners: { arm64: { token: SECRETS.sopsLeaf } }, sops: { version: '3.9.1', mac: 'ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]' } }, null, 2),
};

const rule: Rule = noPlaintextSecrets;
const rules = new Map<string, Rule>([[rule.meta.id, rule]]);
const reported = new Map<string, ReportedRule>([[rule.meta.id, { description: rule.meta.description, severity: 'error', fix: 'safe' }]]);

function run(repo: TempRepo, extra: { fix?: 'safe'; attachEdits?: boolean } = {}): Promise<RunResult> {
  const config = new Config(repo.path('.infralintrc.json'), repo.dir, {}, rules, new Map(), []);
  return lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config, ...(extra.fix ? { fix: extra.fix, noWrite: true } : {}), ...(extra.attachEdits ? { attachEdits: true, fix: 'safe' } : {}) });
}

function leaks(output: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => output.includes(secret))
    .map(([name]) => name);
}

describe('no output prints a planted secret in full', () => {
  let repo: TempRepo;
  let result: RunResult;
  beforeAll(async () => {
    repo = tempRepo(FILES, 'infralint-leak-');
    result = await run(repo);
  });
  afterAll(() => {
    repo.cleanup();
  });

  it('the corpus is real: every planted secret is in the files and reported', () => {
    const all = Object.values(FILES).join('\n');
    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(10);
    for (const secret of Object.values(SECRETS)) expect(all).toContain(secret);
    const findings = result.results.flatMap((r) => r.findings);
    const covered = Object.entries(SECRETS).filter(([, secret]) =>
      findings.some((f) => {
        const text = readFileSync(f.path, 'utf8').slice(f.start, f.end);
        return text.includes(secret) || secret.includes(text.trim());
      }),
    );
    expect(covered.map(([name]) => name)).toEqual(Object.keys(SECRETS));
  });

  it.each(FORMAT_NAMES)('%s', async (format) => {
    const dryRun = await run(repo, { attachEdits: true });
    for (const r of [result, dryRun]) {
      for (const color of [false, true]) {
        const output = formatResult(format, r, {
          cwd: repo.dir,
          color,
          showSuppressed: true,
          toolVersion: '0.0.0-test',
          rules: reported,
          sourceOf: (path) => readFileSync(path, 'utf8'),
          fixRequested: true,
        });
        expect(output.length).toBeGreaterThan(0);
        expect(leaks(output)).toEqual([]);
      }
    }
  });

  it('the --diff output (unifiedDiff + maskSecretsInText) of the fixes made next to the secrets', async () => {
    const fixed = await run(repo, { fix: 'safe' });
    const diffs = fixed.results.filter((r) => r.fixedText !== undefined && r.originalText !== undefined);
    expect(diffs.map((r) => r.path.slice(repo.dir.length + 1)).sort()).toEqual(['stacks/app/credentials.tf', 'stacks/app/main.tf']);
    const raw = diffs.map((r) => unifiedDiff(r.path.slice(repo.dir.length + 1), r.originalText!, r.fixedText!)).join('');
    expect(leaks(raw), 'the unmasked diff shows these secrets, so the check below means something').toEqual([
      'awsKeyId',
      'awsSecret',
      'github',
      'gitlab',
      'forgejo',
      'slackToken',
      'cloudflare',
      'age',
      'jwt',
      'envPassword',
      'variableDefault',
      'secretData',
    ]);
    const text = diffs.map((r) => maskSecretsInText(unifiedDiff(r.path.slice(repo.dir.length + 1), r.originalText!, r.fixedText!))).join('');
    expect(text).toContain('+  sensitive = true');
    expect(leaks(text)).toEqual([]);
  });

  it('the --cache file stores the findings as reported, masked', async () => {
    const cachePath = repo.path('.infralintcache');
    const config = new Config(repo.path('.infralintrc.json'), repo.dir, {}, rules, new Map(), []);
    const first = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config, cache: { path: cachePath, key: 'leak-test' } });
    const replay = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config, cache: { path: cachePath, key: 'leak-test' } });
    const stored = readFileSync(cachePath, 'utf8');
    expect(stored).toContain('no-plaintext-secrets');
    expect(leaks(stored)).toEqual([]);
    expect(replay.results.flatMap((r) => r.findings).length).toBe(first.results.flatMap((r) => r.findings).length);
  });

  it('maskSecretsInText masks every planted secret even with the whole files as context', () => {
    for (const [path, content] of Object.entries(FILES)) {
      const whole = maskSecretsInText(unifiedDiff(path, content, `${content}# end\n`, 100_000));
      expect(leaks(whole), path).toEqual([]);
    }
  });
});
