import { RuleTester } from '../../src/engine/rule-tester.js';
import { nfsMountOptions } from '../../rules/nfs-mount-options.js';

/** A PV with `options` as the mount_options line (or none) and an NFS CSI source. */
function csiVolume(options: string | undefined, type = 'kubernetes_persistent_volume', driver = 'nfs.csi.k8s.io'): string {
  return `resource "${type}" "data" {
  metadata {
    name = "app-data"
  }

  spec {
    capacity = {
      storage = "1Ti"
    }
    access_modes                     = ["ReadWriteMany"]
    persistent_volume_reclaim_policy = "Retain"
    storage_class_name               = "nfs-proxmox"
${options === undefined ? '' : `    mount_options                    = ${options}\n`}
    persistent_volume_source {
      csi {
        driver        = "${driver}"
        volume_handle = "app-data"
      }
    }
  }
}
`;
}

const WANT = 'NFS mounts must be soft,timeo=30,retrans=3';
const HARD = 'a hard NFS mount leaves pods in uninterruptible sleep (D state) while the server is unreachable';

new RuleTester().run(nfsMountOptions, {
  valid: [
    { name: 'all three options (CSI)', code: csiVolume('["soft", "timeo=30", "retrans=3"]') },
    { name: 'all three options in another order, with extra options', code: csiVolume('["nfsvers=4.2", "retrans=3", "soft", "timeo=30"]') },
    { name: 'options combined in one item', code: csiVolume('["soft,timeo=30,retrans=3"]') },
    { name: 'a CSI PV of another driver', code: csiVolume(undefined, 'kubernetes_persistent_volume', 'csi.proxmox.sinextra.dev') },
    { name: 'mount_options from a variable (not known)', code: csiVolume('var.nfs_mount_options') },
    { name: 'a list with a non-literal item (not known)', code: csiVolume('["soft", local.nfs_timeout]') },
    {
      name: "the nfs_volume module's own PV",
      path: 'modules/kubernetes/nfs_volume/main.tf',
      code: `resource "kubernetes_persistent_volume" "this" {
  metadata {
    name = var.name
  }
  spec {
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = var.nfs_path
      }
    }
  }
}
`,
    },
    {
      name: 'a PVC (mount options belong to the PV)',
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
      name: 'a host_path PV',
      code: `resource "kubernetes_persistent_volume_v1" "local" {
  metadata {
    name = "local"
  }
  spec {
    persistent_volume_source {
      host_path {
        path = "/mnt/data"
      }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CSI PV with nfsvers and hard: missing options (safe) and hard (unsafe, not applied by --fix)',
      code: csiVolume('["nfsvers=4.1", "hard"]'),
      errors: [
        {
          line: 13,
          column: 5,
          endColumn: 18,
          message: `add "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}`,
          fix: 'safe',
          suggestion: 'write `mount_options = ["nfsvers=4.1", "soft", "timeo=30", "retrans=3"]`',
        },
        { line: 13, column: 56, endColumn: 62, message: `replace "hard" with "soft" in mount_options of kubernetes_persistent_volume.data: ${HARD}`, fix: 'unsafe' },
      ],
      output: csiVolume('["nfsvers=4.1", "hard", "timeo=30", "retrans=3"]'),
    },
    {
      name: 'CSI PV with nfsvers and hard, unsafe fixes: hard becomes soft',
      code: csiVolume('["nfsvers=4.1", "hard"]'),
      errors: [
        { line: 13, column: 5, message: `add "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}` },
        { line: 13, column: 56, message: `replace "hard" with "soft" in mount_options of kubernetes_persistent_volume.data: ${HARD}` },
      ],
      unsafe: true,
      output: csiVolume('["nfsvers=4.1", "soft", "timeo=30", "retrans=3"]'),
    },
    {
      name: 'nfs {} PV without mount_options: the attribute is added after storage_class_name, aligned',
      code: `resource "kubernetes_persistent_volume" "music" {
  metadata {
    name = "app-music"
  }

  spec {
    capacity = {
      storage = "500Gi"
    }
    access_modes                     = ["ReadOnlyMany"]
    persistent_volume_reclaim_policy = "Retain"
    storage_class_name               = "nfs-truenas"

    persistent_volume_source {
      nfs {
        server    = var.nfs_server
        path      = "/srv/nfs/media/music"
        read_only = true
      }
    }
  }
}
`,
      errors: [
        {
          line: 6,
          column: 3,
          message: `add mount_options = ["soft", "timeo=30", "retrans=3"] to spec of kubernetes_persistent_volume.music: ${WANT}`,
          fix: 'safe',
          suggestion: 'add `mount_options = ["soft", "timeo=30", "retrans=3"]` to the spec block',
        },
      ],
      output: `resource "kubernetes_persistent_volume" "music" {
  metadata {
    name = "app-music"
  }

  spec {
    capacity = {
      storage = "500Gi"
    }
    access_modes                     = ["ReadOnlyMany"]
    persistent_volume_reclaim_policy = "Retain"
    storage_class_name               = "nfs-truenas"
    mount_options                    = ["soft", "timeo=30", "retrans=3"]

    persistent_volume_source {
      nfs {
        server    = var.nfs_server
        path      = "/srv/nfs/media/music"
        read_only = true
      }
    }
  }
}
`,
    },
    {
      name: 'spec with only the source block: the attribute goes first',
      code: `resource "kubernetes_persistent_volume_v1" "old" {
  metadata {
    name = "old"
  }
  spec {
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/old"
      }
    }
  }
}
`,
      errors: [{ line: 5, column: 3, message: `add mount_options = ["soft", "timeo=30", "retrans=3"] to spec of kubernetes_persistent_volume_v1.old: ${WANT}` }],
      output: `resource "kubernetes_persistent_volume_v1" "old" {
  metadata {
    name = "old"
  }
  spec {
    mount_options = ["soft", "timeo=30", "retrans=3"]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/old"
      }
    }
  }
}
`,
    },
    {
      name: 'wrong timeo and retrans values are replaced (safe)',
      code: csiVolume('["soft", "timeo=600", "retrans=5"]', 'kubernetes_persistent_volume_v1'),
      errors: [
        {
          line: 13,
          column: 49,
          message: `replace "timeo=600" with "timeo=30" in mount_options of kubernetes_persistent_volume_v1.data: ${WANT}`,
          fix: 'safe',
          suggestion: 'write `mount_options = ["soft", "timeo=30", "retrans=3"]`',
        },
        { line: 13, column: 62, message: `replace "retrans=5" with "retrans=3" in mount_options of kubernetes_persistent_volume_v1.data: ${WANT}`, fix: 'safe' },
      ],
      output: csiVolume('["soft", "timeo=30", "retrans=3"]', 'kubernetes_persistent_volume_v1'),
    },
    {
      name: 'a wrong value beside the right one is removed',
      code: csiVolume('["soft", "timeo=30", "timeo=600", "retrans=3"]'),
      errors: [{ line: 13, column: 61, message: 'remove "timeo=600" from mount_options of kubernetes_persistent_volume.data: it conflicts with "timeo=30"', fix: 'safe' }],
      output: csiVolume('["soft", "timeo=30", "retrans=3"]'),
    },
    {
      name: 'hard beside soft is removed (unsafe)',
      code: csiVolume('["timeo=30", "retrans=3", "soft", "hard"]'),
      errors: [{ line: 13, column: 74, message: 'remove "hard" from mount_options of kubernetes_persistent_volume.data: it conflicts with "soft"', fix: 'unsafe' }],
      unsafe: true,
      output: csiVolume('["timeo=30", "retrans=3", "soft"]'),
    },
    {
      name: 'options combined in one item are rewritten inside the item',
      code: csiVolume('["hard,timeo=600", "retrans=3"]'),
      errors: [
        { line: 13, column: 41, message: `replace "hard" with "soft" in mount_options of kubernetes_persistent_volume.data: ${HARD}`, fix: 'unsafe' },
        { line: 13, column: 41, message: `replace "timeo=600" with "timeo=30" in mount_options of kubernetes_persistent_volume.data: ${WANT}`, fix: 'safe' },
      ],
      unsafe: true,
      output: csiVolume('["soft,timeo=30", "retrans=3"]'),
    },
    {
      name: 'multi-line list: missing options are appended one per line',
      code: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "nfsvers=4.2",
      "soft" # never hard
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
      errors: [{ line: 6, column: 5, message: `add "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}` }],
      output: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "nfsvers=4.2",
      "soft", # never hard
      "timeo=30",
      "retrans=3",
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
    },
    {
      name: 'multi-line list: a wrong item on its own line is removed with its line',
      code: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "soft",
      "hard",
      "timeo=30",
      "retrans=3",
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
      errors: [{ line: 8, column: 7, message: 'remove "hard" from mount_options of kubernetes_persistent_volume.data: it conflicts with "soft"' }],
      unsafe: true,
      output: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "soft",
      "timeo=30",
      "retrans=3",
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
    },
    {
      name: 'multi-line list with two items on one line: only the wrong item is removed',
      code: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "hard", "soft",
      "timeo=30", "retrans=3",
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
      errors: [{ line: 7, column: 7, message: 'remove "hard" from mount_options of kubernetes_persistent_volume.data: it conflicts with "soft"' }],
      unsafe: true,
      output: `resource "kubernetes_persistent_volume" "data" {
  metadata {
    name = "app-data"
  }
  spec {
    mount_options = [
      "soft",
      "timeo=30", "retrans=3",
    ]
    persistent_volume_source {
      nfs {
        server = var.nfs_server
        path   = "/srv/nfs/app"
      }
    }
  }
}
`,
    },
    {
      name: 'an empty list is filled',
      code: csiVolume('[]'),
      errors: [{ line: 13, column: 5, message: `add "soft", "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}` }],
      output: csiVolume('["soft", "timeo=30", "retrans=3"]'),
    },
    {
      name: 'CRLF input',
      code: csiVolume('["nfsvers=4.1"]').replace(/\n/g, '\r\n'),
      errors: [{ line: 13, column: 5, message: `add "soft", "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}` }],
      output: csiVolume('["nfsvers=4.1", "soft", "timeo=30", "retrans=3"]').replace(/\n/g, '\r\n'),
    },
    {
      name: 'a custom CSI driver from the options',
      code: csiVolume('["soft"]', 'kubernetes_persistent_volume', 'nfs.example.com'),
      options: { csiDrivers: ['nfs.example.com'] },
      errors: [{ line: 13, column: 5, message: `add "timeo=30", "retrans=3" to mount_options of kubernetes_persistent_volume.data: ${WANT}` }],
      output: csiVolume('["soft", "timeo=30", "retrans=3"]', 'kubernetes_persistent_volume', 'nfs.example.com'),
    },
  ],
});
