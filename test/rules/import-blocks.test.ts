import { describe, expect, it } from 'vitest';
import { RuleTester, type InvalidCase, type TestCaseBase } from '../../src/engine/rule-tester.js';
import type { Rule } from '../../src/engine/types.js';
import { importBlocks } from '../../rules/import-blocks.js';
import { importCommandsIn } from '../../rules/_import-sources.js';

const rule = importBlocks as unknown as Rule;

/** The message of a CLI import command found in `where`. */
const runs = (where: string, command: string): string =>
  `${where} runs \`${command}\`, which changes state with no review or audit trail; write an \`import {}\` block in the stack instead`;

/** The suggestion: the import block to write instead, and where. */
const write = (to: string, id: string, stack = 'the stack'): string =>
  `write \`import {\n  to = ${to}\n  id = "${id}"\n}\` in a .tf file of ${stack}, run scripts/tg plan until it shows 0 changes, then scripts/tg apply, and delete the block in a follow-up commit`;

const SCRIPT = 'scripts/adopt.sh';

const KURED = `resource "kubernetes_namespace_v1" "kured" {
  metadata {
    name = "kured"
  }
}

resource "helm_release" "kured" {
  name       = "kured"
  namespace  = kubernetes_namespace_v1.kured.metadata[0].name
  repository = "https://kubereboot.github.io/charts/"
  chart      = "kured"
}
`;

const COREDNS = `resource "kubernetes_deployment_v1" "coredns" {
  metadata {
    name      = "coredns"
    namespace = "kube-system"
  }
}
`;

/** A stack whose main.tf declares `resources`, with the import block under test in imports.tf. */
function inStack(name: string, code: string, resources: string, extra: Partial<TestCaseBase> = {}): TestCaseBase {
  return { name, code, path: 'stacks/app/imports.tf', files: { 'stacks/app/main.tf': resources }, ...extra };
}

function invalidInStack(name: string, code: string, resources: string, rest: Omit<InvalidCase, 'name' | 'code'>): InvalidCase {
  return { name, code, path: 'stacks/app/imports.tf', files: { 'stacks/app/main.tf': resources }, ...rest };
}

const commandsValid: TestCaseBase[] = [
  { name: 'plan and apply through scripts/tg', path: SCRIPT, code: 'cd stacks/kured\n../../scripts/tg plan\n../../scripts/tg apply --non-interactive\n' },
  { name: 'a commented-out import command', path: SCRIPT, code: '#!/bin/bash\n# terraform import helm_release.kured kured/kured\n  # scripts/tg import a.b c\n' },
  { name: 'the command inside a quoted echo argument', path: SCRIPT, code: 'echo "run terraform import helm_release.x ns/x by hand"\necho \'tg import a.b c\'\n' },
  { name: 'grep for the words', path: SCRIPT, code: "grep -rn 'terraform import' docs/\n" },
  { name: 'import help', path: SCRIPT, code: 'terraform import -help\nterragrunt import --help\n' },
  { name: 'other subcommands', path: SCRIPT, code: 'terraform state mv a.b c.d\nterraform importer x\nterragrunt run --all --non-interactive -- apply -auto-approve\n' },
  { name: 'import as an argument of another tool', path: SCRIPT, code: 'python3 -c "import json"\ngo run ./cmd import a b\n' },
  { name: 'a heredoc body is data', path: SCRIPT, code: 'cat > notes.txt <<EOF\nterraform import a.b c\nEOF\necho done\n' },
  { name: 'the scripts/tg wrapper itself', path: 'scripts/tg', code: '#!/usr/bin/env bash\nset -euo pipefail\nexport TG_PROVIDER_CACHE=1\nexec terragrunt "$@"\n' },
  { name: 'a text file is not shell', path: 'notes.txt', code: 'terraform import helm_release.kured kured/kured\n' },
  {
    name: 'Makefile: comment, variable and non-recipe lines',
    path: 'Makefile',
    code: '# terraform import is banned\nIMPORT_HINT = terraform import a.b c\n\nplan:\n\t../../scripts/tg plan\n',
  },
  { name: 'Makefile: a tab line before any rule', path: 'Makefile', code: '\tterraform import a.b c\n' },
  {
    name: 'YAML: a step named after the command and a commented item',
    path: '.woodpecker/adopt.yml',
    code: 'steps:\n  - name: terraform import\n    image: alpine\n    commands:\n      # - terraform import a.b c\n      - terraform plan\n',
  },
  { name: 'YAML: import words in a non-shell key', path: '.woodpecker/plan.yml', code: 'steps:\n  - name: plan\n    environment:\n      NOTE: terraform import a.b c\n    commands: [ "tg plan" ]\n' },
  { name: 'Dockerfile: comment and label', path: 'Dockerfile', code: 'FROM alpine\n# RUN terraform import a.b c\nLABEL note="terraform import"\nRUN terraform init\n' },
  {
    name: 'Markdown: prose, inline code and an hcl fence',
    path: 'docs/adopting.md',
    code: 'Do NOT use `terraform import` on the CLI.\nterraform import a.b c is banned.\n\n```hcl\nimport {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n```\n',
  },
  { name: 'Markdown: a bash fence with only plan', path: 'docs/adopting.md', code: '```bash\ncd stacks/kured\n../../scripts/tg plan\n```\n' },
  { name: 'Markdown: a bash fence with a commented command', path: 'docs/adopting.md', code: '```bash\n# terraform import a.b c\n```\n' },
  { name: 'Markdown: a text fence and a fence without info string or prompt', path: 'docs/adopting.md', code: '```text\nterraform import a.b c\n```\n\n```\nterraform import a.b c\n```\n' },
  { name: 'Markdown: console output that mentions the command', path: 'docs/adopting.md', code: '```console\n$ terraform plan\nterraform import a.b c\n```\n' },
  {
    name: "AGENTS.md's own warning",
    path: 'AGENTS.md',
    code: 'Adopting Existing Resources — Use import {} Blocks, Not the CLI\n\nWhen bringing a live resource under Terraform management, use an HCL import {} block (Terraform 1.5+). Do NOT use terraform import on the CLI for anything landing in this repo.\n\n  3. scripts/tg plan — every change it proposes is real divergence.\n',
  },
];

const commandsInvalid: InvalidCase[] = [
  {
    name: 'shell: terraform import fills in the block',
    path: SCRIPT,
    code: '#!/bin/bash\nterraform import helm_release.kured kured/kured\n',
    errors: [{ line: 2, column: 1, endLine: 2, endColumn: 48, message: runs('This script', 'terraform import helm_release.kured'), suggestion: write('helm_release.kured', 'kured/kured') }],
    output: null,
  },
  {
    name: 'shell: terragrunt import with quoted arguments',
    path: SCRIPT,
    code: "terragrunt import 'kubernetes_namespace_v1.kured' \"kured\"\n",
    errors: [{ line: 1, column: 1, endColumn: 58, message: runs('This script', 'terragrunt import kubernetes_namespace_v1.kured'), suggestion: write('kubernetes_namespace_v1.kured', 'kured') }],
    output: null,
  },
  {
    name: 'shell: tg, scripts/tg and ../../scripts/tg',
    path: SCRIPT,
    code: 'tg import a.b c\nscripts/tg import a.b c\n../../scripts/tg import a.b c\n/usr/local/bin/terraform import a.b c\n',
    errors: [
      { line: 1, column: 1, message: runs('This script', 'tg import a.b') },
      { line: 2, column: 1, message: runs('This script', 'scripts/tg import a.b') },
      { line: 3, column: 1, message: runs('This script', '../../scripts/tg import a.b') },
      { line: 4, column: 1, message: runs('This script', '/usr/local/bin/terraform import a.b') },
    ],
    output: null,
  },
  {
    name: 'shell: line continuations',
    path: SCRIPT,
    code: 'terraform \\\n  import \\\n  helm_release.kured \\\n  kured/kured\n',
    errors: [{ line: 1, column: 1, endLine: 4, endColumn: 14, message: runs('This script', 'terraform import helm_release.kured'), suggestion: write('helm_release.kured', 'kured/kured') }],
    output: null,
  },
  {
    name: 'shell: && and ; chains, cd sets the stack',
    path: SCRIPT,
    code: 'cd stacks/kured && terraform import helm_release.kured kured/kured\necho start; tg import a.b c || exit 1\n',
    errors: [
      { line: 1, column: 20, message: runs('This script', 'terraform import helm_release.kured'), suggestion: write('helm_release.kured', 'kured/kured', 'stacks/kured') },
      { line: 2, column: 13, endColumn: 28, message: runs('This script', 'tg import a.b'), suggestion: write('a.b', 'c', 'stacks/kured') },
    ],
    output: null,
  },
  {
    name: 'shell: sudo, env and assignment prefixes',
    path: SCRIPT,
    code: 'sudo -E -u ops terraform import a.b c\nenv -i TF_LOG=debug terragrunt import a.b c\nTF_LOG=debug KUBECONFIG=x tg import a.b c\n',
    errors: [
      { line: 1, column: 16, message: runs('This script', 'terraform import a.b') },
      { line: 2, column: 21, message: runs('This script', 'terragrunt import a.b') },
      { line: 3, column: 27, message: runs('This script', 'tg import a.b') },
    ],
    output: null,
  },
  {
    name: 'shell: -chdir and --terragrunt-working-dir name the stack',
    path: SCRIPT,
    code: 'terraform -chdir=stacks/kured import helm_release.kured kured/kured\nterragrunt --terragrunt-working-dir stacks/dns import cloudflare_record.a z/r\nterragrunt --working-dir=stacks/web --non-interactive import a.b c\n',
    errors: [
      { line: 1, column: 1, message: runs('This script', 'terraform import helm_release.kured'), suggestion: write('helm_release.kured', 'kured/kured', 'stacks/kured') },
      { line: 2, column: 1, message: runs('This script', 'terragrunt import cloudflare_record.a'), suggestion: write('cloudflare_record.a', 'z/r', 'stacks/dns') },
      { line: 3, column: 1, message: runs('This script', 'terragrunt import a.b'), suggestion: write('a.b', 'c', 'stacks/web') },
    ],
    output: null,
  },
  {
    name: 'shell: terragrunt run -- import',
    path: SCRIPT,
    code: 'terragrunt run --non-interactive -- import a.b c\nscripts/tg run-all import a.b c\n',
    errors: [
      { line: 1, column: 1, message: runs('This script', 'terragrunt import a.b') },
      { line: 2, column: 1, message: runs('This script', 'scripts/tg import a.b') },
    ],
    output: null,
  },
  {
    name: 'shell: import flags before the arguments',
    path: SCRIPT,
    code: "terraform import -input=false -var 'region=eu' -lock=false helm_release.x ns/x\n",
    errors: [{ line: 1, column: 1, message: runs('This script', 'terraform import helm_release.x'), suggestion: write('helm_release.x', 'ns/x') }],
    output: null,
  },
  {
    name: 'shell: inside $(…), backticks, a subshell, if and bash -c',
    path: SCRIPT,
    code: 'out=$(terraform import a.b c)\nx=`tg import d.e f`\n(cd stacks/x && terraform import g.h i)\nif terragrunt import j.k l; then echo ok; fi\nbash -c \'terraform import m.n o\'\n',
    errors: [
      { line: 1, column: 7, message: runs('This script', 'terraform import a.b') },
      { line: 2, column: 4, message: runs('This script', 'tg import d.e') },
      { line: 3, column: 17, message: runs('This script', 'terraform import g.h'), suggestion: write('g.h', 'i', 'stacks/x') },
      { line: 4, column: 4, message: runs('This script', 'terragrunt import j.k') },
      { line: 5, column: 10, message: runs('This script', 'terraform import m.n') },
    ],
    output: null,
  },
  {
    name: 'shell: variables become placeholders',
    path: SCRIPT,
    code: 'cd "$(dirname "$0")/../stacks/${stack}"\nterraform import "helm_release.${release//-/_}" "${namespace}/$release"\n',
    errors: [{ line: 2, column: 1, message: runs('This script', 'terraform import helm_release.${release//-/_}'), suggestion: write('helm_release.<release>', '<namespace>/<release>', 'stacks/<stack>') }],
    output: null,
  },
  {
    name: 'shell: a script without extension, by its shebang',
    path: 'scripts/adopt',
    code: '#!/usr/bin/env bash\nset -e\nscripts/tg import helm_release.kured kured/kured\n',
    errors: [{ line: 3, column: 1, message: runs('This script', 'scripts/tg import helm_release.kured') }],
    output: null,
  },
  {
    name: 'Makefile: recipe line with cd and make variables',
    path: 'Makefile',
    code: 'STACK ?=\n\n.PHONY: adopt\n\n# Legacy\nadopt:\n\tcd stacks/$(STACK) && ../../scripts/tg import $(ADDR) $(ID)\n',
    errors: [{ line: 7, column: 24, endColumn: 61, message: runs('Target `adopt`', '../../scripts/tg import $(ADDR)'), suggestion: write('<ADDR>', '<ID>', 'stacks/<STACK>') }],
    output: null,
  },
  {
    name: 'Makefile: @ prefix, continuation, $$ and an inline recipe',
    path: 'Makefile',
    code: 'adopt:\n\t@terraform import \\\n\t  helm_release.x $$ID\nquick: deps ; tg import a.b c\n',
    errors: [
      { line: 2, column: 3, endLine: 3, endColumn: 23, message: runs('Target `adopt`', 'terraform import helm_release.x'), suggestion: write('helm_release.x', '<ID>') },
      { line: 4, column: 15, message: runs('Target `quick`', 'tg import a.b') },
    ],
    output: null,
  },
  {
    name: 'Woodpecker: terragrunt import in a step',
    path: '.woodpecker/adopt.yml',
    code: 'when:\n  - event: manual\n\nsteps:\n  - name: import\n    image: infra-ci\n    environment:\n      SOPS_AGE_KEY:\n        from_secret: sops_age_key\n    commands:\n      - cd "stacks/${STACK}"\n      - terragrunt import --non-interactive "${ADDRESS}" "${ID}"\n      - terragrunt plan --non-interactive\n',
    errors: [{ line: 12, column: 9, endColumn: 65, message: runs('CI step `import`', 'terragrunt import ${ADDRESS}'), suggestion: write('<ADDRESS>', '<ID>', 'stacks/<STACK>') }],
    output: null,
  },
  {
    name: 'Woodpecker: block scalar item, map-form step',
    path: '.woodpecker/adopt.yml',
    code: 'steps:\n  adopt:\n    image: infra-ci\n    commands:\n      - |\n        cd stacks/kured\n        ../../scripts/tg import \\\n          helm_release.kured kured/kured\n',
    errors: [{ line: 7, column: 9, endLine: 8, endColumn: 41, message: runs('CI step `adopt`', '../../scripts/tg import helm_release.kured'), suggestion: write('helm_release.kured', 'kured/kured', 'stacks/kured') }],
    output: null,
  },
  {
    name: 'GitHub Actions run block and GitLab script list',
    path: '.github/workflows/adopt.yml',
    code: 'jobs:\n  adopt:\n    steps:\n      - name: Adopt\n        run: |\n          terraform -chdir=stacks/a import a.b c\n      - run: tg import d.e f # legacy\nadopt-gitlab:\n  script:\n    - terragrunt import g.h i\n',
    errors: [
      { line: 6, column: 11, message: runs('CI step `Adopt`', 'terraform import a.b'), suggestion: write('a.b', 'c', 'stacks/a') },
      { line: 7, column: 14, endColumn: 29, message: runs('This `run:` value', 'tg import d.e') },
      { line: 10, column: 7, message: runs('CI step `adopt-gitlab`', 'terragrunt import g.h') },
    ],
    output: null,
  },
  {
    name: 'YAML: flow sequence and quoted scalar',
    path: '.drone.yml',
    code: 'steps:\n  - name: a\n    commands: [ "echo hi", "terraform import a.b c" ]\n  - name: b\n    entrypoint: \'tg import d.e f\'\n',
    errors: [
      { line: 3, column: 29, endColumn: 51, message: runs('CI step `a`', 'terraform import a.b') },
      { line: 5, column: 18, message: runs('CI step `b`', 'tg import d.e') },
    ],
    output: null,
  },
  {
    name: 'Dockerfile: RUN shell form, continuation, flags and exec form',
    path: 'Dockerfile',
    code: 'FROM hashicorp/terraform:1.9\nRUN terraform import a.b c\nRUN cd stacks/x && \\\n    # adopt\n    terragrunt import d.e f\nRUN --mount=type=cache,target=/root/.terraform.d tg import g.h i\nRUN ["terraform", "import", "j.k", "l"]\n',
    errors: [
      { line: 2, column: 5, endColumn: 27, message: runs('This `RUN` instruction', 'terraform import a.b') },
      { line: 5, column: 5, message: runs('This `RUN` instruction', 'terragrunt import d.e'), suggestion: write('d.e', 'f', 'stacks/x') },
      { line: 6, column: 50, message: runs('This `RUN` instruction', 'tg import g.h') },
      { line: 7, column: 6, endColumn: 39, message: runs('This `RUN` instruction', 'terraform import j.k'), suggestion: write('j.k', 'l') },
    ],
    output: null,
  },
  {
    name: 'Kubernetes job args and docker-compose command (not CI files)',
    path: 'stacks/app/job.yaml',
    code: 'spec:\n  containers:\n    - name: adopt\n      image: hashicorp/terraform\n      command: ["/bin/sh", "-c"]\n      args:\n        - terraform import a.b c\nservices:\n  tf:\n    command: tg import d.e f\n',
    errors: [
      { line: 7, column: 11, message: runs('The `args:` of `adopt`', 'terraform import a.b') },
      { line: 10, column: 14, message: runs('The `command:` of `tf`', 'tg import d.e') },
    ],
    output: null,
  },
  {
    name: 'Dockerfile: CMD exec form through sh -c, ENTRYPOINT shell form, RUN heredoc',
    path: 'Dockerfile',
    code: 'FROM alpine\nCMD ["sh", "-c", "cd stacks/x && terraform import a.b c"]\nENTRYPOINT tg import d.e f\nRUN <<EOF\nset -e\nterragrunt import g.h i\nEOF\n',
    errors: [
      { line: 2, column: 34, endColumn: 56, message: runs('This `CMD` instruction', 'terraform import a.b'), suggestion: write('a.b', 'c', 'stacks/x') },
      { line: 3, column: 12, message: runs('This `ENTRYPOINT` instruction', 'tg import d.e') },
      { line: 6, column: 1, message: runs('This `RUN` instruction', 'terragrunt import g.h') },
    ],
    output: null,
  },
  {
    name: 'Markdown: bash fence with scripts/tg import',
    path: 'docs/runbooks/adopting.md',
    code: 'Do not use `terraform import`.\n\n```bash\ncd stacks/authentik\nscripts/tg import authentik_provider_proxy.k8s_portal 0eecac07-97c7-443c-9a2f-3b1c5d7e9f10\nscripts/tg plan\n```\n',
    errors: [
      {
        line: 5,
        column: 1,
        endColumn: 91,
        message: runs('This `bash` code block', 'scripts/tg import authentik_provider_proxy.k8s_portal'),
        suggestion: write('authentik_provider_proxy.k8s_portal', '0eecac07-97c7-443c-9a2f-3b1c5d7e9f10', 'stacks/authentik'),
      },
    ],
    output: null,
  },
  {
    name: 'Markdown: sh with a prompt, console, a prompt fence without info string, tildes and an indented fence',
    path: 'docs/adopting.md',
    code: '```sh\n$ terraform import a.b c\nImport successful!\n```\n\n```console\n$ tg import d.e f\n```\n\n```\n$ terragrunt import g.h i\n```\n\n~~~shell\nterraform import j.k l\n~~~\n\n1. Adopt:\n\n   ```zsh\n   tg import m.n o\n   ```\n',
    errors: [
      { line: 2, column: 3, message: runs('This `sh` code block', 'terraform import a.b') },
      { line: 7, column: 3, message: runs('This `console` code block', 'tg import d.e') },
      { line: 11, column: 3, message: runs('This code block', 'terragrunt import g.h') },
      { line: 15, column: 1, message: runs('This `shell` code block', 'terraform import j.k') },
      { line: 21, column: 4, message: runs('This `zsh` code block', 'tg import m.n') },
    ],
    output: null,
  },
];

const hclValid: TestCaseBase[] = [
  inStack('helm_release `<namespace>/<release-name>` and a cluster-scoped namespace', 'import {\n  to = helm_release.kured\n  id = "kured/kured" # Helm ID format: <namespace>/<release-name>\n}\n\nimport {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n', KURED),
  { name: 'the block beside its resource in one file', code: `import {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n\n${KURED}` },
  inStack('namespaced kubernetes_deployment_v1 `<namespace>/<name>`', 'import {\n  to = kubernetes_deployment_v1.coredns\n  id = "kube-system/coredns"\n}\n', COREDNS),
  inStack(
    'plain kubernetes_deployment and kubernetes_config_map without namespace (default)',
    'import {\n  to = kubernetes_deployment.web\n  id = "web/web"\n}\n\nimport {\n  to = kubernetes_config_map.cfg\n  id = "default/cfg"\n}\n',
    'resource "kubernetes_deployment" "web" {\n  metadata {\n    name      = "web"\n    namespace = "web"\n  }\n}\n\nresource "kubernetes_config_map" "cfg" {\n  metadata {\n    name = "cfg"\n  }\n}\n',
  ),
  inStack(
    'cluster-scoped kinds: cluster role with a colon, storage class, PV, priority class, webhook configuration',
    'import {\n  to = kubernetes_cluster_role_v1.coredns\n  id = "system:coredns"\n}\n\nimport {\n  to = kubernetes_storage_class_v1.nfs\n  id = "nfs-client"\n}\n\nimport {\n  to = kubernetes_persistent_volume.music\n  id = "music"\n}\n\nimport {\n  to = kubernetes_priority_class_v1.critical\n  id = "mysql-critical"\n}\n\nimport {\n  to = kubernetes_validating_webhook_configuration_v1.kyverno\n  id = "kyverno-resource-validating-webhook-cfg"\n}\n',
    'resource "kubernetes_cluster_role_v1" "coredns" {}\nresource "kubernetes_storage_class_v1" "nfs" {}\nresource "kubernetes_persistent_volume" "music" {}\nresource "kubernetes_priority_class_v1" "critical" {}\nresource "kubernetes_validating_webhook_configuration_v1" "kyverno" {}\n',
  ),
  inStack(
    'kubernetes_manifest id as an object literal, jsonencode and a JSON string',
    'import {\n  to = kubernetes_manifest.a\n  id = {\n    apiVersion = "mysql.oracle.com/v2"\n    kind       = "InnoDBCluster"\n    metadata = {\n      namespace = "dbaas"\n      name      = "mysql"\n    }\n  }\n}\n\nimport {\n  to = kubernetes_manifest.b\n  id = jsonencode({ apiVersion = "v1", kind = "Namespace", metadata = { name = "b" } })\n}\n\nimport {\n  to = kubernetes_manifest.c\n  id = "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"namespace\\":\\"x\\",\\"name\\":\\"c\\"}}"\n}\n',
    'resource "kubernetes_manifest" "a" {\n  manifest = {\n    apiVersion = "mysql.oracle.com/v2"\n    kind       = "InnoDBCluster"\n    metadata = {\n      name      = "mysql"\n      namespace = var.namespace\n    }\n  }\n}\nresource "kubernetes_manifest" "b" {}\nresource "kubernetes_manifest" "c" {}\n',
  ),
  inStack(
    'cloudflare_record `<zone-id>/<record-id>` with a matching zone_id',
    'import {\n  to = cloudflare_record.tunnel\n  id = "4f1b7c2d9e8a6b5c3d2e1f0a9b8c7d6e/0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b"\n}\n',
    'resource "cloudflare_record" "tunnel" {\n  zone_id = var.cloudflare_zone_id\n}\n',
    { files: { 'stacks/app/main.tf': 'resource "cloudflare_record" "tunnel" {\n  zone_id = var.cloudflare_zone_id\n}\n', 'config.tfvars': 'cloudflare_zone_id = "4f1b7c2d9e8a6b5c3d2e1f0a9b8c7d6e"\n' } },
  ),
  inStack('authentik_provider_proxy UUID', 'import {\n  to = authentik_provider_proxy.k8s_portal\n  id = "0eecac07-97c7-443c-9a2f-3b1c5d7e9f10"\n}\n', 'resource "authentik_provider_proxy" "k8s_portal" {}\n'),
  inStack('a type without a known format takes any id', 'import {\n  to = vault_mount.kv\n  id = "secret"\n}\n', 'resource "vault_mount" "kv" {}\n'),
  inStack('interpolated id with the right shape', 'import {\n  to = helm_release.x\n  id = "${var.ns}/x"\n}\n\nimport {\n  to = helm_release.y\n  id = "${var.id}"\n}\n', 'resource "helm_release" "x" {}\nresource "helm_release" "y" {}\n'),
  inStack(
    'for_each instance key among the literal keys, and a for_each import',
    'import {\n  to = kubernetes_namespace_v1.ns["media"]\n  id = "media"\n}\n\nimport {\n  for_each = toset(["a", "b"])\n  to       = helm_release.apps[each.key]\n  id       = "apps/${each.key}"\n}\n',
    'resource "kubernetes_namespace_v1" "ns" {\n  for_each = toset(["media", "web"])\n  metadata {\n    name = each.key\n  }\n}\n\nresource "helm_release" "apps" {\n  for_each = var.apps\n}\n',
  ),
  inStack('count instance key in range', 'import {\n  to = kubernetes_secret_v1.s[1]\n  id = "ns/s-1"\n}\n', 'resource "kubernetes_secret_v1" "s" {\n  count = 2\n}\n'),
  {
    name: 'a resource in a local module the stack calls',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = module.db.kubernetes_secret_v1.password\n  id = "dbaas/app-db"\n}\n',
    files: { 'stacks/app/main.tf': 'module "db" {\n  source = "../../modules/kubernetes/db"\n}\n', 'modules/kubernetes/db/main.tf': 'resource "kubernetes_secret_v1" "password" {}\n' },
  },
  {
    name: 'a module with a remote source',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = module.vpc.aws_vpc.this\n  id = "vpc-1"\n}\n',
    files: { 'stacks/app/main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' },
  },
  inStack('identity instead of id', 'import {\n  to = helm_release.x\n  identity = {\n    namespace = "x"\n  }\n}\n', 'resource "helm_release" "x" {}\n'),
  inStack('an id resolved through a local', 'locals {\n  ns = "kured"\n}\n\nimport {\n  to = helm_release.kured\n  id = "${local.ns}/kured"\n}\n', KURED),
];

const hclInvalid: InvalidCase[] = [
  invalidInStack('`to` names a resource not in the stack', 'import {\n  to = cloudflare_record.tunnel_aaaa\n  id = "4f1b7c2d9e8a6b5c3d2e1f0a9b8c7d6e/9d2c6b1a8e7f4a3b5c2d1e0f9a8b7c6d"\n}\n', 'resource "cloudflare_record" "tunnel" {}\n', {
    errors: [{ line: 2, column: 8, endColumn: 37, message: '`to` names `cloudflare_record.tunnel_aaaa`, which is not declared in stacks/app; write its `resource "cloudflare_record" "tunnel_aaaa"` block in this stack first, or fix the address' }],
    output: null,
  }),
  {
    name: '`to` names a resource declared in another stack',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n',
    files: { 'stacks/kured/main.tf': KURED },
    errors: [{ line: 2, column: 8, message: '`to` names `helm_release.kured`, which is not declared in stacks/app; write its `resource "helm_release" "kured"` block in this stack first, or fix the address' }],
    output: null,
  },
  invalidInStack('`to` written as a string (safe fix: unquote)', 'import {\n  to = "helm_release.kured"\n  id = "kured/kured"\n}\n', KURED, {
    errors: [{ line: 2, column: 8, message: '`to` is a string; write the address without quotes: `to = helm_release.kured`', fix: 'safe', suggestion: '`to = helm_release.kured`' }],
    output: 'import {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n',
  }),
  invalidInStack('`to` is not an address', 'import {\n  to = "not an address"\n  id = "x"\n}\n', KURED, {
    errors: [{ line: 2, column: 8, message: '`to` must be a resource address such as `helm_release.kured`', fix: null }],
    output: null,
  }),
  invalidInStack('`to` names a data source', 'import {\n  to = data.kubernetes_namespace_v1.kured\n  id = "kured"\n}\n', KURED, {
    errors: [{ line: 2, column: 8, message: '`to` names data source `data.kubernetes_namespace_v1.kured`; only managed resources can be imported' }],
    output: null,
  }),
  invalidInStack('`to` and `id` missing', 'import {\n}\n\nimport {\n  to = helm_release.kured\n}\n', KURED, {
    errors: [
      { line: 1, column: 1, endColumn: 7, message: 'import block has no `to`; add `to = <type>.<name>` naming the resource to adopt' },
      { line: 4, column: 1, message: "import block has no `id`; add the provider's import ID (helm_release: `<namespace>/<release-name>`)" },
    ],
    output: null,
  }),
  {
    name: '`to` through a module the stack does not call, and a module that lacks the resource',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = module.cache.helm_release.redis\n  id = "redis/redis"\n}\n\nimport {\n  to = module.db.kubernetes_secret_v1.root\n  id = "dbaas/root"\n}\n',
    files: { 'stacks/app/main.tf': 'module "db" {\n  source = "../../modules/kubernetes/db"\n}\n', 'modules/kubernetes/db/main.tf': 'resource "kubernetes_secret_v1" "password" {}\n' },
    errors: [
      { line: 2, column: 8, message: '`to` names `module.cache`, but stacks/app has no `module "cache"` block' },
      { line: 7, column: 8, message: '`to` names `kubernetes_secret_v1.root` in `module.db`, but modules/kubernetes/db does not declare it' },
    ],
    output: null,
  },
  invalidInStack(
    'instance keys that do not fit the resource',
    'import {\n  to = kubernetes_namespace_v1.ns\n  id = "media"\n}\n\nimport {\n  to = kubernetes_namespace_v1.ns["music"]\n  id = "music"\n}\n\nimport {\n  to = helm_release.single["x"]\n  id = "x/x"\n}\n\nimport {\n  to = kubernetes_secret_v1.s["a"]\n  id = "ns/a"\n}\n\nimport {\n  to = kubernetes_secret_v1.s[2]\n  id = "ns/s"\n}\n\nimport {\n  to = kubernetes_namespace_v1.ns[0]\n  id = "media"\n}\n',
    'resource "kubernetes_namespace_v1" "ns" {\n  for_each = toset(["media", "web"])\n}\n\nresource "helm_release" "single" {}\n\nresource "kubernetes_secret_v1" "s" {\n  count = 2\n}\n',
    {
      errors: [
        { line: 2, column: 8, message: '`kubernetes_namespace_v1.ns` uses for_each; `to` must name one instance, e.g. `kubernetes_namespace_v1.ns["media"]`' },
        { line: 7, column: 8, message: '`to` names instance `["music"]`, but the for_each of `kubernetes_namespace_v1.ns` has only `media`, `web`' },
        { line: 12, column: 8, message: '`to` names instance `["x"]` of `helm_release.single`, which has no for_each or count; remove the key' },
        { line: 17, column: 8, message: '`kubernetes_secret_v1.s` uses count; its instance keys are numbers, not `["a"]`' },
        { line: 22, column: 8, message: '`to` names instance `[2]`, but `kubernetes_secret_v1.s` has count = 2' },
        { line: 27, column: 8, message: '`kubernetes_namespace_v1.ns` uses for_each; its instance keys are strings, not `[0]`' },
      ],
      output: null,
    },
  ),
  invalidInStack('helm_release id without the namespace (unsafe fix from the release)', '# Adopted by hand.\nimport {\n  to = helm_release.kured\n  id = "kured"\n}\n', KURED, {
    errors: [
      {
        line: 4,
        column: 8,
        endColumn: 15,
        message: 'import id `kured` is not in the helm_release format `<namespace>/<release-name>`: it has no `/`; write `id = "kured/kured"` (release `kured` in namespace `kured`)',
        suggestion: '`id = "kured/kured"`',
        fix: 'unsafe',
      },
    ],
    unsafe: true,
    output: '# Adopted by hand.\nimport {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n',
  }),
  invalidInStack('helm_release id without the namespace, release not resolvable: no fix', 'import {\n  to = helm_release.x\n  id = "x"\n}\n', 'resource "helm_release" "x" {\n  name      = var.name\n  namespace = "x"\n}\n', {
    errors: [{ line: 3, column: 8, message: 'import id `x` is not in the helm_release format `<namespace>/<release-name>`: it has no `/`', fix: null }],
    unsafe: true,
    output: null,
  }),
  invalidInStack(
    'helm_release ids: too many slashes, empty and invalid namespace',
    'import {\n  to = helm_release.a\n  id = "a/b/c"\n}\n\nimport {\n  to = helm_release.b\n  id = "/a"\n}\n\nimport {\n  to = helm_release.c\n  id = "Kube_System/a"\n}\n\nimport {\n  to = helm_release.d\n  id = "a/ b"\n}\n',
    'resource "helm_release" "a" {}\nresource "helm_release" "b" {}\nresource "helm_release" "c" {}\nresource "helm_release" "d" {}\n',
    {
      errors: [
        { line: 3, column: 8, message: 'import id `a/b/c` is not in the helm_release format `<namespace>/<release-name>`: it has 2 `/`, expected 1' },
        { line: 8, column: 8, message: 'import id `/a` is not in the helm_release format `<namespace>/<release-name>`: the namespace is empty' },
        { line: 13, column: 8, message: 'import id `Kube_System/a` is not in the helm_release format `<namespace>/<release-name>`: namespace `Kube_System` is not a namespace name (lowercase letters, digits and -)' },
        { line: 18, column: 8, message: 'import id `a/ b` is not in the helm_release format `<namespace>/<release-name>`: the release name ` b` contains whitespace' },
      ],
      output: null,
    },
  ),
  invalidInStack('helm_release id that names another release (unsafe fix)', 'import {\n  to = helm_release.kured\n  id = "kured/kurd"\n}\n', KURED, {
    errors: [{ line: 3, column: 8, message: 'import id `kured/kurd` does not match helm_release.kured (release `kured` in namespace `kured`); write `id = "kured/kured"`', fix: 'unsafe' }],
    unsafe: true,
    output: 'import {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n',
  }),
  invalidInStack('the fixed id escapes `${` in a release name', 'import {\n  to = helm_release.odd\n  id = "x/odd"\n}\n', 'resource "helm_release" "odd" {\n  name      = "a$${b}"\n  namespace = "x"\n}\n', {
    errors: [{ line: 3, column: 8, message: 'import id `x/odd` does not match helm_release.odd (release `a${b}` in namespace `x`); write `id = "x/a$${b}"`', fix: 'unsafe' }],
    unsafe: true,
    output: 'import {\n  to = helm_release.odd\n  id = "x/a$${b}"\n}\n',
  }),
  invalidInStack(
    'interpolated ids: only the literal shape is checked',
    'import {\n  to = helm_release.a\n  id = "${var.ns}/a/b"\n}\n\nimport {\n  to = helm_release.c\n  id = "/${var.name}"\n}\n\nimport {\n  to = kubernetes_namespace_v1.b\n  id = "x/${var.name}"\n}\n',
    'resource "helm_release" "a" {}\nresource "helm_release" "c" {}\nresource "kubernetes_namespace_v1" "b" {}\n',
    {
      errors: [
        { line: 3, column: 8, message: 'import id `"${var.ns}/a/b"` is not in the helm_release format `<namespace>/<release-name>`: it has 2 `/`, expected 1' },
        { line: 8, column: 8, message: 'import id `"/${var.name}"` is not in the helm_release format `<namespace>/<release-name>`: the namespace is empty' },
        { line: 13, column: 8, message: 'import id `"x/${var.name}"` is not in the kubernetes_namespace_v1 format `<name>`: it has a `/`, but the kind is cluster-scoped: write only the name' },
      ],
      output: null,
    },
  ),
  invalidInStack('id resolved through a local', 'locals {\n  id = "kured"\n}\n\nimport {\n  to = helm_release.kured\n  id = local.id\n}\n', KURED, {
    errors: [{ line: 7, column: 8, message: 'import id `local.id` (= `kured`) is not in the helm_release format `<namespace>/<release-name>`: it has no `/`; write `id = "kured/kured"` (release `kured` in namespace `kured`)', fix: null }],
    unsafe: true,
    output: null,
  }),
  invalidInStack('namespaced kubernetes kinds need `<namespace>/<name>`', 'import {\n  to = kubernetes_deployment_v1.coredns\n  id = "coredns"\n}\n\nimport {\n  to = kubernetes_stateful_set.db\n  id = "db"\n}\n', `${COREDNS}\nresource "kubernetes_stateful_set" "db" {}\n`, {
    errors: [
      { line: 3, column: 8, message: 'import id `coredns` is not in the kubernetes_deployment_v1 format `<namespace>/<name>`: it has no `/`; write `id = "kube-system/coredns"` (name `coredns` in namespace `kube-system`)', fix: 'unsafe' },
      { line: 8, column: 8, message: 'import id `db` is not in the kubernetes_stateful_set format `<namespace>/<name>`: it has no `/`' },
    ],
    unsafe: true,
    output: 'import {\n  to = kubernetes_deployment_v1.coredns\n  id = "kube-system/coredns"\n}\n\nimport {\n  to = kubernetes_stateful_set.db\n  id = "db"\n}\n',
  }),
  invalidInStack('cluster-scoped kinds take only the name', 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "default/kured"\n}\n\nimport {\n  to = kubernetes_cluster_role_binding.admin\n  id = "kube-system/admin"\n}\n', `${KURED}\nresource "kubernetes_cluster_role_binding" "admin" {}\n`, {
    errors: [
      { line: 3, column: 8, message: 'import id `default/kured` is not in the kubernetes_namespace_v1 format `<name>`: it has a `/`, but the kind is cluster-scoped: write only the name; write `id = "kured"` (name `kured`)', fix: 'unsafe' },
      { line: 8, column: 8, message: 'import id `kube-system/admin` is not in the kubernetes_cluster_role_binding format `<name>`: it has a `/`, but the kind is cluster-scoped: write only the name' },
    ],
    unsafe: true,
    output: 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n\nimport {\n  to = kubernetes_cluster_role_binding.admin\n  id = "kube-system/admin"\n}\n',
  }),
  invalidInStack(
    'kubernetes_manifest ids: provider string, missing fields, object in the wrong place, mismatch',
    'import {\n  to = kubernetes_manifest.p\n  id = "apiVersion=v1,kind=ConfigMap,namespace=x,name=a"\n}\n\nimport {\n  to = kubernetes_manifest.q\n  id = {\n    apiVersion = "v1"\n    metadata   = {}\n  }\n}\n\nimport {\n  to = kubernetes_manifest.a\n  id = { apiVersion = "v1", kind = "ConfigMap", metadata = { namespace = "x", name = "b" } }\n}\n\nimport {\n  to = helm_release.r\n  id = { namespace = "r" }\n}\n',
    'resource "kubernetes_manifest" "a" {\n  manifest = {\n    apiVersion = "v1"\n    kind       = "ConfigMap"\n    metadata = {\n      namespace = "x"\n      name      = "a"\n    }\n  }\n}\n\nresource "helm_release" "r" {}\nresource "kubernetes_manifest" "p" {}\nresource "kubernetes_manifest" "q" {}\n',
    {
      errors: [
        { line: 3, column: 8, message: 'kubernetes_manifest import id `apiVersion=v1,kind=ConfigMap,namespace=x,name=a` is not an object; write an object with apiVersion, kind and metadata { namespace, name } (AGENTS.md: pass as HCL object literal)' },
        { line: 8, column: 8, message: 'kubernetes_manifest import id lacks `kind`, `metadata.name`; it is an object with apiVersion, kind and metadata { namespace, name } (AGENTS.md: pass as HCL object literal)' },
        { line: 16, column: 8, message: 'import id does not match kubernetes_manifest.a: `metadata.name` is `b` but the manifest has `a`' },
        { line: 21, column: 8, message: 'helm_release import id must be a string in the format `<namespace>/<release-name>`' },
      ],
      output: null,
    },
  ),
  {
    name: 'cloudflare_record ids: zone name instead of id, and another zone',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = cloudflare_record.a\n  id = "viktorbarzin.me/0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b"\n}\n\nimport {\n  to = cloudflare_record.b\n  id = "00000000000000000000000000000000/0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b"\n}\n\nimport {\n  to = cloudflare_record.c\n  id = "0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b"\n}\n',
    files: {
      'stacks/app/main.tf': 'resource "cloudflare_record" "a" {\n  zone_id = var.cloudflare_zone_id\n}\n\nresource "cloudflare_record" "b" {\n  zone_id = var.cloudflare_zone_id\n}\n\nresource "cloudflare_record" "c" {}\n', 'config.tfvars': 'cloudflare_zone_id = "4f1b7c2d9e8a6b5c3d2e1f0a9b8c7d6e"\n' },
    errors: [
      { line: 3, column: 8, message: 'import id `viktorbarzin.me/0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b` is not in the cloudflare_record format `<zone-id>/<record-id>`: zone id `viktorbarzin.me` is not a 32-character hex id' },
      { line: 8, column: 8, message: 'import id zone `00000000000000000000000000000000` differs from the zone_id of cloudflare_record.b (`4f1b7c2d9e8a6b5c3d2e1f0a9b8c7d6e`)' },
      { line: 13, column: 8, message: 'import id `0b7f5e2a9c4d1e8f3a6b2c9d5e1f7a3b` is not in the cloudflare_record format `<zone-id>/<record-id>`: it has no `/`' },
    ],
    output: null,
  },
  invalidInStack('authentik_provider_proxy id that is not a UUID', 'import {\n  to = authentik_provider_proxy.k8s_portal\n  id = "42"\n}\n', 'resource "authentik_provider_proxy" "k8s_portal" {}\n', {
    errors: [{ line: 3, column: 8, message: 'import id `42` is not in the authentik_provider_proxy format the provider UUID: it is not a UUID' }],
    output: null,
  }),
  {
    name: 'two import blocks for the same address in one stack',
    path: 'stacks/app/imports.tf',
    code: 'import {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n\nimport {\n  to = helm_release.kured\n  id = "kured/kured"\n}\n',
    files: { 'stacks/app/main.tf': KURED, 'stacks/app/adopt.tf': 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n', 'stacks/app/zz.tf': 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n' },
    errors: [{ line: 7, column: 8, message: 'another import block already targets `helm_release.kured` (line 1); remove one of them' }],
    output: null,
  },
  {
    name: 'a duplicate of an import block in another file of the stack',
    path: 'stacks/app/zz.tf',
    code: 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n',
    files: { 'stacks/app/main.tf': KURED, 'stacks/app/adopt.tf': 'import {\n  to = kubernetes_namespace_v1.kured\n  id = "kured"\n}\n' },
    errors: [{ line: 2, column: 8, message: 'another import block already targets `kubernetes_namespace_v1.kured` (stacks/app/adopt.tf:1); remove one of them' }],
    output: null,
  },
  {
    name: 'an import block in a nested module',
    path: 'stacks/platform/modules/technitium/imports.tf',
    code: 'import {\n  to = helm_release.technitium\n  id = "technitium/technitium"\n}\n',
    files: { 'stacks/platform/modules/technitium/main.tf': 'resource "helm_release" "technitium" {\n  name      = "technitium"\n  namespace = "technitium"\n}\n' },
    errors: [{ line: 1, column: 1, message: 'import blocks only work in the root module; move this block to stacks/platform with `to = module.<name>.<type>.<name>`' }],
    output: null,
  },
];

new RuleTester().run(rule, { valid: [...commandsValid, ...hclValid], invalid: [...commandsInvalid, ...hclInvalid] });

describe('import-blocks: the command reader on arbitrary text', () => {
  /** A small deterministic PRNG (mulberry32). */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = ['terraform import a.b c', '\ttg import x.y z\n', '  - scripts/tg import d.e f\n', 'terraform', ' import', ' a.b', ' c', 'tg', '\\\n', '\n', '\r\n', "'", '"', '$(', ')', '${', '}', '`', '#', ';', '&&', '|', '<<EOF\n', 'EOF\n', '>', '2>&1', '\t', '- ', ': ', '|\n', '```bash\n', '```\n', '$ ', 'RUN ', '[', ']', ',', 'cd ', 'bash -c ', '-chdir=', '--working-dir', 'run --', '\uFEFF', '😀'];
  const kinds = ['shell', 'makefile', 'yaml', 'dockerfile', 'markdown'] as const;

  it('never throws, always ends, and reports ranges inside the text', () => {
    const next = random(42);
    let found = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(next() * pieces.length)]!;
      for (const kind of kinds) {
        for (const c of importCommandsIn(kind, text, '.woodpecker/x.yml')) {
          found++;
          expect(c.start).toBeGreaterThanOrEqual(0);
          expect(c.end).toBeGreaterThan(c.start);
          expect(c.end).toBeLessThanOrEqual(text.length);
        }
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});
