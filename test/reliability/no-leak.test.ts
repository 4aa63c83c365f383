/**
 * Planted secrets never leave the CLI in full, end to end: the built CLI runs
 * on a repository full of secrets — beside findings of other rules (so code
 * frames and --diff context show their lines), in a broken file (parse
 * errors quote what they found), in the config — with every --format, -o,
 * --fix-dry-run (edits attached), --diff, --fix, --cache (and the cache file
 * it writes), --stats and bad configs. Every stream and file is searched for
 * every secret. (test/report/no-secret-leak.test.ts covers the reporters in
 * process; this suite covers what the CLI writes.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/report/index.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { expectSane, runCli, type CliRun } from './cli-helpers.js';

/** The planted secrets, built at run time so that no scanner flags this file. */
const SECRETS = {
  github: ['ghp', 'Qz8Lk2Vb7Nc4Xm1Pw6Ty3Ur9Ei5Oa0SdFgHjKl'].join('_'),
  gitlab: ['glpat', 'Qz8Lk2Vb7Nc4Xm1Pw6Ty3'].join('-'),
  urlPassword: ['Qz8', 'Url', 'Pa55w0rdXk4'].join(''),
  redisPassword: ['Rd5', 'Qz8Lk2Vb7Nc4Xm1Pw'].join(''),
  variableDefault: ['Qz8', 'Db-Default-Pa55w0rd'].join(''),
  secretData: ['Qz8', 'S3cretD4taXyZ9Lm'].join(''),
  envPassword: ['Qz8', 'EnvPa55!w0rd'].join(''),
  tfvarsToken: ['Qz8', 'TfvarsT0k3nAbCdEf12'].join(''),
  yamlPassword: ['Qz8', 'Yaml', 'Pa55w0rd77'].join(''),
  bareToken: ['Qz8', 'Bare', 'T0k3nXyZ98765'].join(''),
  configPassword: ['Qz8', 'Config', 'Pa55w0rd42'].join(''),
  nearbyPassword: ['Qz8', 'Nearby', 'Pa55w0rd31'].join(''),
} as const;

const FILES: Record<string, string> = {
  '.infralintrc.json': JSON.stringify({ sharedVariables: { mail_host: `smtp://relay:${SECRETS.configPassword}@mail.example.org` } }, null, 2) + '\n',
  'stacks/app/main.tf': [
    'locals {',
    `  redis_url      = "redis://:${SECRETS.redisPassword}@redis.redis.svc.cluster.local:6379"`,
    `  smtp_url       = "smtp://relay:${SECRETS.configPassword}@mail.example.org"`,
    `  admin_password = "${SECRETS.nearbyPassword}"`,
    '  nfs            = "192.168.1.127"',
    `  github_token   = "${SECRETS.github}"`,
    `  gitlab_token   = "${SECRETS.gitlab}"`,
    `  backup_repo    = "https://restic:${SECRETS.urlPassword}@backup.example.org/repo"`,
    '}',
    '',
    'variable "db_password" {',
    '  type    = string',
    `  default = "${SECRETS.variableDefault}"`,
    '}',
    '',
    'resource "kubernetes_secret" "app" {',
    '  metadata {',
    '    name = "app"',
    '  }',
    `  data = { client_secret = "${SECRETS.secretData}" }`,
    '}',
    '',
    'resource "kubernetes_deployment" "app" {',
    '  metadata {',
    '    name = "app"',
    '  }',
    '  spec {',
    '    template {',
    '      metadata {}',
    '      spec {',
    '        container {',
    '          name  = "app"',
    '          image = "app:1.0"',
    '          env {',
    '            name  = "DB_PASSWORD"',
    `            value = "${SECRETS.envPassword}"`,
    '          }',
    '          env {',
    '            name  = "REDIS_HOST"',
    '            value = "redis.redis.svc.cluster.local"',
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
  'stacks/app/terraform.tfvars': `api_token = "${SECRETS.tfvarsToken}"\nnfs_server = "192.168.1.127"\n`,
  'stacks/app/values.yaml': `auth:\n  password: ${SECRETS.yamlPassword}\n  host: redis.redis.svc.cluster.local\n`,
};

/** Broken files, in a repository of their own (parse errors make every run load hcl2json for the cross-check). */
const BROKEN: Record<string, string> = {
  '.infralintrc.json': '{}\n',
  'stacks/broken/main.tf': `locals {\n  token = "abc" ${SECRETS.bareToken}\n}\n`,
  'stacks/broken/list.tf': `locals {\n  tokens = [${SECRETS.bareToken} ${SECRETS.bareToken}]\n}\n`,
};

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

function expectNoLeak(what: string, run: CliRun): void {
  expectSane(run);
  expect(leaks(run.stdout), `${what}: stdout`).toEqual([]);
  expect(leaks(run.stderr), `${what}: stderr`).toEqual([]);
}

let repo: TempRepo;
beforeAll(() => {
  repo = tempRepo(FILES, 'infralint-leak-');
});
afterAll(() => {
  repo.cleanup();
});

describe('planted secrets never appear in full in what the CLI writes', () => {
  it('the repository really holds the secrets, and the run reports findings on their lines', () => {
    const planted = new Set([...Object.values(FILES), ...Object.values(BROKEN)].flatMap(leaks));
    expect(planted.size).toBe(Object.keys(SECRETS).length);
    const run = runCli(['--format', 'compact'], repo.dir);
    expectNoLeak('compact', run);
    const out = run.stdout;
    expect(out).toMatch(/^stacks\/app\/main\.tf:2:\d+: error \[redis-endpoint\]/m);
    expect(out).toMatch(/\[no-plaintext-secrets\]/);
    expect(run.code).toBe(1);
  });

  it('a parse error that quotes a pasted token masks it, in compact and json', () => {
    const r = tempRepo(BROKEN, 'infralint-leak-broken-');
    try {
      for (const format of ['compact', 'json']) {
        const run = runCli(['--format', format], r.dir);
        expectNoLeak(`broken ${format}`, run);
        expect(run.stdout).toContain(format === 'json' ? 'Found \\"Qz8B…(20 chars)\\"' : 'Found "Qz8B…(20 chars)"');
        expect(run.code).toBe(1);
      }
    } finally {
      r.cleanup();
    }
  });

  it.each(FORMAT_NAMES.map((f) => [f]))('--format %s, suppressed findings shown', (format) => {
    const run = runCli(['--format', format, '--show-suppressed'], repo.dir);
    expectNoLeak(format, run);
    expect(run.stdout.length).toBeGreaterThan(200);
  });

  it('-o writes no secret into the report file', () => {
    for (const format of ['sarif']) {
      const run = runCli(['--format', format, '-o', `report.${format}`], repo.dir);
      expectNoLeak(`-o ${format}`, run);
      expect(leaks(readFileSync(repo.path(`report.${format}`), 'utf8')), `report.${format}`).toEqual([]);
    }
  });

  it('--fix-dry-run (edits attached to every finding) and --stats', () => {
    const run = runCli(['--fix-dry-run', '--unsafe-fixes', '--format', 'json', '--stats'], repo.dir);
    expectNoLeak('--fix-dry-run', run);
    expect(run.stdout).toContain('"edits"');
  });

  it('--diff, safe and unsafe, shows the fixes and masks the secrets in their context', () => {
    for (const args of [['--diff'], ['--diff', '--unsafe-fixes']]) {
      const run = runCli(args, repo.dir);
      expectNoLeak(args.join(' '), run);
      expect(run.stdout).toMatch(/^\+\+\+ /m);
    }
  });

  it('--cache: neither the runs nor the cache file hold a secret', () => {
    const first = runCli(['--cache', '--format', 'stylish'], repo.dir);
    expectNoLeak('--cache (cold)', first);
    const cache = readFileSync(repo.path('.infralintcache'), 'utf8');
    expect(cache.length).toBeGreaterThan(100);
    expect(leaks(cache), 'the cache file').toEqual([]);
    const second = runCli(['--cache', '--format', 'stylish'], repo.dir);
    expectNoLeak('--cache (replayed)', second);
    expect(second.stdout).toBe(first.stdout);
  });

  it('a bad config that holds a secret: the error names the key, never the value', () => {
    const configs = [
      `{ "sharedVariables": { "mail_host": "smtp://relay:${SECRETS.configPassword}@mail.example.org" }, "rules": { "redis-endpoint": "${SECRETS.configPassword}" } }`,
      `{ "rules": { "redis-endpoint": ${SECRETS.configPassword} } }`,
      `{ "rules": { "no-such-rule": "${SECRETS.configPassword}" } }`,
      `{"p":${SECRETS.configPassword}}`,
      `{ "ignorePatterns": "${SECRETS.configPassword}" }`,
      `{ "sharedVariables": { "mail_host": "${SECRETS.configPassword}", } }`,
      SECRETS.configPassword,
    ];
    const r = tempRepo({ 'stacks/app/main.tf': 'locals {}\n' }, 'infralint-leak-config-');
    try {
      for (const config of configs) {
        r.write('.infralintrc.json', config);
        const run = runCli(['--format', 'compact'], r.dir);
        expectNoLeak(config, run);
        expect(run.code, config).toBe(2);
        expect(run.stderr, config).toMatch(/^infralint: .*\.infralintrc\.json: /);
      }
    } finally {
      r.cleanup();
    }
  });

  it('--fix --unsafe-fixes: the report after fixing holds no secret, nor does any file infralint created', () => {
    const before = new Set(readdirSync(repo.dir, { recursive: true, encoding: 'utf8' }));
    const run = runCli(['--fix', '--unsafe-fixes', '--format', 'stylish'], repo.dir);
    expectNoLeak('--fix', run);
    const created = readdirSync(repo.dir, { recursive: true, encoding: 'utf8' }).filter((rel) => !before.has(rel));
    for (const rel of created) expect(leaks(readFileSync(join(repo.dir, rel), 'utf8')), rel).toEqual([]);
    expect(readFileSync(repo.path('stacks/app/main.tf'), 'utf8')).toContain('var.redis_host');
  });
});
