import { RuleTester, type RuleTestCases } from '../../src/engine/rule-tester.js';
import { kyvernoLifecycle } from '../../rules/kyverno-lifecycle.js';

const POD = 'spec[0].template[0].spec[0].dns_config';
const CRON = 'spec[0].job_template[0].spec[0].template[0].spec[0].dns_config';
const MARK = '# KYVERNO_LIFECYCLE_V1';
const DRIFT = 'so the dns_config Kyverno injects into every pod does not show as drift';
const POLICY = 'metadata[0].annotations["keel.sh/policy"]';
const TRIGGER = 'metadata[0].annotations["keel.sh/trigger"]';
const POLL = 'metadata[0].annotations["keel.sh/pollSchedule"]';

/** A pod-owning resource whose body ends with `tail` (the lifecycle part, each line indented by two spaces). */
function podOwner(type: string, name: string, tail: string): string {
  return `resource "${type}" "${name}" {
  metadata {
    name      = "${name}"
    namespace = "apps"
  }

  spec {
    template {
      metadata {}
      spec {
        container {
          name  = "${name}"
          image = "nginx:1.27"
        }
      }
    }
  }
${tail}}
`;
}

function cronJob(type: string, name: string, tail: string): string {
  return `resource "${type}" "${name}" {
  metadata {
    name      = "${name}"
    namespace = "apps"
  }

  spec {
    schedule = "0 3 * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            container {
              name  = "${name}"
              image = "postgres:16"
            }
          }
        }
      }
    }
  }
${tail}}
`;
}

const lifecycle = (inner: string): string => `\n  lifecycle {\n${inner}  }\n`;
const canonicalOneLine = lifecycle(`    ignore_changes = [${POD}] ${MARK}\n`);

const cases: RuleTestCases = {
  valid: [
    { name: 'canonical one-line list on a deployment', code: podOwner('kubernetes_deployment', 'web', canonicalOneLine) },
    { name: 'kubernetes_deployment_v1', code: podOwner('kubernetes_deployment_v1', 'web', canonicalOneLine) },
    { name: 'plain stateful set', code: podOwner('kubernetes_stateful_set', 'db', canonicalOneLine) },
    { name: 'plain daemon set', code: podOwner('kubernetes_daemon_set', 'agent', canonicalOneLine) },
    { name: 'deprecated kubernetes_daemonset spelling', code: podOwner('kubernetes_daemonset', 'node_exporter', canonicalOneLine) },
    {
      name: 'stateful set v1 with prevent_destroy beside ignore_changes',
      code: podOwner('kubernetes_stateful_set_v1', 'postgresql', lifecycle(`    prevent_destroy = true\n    ignore_changes  = [${POD}] ${MARK}\n`)),
    },
    { name: 'cron job v1 with the job_template path', code: cronJob('kubernetes_cron_job_v1', 'backup', lifecycle(`    ignore_changes = [${CRON}] ${MARK}\n`)) },
    {
      name: 'cron job with a multi-line list',
      code: cronJob('kubernetes_cron_job_v1', 'refresh', lifecycle(`    ignore_changes = [\n      ${CRON}, ${MARK}\n    ]\n`)),
    },
    {
      name: 'the marker above ignore_changes, inside the lifecycle block (default placement)',
      code: podOwner('kubernetes_deployment_v1', 'cloudflared', lifecycle(`    # KYVERNO_LIFECYCLE_V1: Kyverno injects dns_config (ndots=2) on every pod\n    ignore_changes = [${POD}]\n`)),
    },
    {
      name: 'cron job with the marker on its own line above a multi-line ignore_changes',
      code: cronJob('kubernetes_cron_job_v1', 'previews', lifecycle(`    ${MARK}\n    ignore_changes = [\n      ${CRON},\n    ]\n`)),
    },
    { name: 'ignore_changes = all', code: podOwner('kubernetes_daemon_set_v1', 'promtail', lifecycle('    ignore_changes = all\n')) },
    {
      name: 'list with extra user entries and # and // comments',
      code: podOwner(
        'kubernetes_deployment',
        'linkwarden',
        lifecycle(`    ignore_changes = [\n      # replicas are managed by the HPA below\n      spec[0].replicas,\n      ${POD}, ${MARK}\n      metadata[0].annotations["reloader.stakater.com/last-reloaded-from"], // set by reloader\n    ]\n`),
      ),
    },
    {
      name: 'the full Keel block',
      code: podOwner(
        'kubernetes_deployment',
        'blog',
        lifecycle(
          `    ignore_changes = [\n      ${POD}, ${MARK}\n      ${POLICY},\n      ${TRIGGER},\n      ${POLL}, # KYVERNO_LIFECYCLE_V2\n      metadata[0].annotations["keel.sh/match-tag"],\n      spec[0].template[0].spec[0].container[0].image, # KEEL_IGNORE_IMAGE — Keel manages tag updates\n      metadata[0].annotations["kubernetes.io/change-cause"],\n      metadata[0].annotations["deployment.kubernetes.io/revision"],\n      spec[0].template[0].metadata[0].annotations["keel.sh/update-time"], # KEEL_LIFECYCLE_V1\n    ]\n`,
        ),
      ),
    },
    { name: 'a resource in a shared module', path: 'modules/kubernetes/oauth2_proxy/main.tf', code: podOwner('kubernetes_deployment', 'oauth2_proxy', canonicalOneLine) },
    { name: 'kubernetes_job_v1 is not in the default list', code: podOwner('kubernetes_job_v1', 'import_history', '') },
    { name: 'resources that own no pods are ignored', code: 'resource "kubernetes_service" "web" {\n  metadata {\n    name = "web"\n  }\n}\n' },
    {
      name: 'same-line placement accepts the canonical form',
      options: { markerPlacement: 'same-line' },
      code: podOwner('kubernetes_deployment', 'web', canonicalOneLine),
    },
  ],
  invalid: [
    {
      name: 'lifecycle block missing',
      code: podOwner('kubernetes_deployment', 'speedtest_tracker', ''),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 53, message: `no lifecycle block: add one with \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}`, fix: 'safe', suggestion: `Add \`ignore_changes = [${POD}] ${MARK}\` inside a new \`lifecycle { }\` block at the end of the resource.` }],
      output: podOwner('kubernetes_deployment', 'speedtest_tracker', canonicalOneLine),
    },
    {
      name: 'lifecycle block missing in a CRLF file',
      code: podOwner('kubernetes_deployment', 'speedtest_tracker', '').replace(/\n/g, '\r\n'),
      errors: [{ line: 1, column: 1, message: `no lifecycle block: add one with \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment', 'speedtest_tracker', canonicalOneLine).replace(/\n/g, '\r\n'),
    },
    {
      name: 'lifecycle block missing on a cron job v1',
      code: cronJob('kubernetes_cron_job_v1', 'backup', ''),
      errors: [{ line: 1, column: 1, message: `no lifecycle block: add one with \`ignore_changes = [${CRON}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: cronJob('kubernetes_cron_job_v1', 'backup', lifecycle(`    ignore_changes = [${CRON}] ${MARK}\n`)),
    },
    {
      name: 'lifecycle block missing in a nested module',
      path: 'stacks/platform/modules/wireguard/main.tf',
      code: podOwner('kubernetes_deployment_v1', 'wireguard', ''),
      errors: [{ line: 1, column: 1, message: `no lifecycle block: add one with \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment_v1', 'wireguard', canonicalOneLine),
    },
    {
      name: 'lifecycle without ignore_changes (prevent_destroy only): added with its = aligned',
      code: podOwner('kubernetes_stateful_set', 'uptime_kuma', lifecycle('    prevent_destroy = true\n')),
      errors: [{ line: 19, column: 3, endColumn: 12, message: `lifecycle has no ignore_changes: add \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}`, suggestion: `Add \`ignore_changes = [${POD}] ${MARK}\` to the lifecycle block.` }],
      output: podOwner('kubernetes_stateful_set', 'uptime_kuma', lifecycle(`    prevent_destroy = true\n    ignore_changes  = [${POD}] ${MARK}\n`)),
    },
    {
      name: 'empty lifecycle block',
      code: podOwner('kubernetes_daemon_set', 'agent', lifecycle('')),
      errors: [{ line: 19, column: 3, message: `lifecycle has no ignore_changes: add \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_daemon_set', 'agent', canonicalOneLine),
    },
    {
      name: 'one-line lifecycle block',
      code: podOwner('kubernetes_deployment', 'web', '\n  lifecycle { create_before_destroy = true }\n'),
      errors: [{ line: 19, column: 3, message: `lifecycle has no ignore_changes: add \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment', 'web', lifecycle(`    create_before_destroy = true\n    ignore_changes        = [${POD}] ${MARK}\n`)),
    },
    {
      name: 'one-line list without the path stays one line',
      code: podOwner('kubernetes_deployment', 'idrac_exporter', lifecycle('    ignore_changes = [spec[0].replicas]\n')),
      errors: [{ line: 20, column: 5, endColumn: 19, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}`, suggestion: `Add \`${POD}\` to the list and end the line with \`${MARK}\`.` }],
      output: podOwner('kubernetes_deployment', 'idrac_exporter', lifecycle(`    ignore_changes = [spec[0].replicas, ${POD}] ${MARK}\n`)),
    },
    {
      name: 'empty one-line list',
      code: podOwner('kubernetes_stateful_set_v1', 'db', lifecycle('    ignore_changes = []\n')),
      errors: [{ line: 20, column: 5, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_stateful_set_v1', 'db', canonicalOneLine),
    },
    {
      name: 'one-line list with a comment that is not the marker: the marker joins the comment',
      code: podOwner('kubernetes_deployment', 'web', lifecycle('    ignore_changes = [spec[0].replicas] # HPA owns replicas\n')),
      errors: [{ line: 20, column: 5, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [spec[0].replicas, ${POD}] ${MARK} — HPA owns replicas\n`)),
    },
    {
      name: 'multi-line list with user entries and comments gets a new line at the end',
      code: podOwner(
        'kubernetes_deployment',
        'linkwarden',
        lifecycle(`    ignore_changes = [\n      # replicas are managed by the HPA below\n      spec[0].replicas,\n      metadata[0].annotations["reloader.stakater.com/last-reloaded-from"] // set by reloader\n    ]\n`),
      ),
      errors: [{ line: 20, column: 5, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}`, suggestion: `Add the line \`${POD}, ${MARK}\` to the list.` }],
      output: podOwner(
        'kubernetes_deployment',
        'linkwarden',
        lifecycle(`    ignore_changes = [\n      # replicas are managed by the HPA below\n      spec[0].replicas,\n      metadata[0].annotations["reloader.stakater.com/last-reloaded-from"], // set by reloader\n      ${POD}, ${MARK}\n    ]\n`),
      ),
    },
    {
      name: 'list opened on the first entry\'s line and closed on its own line gets a new line',
      code: podOwner('kubernetes_deployment', 'web', lifecycle('    ignore_changes = [spec[0].replicas,\n      spec[0].strategy,\n    ]\n')),
      errors: [{ line: 20, column: 5, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [spec[0].replicas,\n      spec[0].strategy,\n      ${POD}, ${MARK}\n    ]\n`)),
    },
    {
      name: 'Keel lines present, dns_config missing: it goes before the first Keel line',
      code: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [\n      spec[0].replicas,\n      ${POLICY},\n      ${TRIGGER},\n      ${POLL}, # KYVERNO_LIFECYCLE_V2\n    ]\n`)),
      errors: [{ line: 20, column: 5, message: `add \`${POD}\` to ignore_changes, tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [\n      spec[0].replicas,\n      ${POD}, ${MARK}\n      ${POLICY},\n      ${TRIGGER},\n      ${POLL}, # KYVERNO_LIFECYCLE_V2\n    ]\n`)),
    },
    {
      name: 'path present, marker missing (one-line list)',
      code: podOwner('kubernetes_deployment', 'blackbox_exporter', lifecycle(`    ignore_changes = [${POD}]\n`)),
      errors: [{ line: 20, column: 23, endColumn: 61, message: `tag \`${POD}\` with \`${MARK}\` on its line so the site stays greppable`, suggestion: `End the line with \`${MARK}\`.` }],
      output: podOwner('kubernetes_deployment', 'blackbox_exporter', canonicalOneLine),
    },
    {
      name: 'path present, marker missing (multi-line list, the line has another comment)',
      code: podOwner('kubernetes_daemon_set', 'smartctl', lifecycle(`    ignore_changes = [\n      spec[0].replicas,\n      ${POD}, # Kyverno\n    ]\n`)),
      errors: [{ line: 22, column: 7, message: `tag \`${POD}\` with \`${MARK}\` on its line so the site stays greppable` }],
      output: podOwner('kubernetes_daemon_set', 'smartctl', lifecycle(`    ignore_changes = [\n      spec[0].replicas,\n      ${POD}, ${MARK} — Kyverno\n    ]\n`)),
    },
    {
      name: 'deprecated kubernetes_cron_job with the deployment path',
      code: cronJob('kubernetes_cron_job', 'backup', canonicalOneLine),
      errors: [{ line: 26, column: 23, message: `\`${POD}\` is not the pod template of a cron job: use \`${CRON}\``, suggestion: `Replace it with \`${CRON}\`.` }],
      output: cronJob('kubernetes_cron_job', 'backup', lifecycle(`    ignore_changes = [${CRON}] ${MARK}\n`)),
    },
    {
      name: 'deployment with the cron job path',
      code: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [${CRON}] ${MARK}\n`)),
      errors: [{ line: 20, column: 23, message: `\`${CRON}\` is not the pod template of a deployment: use \`${POD}\`` }],
      output: podOwner('kubernetes_deployment', 'web', canonicalOneLine),
    },
    {
      name: 'wrong path and no marker: two findings, both fixed',
      code: cronJob('kubernetes_cron_job_v1', 'backup', lifecycle(`    ignore_changes = [\n      ${POD},\n    ]\n`)),
      errors: [
        { line: 27, column: 7, message: `\`${POD}\` is not the pod template of a cron job: use \`${CRON}\`` },
        { line: 27, column: 7, message: `tag \`${POD}\` with \`${MARK}\` on its line so the site stays greppable` },
      ],
      output: cronJob('kubernetes_cron_job_v1', 'backup', lifecycle(`    ignore_changes = [\n      ${CRON}, ${MARK}\n    ]\n`)),
    },
    {
      name: 'both paths present: the wrong one is reported without a fix',
      code: podOwner('kubernetes_deployment', 'web', lifecycle(`    ignore_changes = [\n      ${POD}, ${MARK}\n      ${CRON},\n    ]\n`)),
      errors: [{ line: 22, column: 7, message: `\`${CRON}\` is not the pod template of a deployment: remove it`, fix: null }],
      output: null,
    },
    {
      name: 'extraKinds adds kubernetes_job_v1',
      options: { extraKinds: ['kubernetes_job_v1'] },
      code: podOwner('kubernetes_job_v1', 'import_history', ''),
      errors: [{ line: 1, column: 1, message: `no lifecycle block: add one with \`ignore_changes = [${POD}]\` tagged \`${MARK}\`, ${DRIFT}` }],
      output: podOwner('kubernetes_job_v1', 'import_history', canonicalOneLine),
    },
    {
      name: 'same-line placement: the marker above ignore_changes moves onto the path line',
      options: { markerPlacement: 'same-line' },
      code: podOwner('kubernetes_deployment_v1', 'cloudflared', lifecycle(`    # KYVERNO_LIFECYCLE_V1: Kyverno injects dns_config (ndots=2) on every pod\n    ignore_changes = [${POD}]\n`)),
      errors: [{ line: 21, column: 23, message: `move \`${MARK}\` onto the \`${POD}\` line (markerPlacement: same-line)`, suggestion: `End the line with \`${MARK}\` and remove the marker comment from line 20.` }],
      output: podOwner('kubernetes_deployment_v1', 'cloudflared', lifecycle(`    ignore_changes = [${POD}] # KYVERNO_LIFECYCLE_V1: Kyverno injects dns_config (ndots=2) on every pod\n`)),
    },
    {
      name: 'same-line placement: a bare marker above a multi-line list moves onto the path line',
      options: { markerPlacement: 'same-line' },
      code: cronJob('kubernetes_cron_job_v1', 'previews', lifecycle(`    ${MARK}\n    ignore_changes = [\n      ${CRON},\n    ]\n`)),
      errors: [{ line: 28, column: 7, message: `move \`${MARK}\` onto the \`${CRON}\` line (markerPlacement: same-line)` }],
      output: cronJob('kubernetes_cron_job_v1', 'previews', lifecycle(`    ignore_changes = [\n      ${CRON}, ${MARK}\n    ]\n`)),
    },
    {
      name: 'ignore_changes that is not a list',
      code: podOwner('kubernetes_deployment', 'web', lifecycle('    ignore_changes = local.ignored\n')),
      errors: [{ line: 20, column: 22, message: `ignore_changes must be a list that contains \`${POD}\` (tagged \`${MARK}\`), or \`all\``, fix: null }],
      output: null,
    },
  ],
};

new RuleTester().run(kyvernoLifecycle, cases);
