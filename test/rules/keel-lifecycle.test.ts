import { RuleTester, type RuleTestCases } from '../../src/engine/rule-tester.js';
import { keelLifecycle } from '../../rules/keel-lifecycle.js';

const DNS = 'spec[0].template[0].spec[0].dns_config, # KYVERNO_LIFECYCLE_V1';

/** The canonical block of AGENTS.md, as the body lines of `ignore_changes = [` … `]` (six spaces of indentation). */
const CANONICAL_LINES = `      spec[0].template[0].spec[0].dns_config, # KYVERNO_LIFECYCLE_V1
      metadata[0].annotations["keel.sh/policy"],
      metadata[0].annotations["keel.sh/trigger"],
      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2
      metadata[0].annotations["keel.sh/match-tag"],
      spec[0].template[0].spec[0].container[0].image, # KEEL_IGNORE_IMAGE — Keel manages tag updates
      metadata[0].annotations["kubernetes.io/change-cause"],
      metadata[0].annotations["deployment.kubernetes.io/revision"],
      spec[0].template[0].metadata[0].annotations["keel.sh/update-time"], # KEEL_LIFECYCLE_V1
`;
const CANONICAL = `\n  lifecycle {\n    ignore_changes = [\n${CANONICAL_LINES}    ]\n  }\n`;
const KYVERNO_ONLY = `\n  lifecycle {\n    ignore_changes = [spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1\n  }\n`;
const list = (lines: string): string => `\n  lifecycle {\n    ignore_changes = [\n${lines}    ]\n  }\n`;

function namespace(name: string, labels: string): string {
  return `resource "kubernetes_namespace" "${name.replace(/-/g, '_')}" {
  metadata {
    name = "${name}"
    labels = {
${labels}    }
  }
}
`;
}
const enrolledNs = (name: string): string => namespace(name, `      tier               = "4-aux"\n      "keel.sh/enrolled" = "true"\n`);
const plainNs = (name: string): string => namespace(name, `      tier = "4-aux"\n`);

interface WorkloadShape {
  readonly type?: string;
  readonly name?: string;
  /** The namespace expression. */
  readonly ns?: string;
  /** Extra lines inside the resource's metadata block (labels, annotations). */
  readonly meta?: string;
  /** Lines inside the pod template's metadata block. */
  readonly podMeta?: string;
  readonly containers?: readonly string[];
  readonly inits?: readonly string[];
  /** Extra blocks at the end of the pod spec (e.g. a dynamic container). */
  readonly podExtra?: string;
  /** The end of the resource body (its lifecycle). */
  readonly tail?: string;
}

function container(kind: string, name: string): string {
  return `        ${kind} {\n          name  = "${name}"\n          image = "registry.example/${name}:1.0"\n        }\n`;
}

function workload(w: WorkloadShape): string {
  const name = w.name ?? 'app';
  const pods = [...(w.inits ?? []).map((n) => container('init_container', n)), ...(w.containers ?? [name]).map((n) => container('container', n))].join('');
  return `resource "${w.type ?? 'kubernetes_deployment'}" "${name.replace(/-/g, '_')}" {
  metadata {
    name      = "${name}"
    namespace = ${w.ns ?? 'kubernetes_namespace.apps.metadata[0].name'}
${w.meta ?? ''}  }

  spec {
    template {
      metadata {
${w.podMeta ?? '        labels = {\n          app = "app"\n        }\n'}      }

      spec {
${pods}${w.podExtra ?? ''}      }
    }
  }
${w.tail ?? ''}}
`;
}

const POLICY_FILE = `resource "kubectl_manifest" "inject_keel_annotations" {
  yaml_body = yamlencode({
    apiVersion = "kyverno.io/v1"
    kind       = "ClusterPolicy"
    metadata = {
      name = "inject-keel-annotations"
    }
    spec = {
      rules = [
        {
          name = "inject-keel-annotations"
          exclude = {
            resources = {
              namespaces = ["kube-system", "dbaas"]
            }
          }
        }
      ]
    }
  })
}
`;

const annotation = (key: string): string => `\`metadata[0].annotations["${key}"]\``;
const V2_NAMES = ['keel.sh/policy', 'keel.sh/trigger', 'keel.sh/pollSchedule'].map(annotation).join(', ');
const V1_NAMES = `${annotation('kubernetes.io/change-cause')}, ${annotation('deployment.kubernetes.io/revision')}, \`spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]\``;
const image = (kind: string, index: number, name: string): string => `\`spec[0].template[0].spec[0].${kind}[${index}].image\` (${kind === 'container' ? 'container' : 'init container'} \`${name}\`)`;
/** Every required line of a single-container workload, as the message names them. */
const allLines = (containerName: string): string => `${V2_NAMES}, ${image('container', 0, containerName)}, ${V1_NAMES}`;

const PAPERLESS_CONTAINERS = ['paperless', 'tika', 'gotenberg', 'flower'];
const PAPERLESS_INITS = ['migrate', 'wait-for-db', 'wait-for-redis', 'fix-perms-data', 'fix-perms-media', 'fix-perms-consume', 'fix-perms-export', 'nltk-download'];
const IMMICH_LINES = CANONICAL_LINES.replace('image, # KEEL_IGNORE_IMAGE — Keel manages tag updates\n', 'image,      # KEEL_IGNORE_IMAGE — Keel manages tag updates\n      spec[0].template[0].spec[0].init_container[0].image, # KEEL_IGNORE_IMAGE\n');
const FRESHRSS_HEAD = 'locals {\n  namespace = "freshrss"\n}\n\n' + enrolledNs('freshrss').replace('name = "freshrss"', 'name = local.namespace');
const VAR_HEAD = 'variable "namespace" {\n  type    = string\n  default = "apps"\n}\n\n' + enrolledNs('apps');
const MODULE_HEAD = 'variable "namespace" {\n  type = string\n}\n\n';
const caller = (stack: string, enrolled: boolean): string =>
  (enrolled ? enrolledNs(stack) : plainNs(stack)) + `\nmodule "oauth2_proxy" {\n  source    = "../../modules/kubernetes/oauth2_proxy"\n  namespace = kubernetes_namespace.${stack}.metadata[0].name\n}\n`;
const WALLABAG_POD_META = '        labels = {\n          app = "wallabag"\n          "keel.sh/policy" = "never"\n        }\n';
const DYNAMIC_SIDECAR = '        dynamic "container" {\n          for_each = local.sidecars\n          content {\n            name  = container.key\n            image = container.value.image\n          }\n        }\n';
const LINKWARDEN_HEAD = '      # replicas are managed by the HPA below\n      spec[0].replicas,\n';
const LINKWARDEN_TAIL = '      metadata[0].annotations["reloader.stakater.com/last-reloaded-from"], // set by reloader\n';
const POLL_ANNOTATION = '    annotations = {\n      "keel.sh/pollSchedule" = "@every 24h"\n    }\n';
const POLICY_ANNOTATION = '    annotations = {\n      "keel.sh/policy" = "minor"\n    }\n';

const cases: RuleTestCases = {
  valid: [
    { name: 'complete canonical block, single container, enrolled through a reference', code: enrolledNs('apps') + workload({ tail: CANONICAL }) },
    {
      name: 'complete block, two containers',
      code:
        enrolledNs('apps') +
        workload({
          containers: ['nginx', 'nginx-exporter'],
          tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].container[1].image, # KEEL_IGNORE_IMAGE — nginx-exporter\n')),
        }),
    },
    {
      name: 'complete block, stateful set and daemon set types',
      code: enrolledNs('apps') + workload({ type: 'kubernetes_stateful_set_v1', name: 'db', tail: CANONICAL }) + workload({ type: 'kubernetes_daemon_set', name: 'agent', tail: CANONICAL }),
    },
    { name: 'namespace not enrolled: no block needed', code: plainNs('apps') + workload({ tail: KYVERNO_ONLY }) },
    {
      name: "namespace excluded by the repository's Kyverno policy despite the enrolled label",
      code: enrolledNs('dbaas') + workload({ ns: 'kubernetes_namespace.dbaas.metadata[0].name', tail: KYVERNO_ONLY }),
      files: { 'stacks/kyverno/modules/kyverno/keel-annotations.tf': POLICY_FILE },
    },
    {
      name: 'namespace excluded by a kubernetes_manifest policy (exclude.any form)',
      code: enrolledNs('vault') + workload({ ns: 'kubernetes_namespace.vault.metadata[0].name', tail: KYVERNO_ONLY }),
      files: {
        'stacks/kyverno/policy.tf': `resource "kubernetes_manifest" "keel" {
  manifest = {
    apiVersion = "kyverno.io/v1"
    kind       = "ClusterPolicy"
    metadata = {
      name = "inject-keel-annotations"
    }
    spec = {
      rules = [{
        name = "inject"
        exclude = {
          any = [{ resources = { namespaces = ["vault"] } }]
        }
      }]
    }
  }
}
`,
      },
    },
    { name: 'namespace excluded by the excludedNamespaces option', options: { excludedNamespaces: ['apps'] }, code: enrolledNs('apps') + workload({ tail: KYVERNO_ONLY }) },
    {
      name: 'opted out by the label on the resource metadata',
      code: enrolledNs('apps') + workload({ meta: '    labels = {\n      app              = "mosquitto"\n      "keel.sh/policy" = "never"\n    }\n', tail: KYVERNO_ONLY }),
    },
    { name: 'namespace that cannot be resolved: say nothing', code: 'variable "namespace" {\n  type = string\n}\n\n' + workload({ ns: 'var.namespace', tail: KYVERNO_ONLY }) },
    { name: 'literal namespace declared nowhere in the repository', code: workload({ ns: '"elsewhere"', tail: KYVERNO_ONLY }) },
    { name: 'ignore_changes = all', code: enrolledNs('apps') + workload({ tail: '\n  lifecycle {\n    ignore_changes = all\n  }\n' }) },
    {
      name: 'the resource sets keel.sh/pollSchedule itself: no pollSchedule line, the V2 marker on the trigger line',
      code:
        enrolledNs('apps') +
        workload({
          meta: '    annotations = {\n      "keel.sh/pollSchedule" = "@every 24h"\n    }\n',
          tail: list(CANONICAL_LINES.replace('      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2\n', '').replace('["keel.sh/trigger"],', '["keel.sh/trigger"], # KYVERNO_LIFECYCLE_V2')),
        }),
    },
    {
      name: 'a cron job in an enrolled namespace is not a Keel workload',
      code:
        enrolledNs('apps') +
        'resource "kubernetes_cron_job_v1" "backup" {\n  metadata {\n    name      = "backup"\n    namespace = kubernetes_namespace.apps.metadata[0].name\n  }\n\n  lifecycle {\n    ignore_changes = [spec[0].job_template[0].spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1\n  }\n}\n',
    },
    {
      name: 'markers written as comments directly above their lines count',
      code:
        enrolledNs('apps') +
        workload({
          containers: ['app', 'sidecar'],
          tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      # KEEL_IGNORE_IMAGE — sidecar\n      spec[0].template[0].spec[0].container[1].image,\n')),
        }),
    },
    {
      name: 'nested module whose only caller passes an enrolled namespace, complete',
      path: 'stacks/platform/modules/wireguard/main.tf',
      code: 'variable "namespace" {\n  type = string\n}\n\n' + workload({ ns: 'var.namespace', tail: CANONICAL }),
      files: { 'stacks/platform/main.tf': enrolledNs('wireguard') + '\nmodule "wireguard" {\n  source    = "./modules/wireguard"\n  namespace = kubernetes_namespace.wireguard.metadata[0].name\n}\n' },
    },
    {
      name: 'labels computed from a variable: the opt-out label may be there, say nothing',
      code: enrolledNs('apps') + 'variable "labels" {\n  type = map(string)\n}\n\n' + workload({ meta: '    labels = var.labels\n', tail: KYVERNO_ONLY }),
    },
    {
      name: 'opted out by a label merged from a local and a literal map',
      code: enrolledNs('apps') + 'locals {\n  labels = { app = "web" }\n}\n\n' + workload({ meta: '    labels = merge(local.labels, { "keel.sh/policy" = "never" })\n', tail: KYVERNO_ONLY }),
    },
    {
      name: 'module without callers: the namespace is unknown',
      path: 'modules/kubernetes/app/main.tf',
      code: 'variable "namespace" {\n  type = string\n}\n\n' + workload({ ns: 'var.namespace', tail: KYVERNO_ONLY }),
    },
  ],
  invalid: [
    {
      name: 'single container, only the Kyverno line: the one-line list becomes the canonical block',
      code: enrolledNs('apps') + workload({ tail: KYVERNO_ONLY }),
      errors: [
        {
          line: 34,
          column: 5,
          endColumn: 19,
          message:
            'namespace `apps` is Keel-enrolled: add to ignore_changes `metadata[0].annotations["keel.sh/policy"]`, `metadata[0].annotations["keel.sh/trigger"]`, `metadata[0].annotations["keel.sh/pollSchedule"]`, `spec[0].template[0].spec[0].container[0].image` (container `app`), `metadata[0].annotations["kubernetes.io/change-cause"]`, `metadata[0].annotations["deployment.kubernetes.io/revision"]`, `spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]`',
          severity: 'error',
          fix: 'safe',
          suggestion: 'Add `metadata[0].annotations["keel.sh/policy"],` and the other missing lines in the order of the canonical block of AGENTS.md, each with its marker.',
        },
      ],
      output: enrolledNs('apps') + workload({ tail: CANONICAL }),
    },
    {
      name: 'no lifecycle at all: a lifecycle block with the Keel lines (the Kyverno line is kyverno-lifecycle\'s)',
      code: enrolledNs('apps') + workload({}),
      errors: [{ line: 10, column: 1, message: `namespace \`apps\` is Keel-enrolled: add a lifecycle block whose ignore_changes lists ${allLines('app')}` }],
      output: enrolledNs('apps') + workload({ tail: list(CANONICAL_LINES.replace(`      ${DNS}\n`, '')) }),
    },
    {
      name: 'two containers, only container[0] listed',
      code: enrolledNs('apps') + workload({ containers: ['nginx', 'nginx-exporter'], tail: CANONICAL }),
      errors: [{ line: 38, column: 5, message: 'namespace `apps` is Keel-enrolled: add to ignore_changes `spec[0].template[0].spec[0].container[1].image` (container `nginx-exporter`)' }],
      output:
        enrolledNs('apps') +
        workload({
          containers: ['nginx', 'nginx-exporter'],
          tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].container[1].image, # KEEL_IGNORE_IMAGE — nginx-exporter\n')),
        }),
    },
    {
      name: '4 containers and 8 init containers, only the Kyverno line',
      code: enrolledNs('apps') + workload({ name: 'paperless', containers: PAPERLESS_CONTAINERS, inits: PAPERLESS_INITS, tail: list(`      ${DNS}\n`) }),
      errors: [
        {
          line: 78,
          column: 5,
          message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${V2_NAMES}, ${PAPERLESS_CONTAINERS.map((n, i) => image('container', i, n)).join(', ')}, ${PAPERLESS_INITS.map((n, i) => image('init_container', i, n)).join(', ')}, ${V1_NAMES}`,
        },
      ],
      output:
        enrolledNs('apps') +
        workload({
          name: 'paperless',
          containers: PAPERLESS_CONTAINERS,
          inits: PAPERLESS_INITS,
          tail: list(`      ${DNS}
      metadata[0].annotations["keel.sh/policy"],
      metadata[0].annotations["keel.sh/trigger"],
      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2
      metadata[0].annotations["keel.sh/match-tag"],
      spec[0].template[0].spec[0].container[0].image,      # KEEL_IGNORE_IMAGE — Keel manages tag updates
      spec[0].template[0].spec[0].container[1].image,      # KEEL_IGNORE_IMAGE — tika
      spec[0].template[0].spec[0].container[2].image,      # KEEL_IGNORE_IMAGE — gotenberg
      spec[0].template[0].spec[0].container[3].image,      # KEEL_IGNORE_IMAGE — flower
      spec[0].template[0].spec[0].init_container[0].image, # KEEL_IGNORE_IMAGE — migrate
      spec[0].template[0].spec[0].init_container[1].image, # KEEL_IGNORE_IMAGE — wait-for-db
      spec[0].template[0].spec[0].init_container[2].image, # KEEL_IGNORE_IMAGE — wait-for-redis
      spec[0].template[0].spec[0].init_container[3].image, # KEEL_IGNORE_IMAGE — fix-perms-data
      spec[0].template[0].spec[0].init_container[4].image, # KEEL_IGNORE_IMAGE — fix-perms-media
      spec[0].template[0].spec[0].init_container[5].image, # KEEL_IGNORE_IMAGE — fix-perms-consume
      spec[0].template[0].spec[0].init_container[6].image, # KEEL_IGNORE_IMAGE — fix-perms-export
      spec[0].template[0].spec[0].init_container[7].image, # KEEL_IGNORE_IMAGE — nltk-download
      metadata[0].annotations["kubernetes.io/change-cause"],
      metadata[0].annotations["deployment.kubernetes.io/revision"],
      spec[0].template[0].metadata[0].annotations["keel.sh/update-time"], # KEEL_LIFECYCLE_V1
`),
        }),
    },
    {
      name: 'init containers only partly covered',
      code: enrolledNs('apps') + workload({ name: 'immich-server', inits: ['wait-for-postgres', 'fix-upload-perms'], tail: list(IMMICH_LINES) }),
      errors: [{ line: 42, column: 5, message: 'namespace `apps` is Keel-enrolled: add to ignore_changes `spec[0].template[0].spec[0].init_container[1].image` (init container `fix-upload-perms`)' }],
      output:
        enrolledNs('apps') +
        workload({
          name: 'immich-server',
          inits: ['wait-for-postgres', 'fix-upload-perms'],
          tail: list(IMMICH_LINES.replace('# KEEL_IGNORE_IMAGE\n', '# KEEL_IGNORE_IMAGE\n      spec[0].template[0].spec[0].init_container[1].image, # KEEL_IGNORE_IMAGE — fix-upload-perms\n')),
        }),
    },
    {
      name: 'image line for a container index that does not exist',
      code: enrolledNs('apps') + workload({ tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].container[1].image, # KEEL_IGNORE_IMAGE — pipelines\n')) }),
      errors: [
        {
          line: 41,
          column: 7,
          message: 'remove `spec[0].template[0].spec[0].container[1].image` from ignore_changes: the pod template has 1 container, so container index 1 does not exist',
          suggestion: 'Delete the `spec[0].template[0].spec[0].container[1].image` line (a removed container\'s image line ignores nothing).',
        },
      ],
      output: enrolledNs('apps') + workload({ tail: CANONICAL }),
    },
    {
      name: 'lines present, markers missing',
      code: enrolledNs('apps') + workload({ name: 'streaming', tail: list(CANONICAL_LINES.replace(/(pollSchedule"\]|image|update-time"\]),.*\n/g, '$1,\n')) }),
      errors: [
        { line: 38, column: 7, message: 'tag the `metadata[0].annotations["keel.sh/pollSchedule"]` line with `# KYVERNO_LIFECYCLE_V2` (the Keel control annotations Kyverno injects)', suggestion: 'End the line with `# KYVERNO_LIFECYCLE_V2`.' },
        { line: 40, column: 7, message: 'tag the `spec[0].template[0].spec[0].container[0].image` line with `# KEEL_IGNORE_IMAGE` (container `streaming`)', suggestion: 'End the line with `# KEEL_IGNORE_IMAGE — Keel manages tag updates`.' },
        { line: 43, column: 7, message: 'tag the `spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]` line with `# KEEL_LIFECYCLE_V1` (the annotations every Keel update restamps)' },
      ],
      output: enrolledNs('apps') + workload({ name: 'streaming', tail: CANONICAL }),
    },
    {
      name: 'enrolled through a literal name of a namespace declared in another stack',
      code: workload({ name: 'zigbee2mqtt', ns: '"home-automation"', tail: KYVERNO_ONLY }),
      files: { 'stacks/home-assistant/main.tf': enrolledNs('home-automation') },
      errors: [{ line: 25, column: 5, message: `namespace \`home-automation\` is Keel-enrolled: add to ignore_changes ${allLines('zigbee2mqtt')}` }],
      output: workload({ name: 'zigbee2mqtt', ns: '"home-automation"', tail: CANONICAL }),
    },
    {
      name: 'enrolled through a local',
      code: FRESHRSS_HEAD + workload({ name: 'freshrss', ns: 'local.namespace', tail: KYVERNO_ONLY }),
      errors: [{ line: 38, column: 5, message: `namespace \`freshrss\` is Keel-enrolled: add to ignore_changes ${allLines('freshrss')}` }],
      output: FRESHRSS_HEAD + workload({ name: 'freshrss', ns: 'local.namespace', tail: CANONICAL }),
    },
    {
      name: 'enrolled through a variable with a known default',
      code: VAR_HEAD + workload({ ns: 'var.namespace', tail: KYVERNO_ONLY }),
      errors: [{ line: 39, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app')}` }],
      output: VAR_HEAD + workload({ ns: 'var.namespace', tail: CANONICAL }),
    },
    {
      name: 'module called from two stacks, one enrolled: the finding names that caller and the fix is unsafe',
      path: 'modules/kubernetes/oauth2_proxy/main.tf',
      code: MODULE_HEAD + workload({ name: 'oauth2-proxy', ns: 'var.namespace', tail: KYVERNO_ONLY }),
      files: { 'stacks/changedetection/main.tf': caller('changedetection', true), 'stacks/n8n/main.tf': caller('n8n', false) },
      errors: [
        {
          line: 29,
          column: 5,
          message: `namespace \`changedetection\` (passed by module.oauth2_proxy in stacks/changedetection/main.tf) is Keel-enrolled: add to ignore_changes ${allLines('oauth2-proxy')}`,
          fix: 'unsafe',
          suggestion:
            'Add `metadata[0].annotations["keel.sh/policy"],` and the other missing lines in the order of the canonical block of AGENTS.md, each with its marker. The fix is unsafe: the module is also called with namespace `n8n` (module.oauth2_proxy in stacks/n8n/main.tf), which is not enrolled, and ignoring the image there stops Terraform from rolling out image bumps.',
        },
      ],
      output: null,
    },
    {
      name: 'module called from two stacks, one enrolled, with --unsafe-fixes',
      path: 'modules/kubernetes/oauth2_proxy/main.tf',
      unsafe: true,
      code: MODULE_HEAD + workload({ name: 'oauth2-proxy', ns: 'var.namespace', tail: KYVERNO_ONLY }),
      files: { 'stacks/changedetection/main.tf': caller('changedetection', true), 'stacks/n8n/main.tf': caller('n8n', false) },
      errors: [{ line: 29, column: 5, message: `namespace \`changedetection\` (passed by module.oauth2_proxy in stacks/changedetection/main.tf) is Keel-enrolled: add to ignore_changes ${allLines('oauth2-proxy')}`, fix: 'unsafe' }],
      output: MODULE_HEAD + workload({ name: 'oauth2-proxy', ns: 'var.namespace', tail: CANONICAL }),
    },
    {
      name: 'module called from two enrolled stacks: safe fix, both callers named',
      path: 'modules/kubernetes/oauth2_proxy/main.tf',
      code: MODULE_HEAD + workload({ name: 'oauth2-proxy', ns: 'var.namespace', tail: KYVERNO_ONLY }),
      files: { 'stacks/changedetection/main.tf': caller('changedetection', true), 'stacks/blog/main.tf': caller('blog', true) },
      errors: [
        {
          line: 29,
          column: 5,
          message: `namespaces \`blog\`, \`changedetection\` (passed by module.oauth2_proxy in stacks/blog/main.tf, module.oauth2_proxy in stacks/changedetection/main.tf) are Keel-enrolled: add to ignore_changes ${allLines('oauth2-proxy')}`,
          fix: 'safe',
        },
      ],
      output: MODULE_HEAD + workload({ name: 'oauth2-proxy', ns: 'var.namespace', tail: CANONICAL }),
    },
    {
      name: 'opted out by annotation: an info note suggesting the label',
      code: enrolledNs('apps') + workload({ type: 'kubernetes_stateful_set', name: 'uptime-kuma', meta: '    annotations = {\n      "keel.sh/policy" = "never"\n    }\n', tail: '\n  lifecycle {\n    prevent_destroy = true\n  }\n' }),
      errors: [
        {
          line: 15,
          column: 7,
          endColumn: 33,
          message: '`"keel.sh/policy" = "never"` as an annotation keeps Keel away (Kyverno only adds the annotation when it is absent), but the documented opt-out is the label: move it to metadata.labels',
          severity: 'info',
          fix: null,
          suggestion: 'Put `"keel.sh/policy" = "never"` in the labels of the stateful set\'s own metadata (the policy\'s exclude clause matches the label).',
        },
      ],
      output: null,
    },
    {
      name: 'opt-out label on the pod template: no effect, and the block is missing',
      code: enrolledNs('apps') + workload({ name: 'wallabag', podMeta: WALLABAG_POD_META, tail: KYVERNO_ONLY }),
      errors: [
        {
          line: 21,
          column: 11,
          message: '`"keel.sh/policy" = "never"` on the pod template has no effect: the opt-out label belongs on the deployment\'s own metadata, so Keel still manages this workload',
          severity: 'warn',
          fix: null,
        },
        { line: 35, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('wallabag')}`, severity: 'error', fix: 'safe' },
      ],
      output: enrolledNs('apps') + workload({ name: 'wallabag', podMeta: WALLABAG_POD_META, tail: CANONICAL }),
    },
    {
      name: 'keel.sh/enrolled on a deployment instead of its namespace',
      code: plainNs('apps') + workload({ name: 'linkwarden', meta: '    labels = {\n      app                = "linkwarden"\n      "keel.sh/enrolled" = "true"\n    }\n', tail: KYVERNO_ONLY }),
      errors: [
        {
          line: 15,
          column: 7,
          message: '`"keel.sh/enrolled" = "true"` on a deployment does nothing: Keel enrollment is a label of the namespace; set it on the namespace or remove it here',
          severity: 'warn',
          fix: null,
        },
      ],
      output: null,
    },
    {
      name: 'dynamic "container": a warning that the image lines cannot be verified',
      code: enrolledNs('apps') + workload({ name: 'runner', podExtra: DYNAMIC_SIDECAR, tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].container[1].image, # KEEL_IGNORE_IMAGE — dind\n')) }),
      errors: [
        {
          line: 29,
          column: 9,
          endColumn: 28,
          message: 'dynamic "container" makes the number of containers unknown: the `container[N].image` lines in ignore_changes cannot be verified; list one per container it can produce, tagged `# KEEL_IGNORE_IMAGE`',
          severity: 'warn',
          fix: null,
        },
      ],
      output: null,
    },
    {
      name: 'dynamic "container" after a static one whose line is missing',
      code: enrolledNs('apps') + workload({ name: 'runner', podExtra: DYNAMIC_SIDECAR, tail: list(CANONICAL_LINES.replace('      spec[0].template[0].spec[0].container[0].image, # KEEL_IGNORE_IMAGE — Keel manages tag updates\n', '')) }),
      errors: [
        { line: 29, column: 9, message: /^dynamic "container" makes the number of containers unknown/, severity: 'warn' },
        { line: 41, column: 5, message: 'namespace `apps` is Keel-enrolled: add to ignore_changes `spec[0].template[0].spec[0].container[0].image` (container `runner`)' },
      ],
      output: enrolledNs('apps') + workload({ name: 'runner', podExtra: DYNAMIC_SIDECAR, tail: CANONICAL }),
    },
    {
      name: 'one-line list with extra user entries and a comment',
      code: enrolledNs('apps') + workload({ tail: '\n  lifecycle {\n    ignore_changes = [spec[0].replicas, spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1\n  }\n' }),
      errors: [{ line: 34, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app')}` }],
      output: enrolledNs('apps') + workload({ tail: list(`      spec[0].replicas,\n${CANONICAL_LINES}`) }),
    },
    {
      name: 'one-line list without the Kyverno marker keeps its comment on the last entry',
      code: enrolledNs('apps') + workload({ tail: '\n  lifecycle {\n    ignore_changes = [spec[0].replicas] # the HPA owns replicas\n  }\n' }),
      errors: [{ line: 34, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app')}` }],
      output: enrolledNs('apps') + workload({ tail: list(`      spec[0].replicas, # the HPA owns replicas\n${CANONICAL_LINES.replace(`      ${DNS}\n`, '')}`) }),
    },
    {
      name: 'list opened on the first entry\'s line: rewritten one entry per line',
      code: enrolledNs('apps') + workload({ tail: '\n  lifecycle {\n    ignore_changes = [spec[0].replicas,\n      spec[0].template[0].spec[0].dns_config] # KYVERNO_LIFECYCLE_V1\n  }\n' }),
      errors: [{ line: 34, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app')}` }],
      output: enrolledNs('apps') + workload({ tail: list(`      spec[0].replicas,\n${CANONICAL_LINES}`) }),
    },
    {
      name: 'labels merged from a local without the opt-out',
      code: enrolledNs('apps') + 'locals {\n  labels = { app = "web" }\n}\n\n' + workload({ meta: '    labels = merge(local.labels, { team = "a" })\n', tail: KYVERNO_ONLY }),
      errors: [{ line: 39, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app')}` }],
      output: enrolledNs('apps') + 'locals {\n  labels = { app = "web" }\n}\n\n' + workload({ meta: '    labels = merge(local.labels, { team = "a" })\n', tail: CANONICAL }),
    },
    {
      name: 'one-line list with every line but no markers',
      code:
        enrolledNs('apps') +
        workload({
          tail: `\n  lifecycle {\n    ignore_changes = [spec[0].template[0].spec[0].dns_config, metadata[0].annotations["keel.sh/policy"], metadata[0].annotations["keel.sh/trigger"], metadata[0].annotations["keel.sh/pollSchedule"], metadata[0].annotations["keel.sh/match-tag"], spec[0].template[0].spec[0].container[0].image, metadata[0].annotations["kubernetes.io/change-cause"], metadata[0].annotations["deployment.kubernetes.io/revision"], spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]] # KYVERNO_LIFECYCLE_V1\n  }\n`,
        }),
      errors: [
        { line: 34, column: 150, message: 'tag the `metadata[0].annotations["keel.sh/pollSchedule"]` line with `# KYVERNO_LIFECYCLE_V2` (the Keel control annotations Kyverno injects)', fix: 'safe' },
        { line: 34, column: 245, message: 'tag the `spec[0].template[0].spec[0].container[0].image` line with `# KEEL_IGNORE_IMAGE` (container `app`)', fix: 'safe' },
        { line: 34, column: 410, message: 'tag the `spec[0].template[0].metadata[0].annotations["keel.sh/update-time"]` line with `# KEEL_LIFECYCLE_V1` (the annotations every Keel update restamps)', fix: 'safe' },
      ],
      output: enrolledNs('apps') + workload({ tail: CANONICAL }),
    },
    {
      name: 'multi-line list with user entries and comments: the Keel lines go after dns_config, the rest stays',
      code: enrolledNs('apps') + workload({ name: 'linkwarden', tail: list(`${LINKWARDEN_HEAD}      ${DNS}\n${LINKWARDEN_TAIL}`) }),
      errors: [{ line: 34, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('linkwarden')}` }],
      output: enrolledNs('apps') + workload({ name: 'linkwarden', tail: list(`${LINKWARDEN_HEAD}${CANONICAL_LINES}${LINKWARDEN_TAIL}`) }),
    },
    {
      name: 'lifecycle with prevent_destroy only, stateful set v1: ignore_changes added with its = aligned',
      code: enrolledNs('apps') + workload({ type: 'kubernetes_stateful_set_v1', name: 'db', tail: '\n  lifecycle {\n    prevent_destroy = true\n  }\n' }),
      errors: [{ line: 33, column: 3, message: `namespace \`apps\` is Keel-enrolled: add ignore_changes to the lifecycle block with ${allLines('db')}` }],
      output:
        enrolledNs('apps') +
        workload({ type: 'kubernetes_stateful_set_v1', name: 'db', tail: `\n  lifecycle {\n    prevent_destroy = true\n    ignore_changes  = [\n${CANONICAL_LINES.replace(`      ${DNS}\n`, '')}    ]\n  }\n` }),
    },
    {
      name: 'deprecated kubernetes_daemonset spelling, block missing',
      code: enrolledNs('apps') + workload({ type: 'kubernetes_daemonset', name: 'bluetooth-proxy', tail: KYVERNO_ONLY }),
      errors: [{ line: 34, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('bluetooth-proxy')}` }],
      output: enrolledNs('apps') + workload({ type: 'kubernetes_daemonset', name: 'bluetooth-proxy', tail: CANONICAL }),
    },
    {
      name: 'the resource sets pollSchedule itself and the V2 marker is missing: it goes on the trigger line',
      code: enrolledNs('apps') + workload({ meta: POLL_ANNOTATION, tail: list(CANONICAL_LINES.replace('      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2\n', '')) }),
      errors: [{ line: 40, column: 7, message: 'tag the `metadata[0].annotations["keel.sh/trigger"]` line with `# KYVERNO_LIFECYCLE_V2` (the Keel control annotations Kyverno injects)' }],
      output:
        enrolledNs('apps') +
        workload({
          meta: POLL_ANNOTATION,
          tail: list(CANONICAL_LINES.replace('      metadata[0].annotations["keel.sh/pollSchedule"], # KYVERNO_LIFECYCLE_V2\n', '').replace('["keel.sh/trigger"],', '["keel.sh/trigger"], # KYVERNO_LIFECYCLE_V2')),
        }),
    },
    {
      name: 'the resource sets keel.sh/policy itself: the policy line is not required',
      code: enrolledNs('apps') + workload({ meta: POLICY_ANNOTATION, tail: KYVERNO_ONLY }),
      errors: [{ line: 37, column: 5, message: `namespace \`apps\` is Keel-enrolled: add to ignore_changes ${allLines('app').replace('`metadata[0].annotations["keel.sh/policy"]`, ', '')}` }],
      output: enrolledNs('apps') + workload({ meta: POLICY_ANNOTATION, tail: list(CANONICAL_LINES.replace('      metadata[0].annotations["keel.sh/policy"],\n', '')) }),
    },
    {
      name: 'a removed container and a missing init container together',
      code: enrolledNs('apps') + workload({ inits: ['migrate'], tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].container[1].image, # KEEL_IGNORE_IMAGE — old sidecar\n')) }),
      errors: [
        { line: 38, column: 5, message: 'namespace `apps` is Keel-enrolled: add to ignore_changes `spec[0].template[0].spec[0].init_container[0].image` (init container `migrate`)' },
        { line: 45, column: 7, message: 'remove `spec[0].template[0].spec[0].container[1].image` from ignore_changes: the pod template has 1 container, so container index 1 does not exist' },
      ],
      output: enrolledNs('apps') + workload({ inits: ['migrate'], tail: list(CANONICAL_LINES.replace('Keel manages tag updates\n', 'Keel manages tag updates\n      spec[0].template[0].spec[0].init_container[0].image, # KEEL_IGNORE_IMAGE — migrate\n')) }),
    },
  ],
};

new RuleTester().run(keelLifecycle, cases);
