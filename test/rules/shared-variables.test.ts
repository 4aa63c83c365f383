import { describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { RuleTester } from '../../src/engine/rule-tester.js';
import { lint } from '../../src/engine/runner.js';
import { parse } from '../../src/hcl/index.js';
import { sharedVariables } from '../../rules/shared-variables.js';
import { tempRepo } from '../helpers/temp-repo.js';

const CONFIG = [
  'nfs_server      = "192.168.1.127"',
  'redis_host      = "redis-master.redis.svc.cluster.local"',
  'postgresql_host = "postgresql.dbaas.svc.cluster.local"',
  'mysql_host      = "mysql.dbaas.svc.cluster.local"',
  'ollama_host     = "ollama.ollama.svc.cluster.local"',
  'mail_host       = "mail.viktorbarzin.me"',
  '',
].join('\n');
const NFS_DECLARED = 'variable "nfs_server" {\n  type = string\n}\n';
const NFS = 'use var.nfs_server instead of the hard-coded "192.168.1.127"';

function nfsCall(name: string, server: string): string {
  return `module "${name}" {\n  source     = "../../modules/kubernetes/nfs_volume"\n  name       = "${name}"\n  nfs_server = ${server}\n  nfs_path   = "/srv/nfs/${name}"\n}\n`;
}

new RuleTester().run(sharedVariables, {
  valid: [
    { name: 'var.nfs_server passed to the module', code: nfsCall('data', 'var.nfs_server'), files: { 'stacks/app/variables.tf': NFS_DECLARED } },
    { name: 'the default of variable "nfs_server" itself', path: 'stacks/app/variables.tf', code: 'variable "nfs_server" {\n  type    = string\n  default = "192.168.1.127"\n}\n' },
    { name: 'terragrunt inputs', path: 'stacks/app/terragrunt.hcl', code: 'inputs = {\n  nfs_server = "192.168.1.127"\n}\n' },
    { name: 'config.tfvars is the definition', path: 'config.tfvars', code: CONFIG },
    {
      name: 'the stack that owns the service names it (dbaas, namespace dbaas)',
      path: 'stacks/dbaas/outputs.tf',
      code: 'output "host" {\n  value = "postgresql.dbaas.svc.cluster.local"\n}\n',
      files: { 'config.tfvars': CONFIG },
    },
    {
      name: 'a stack declaring the namespace of the service owns it too',
      path: 'stacks/databases/main.tf',
      code: 'resource "kubernetes_namespace" "dbaas" {\n  metadata {\n    name = "dbaas"\n  }\n}\n\nlocals {\n  host = "mysql.dbaas.svc.cluster.local"\n}\n',
      files: { 'config.tfvars': CONFIG },
    },
    { name: 'embedded: false leaves longer strings alone', options: { embedded: false }, code: 'locals {\n  url = "http://ollama.ollama.svc.cluster.local:11434"\n}\n', files: { 'config.tfvars': CONFIG } },
    { name: 'the redis master host belongs to redis-endpoint', code: 'locals {\n  host = "redis-master.redis.svc.cluster.local"\n}\n' },
    { name: 'other addresses that contain the value', code: 'locals {\n  a = "192.168.1.1270"\n  b = "10.192.168.1.127"\n  c = "192.168.1.127.nip.io"\n}\n' },
    { name: 'a comment with the value', code: '# NFS lives on 192.168.1.127\nlocals {\n  a = 1\n}\n' },
    { name: 'terragrunt files are not Terraform code', path: 'terragrunt.hcl', code: 'locals {\n  conn = "postgres://terraform@postgresql.dbaas.svc.cluster.local/state"\n}\n', files: { 'config.tfvars': CONFIG } },
    { name: 'a value the config does not know is not checked', code: 'locals {\n  host = "mail.viktorbarzin.me"\n}\n' },
  ],
  invalid: [
    {
      name: 'nfs_server argument in a stack that declares the variable',
      code: nfsCall('data', '"192.168.1.127"'),
      files: { 'stacks/app/variables.tf': NFS_DECLARED },
      errors: [{ line: 4, column: 16, endColumn: 31, message: NFS, fix: 'safe', suggestion: 'Write `var.nfs_server` (stacks/app declares variable "nfs_server").' }],
      output: nfsCall('data', 'var.nfs_server'),
    },
    {
      name: 'three calls, variables.tf without nfs_server: declared once',
      path: 'stacks/app/storage.tf',
      code: `${nfsCall('data', '"192.168.1.127"')}\n${nfsCall('media', '"192.168.1.127"')}\n${nfsCall('trash', '"192.168.1.127"')}`,
      files: { 'stacks/app/terragrunt.hcl': '', 'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n' },
      errors: [
        { line: 4, column: 16, message: NFS, fix: 'safe' },
        { line: 11, column: 16, message: NFS, fix: 'safe' },
        { line: 18, column: 16, message: NFS, fix: 'safe' },
      ],
      output: `${nfsCall('data', 'var.nfs_server')}\n${nfsCall('media', 'var.nfs_server')}\n${nfsCall('trash', 'var.nfs_server')}`,
      outputFiles: { 'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n\nvariable "nfs_server" {\n  type = string\n}\n' },
    },
    {
      name: 'the default of another variable: reported, no fix',
      path: 'stacks/navidrome/variables.tf',
      code: 'variable "nfs_music_server" {\n  description = "NFS server holding the music library."\n  type        = string\n  default     = "192.168.1.127"\n}\n',
      errors: [
        {
          line: 4,
          column: 17,
          message: 'the default of variable "nfs_music_server" hard-codes the nfs_server value "192.168.1.127"; use var.nfs_server where var.nfs_music_server is used (a variable default cannot reference another variable)',
          fix: null,
        },
      ],
      output: null,
    },
    {
      name: 'postgresql_host, mysql_host and mail_host literals from config.tfvars',
      code: 'locals {\n  db    = "postgresql.dbaas.svc.cluster.local"\n  mysql = "mysql.dbaas.svc.cluster.local"\n  smtp  = "mail.viktorbarzin.me"\n}\n',
      files: { 'config.tfvars': CONFIG, 'stacks/app/variables.tf': 'variable "mail_host" {\n  type = string\n}\n' },
      errors: [
        { line: 2, column: 11, message: 'use var.postgresql_host instead of the hard-coded "postgresql.dbaas.svc.cluster.local"' },
        { line: 3, column: 11, message: 'use var.mysql_host instead of the hard-coded "mysql.dbaas.svc.cluster.local"' },
        { line: 4, column: 11, message: 'use var.mail_host instead of the hard-coded "mail.viktorbarzin.me"', suggestion: 'Write `var.mail_host` (stacks/app declares variable "mail_host").' },
      ],
      output: 'locals {\n  db    = var.postgresql_host\n  mysql = var.mysql_host\n  smtp  = var.mail_host\n}\n',
      outputFiles: {
        'stacks/app/variables.tf': 'variable "mail_host" {\n  type = string\n}\n\nvariable "postgresql_host" {\n  type = string\n}\n\nvariable "mysql_host" {\n  type = string\n}\n',
      },
    },
    {
      name: 'values inside longer strings and a heredoc',
      code: 'locals {\n  ollama = "http://ollama.ollama.svc.cluster.local:11434"\n  smtp   = "smtp://app%40viktorbarzin.me@mail.viktorbarzin.me:587"\n  values = <<EOF\nnfs:\n  server: 192.168.1.127\nEOF\n}\n',
      files: { 'config.tfvars': CONFIG, 'stacks/app/variables.tf': 'variable "ollama_host" {\n  type = string\n}\n\nvariable "mail_host" {\n  type = string\n}\n\nvariable "nfs_server" {\n  type = string\n}\n' },
      errors: [
        { line: 2, column: 20, endColumn: 51, message: 'use ${var.ollama_host} instead of the hard-coded "ollama.ollama.svc.cluster.local" in this string', suggestion: 'Write `"http://${var.ollama_host}:11434"` (stacks/app declares variable "ollama_host").' },
        { line: 3, column: 42, message: 'use ${var.mail_host} instead of the hard-coded "mail.viktorbarzin.me" in this string' },
        { line: 6, column: 11, message: 'use ${var.nfs_server} instead of the hard-coded "192.168.1.127" in this string', suggestion: 'Write `${var.nfs_server}` (stacks/app declares variable "nfs_server").' },
      ],
      output: 'locals {\n  ollama = "http://${var.ollama_host}:11434"\n  smtp   = "smtp://app%40viktorbarzin.me@${var.mail_host}:587"\n  values = <<EOF\nnfs:\n  server: ${var.nfs_server}\nEOF\n}\n',
    },
    {
      name: 'CRLF file without the variable: declared at its end with CRLF',
      code: 'module "data" {\r\n  source     = "../../modules/kubernetes/nfs_volume"\r\n  nfs_server = "192.168.1.127"\r\n}\r\n',
      errors: [{ line: 3, column: 16, message: NFS }],
      output: 'module "data" {\r\n  source     = "../../modules/kubernetes/nfs_volume"\r\n  nfs_server = var.nfs_server\r\n}\r\n\r\nvariable "nfs_server" {\r\n  type = string\r\n}\r\n',
    },
    {
      name: 'nested module that declares the variable: safe rewrite',
      path: 'stacks/platform/modules/dns/main.tf',
      code: nfsCall('config', '"192.168.1.127"'),
      files: { 'stacks/platform/modules/dns/variables.tf': NFS_DECLARED },
      errors: [{ line: 4, column: 16, message: NFS, fix: 'safe' }],
      output: nfsCall('config', 'var.nfs_server'),
    },
    {
      name: 'nested module without the variable: unsafe, declared in the module and its caller, passed by the call',
      path: 'stacks/platform/modules/technitium/main.tf',
      code: `module "nfs_config" {\n  source     = "../../../../modules/kubernetes/nfs_volume"\n  namespace  = var.namespace\n  nfs_server = "192.168.1.127"\n}\n`,
      files: {
        'stacks/platform/terragrunt.hcl': '',
        'stacks/platform/modules/technitium/variables.tf': 'variable "namespace" {\n  type = string\n}\n',
        'stacks/platform/main.tf': 'module "technitium" {\n  source    = "./modules/technitium"\n  namespace = "technitium"\n}\n',
        'stacks/platform/variables.tf': 'variable "internal_domain" {\n  type = string\n}\n',
      },
      errors: [
        {
          line: 4,
          column: 16,
          message: `${NFS}; stacks/platform/modules/technitium is a module that does not declare nfs_server: the fix (unsafe) declares it and passes nfs_server = var.nfs_server from stacks/platform/main.tf`,
          fix: 'unsafe',
          suggestion:
            'Write `var.nfs_server`, declare `variable "nfs_server" { type = string }` in stacks/platform/modules/technitium, pass `nfs_server = var.nfs_server` from every call of the module and declare the variable in each caller.',
        },
      ],
      unsafe: true,
      output: `module "nfs_config" {\n  source     = "../../../../modules/kubernetes/nfs_volume"\n  namespace  = var.namespace\n  nfs_server = var.nfs_server\n}\n`,
      outputFiles: {
        'stacks/platform/modules/technitium/variables.tf': 'variable "namespace" {\n  type = string\n}\n\nvariable "nfs_server" {\n  type = string\n}\n',
        'stacks/platform/main.tf': 'module "technitium" {\n  source     = "./modules/technitium"\n  namespace  = "technitium"\n  nfs_server = var.nfs_server\n}\n',
        'stacks/platform/variables.tf': 'variable "internal_domain" {\n  type = string\n}\n\nvariable "nfs_server" {\n  type = string\n}\n',
      },
    },
    {
      name: 'nested module: --fix without --unsafe-fixes changes nothing',
      path: 'stacks/platform/modules/technitium/main.tf',
      code: 'locals {\n  server = "192.168.1.127"\n}\n',
      files: { 'stacks/platform/main.tf': 'module "technitium" {\n  source = "./modules/technitium"\n}\n' },
      errors: [{ line: 2, column: 12, message: /^use var\.nfs_server instead of the hard-coded "192\.168\.1\.127"; stacks\/platform\/modules\/technitium is a module/, fix: 'unsafe' }],
      output: null,
    },
    {
      name: 'shared module called from two stacks: both calls pass it, one already declares it',
      path: 'modules/kubernetes/backup/main.tf',
      code: 'locals {\n  target = "192.168.1.127:/srv/nfs/backup"\n}\n',
      files: {
        'stacks/a/main.tf': 'module "backup" {\n  source = "../../modules/kubernetes/backup"\n}\n',
        'stacks/a/variables.tf': NFS_DECLARED,
        'stacks/b/main.tf': 'module "backup" {\n  source = "../../modules/kubernetes/backup"\n  # keep daily\n  schedule = "daily" # cron\n}\n',
      },
      errors: [
        {
          line: 2,
          column: 13,
          message: 'use ${var.nfs_server} instead of the hard-coded "192.168.1.127" in this string; modules/kubernetes/backup is a module that does not declare nfs_server: the fix (unsafe) declares it and passes nfs_server = var.nfs_server from stacks/a/main.tf, stacks/b/main.tf',
          fix: 'unsafe',
        },
      ],
      unsafe: true,
      output: 'locals {\n  target = "${var.nfs_server}:/srv/nfs/backup"\n}\n\nvariable "nfs_server" {\n  type = string\n}\n',
      outputFiles: {
        'stacks/a/main.tf': 'module "backup" {\n  source     = "../../modules/kubernetes/backup"\n  nfs_server = var.nfs_server\n}\n',
        'stacks/b/main.tf': 'module "backup" {\n  source = "../../modules/kubernetes/backup"\n  # keep daily\n  schedule   = "daily" # cron\n  nfs_server = var.nfs_server\n}\n\nvariable "nfs_server" {\n  type = string\n}\n',
      },
    },
    {
      name: 'a caller that is itself a module without the variable: no fix',
      path: 'modules/kubernetes/inner/main.tf',
      code: 'locals {\n  server = "192.168.1.127"\n}\n',
      files: { 'modules/kubernetes/outer/main.tf': 'module "inner" {\n  source = "../inner"\n}\n' },
      errors: [
        {
          line: 2,
          column: 12,
          message: `${NFS}; modules/kubernetes/inner does not declare nfs_server and its caller modules/kubernetes/outer is a module that does not declare it either`,
          fix: null,
        },
      ],
      output: null,
    },
    {
      name: 'readable config.tfvars without nfs_server: declaring it is unsafe',
      code: 'locals {\n  server = "192.168.1.127"\n}\n',
      files: { 'config.tfvars': 'public_domain = "viktorbarzin.me"\n' },
      errors: [{ line: 2, column: 12, message: NFS, fix: 'unsafe' }],
      output: null,
    },
    {
      name: 'an object key and a module source: reported without a fix',
      code: 'locals {\n  exports = {\n    "192.168.1.127" = "/srv/nfs"\n  }\n}\n\nmodule "m" {\n  source = "192.168.1.127"\n}\n',
      errors: [
        { line: 3, column: 5, message: NFS, fix: null, suggestion: 'Move the value out of this place (an object key is written literally) and use `var.nfs_server` where it is used.' },
        { line: 8, column: 12, message: NFS, fix: null, suggestion: "Move the value out of this place (a module's source cannot reference variables) and use `var.nfs_server` where it is used." },
      ],
      output: null,
    },
  ],
});

describe('shared-variables across files and configs', () => {
  const rules = new Map([[sharedVariables.meta.id, sharedVariables]]);

  function configFor(dir: string, input: ConstructorParameters<typeof Config>[2] = {}): Config {
    return new Config(`${dir}/.infralintrc.json`, dir, input, rules, new Map(), []);
  }

  it('one --fix run fixes every file of a folder and declares the variable once', async () => {
    const repo = tempRepo({
      '.infralintrc.json': '{}\n',
      'stacks/app/terragrunt.hcl': '',
      'stacks/app/main.tf': nfsCall('data', '"192.168.1.127"'),
      'stacks/app/storage.tf': `${nfsCall('media', '"192.168.1.127"')}\n${nfsCall('trash', '"192.168.1.127"')}`,
      'stacks/app/extra.tf': 'locals {\n  server = "192.168.1.127"\n}\n',
    });
    try {
      const config = configFor(repo.dir);
      const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules: rules, config, fix: 'safe' });
      expect(result.errors).toEqual([]);
      expect(result.summary.fixed).toBe(4);
      expect(repo.read('stacks/app/main.tf')).toBe(`${nfsCall('data', 'var.nfs_server')}\nvariable "nfs_server" {\n  type = string\n}\n`);
      expect(repo.read('stacks/app/storage.tf')).toBe(`${nfsCall('media', 'var.nfs_server')}\n${nfsCall('trash', 'var.nfs_server')}`);
      expect(repo.read('stacks/app/extra.tf')).toBe('locals {\n  server = var.nfs_server\n}\n');
      for (const f of ['main.tf', 'storage.tf', 'extra.tf']) expect(parse(repo.read(`stacks/app/${f}`), f).diagnostics).toEqual([]);
      const again = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules: rules, config, fix: 'safe' });
      expect(again.results.filter((r) => r.fixed).map((r) => r.path)).toEqual([]);
      expect(again.results.flatMap((r) => r.findings)).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('takes values from .infralintrc.json sharedVariables when config.tfvars is not readable', async () => {
    const repo = tempRepo({
      '.infralintrc.json': '{}\n',
      'config.tfvars': '\0GITCRYPT\0\u0001\u0002',
      'stacks/app/main.tf': 'locals {\n  smtp = "smtp.example.org"\n  nfs  = "192.168.1.127"\n}\n',
    });
    try {
      const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['stacks'], rules: rules, config: configFor(repo.dir, { sharedVariables: { mail_host: 'smtp.example.org' } }) });
      expect(result.results.flatMap((r) => r.findings.map((f) => `${f.line}:${f.column} ${f.message}`))).toEqual([
        '2:10 use var.mail_host instead of the hard-coded "smtp.example.org"',
        `3:10 ${NFS}`,
      ]);
    } finally {
      repo.cleanup();
    }
  });

  it('config.tfvars wins over sharedVariables, which win over the built-ins', async () => {
    const repo = tempRepo({
      '.infralintrc.json': '{}\n',
      'config.tfvars': 'mail_host = "mail.example.net"\n',
      'stacks/app/main.tf': 'locals {\n  a = "mail.example.net"\n  b = "smtp.example.org"\n  c = "10.0.0.5"\n  d = "192.168.1.127"\n}\n',
    });
    try {
      const config = configFor(repo.dir, { sharedVariables: { mail_host: 'smtp.example.org', nfs_server: '10.0.0.5' } });
      const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['stacks'], rules: rules, config });
      expect(result.results.flatMap((r) => r.findings.map((f) => `${f.line}:${f.column} ${f.message}`))).toEqual([
        '2:7 use var.mail_host instead of the hard-coded "mail.example.net"',
        '4:7 use var.nfs_server instead of the hard-coded "10.0.0.5"',
      ]);
    } finally {
      repo.cleanup();
    }
  });
});
