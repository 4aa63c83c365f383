import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { RuleTester } from '../../src/engine/rule-tester.js';
import { lint } from '../../src/engine/runner.js';
import type { Rule } from '../../src/engine/types.js';
import { parse } from '../../src/hcl/index.js';
import { noInlineNfs } from '../../rules/no-inline-nfs.js';
import { sharedVariables } from '../../rules/shared-variables.js';
import { tempRepo } from '../helpers/temp-repo.js';

const NS = `resource "kubernetes_namespace" "app" {
  metadata {
    name = "app"
  }
}
`;

const DECLARED = 'variable "nfs_server" {\n  type = string\n}\n';

/** A deployment in namespace `app` whose pod has `volumes` (already indented by 8 spaces). */
function deployment(volumes: string, kind = 'kubernetes_deployment'): string {
  return `${NS}
resource "${kind}" "app" {
  metadata {
    name      = "app"
    namespace = kubernetes_namespace.app.metadata[0].name
  }
  spec {
    template {
      spec {
        container {
          name  = "app"
          image = "app:1.0"
        }
${volumes}      }
    }
  }
}
`;
}

const NFS_DATA = `        volume {
          name = "data"
          nfs {
            server = "192.168.1.127"
            path   = "/srv/nfs/app"
          }
        }
`;

const PVC_DATA = `        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = module.nfs_data.claim_name
          }
        }
`;

const MODULE_DATA = `
module "nfs_data" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-data"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/app"
}
`;

const DATA_MESSAGE = 'inline nfs {} for volume "data" (192.168.1.127:/srv/nfs/app) in kubernetes_deployment.app: use the nfs_volume module';

const MODULE_MAIN = `resource "kubernetes_persistent_volume" "this" {
  metadata {
    name = var.name
  }
  spec {
    capacity = {
      storage = var.storage
    }
    access_modes       = var.access_modes
    storage_class_name = var.storage_class_name
    mount_options      = ["soft", "timeo=30", "retrans=3"]

    persistent_volume_source {
      nfs {
        server    = var.nfs_server
        path      = var.nfs_path
        read_only = var.read_only
      }
    }
  }
}
`;

new RuleTester().run(noInlineNfs, {
  valid: [
    { name: "the nfs_volume module's own PV", path: 'modules/kubernetes/nfs_volume/main.tf', code: MODULE_MAIN },
    { name: 'a volume mounting the module claim', code: deployment(PVC_DATA) + MODULE_DATA, files: { 'stacks/app/variables.tf': DECLARED } },
    {
      name: 'a host_path volume',
      code: deployment(`        volume {
          name = "dev"
          host_path {
            path = "/dev/ttyUSB0"
          }
        }
`),
    },
    {
      name: 'a config_map volume',
      code: deployment(`        volume {
          name = "config"
          config_map {
            name = "app-config"
          }
        }
`),
    },
    {
      name: 'a PVC resource on the nfs storage class',
      code: `resource "kubernetes_persistent_volume_claim" "data" {
  metadata {
    name      = "app-data"
    namespace = "app"
  }
  spec {
    access_modes       = ["ReadWriteMany"]
    storage_class_name = "nfs-proxmox"
    resources {
      requests = {
        storage = "10Gi"
      }
    }
  }
}
`,
    },
    {
      name: 'a CSI-backed NFS PV (no inline nfs {} source)',
      code: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    capacity = {
      storage = "1Ti"
    }
    access_modes  = ["ReadWriteMany"]
    mount_options = ["soft", "timeo=30", "retrans=3"]
    persistent_volume_source {
      csi {
        driver        = "nfs.csi.k8s.io"
        volume_handle = "app-data"
      }
    }
  }
}
`,
    },
    {
      name: 'an nfs block that is not a volume source',
      code: `resource "proxmox_storage" "nfs" {
  nfs {
    server = "192.168.1.127"
    export = "/srv/nfs"
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment volume with the shared server literal, stack declares nfs_server',
      code: deployment(NFS_DATA),
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [
        {
          line: 21,
          column: 11,
          endLine: 21,
          endColumn: 14,
          message: DATA_MESSAGE,
          fix: 'unsafe',
          suggestion:
            'replace nfs {} with `persistent_volume_claim { claim_name = module.nfs_data.claim_name }` and add module "nfs_data" (source = "../../modules/kubernetes/nfs_volume", name = "app-data", namespace = kubernetes_namespace.app.metadata[0].name, nfs_server = var.nfs_server, nfs_path = "/srv/nfs/app") after kubernetes_deployment.app; the module creates a new PV and PVC for the same export',
        },
      ],
      unsafe: true,
      output: deployment(PVC_DATA) + MODULE_DATA,
    },
    {
      name: 'the fix is unsafe: plain --fix leaves the file alone',
      code: deployment(NFS_DATA),
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE, fix: 'unsafe' }],
      output: null,
    },
    {
      name: 'variable "nfs_server" missing: declared in the stack variables.tf',
      code: deployment(NFS_DATA),
      files: { 'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n' },
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE }],
      unsafe: true,
      output: deployment(PVC_DATA) + MODULE_DATA,
      outputFiles: { 'stacks/app/variables.tf': `variable "tls_secret_name" {\n  type = string\n}\n\n${DECLARED}` },
    },
    {
      name: 'variable "nfs_server" missing and no variables.tf: declared at the end of the file',
      code: deployment(NFS_DATA),
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE }],
      unsafe: true,
      output: `${deployment(PVC_DATA)}${MODULE_DATA}\n${DECLARED}`,
    },
    {
      name: 'variable "nfs_server" missing, no variables.tf: declared at the end of main.tf',
      path: 'stacks/app/workers.tf',
      code: deployment(NFS_DATA),
      files: { 'stacks/app/main.tf': 'terraform {\n  required_version = ">= 1.6"\n}' },
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE }],
      unsafe: true,
      output: deployment(PVC_DATA) + MODULE_DATA,
      // main.tf had no final line break, and a fix keeps it that way (src/engine/fixer.ts).
      outputFiles: { 'stacks/app/main.tf': `terraform {\n  required_version = ">= 1.6"\n}\n\n${DECLARED.replace(/\n$/, '')}` },
    },
    {
      name: 'read_only and a server variable are copied as written',
      code: deployment(`        volume {
          name = "media"
          nfs {
            server    = var.nfs_server
            path      = "/srv/nfs/media"
            read_only = true
          }
        }
`),
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [
        {
          line: 21,
          column: 11,
          message: 'inline nfs {} for volume "media" (var.nfs_server:/srv/nfs/media) in kubernetes_deployment.app: use the nfs_volume module',
          suggestion:
            'replace nfs {} with `persistent_volume_claim { claim_name = module.nfs_media.claim_name }` (read_only = true kept) and add module "nfs_media" (source = "../../modules/kubernetes/nfs_volume", name = "app-media", namespace = kubernetes_namespace.app.metadata[0].name, nfs_server = var.nfs_server, nfs_path = "/srv/nfs/media", read_only = true) after kubernetes_deployment.app; the module creates a new PV and PVC for the same export',
        },
      ],
      unsafe: true,
      output: `${deployment(`        volume {
          name = "media"
          persistent_volume_claim {
            claim_name = module.nfs_media.claim_name
            read_only  = true
          }
        }
`)}
module "nfs_media" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-media"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/media"
  read_only  = true
}
`,
    },
    {
      name: 'a server that is not the shared value is kept',
      code: deployment(`        volume {
          name = "backup"
          nfs {
            server = "10.0.10.15"
            path   = "/mnt/backup"
          }
        }
`),
      errors: [{ line: 21, column: 11, message: 'inline nfs {} for volume "backup" (10.0.10.15:/mnt/backup) in kubernetes_deployment.app: use the nfs_volume module' }],
      unsafe: true,
      output: `${deployment(`        volume {
          name = "backup"
          persistent_volume_claim {
            claim_name = module.nfs_backup.claim_name
          }
        }
`)}
module "nfs_backup" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-backup"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = "10.0.10.15"
  nfs_path   = "/mnt/backup"
}
`,
    },
    {
      name: 'two nfs volumes in one workload: one module each, in volume order',
      code: deployment(`${NFS_DATA}        volume {
          name = "media-library"
          nfs {
            server    = var.nfs_server
            path      = "/srv/nfs/media"
            read_only = true
          }
        }
`),
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [
        { line: 21, column: 11, message: DATA_MESSAGE },
        { line: 28, column: 11, message: 'inline nfs {} for volume "media-library" (var.nfs_server:/srv/nfs/media) in kubernetes_deployment.app: use the nfs_volume module' },
      ],
      unsafe: true,
      output: `${deployment(`${PVC_DATA}        volume {
          name = "media-library"
          persistent_volume_claim {
            claim_name = module.nfs_media_library.claim_name
            read_only  = true
          }
        }
`)}${MODULE_DATA}
module "nfs_media_library" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-media-library"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/media"
  read_only  = true
}
`,
    },
    {
      name: 'cron job template volume',
      code: `${NS}
resource "kubernetes_cron_job_v1" "backup" {
  metadata {
    name      = "backup"
    namespace = kubernetes_namespace.app.metadata[0].name
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
              name  = "backup"
              image = "restic/restic:0.17.3"
            }
            volume {
              name = "target"
              nfs {
                server = "192.168.1.127"
                path   = "/srv/nfs/backup"
              }
            }
          }
        }
      }
    }
  }
}
`,
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 26, column: 15, message: 'inline nfs {} for volume "target" (192.168.1.127:/srv/nfs/backup) in kubernetes_cron_job_v1.backup: use the nfs_volume module' }],
      unsafe: true,
      output: `${NS}
resource "kubernetes_cron_job_v1" "backup" {
  metadata {
    name      = "backup"
    namespace = kubernetes_namespace.app.metadata[0].name
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
              name  = "backup"
              image = "restic/restic:0.17.3"
            }
            volume {
              name = "target"
              persistent_volume_claim {
                claim_name = module.nfs_target.claim_name
              }
            }
          }
        }
      }
    }
  }
}

module "nfs_target" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-target"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/backup"
}
`,
    },
    {
      name: 'stateful set volume, namespace through a local',
      code: `locals {
  namespace = "db"
}

resource "kubernetes_stateful_set_v1" "db" {
  metadata {
    name      = "db"
    namespace = local.namespace
  }
  spec {
    service_name = "db"
    template {
      spec {
        container {
          name  = "db"
          image = "postgres:16"
        }
        volume {
          name = "dumps"
          nfs {
            server = "192.168.1.127"
            path   = "/srv/nfs/db-dumps"
          }
        }
      }
    }
  }
} # the database
`,
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 20, column: 11, message: 'inline nfs {} for volume "dumps" (192.168.1.127:/srv/nfs/db-dumps) in kubernetes_stateful_set_v1.db: use the nfs_volume module' }],
      unsafe: true,
      output: `locals {
  namespace = "db"
}

resource "kubernetes_stateful_set_v1" "db" {
  metadata {
    name      = "db"
    namespace = local.namespace
  }
  spec {
    service_name = "db"
    template {
      spec {
        container {
          name  = "db"
          image = "postgres:16"
        }
        volume {
          name = "dumps"
          persistent_volume_claim {
            claim_name = module.nfs_dumps.claim_name
          }
        }
      }
    }
  }
} # the database

module "nfs_dumps" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "db-dumps"
  namespace  = local.namespace
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/db-dumps"
}
`,
    },
    {
      name: 'deployment in a nested module that does not declare nfs_server: the literal is kept and the suggestion says why',
      path: 'stacks/platform/modules/dns/main.tf',
      code: `resource "kubernetes_deployment" "dns" {
  metadata {
    name      = "dns"
    namespace = var.namespace
  }
  spec {
    template {
      spec {
        container {
          name  = "dns"
          image = "technitium/dns-server:13.2"
        }
        volume {
          name = "zones"
          nfs {
            server = "192.168.1.127"
            path   = "/srv/nfs-ssd/dns"
          }
        }
      }
    }
  }
}
`,
      files: {
        'stacks/platform/modules/dns/variables.tf': 'variable "namespace" {\n  type = string\n}\n',
        'stacks/platform/main.tf': 'module "dns" {\n  source    = "./modules/dns"\n  namespace = "dns"\n}\n',
      },
      errors: [
        {
          line: 15,
          column: 11,
          message: 'inline nfs {} for volume "zones" (192.168.1.127:/srv/nfs-ssd/dns) in kubernetes_deployment.dns: use the nfs_volume module',
          suggestion:
            'replace nfs {} with `persistent_volume_claim { claim_name = module.nfs_zones.claim_name }` and add module "nfs_zones" (source = "../../../../modules/kubernetes/nfs_volume", name = "${var.namespace}-zones", namespace = var.namespace, nfs_server = "192.168.1.127", nfs_path = "/srv/nfs-ssd/dns") after kubernetes_deployment.dns; the module creates a new PV and PVC for the same export; stacks/platform/modules/dns is a nested module that does not declare `variable "nfs_server"`: the fix keeps the literal; declare it, pass nfs_server = var.nfs_server from its callers and use var.nfs_server',
        },
      ],
      unsafe: true,
      output: `resource "kubernetes_deployment" "dns" {
  metadata {
    name      = "dns"
    namespace = var.namespace
  }
  spec {
    template {
      spec {
        container {
          name  = "dns"
          image = "technitium/dns-server:13.2"
        }
        volume {
          name = "zones"
          persistent_volume_claim {
            claim_name = module.nfs_zones.claim_name
          }
        }
      }
    }
  }
}

module "nfs_zones" {
  source     = "../../../../modules/kubernetes/nfs_volume"
  name       = "\${var.namespace}-zones"
  namespace  = var.namespace
  nfs_server = "192.168.1.127"
  nfs_path   = "/srv/nfs-ssd/dns"
}
`,
    },
    {
      name: 'deployment in a nested module that declares nfs_server: rewritten to var.nfs_server',
      path: 'stacks/platform/modules/dns/main.tf',
      code: `resource "kubernetes_deployment" "dns" {
  metadata {
    name      = "dns"
    namespace = "dns"
  }
  spec {
    template {
      spec {
        volume {
          name = "zones"
          nfs {
            server = "192.168.1.127"
            path   = "/srv/nfs-ssd/dns"
          }
        }
      }
    }
  }
}
`,
      files: { 'stacks/platform/modules/dns/variables.tf': DECLARED },
      errors: [{ line: 11, column: 11, message: 'inline nfs {} for volume "zones" (192.168.1.127:/srv/nfs-ssd/dns) in kubernetes_deployment.dns: use the nfs_volume module' }],
      unsafe: true,
      output: `resource "kubernetes_deployment" "dns" {
  metadata {
    name      = "dns"
    namespace = "dns"
  }
  spec {
    template {
      spec {
        volume {
          name = "zones"
          persistent_volume_claim {
            claim_name = module.nfs_zones.claim_name
          }
        }
      }
    }
  }
}

module "nfs_zones" {
  source     = "../../../../modules/kubernetes/nfs_volume"
  name       = "dns-zones"
  namespace  = "dns"
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs-ssd/dns"
}
`,
    },
    {
      name: 'CRLF input keeps CRLF in the inserted module and claim',
      code: deployment(NFS_DATA).replace(/\n/g, '\r\n'),
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE }],
      unsafe: true,
      output: (deployment(PVC_DATA) + MODULE_DATA).replace(/\n/g, '\r\n'),
    },
    {
      name: 'module name taken: a unique one is picked, inserted after the nfs_volume call that follows the workload',
      code: `${deployment(NFS_DATA)}
module "nfs_data" {
  source = "../../modules/kubernetes/nfs_volume"
  name   = "app-old-data"
}
`,
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [{ line: 21, column: 11, message: DATA_MESSAGE }],
      unsafe: true,
      output: `${deployment(`        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = module.nfs_data_2.claim_name
          }
        }
`)}
module "nfs_data" {
  source = "../../modules/kubernetes/nfs_volume"
  name   = "app-old-data"
}

module "nfs_data_2" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-data"
  namespace  = kubernetes_namespace.app.metadata[0].name
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/app"
}
`,
    },
    {
      name: 'same volume name in two workloads of one file: distinct module names in one pass',
      code: `resource "kubernetes_deployment" "a" {
  metadata {
    name      = "a"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          nfs {
            server = var.nfs_server
            path   = "/srv/nfs/a"
          }
        }
      }
    }
  }
}

resource "kubernetes_daemon_set_v1" "b" {
  metadata {
    name      = "b"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          nfs {
            server = var.nfs_server
            path   = "/srv/nfs/b"
          }
        }
      }
    }
  }
}
`,
      files: { 'stacks/app/variables.tf': DECLARED },
      errors: [
        { line: 11, column: 11, message: 'inline nfs {} for volume "data" (var.nfs_server:/srv/nfs/a) in kubernetes_deployment.a: use the nfs_volume module' },
        { line: 31, column: 11, message: 'inline nfs {} for volume "data" (var.nfs_server:/srv/nfs/b) in kubernetes_daemon_set_v1.b: use the nfs_volume module' },
      ],
      unsafe: true,
      output: `resource "kubernetes_deployment" "a" {
  metadata {
    name      = "a"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = module.nfs_data.claim_name
          }
        }
      }
    }
  }
}

module "nfs_data" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-data"
  namespace  = "app"
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/a"
}

resource "kubernetes_daemon_set_v1" "b" {
  metadata {
    name      = "b"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = module.nfs_data_2.claim_name
          }
        }
      }
    }
  }
}

module "nfs_data_2" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-data"
  namespace  = "app"
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs/b"
}
`,
    },
    {
      name: 'workload without a namespace: default namespace, named after the stack; comments move into the module call',
      path: 'stacks/media/main.tf',
      code: `resource "kubernetes_pod" "probe" {
  metadata {
    name = "probe"
  }
  spec {
    volume {
      name = "scratch"
      nfs {
        # the SSD export
        server = var.nfs_server
        path   = "/srv/nfs-ssd/scratch" # created by hand
      }
    }
  }
}
`,
      files: { 'stacks/media/variables.tf': DECLARED },
      errors: [{ line: 8, column: 7, message: 'inline nfs {} for volume "scratch" (var.nfs_server:/srv/nfs-ssd/scratch) in kubernetes_pod.probe: use the nfs_volume module' }],
      unsafe: true,
      output: `resource "kubernetes_pod" "probe" {
  metadata {
    name = "probe"
  }
  spec {
    volume {
      name = "scratch"
      persistent_volume_claim {
        claim_name = module.nfs_scratch.claim_name
      }
    }
  }
}

module "nfs_scratch" {
  # the SSD export
  # created by hand
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "media-scratch"
  namespace  = "default"
  nfs_server = var.nfs_server
  nfs_path   = "/srv/nfs-ssd/scratch"
}
`,
    },
    {
      name: 'inline nfs in a kubernetes_persistent_volume: no fix, the suggestion explains the migration',
      code: `${NS}
resource "kubernetes_persistent_volume" "music" {
  metadata {
    name = "app-music"
  }
  spec {
    capacity = {
      storage = "500Gi"
    }
    access_modes  = ["ReadOnlyMany"]
    mount_options = ["soft", "timeo=30", "retrans=3"]
    persistent_volume_source {
      nfs {
        server    = var.nfs_server
        path      = "/srv/nfs/music"
        read_only = true
      }
    }
  }
}

resource "kubernetes_persistent_volume_claim_v1" "music" {
  metadata {
    name      = "app-music"
    namespace = kubernetes_namespace.app.metadata[0].name
  }
  spec {
    access_modes = ["ReadOnlyMany"]
    volume_name  = kubernetes_persistent_volume.music.metadata[0].name
    resources {
      requests = {
        storage = "500Gi"
      }
    }
  }
}
`,
      errors: [
        {
          line: 18,
          column: 7,
          message: 'inline nfs {} in kubernetes_persistent_volume.music (var.nfs_server:/srv/nfs/music): use the nfs_volume module, which creates the PV and its claim',
          fix: null,
          suggestion:
            'replace kubernetes_persistent_volume.music and kubernetes_persistent_volume_claim_v1.music with `module "nfs_music"` (source = "../../modules/kubernetes/nfs_volume", name = "app-music", namespace = kubernetes_namespace.app.metadata[0].name, nfs_server = var.nfs_server, nfs_path = "/srv/nfs/music", read_only = true) and mount module.nfs_music.claim_name; not fixed automatically: the module creates its own PV and PVC, so move the state (terraform state mv) or plan the recreation with the workload stopped',
        },
      ],
      unsafe: true,
      output: null,
    },
    {
      name: 'kubernetes_persistent_volume_v1 without a bound claim',
      code: `resource "kubernetes_persistent_volume_v1" "old" {
  metadata {
    name = "old-export"
  }
  spec {
    persistent_volume_source {
      nfs {
        server = "192.168.1.127"
        path   = "/srv/nfs/old"
      }
    }
  }
}
`,
      errors: [
        {
          line: 7,
          column: 7,
          message: 'inline nfs {} in kubernetes_persistent_volume_v1.old (192.168.1.127:/srv/nfs/old): use the nfs_volume module, which creates the PV and its claim',
          suggestion:
            'replace kubernetes_persistent_volume_v1.old with `module "nfs_old"` (source = "../../modules/kubernetes/nfs_volume", name = "old-export", namespace = <namespace of the claim>, nfs_server = "192.168.1.127", nfs_path = "/srv/nfs/old") and mount module.nfs_old.claim_name; not fixed automatically: the module creates its own PV and PVC, so move the state (terraform state mv) or plan the recreation with the workload stopped',
        },
      ],
      unsafe: true,
      output: null,
    },
    {
      name: 'dynamic "volume": reported without a fix',
      code: `resource "kubernetes_deployment" "app" {
  metadata {
    name      = "app"
    namespace = "app"
  }
  spec {
    template {
      spec {
        dynamic "volume" {
          for_each = var.exports
          content {
            name = volume.key
            nfs {
              server = var.nfs_server
              path   = volume.value
            }
          }
        }
      }
    }
  }
}
`,
      errors: [
        {
          line: 13,
          column: 13,
          message: 'inline nfs {} in a dynamic volume (var.nfs_server:volume.value) of kubernetes_deployment.app: use the nfs_volume module',
          fix: null,
          suggestion: 'call the nfs_volume module with for_each over the same collection and mount `module.<name>[each.key].claim_name` through persistent_volume_claim; not fixed automatically (dynamic block)',
        },
      ],
      unsafe: true,
      output: null,
    },
    {
      name: 'dynamic "nfs" inside a volume: reported with the server and path of its content, no fix',
      code: `resource "kubernetes_deployment" "app" {
  metadata {
    name      = "app"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          dynamic "nfs" {
            for_each = var.use_nfs ? [1] : []
            content {
              server = var.nfs_server
              path   = "/srv/nfs/app"
            }
          }
        }
      }
    }
  }
}
`,
      errors: [{ line: 11, column: 11, endColumn: 18, message: 'inline nfs {} in a dynamic volume (var.nfs_server:/srv/nfs/app) of kubernetes_deployment.app: use the nfs_volume module', fix: null }],
      unsafe: true,
      output: null,
    },
    {
      name: 'a dynamic label that spells nfs with an escape is still an nfs source',
      code: `resource "kubernetes_deployment" "app" {
  spec {
    template {
      spec {
        volume {
          name = "data"
          dynamic "\\u006efs" {
            for_each = var.shares
            content {
              server = var.server
              path   = "/srv/share"
            }
          }
        }
      }
    }
  }
}
`,
      errors: [{ line: 7, column: 11, endColumn: 18, message: 'inline nfs {} in a dynamic volume (var.server:/srv/share) of kubernetes_deployment.app: use the nfs_volume module', fix: null }],
      unsafe: true,
      output: null,
    },
    {
      name: 'a volume whose nfs block uses each.value: no fix',
      code: `resource "kubernetes_deployment" "app" {
  for_each = var.apps
  metadata {
    name      = each.key
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          nfs {
            server = var.nfs_server
            path   = each.value
          }
        }
      }
    }
  }
}
`,
      errors: [
        {
          line: 12,
          column: 11,
          message: 'inline nfs {} for volume "data" (var.nfs_server:each.value) in kubernetes_deployment.app: use the nfs_volume module',
          fix: null,
          suggestion:
            'replace the nfs {} block with `persistent_volume_claim { claim_name = module.<name>.claim_name }` and add a call of the nfs_volume module (source, name, namespace, nfs_server, nfs_path) with for_each/count matching kubernetes_deployment.app; not fixed automatically: the nfs block uses each/count/self',
        },
      ],
      unsafe: true,
      output: null,
    },
    {
      name: 'a volume name that is not a known literal: no fix',
      code: `resource "kubernetes_deployment" "app" {
  metadata {
    name      = "app"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = var.volume_name
          nfs {
            server    = var.nfs_server
            path      = "/srv/nfs/app"
            read_only = true
          }
        }
      }
    }
  }
}
`,
      errors: [
        {
          line: 11,
          column: 11,
          message: 'inline nfs {} for volume var.volume_name (var.nfs_server:/srv/nfs/app) in kubernetes_deployment.app: use the nfs_volume module',
          fix: null,
          suggestion:
            'replace the nfs {} block with `persistent_volume_claim { claim_name = module.<name>.claim_name }` and add a call of the nfs_volume module (source, name, namespace, nfs_server, nfs_path, read_only; keep read_only = true in persistent_volume_claim); not fixed automatically: the volume name is not a known literal',
        },
      ],
      unsafe: true,
      output: null,
    },
  ],
});

describe('no-inline-nfs across the files of one folder', () => {
  it('gives every volume of the folder its own module name and declares nfs_server once, in one --fix run', async () => {
    const volume = (resource: string, path: string): string => `resource "kubernetes_deployment" "${resource}" {
  metadata {
    name      = "${resource}"
    namespace = "app"
  }
  spec {
    template {
      spec {
        volume {
          name = "data"
          nfs {
            server = "192.168.1.127"
            path   = "${path}"
          }
        }
      }
    }
  }
}
`;
    const repo = tempRepo({ '.infralintrc.json': '{}\n', 'stacks/app/a.tf': volume('a', '/srv/nfs/a'), 'stacks/app/b.tf': volume('b', '/srv/nfs/b') });
    try {
      const rules = new Map<string, Rule>([[noInlineNfs.meta.id, noInlineNfs]]);
      const config = new Config(repo.path('.infralintrc.json'), repo.dir, {}, rules, new Map(), []);
      const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config, fix: 'unsafe' });
      expect(result.errors).toEqual([]);
      expect(result.results.flatMap((r) => r.findings)).toEqual([]);
      const claim = (label: string): string => `          persistent_volume_claim {\n            claim_name = module.${label}.claim_name\n          }\n`;
      const call = (label: string, path: string): string => `
module "${label}" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-data"
  namespace  = "app"
  nfs_server = var.nfs_server
  nfs_path   = "${path}"
}
`;
      const a = repo.read('stacks/app/a.tf');
      const b = repo.read('stacks/app/b.tf');
      const fixedVolume = (resource: string, path: string, label: string): string =>
        volume(resource, path).replace(/ {10}nfs \{[^}]*\}\n/, claim(label));
      expect(a).toBe(`${fixedVolume('a', '/srv/nfs/a', 'nfs_data')}${call('nfs_data', '/srv/nfs/a')}\nvariable "nfs_server" {\n  type = string\n}\n`);
      expect(b).toBe(`${fixedVolume('b', '/srv/nfs/b', 'nfs_data_2')}${call('nfs_data_2', '/srv/nfs/b')}`);
      for (const [rel, text] of [['a.tf', a], ['b.tf', b]] as const) expect(parse(text, join('stacks/app', rel)).diagnostics).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });
  it('with shared-variables in the same --fix run, variable "nfs_server" is declared once', async () => {
    const repo = tempRepo({
      '.infralintrc.json': '{}\n',
      'stacks/app/main.tf': deployment(NFS_DATA),
      'stacks/app/storage.tf': `module "nfs_config" {
  source     = "../../modules/kubernetes/nfs_volume"
  name       = "app-config"
  namespace  = "app"
  nfs_server = "192.168.1.127"
  nfs_path   = "/srv/nfs/app-config"
}
`,
      'stacks/app/variables.tf': 'variable "tls_secret_name" {\n  type = string\n}\n\noutput "namespace" {\n  value = "app"\n}\n',
    });
    try {
      const rules = new Map<string, Rule>([
        [noInlineNfs.meta.id, noInlineNfs],
        [sharedVariables.meta.id, sharedVariables],
      ]);
      const config = new Config(repo.path('.infralintrc.json'), repo.dir, {}, rules, new Map(), []);
      const result = await lint({ cwd: repo.dir, root: repo.dir, paths: ['.'], rules, config, fix: 'unsafe' });
      expect(result.errors).toEqual([]);
      expect(result.results.flatMap((r) => r.findings.map((f) => `${f.ruleId} ${f.message}`))).toEqual([]);
      expect(repo.read('stacks/app/variables.tf')).toBe(`variable "tls_secret_name" {\n  type = string\n}\n\n${DECLARED}\noutput "namespace" {\n  value = "app"\n}\n`);
      expect(repo.read('stacks/app/main.tf')).toBe(deployment(PVC_DATA) + MODULE_DATA);
      expect(repo.read('stacks/app/storage.tf')).toContain('  nfs_server = var.nfs_server\n');
    } finally {
      repo.cleanup();
    }
  });
});
