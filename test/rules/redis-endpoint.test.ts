import { RuleTester } from '../../src/engine/rule-tester.js';
import { redisEndpoint } from '../../rules/redis-endpoint.js';

const DECLARED = 'variable "redis_host" {\n  type = string\n}\n';
const SENTINELS = 'redis-node-{0,1,2}.redis-headless.redis.svc.cluster.local:26379';
const CHART = "do not use redis.redis.svc.cluster.local (the chart's default service, kept on the master only by a temporary selector patch)";
const WHOLE = 'use var.redis_host instead of the hard-coded redis-master.redis.svc.cluster.local';
const IN_STRING = 'use ${var.redis_host} instead of the hard-coded redis-master.redis.svc.cluster.local in this string';

function longLived(container: string, address: string, clients: string, via: string): string {
  return `container "${container}" of ${address} runs ${clients} against the HAProxy endpoint (${via}); HAProxy's timeout client 30s closes idle connections: use a sentinel-aware client on ${SENTINELS} with master mymaster`;
}

function deployment(name: string, container: string): string {
  return `resource "kubernetes_deployment" "${name}" {
  metadata {
    name = "${name}"
  }
  spec {
    template {
      spec {
${container}
      }
    }
  }
}
`;
}

new RuleTester().run(redisEndpoint, {
  valid: [
    {
      name: 'a client word only inside a longer word is no client',
      code: deployment('shop', '        container {\n          name    = "shop"\n          command = ["publish-monitoring", "--bulletin"]\n          env {\n            name  = "REDIS_HOST"\n            value = var.redis_host\n          }\n        }'),
    },
    { name: 'var.redis_host in a URL', code: `locals {\n  url = "redis://\${var.redis_host}:6379/5"\n}\n`, files: { 'stacks/app/variables.tf': DECLARED } },
    {
      name: 'the redis stack naming its own services',
      path: 'stacks/redis/outputs.tf',
      code: 'output "host" {\n  value = "redis-master.redis.svc.cluster.local"\n}\n\noutput "chart" {\n  value = "redis.redis.svc.cluster.local"\n}\n',
    },
    {
      name: 'Kyverno wait-for annotations are readiness gates (short and full forms)',
      code: 'resource "kubernetes_deployment" "web" {\n  metadata {\n    annotations = {\n      "dependency.kyverno.io/wait-for" = "redis-master.redis:6379,redis-master.redis.svc.cluster.local:6379"\n    }\n  }\n}\n',
    },
    { name: 'config.tfvars defines redis_host', path: 'config.tfvars', code: 'redis_host = "redis-master.redis.svc.cluster.local"\n' },
    { name: 'terragrunt inputs define it', path: 'stacks/app/terragrunt.hcl', code: 'inputs = {\n  redis_host = "redis-master.redis.svc.cluster.local"\n}\n' },
    { name: 'the default of variable "redis_host" itself', path: 'stacks/app/variables.tf', code: 'variable "redis_host" {\n  type    = string\n  default = "redis-master.redis.svc.cluster.local"\n}\n' },
    { name: 'a comment naming the chart service', code: '# redis.redis.svc.cluster.local is patched; never use it\nlocals {\n  a = 1\n}\n' },
    { name: 'names that only contain the host', code: 'locals {\n  a = "my-redis-master.redis.svc.cluster.local"\n  b = "redis-master.redis.svc.cluster.local.example.org"\n  c = "xredis.redis.svc.cluster.local"\n}\n' },
    {
      name: 'Sidekiq configured with the sentinels',
      code: deployment(
        'sidekiq',
        `        container {
          name    = "sidekiq"
          command = ["bundle", "exec", "sidekiq"]
          env {
            name  = "REDIS_SENTINELS"
            value = "redis-node-0.redis-headless.redis.svc.cluster.local:26379"
          }
          env {
            name  = "REDIS_HOST"
            value = var.redis_host
          }
        }`,
      ),
    },
    {
      name: 'a web server on var.redis_host (no long-lived client named)',
      code: deployment('web', '        container {\n          name    = "web"\n          command = ["puma"]\n          env {\n            name  = "REDIS_HOST"\n            value = var.redis_host\n          }\n        }'),
    },
    {
      name: 'long-lived clients off',
      options: { longLivedClients: false },
      code: deployment('sidekiq', '        container {\n          name    = "sidekiq"\n          command = ["sidekiq"]\n          env {\n            name  = "REDIS_URL"\n            value = "redis://${var.redis_host}:6379/0"\n          }\n        }'),
    },
  ],
  invalid: [
    {
      name: 'chart service in locals: unsafe rewrite (the value changes)',
      code: 'locals {\n  env = {\n    REDIS_HOSTNAME = "redis.redis.svc.cluster.local"\n  }\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 3, column: 22, endColumn: 53, message: `${CHART}; use var.redis_host`, fix: 'unsafe', suggestion: 'Write `var.redis_host` (stacks/app declares variable "redis_host").' }],
      unsafe: true,
      output: 'locals {\n  env = {\n    REDIS_HOSTNAME = var.redis_host\n  }\n}\n',
    },
    {
      name: 'chart service: --fix without --unsafe-fixes leaves it',
      code: 'locals {\n  host = "redis.redis.svc.cluster.local"\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 2, column: 10, message: `${CHART}; use var.redis_host`, fix: 'unsafe' }],
      output: null,
    },
    {
      name: 'chart service inside a heredoc',
      code: 'resource "helm_release" "app" {\n  values = [<<-EOT\n    cache:\n      host: redis.redis.svc.cluster.local\n      port: 6379\n  EOT\n  ]\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 4, column: 13, endColumn: 42, message: `${CHART}; use \${var.redis_host}`, fix: 'unsafe', suggestion: 'Write `${var.redis_host}` (stacks/app declares variable "redis_host").' }],
      unsafe: true,
      output: 'resource "helm_release" "app" {\n  values = [<<-EOT\n    cache:\n      host: ${var.redis_host}\n      port: 6379\n  EOT\n  ]\n}\n',
    },
    {
      name: 'chart service in config.tfvars: no fix, name the right host',
      path: 'config.tfvars',
      code: 'redis_host = "redis.redis.svc.cluster.local"\n',
      errors: [{ line: 1, column: 14, message: `${CHART}; use redis-master.redis.svc.cluster.local`, fix: null, suggestion: 'Write `redis-master.redis.svc.cluster.local` here.' }],
      output: null,
    },
    {
      name: 'chart service in terragrunt locals: no fix',
      path: 'stacks/app/terragrunt.hcl',
      code: 'locals {\n  cache = "redis.redis.svc.cluster.local"\n}\n',
      errors: [{ line: 2, column: 11, message: `${CHART}; use redis-master.redis.svc.cluster.local`, fix: null }],
      output: null,
    },
    {
      name: 'whole-string master host, declared in variables.tf: safe rewrite',
      code: 'resource "kubernetes_config_map" "app" {\n  data = {\n    REDIS_HOST = "redis-master.redis.svc.cluster.local"\n  }\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 3, column: 18, endColumn: 56, message: WHOLE, severity: 'error', fix: 'safe' }],
      output: 'resource "kubernetes_config_map" "app" {\n  data = {\n    REDIS_HOST = var.redis_host\n  }\n}\n',
    },
    {
      name: 'master host in a URL keeps the rest of the string',
      code: 'resource "kubernetes_config_map" "app" {\n  data = {\n    PAPERLESS_REDIS = "redis://redis-master.redis.svc.cluster.local:6379/7"\n  }\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 3, column: 32, endColumn: 68, message: IN_STRING, fix: 'safe', suggestion: 'Write `"redis://${var.redis_host}:6379/7"` (stacks/app declares variable "redis_host").' }],
      output: 'resource "kubernetes_config_map" "app" {\n  data = {\n    PAPERLESS_REDIS = "redis://${var.redis_host}:6379/7"\n  }\n}\n',
    },
    {
      name: 'host:6379 as a whole string becomes an interpolation',
      code: 'locals {\n  addr = "redis-master.redis.svc.cluster.local:6379"\n}\n',
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 2, column: 11, message: IN_STRING }],
      output: 'locals {\n  addr = "${var.redis_host}:6379"\n}\n',
    },
    {
      name: 'undeclared in a stack with variables.tf: declared after its last variable block',
      code: 'locals {\n  host = "redis-master.redis.svc.cluster.local"\n}\n',
      files: {
        'stacks/app/terragrunt.hcl': 'include "root" {\n  path = find_in_parent_folders()\n}\n',
        'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n\noutput "unrelated" {\n  value = 1\n}\n',
      },
      errors: [{ line: 2, column: 10, message: WHOLE, fix: 'safe', suggestion: 'Write `var.redis_host` and declare `variable "redis_host" { type = string }` in stacks/app (config.tfvars supplies the value to every stack).' }],
      output: 'locals {\n  host = var.redis_host\n}\n',
      outputFiles: {
        'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n\nvariable "redis_host" {\n  type = string\n}\n\noutput "unrelated" {\n  value = 1\n}\n',
      },
    },
    {
      name: 'three findings in a one-file stack: the variable is declared once',
      code: 'locals {\n  a = "redis-master.redis.svc.cluster.local"\n  b = "redis://redis-master.redis.svc.cluster.local:6379/1"\n  c = <<-EOT\n    host: redis-master.redis.svc.cluster.local\n  EOT\n}\n',
      errors: [
        { line: 2, column: 7, message: WHOLE },
        { line: 3, column: 16, message: IN_STRING },
        { line: 5, column: 11, message: IN_STRING },
      ],
      output: 'locals {\n  a = var.redis_host\n  b = "redis://${var.redis_host}:6379/1"\n  c = <<-EOT\n    host: ${var.redis_host}\n  EOT\n}\n\nvariable "redis_host" {\n  type = string\n}\n',
    },
    {
      name: 'CRLF file: rewrite and declaration keep CRLF',
      code: 'locals {\r\n  host = "redis-master.redis.svc.cluster.local"\r\n}\r\n',
      errors: [{ line: 2, column: 10, message: WHOLE }],
      output: 'locals {\r\n  host = var.redis_host\r\n}\r\n\r\nvariable "redis_host" {\r\n  type = string\r\n}\r\n',
    },
    {
      name: 'nested module without the variable: unsafe, callers pass it',
      path: 'stacks/app/modules/cache/main.tf',
      code: 'variable "namespace" {\n  type = string\n}\n\nlocals {\n  url = "redis://redis-master.redis.svc.cluster.local:6379/2"\n}\n',
      files: {
        'stacks/app/terragrunt.hcl': '',
        'stacks/app/main.tf': 'module "cache" {\n  source    = "./modules/cache"\n  namespace = "app"\n}\n',
      },
      errors: [
        {
          line: 6,
          column: 18,
          message: `${IN_STRING}; stacks/app/modules/cache is a module that does not declare redis_host: the fix (unsafe) declares it and passes redis_host = var.redis_host from stacks/app/main.tf`,
          fix: 'unsafe',
        },
      ],
      unsafe: true,
      output: 'variable "namespace" {\n  type = string\n}\n\nvariable "redis_host" {\n  type = string\n}\n\nlocals {\n  url = "redis://${var.redis_host}:6379/2"\n}\n',
      outputFiles: {
        'stacks/app/main.tf': 'module "cache" {\n  source     = "./modules/cache"\n  namespace  = "app"\n  redis_host = var.redis_host\n}\n\nvariable "redis_host" {\n  type = string\n}\n',
      },
    },
    {
      name: 'the default of another variable: no fix',
      path: 'stacks/app/variables.tf',
      code: 'variable "cache_host" {\n  default = "redis-master.redis.svc.cluster.local"\n}\n',
      errors: [
        {
          line: 2,
          column: 13,
          message: 'the default of variable "cache_host" hard-codes redis-master.redis.svc.cluster.local; use var.redis_host where var.cache_host is used (a variable default cannot reference another variable)',
          fix: null,
        },
      ],
      output: null,
    },
    {
      name: 'config.tfvars sets redis_host to another host: the rewrite changes the value (unsafe)',
      code: 'locals {\n  host = "redis-master.redis.svc.cluster.local"\n}\n',
      files: { 'config.tfvars': 'redis_host = "redis.cache.svc.cluster.local"\n', 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 2, column: 10, message: WHOLE, fix: 'unsafe' }],
      output: null,
    },
    {
      name: 'Sidekiq on var.redis_host: warning, no fix',
      code: deployment(
        'sidekiq',
        `        container {
          name    = "sidekiq"
          command = ["bundle", "exec", "sidekiq", "-c", "25"]
          env {
            name  = "REDIS_URL"
            value = "redis://\${var.redis_host}:6379/0"
          }
        }`,
      ),
      errors: [{ line: 9, column: 21, endColumn: 30, message: longLived('sidekiq', 'kubernetes_deployment.sidekiq', 'Sidekiq', 'env REDIS_URL uses var.redis_host'), severity: 'warn', fix: null }],
      output: null,
    },
    {
      name: 'Celery flower with the master host in its args: warning plus the rewrite',
      files: { 'stacks/app/variables.tf': DECLARED },
      code: deployment('paperless', '        container {\n          name = "flower"\n          args = ["celery", "--broker=redis://redis-master.redis.svc.cluster.local:6379/7", "flower"]\n        }'),
      errors: [
        { line: 9, column: 18, message: longLived('flower', 'kubernetes_deployment.paperless', 'Celery', 'args uses redis-master.redis.svc.cluster.local'), severity: 'warn' },
        { line: 10, column: 47, message: IN_STRING, severity: 'error', fix: 'safe' },
      ],
      output: deployment('paperless', '        container {\n          name = "flower"\n          args = ["celery", "--broker=redis://${var.redis_host}:6379/7", "flower"]\n        }'),
    },
    {
      name: 'Bull queue through dynamic env over a local, and the chart host through a config map',
      files: { 'stacks/app/variables.tf': DECLARED, 'stacks/app/locals.tf': 'locals {\n  env = {\n    QUEUE_BULL_REDIS_HOST = var.redis_host\n  }\n}\n' },
      code:
        deployment(
          'worker',
          '        container {\n          name = "worker"\n          dynamic "env" {\n            for_each = local.env\n            content {\n              name  = env.key\n              value = env.value\n            }\n          }\n        }\n        container {\n          name    = "rq"\n          command = ["rq", "worker"]\n          env_from {\n            config_map_ref {\n              name = kubernetes_config_map.cache.metadata[0].name\n            }\n          }\n        }',
        ) + 'resource "kubernetes_config_map" "cache" {\n  data = {\n    CACHE = "redis.redis.svc.cluster.local"\n  }\n}\n',
      errors: [
        { line: 9, column: 18, message: longLived('worker', 'kubernetes_deployment.worker', 'Bull', 'env QUEUE_BULL_REDIS_HOST from local.env uses var.redis_host'), severity: 'warn' },
        { line: 19, column: 21, message: longLived('rq', 'kubernetes_deployment.worker', 'RQ', 'env CACHE from config map cache uses redis.redis.svc.cluster.local'), severity: 'warn' },
        { line: 33, column: 13, message: `${CHART}; use var.redis_host`, severity: 'error', fix: 'unsafe' },
      ],
      output: null,
    },
    {
      name: 'pub/sub and BLPOP named in env, container without a name',
      code: deployment('listener', '        container {\n          args = ["--mode", "pubsub"]\n          env {\n            name  = "REDIS_HOST"\n            value = var.redis_host\n          }\n          env {\n            name  = "QUEUE_COMMAND"\n            value = "BLPOP"\n          }\n        }'),
      errors: [{ line: 8, column: 9, message: 'container of kubernetes_deployment.listener runs pub/sub, BLPOP against the HAProxy endpoint (env REDIS_HOST uses var.redis_host); HAProxy\'s timeout client 30s closes idle connections: use a sentinel-aware client on redis-node-{0,1,2}.redis-headless.redis.svc.cluster.local:26379 with master mymaster', severity: 'warn' }],
      output: null,
    },
    {
      name: 'BullMQ, Django Channels and MONITOR named in the command and env',
      code: deployment(
        'hub',
        '        container {\n          name    = "hub"\n          command = ["node", "BullMQ-worker.js"]\n          env {\n            name  = "CHANNEL_LAYERS"\n            value = "redis://${var.redis_host}:6379/1"\n          }\n          env {\n            name  = "DEBUG_COMMAND"\n            value = "MONITOR"\n          }\n        }',
      ),
      errors: [{ line: 9, column: 21, endColumn: 26, message: longLived('hub', 'kubernetes_deployment.hub', 'BullMQ, Django Channels, MONITOR', 'env CHANNEL_LAYERS uses var.redis_host'), severity: 'warn', fix: null }],
      output: null,
    },
  ],
});
