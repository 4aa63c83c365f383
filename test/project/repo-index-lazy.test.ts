import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverRepoFiles } from '../../src/project/discover.js';
import type { Declared, NamespaceInfo } from '../../src/project/index-types.js';
import { buildRepoIndex, diskSource, FileStore, type FileSource, type RepoIndexImpl } from '../../src/project/repo-index.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

/**
 * The index outlines a folder when it is first asked about, and answers
 * cross-folder questions by outlining only the files whose bytes may hold a
 * matching block. These tests pin down that the answers are those of an index
 * that outlined everything (same items, same order), whatever way a block is
 * written, and that the index reads no more than it needs.
 */

const ns = (type: string, name: string, value: string): string => `resource "${type}" "${name}" {\n  metadata {\n    name = ${value}\n  }\n}\n`;

const FILES: Record<string, string | Uint8Array> = {
  'config.tfvars': 'ns_cfg = "from-config"\n',
  // identifier labels, a comment between them
  'stacks/a/main.tf': 'resource kubernetes_namespace /* the namespace */ a {\n  metadata {\n    name = "alpha"\n  }\n}\n',
  // BOM and CRLF, the _v1 type
  'stacks/b/main.tf': '\ufeff' + ns('kubernetes_namespace_v1', 'b', '"beta"').replaceAll('\n', '\r\n'),
  // a type label written with an escape; a name from config.tfvars
  'stacks/c/main.tf': 'resource "kubernetes_n\\u0061mespace" "c" {\n  metadata {\n    name = var.ns_cfg\n  }\n}\nvariable "ns_cfg" {}\n',
  // the namespace in one file, only references to it in the other
  'stacks/d/ns.tf': ns('kubernetes_namespace', 'd', '"delta"'),
  'stacks/d/refs.tf': 'locals {\n  ns = kubernetes_namespace.d.metadata[0].name\n}\n',
  // not valid UTF-8 (a Latin-1 byte in a comment)
  'stacks/e/main.tf': Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(ns('kubernetes_namespace', 'e', '"epsilon"'))]),
  // the words inside a heredoc only: not a block
  'stacks/f/main.tf': 'locals {\n  doc = <<EOT\nresource "kubernetes_namespace" "fake" {\n  module "x" {}\nEOT\n}\n',
  // module calls: plain, with an escape in the source, and a nested module calling its parent
  'stacks/g/main.tf': 'module "m" {\n  source = "../../modules/m"\n}\nmodule "escaped" {\n  source = "../../modules/\\u006d"\n}\nmodule "sub" {\n  source = "./sub"\n}\n',
  'stacks/g/sub/main.tf': 'module "up" {\n  source = "../"\n}\n',
  // calls from another stack, one through steps taken back, one of the repository root
  'stacks/k/main.tf': 'module "far" {\n  source = "../g/sub"\n}\nmodule "winding" {\n  source = "./../../stacks/h/./sub/../sub"\n}\nmodule "top" {\n  source = "../../"\n}\n',
  // a folder named only through escapes, one named only through `$${`, and a source with a trailing slash
  'modules/zq/main.tf': 'variable "x" {}\n',
  'modules/t${x}/main.tf': 'variable "x" {}\n',
  'stacks/n/main.tf': 'module "dollar" {\n  source = "../../modules/t$${x}"\n}\n',
  'stacks/l/main.tf': 'module "hidden" {\n  source = "../../modules/\\u007a\\u0071"\n}\nmodule "slash" {\n  source = "../g/sub/"\n}\n',
  // manifests: a quoted label, an identifier label, and the word in a comment
  'modules/m/main.tf': 'variable "namespace" {}\nresource "kubectl_manifest" "p" {\n  yaml_body = "x"\n}\nresource kubernetes_manifest q {\n  manifest = {}\n}\n',
  'stacks/j/main.tf': '# a kubernetes_manifest would go here\nlocals {\n  x = 1\n}\n',
  // a binary first file: the folder comes after its nested module, whose file sorts before the folder's next file
  'stacks/h/0.tf': Buffer.from([0x72, 0x65, 0, 0x73]),
  'stacks/h/sub/main.tf': ns('kubernetes_namespace', 'hs', '"eta-sub"'),
  'stacks/h/z.tf': ns('kubernetes_namespace', 'h', '"eta"') + 'module "local" {\n  source = "./sub"\n}\n',
  // UTF-16: binary, never indexed
  'stacks/i/main.tf': Buffer.from('\ufeff' + ns('kubernetes_namespace', 'i', '"iota"'), 'utf16le'),
};

const NAMES = ['alpha', 'beta', 'from-config', 'delta', 'epsilon', 'fake', 'eta', 'eta-sub', 'iota', 'nothing'];
const TYPE_SETS = [new Set(['kubectl_manifest', 'kubernetes_manifest']), new Set(['kubernetes_namespace', 'kubernetes_namespace_v1']), new Set(['kubernetes_deployment'])];

let repo: TempRepo;

beforeAll(() => {
  repo = tempRepo(FILES, 'infralint-lazy-index-');
});

afterAll(() => {
  repo.cleanup();
});

interface Probe {
  readonly index: RepoIndexImpl;
  /** Files read whole (`read`), in order. */
  readonly reads: string[];
  /** Files read by a cross-folder pass (`readTransient`), in order. */
  readonly scans: string[];
  /** Files outlined, in order. */
  readonly outlined: string[];
}

function probe(root: string): Probe {
  const reads: string[] = [];
  const scans: string[] = [];
  const outlined: string[] = [];
  const rel = (p: string): string => relative(root, p);
  const source: FileSource = {
    read: (p) => {
      reads.push(rel(p));
      return diskSource.read(p);
    },
    readTransient: (p) => {
      scans.push(rel(p));
      return diskSource.readTransient!(p);
    },
  };
  const store = new FileStore(root, source);
  const outline = store.outline.bind(store);
  store.outline = (p, bytes) => {
    outlined.push(rel(p));
    return outline(p, bytes);
  };
  const index = buildRepoIndex({ root, paths: discoverRepoFiles({ root, ignorePatterns: [] }), source, store });
  return { index, reads, scans, outlined };
}

const at = (root: string, d: Pick<Declared, 'node' | 'file'>): string => `${relative(root, d.file.path)}:${d.node.start}`;
const nsAt = (root: string, n: NamespaceInfo): string => `${at(root, n.resource)} ${n.name ?? '?'}`;

/** What an index that outlined every file answers: computed from its folders, iterated in full. */
function eagerAnswers(root: string): Map<string, string[]> {
  const index = probe(root).index;
  const folders = [...index.folders.values()];
  const out = new Map<string, string[]>();
  const namespaces = folders.flatMap((f) => f.namespaces);
  for (const name of NAMES) {
    out.set(`ns ${name}`, namespaces.filter((n) => n.name === name).map((n) => nsAt(root, n)));
    for (const f of folders) {
      if (f.stack === undefined) continue;
      const inStack = folders.filter((g) => g.stack === f.stack).flatMap((g) => g.namespaces);
      out.set(`ns ${name} in ${f.stack}`, inStack.filter((n) => n.name === name).map((n) => nsAt(root, n)));
    }
  }
  const calls = folders.flatMap((f) => f.moduleCalls);
  for (const dir of [...folders.map((f) => f.dir), root, join(root, 'modules/m'), join(root, 'nowhere')]) {
    out.set(`callers ${relative(root, dir)}`, calls.filter((c) => c.sourceDir === dir).map((c) => at(root, c)));
  }
  for (const types of TYPE_SETS) {
    out.set(`types ${[...types].join()}`, folders.flatMap((f) => f.resources).filter((r) => types.has(r.type)).map((r) => at(root, r)));
  }
  return out;
}

/** The same questions, each asked of a fresh index that has outlined nothing. */
function lazyAnswers(root: string, keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of keys) {
    const { index } = probe(root);
    const [kind, arg, , stack] = key.split(' ');
    if (kind === 'ns') out.set(key, index.namespacesNamed(arg!, stack).map((n) => nsAt(root, n)));
    if (kind === 'callers') out.set(key, index.callersOf(join(root, arg!)).map((c) => at(root, c)));
    if (kind === 'types') out.set(key, index.resourcesOfType(new Set(arg!.split(','))).map((r) => at(root, r)));
  }
  return out;
}

describe('a lazy index', () => {
  it('answers every cross-folder question as an index that outlined every file, in the same order', () => {
    const eager = eagerAnswers(repo.dir);
    expect(eager.get('ns alpha')).toEqual(['stacks/a/main.tf:0 alpha']);
    expect(eager.get('ns beta')).toEqual(['stacks/b/main.tf:1 beta']);
    expect(eager.get('ns from-config')).toEqual(['stacks/c/main.tf:0 from-config']);
    expect(eager.get('ns epsilon')).toHaveLength(1);
    expect(eager.get('ns iota')).toEqual([]);
    expect(eager.get('ns eta-sub in stacks/h')).toEqual(['stacks/h/sub/main.tf:0 eta-sub']);
    expect(eager.get('callers modules/m')).toEqual(['stacks/g/main.tf:0', 'stacks/g/main.tf:44']);
    expect(eager.get('callers stacks/g')).toEqual(['stacks/g/sub/main.tf:0']);
    expect(eager.get('callers stacks/g/sub')).toEqual(['stacks/g/main.tf:99', 'stacks/k/main.tf:0', 'stacks/l/main.tf:60']);
    expect(eager.get('callers modules/zq')).toEqual(['stacks/l/main.tf:0']);
    expect(eager.get('callers modules/t${x}')).toEqual(['stacks/n/main.tf:0']);
    expect(eager.get('callers stacks/h/sub')).toEqual(['stacks/h/z.tf:74', 'stacks/k/main.tf:39']);
    expect(eager.get('callers ')).toEqual(['stacks/k/main.tf:103']);
    expect(eager.get('types kubectl_manifest,kubernetes_manifest')).toEqual(['modules/m/main.tf:24', 'modules/m/main.tf:78']);
    expect(eager.get('types kubernetes_namespace,kubernetes_namespace_v1')).toHaveLength(7);
    expect(lazyAnswers(repo.dir, eager.keys())).toEqual(eager);
    // one index asked about every folder: past the first few, it outlines every file with a module block
    const { index } = probe(repo.dir);
    for (const [key, answer] of eager) {
      if (key.startsWith('callers ')) expect(index.callersOf(repo.path(key.slice('callers '.length))).map((c) => at(repo.dir, c)), key).toEqual(answer);
    }
  });

  it('iterates folders in the order of their first indexed file', () => {
    const { index } = probe(repo.dir);
    const order = [...index.folders.keys()].map((d) => relative(repo.dir, d));
    expect(order).toEqual(['modules/m', 'modules/t${x}', 'modules/zq', 'stacks/a', 'stacks/b', 'stacks/c', 'stacks/d', 'stacks/e', 'stacks/f', 'stacks/g', 'stacks/g/sub', 'stacks/h/sub', 'stacks/h', 'stacks/j', 'stacks/k', 'stacks/l', 'stacks/n']);
    expect(index.folders.size).toBe(order.length);
    expect(index.folders.get(repo.path('stacks/i'))).toBeUndefined();
    expect(index.callersOf(repo.path('stacks/h/sub')).map((c) => relative(repo.dir, c.file.path))).toEqual(['stacks/h/z.tf', 'stacks/k/main.tf']);
  });

  it('reads nothing but config.tfvars until it is asked, and a folder reads only its own files', () => {
    const { index, reads, scans, outlined } = probe(repo.dir);
    expect(reads).toEqual(['config.tfvars']);
    expect(index.folderOf(repo.path('stacks/d/ns.tf'))?.resources.map((r) => r.address)).toEqual(['resource.kubernetes_namespace.d']);
    expect(outlined).toEqual(['stacks/d/ns.tf', 'stacks/d/refs.tf']);
    expect(reads).toEqual(['config.tfvars', 'stacks/d/ns.tf', 'stacks/d/refs.tf']);
    expect(index.namespacesNamed('delta', 'stacks/d').map((n) => n.resource.name)).toEqual(['d']);
    expect(scans).toEqual([]);
  });

  it('answers a cross-folder question from one pass over the bytes, outlining only the files that may match', () => {
    const { index, scans, outlined } = probe(repo.dir);
    const terraform = discoverRepoFiles({ root: repo.dir, ignorePatterns: [] })
      .filter((p) => p.endsWith('.tf'))
      .map((p) => relative(repo.dir, p));
    expect(index.resourcesOfType(new Set(['kubectl_manifest', 'kubernetes_manifest'])).map((r) => r.address)).toEqual([
      'resource.kubectl_manifest.p',
      'resource.kubernetes_manifest.q',
    ]);
    expect([...scans].sort()).toEqual(terraform);
    // stacks/c, g and l have \u escapes; in the comment of stacks/j, the word is followed by a space, as a label would be
    expect(outlined).toEqual(['modules/m/main.tf', 'stacks/c/main.tf', 'stacks/g/main.tf', 'stacks/j/main.tf', 'stacks/l/main.tf']);
    // no namespace may be named so: only stacks/c's, named by a variable, is resolved (which builds its folder)
    expect(index.namespacesNamed('nothing')).toEqual([]);
    expect([...scans].sort()).toEqual(terraform);
    // only references to a namespace, no module block
    expect(outlined).not.toContain('stacks/d/refs.tf');
    // the files with a module block not outlined yet are read again for the folder's steps (`modules` and `m`; `h` and `sub`),
    // and outlined when they hold them all
    const before = outlined.length;
    expect(index.callersOf(repo.path('modules/m'))).toHaveLength(2);
    expect(scans.slice(terraform.length)).toEqual(['stacks/g/sub/main.tf', 'stacks/k/main.tf', 'stacks/n/main.tf']);
    expect(outlined.slice(before)).toEqual(['stacks/n/main.tf']);
    expect(index.callersOf(repo.path('stacks/h/sub')).map((c) => c.name)).toEqual(['local', 'winding']);
    expect(scans.slice(terraform.length + 3)).toEqual(['stacks/g/sub/main.tf', 'stacks/k/main.tf']);
    expect(outlined.slice(before)).toEqual(['stacks/n/main.tf', 'stacks/k/main.tf']);
    expect(new Set(outlined).size).toBe(outlined.length);
  });
});

describe('the targets of a run', () => {
  it('build every folder at once when they are most of the .tf files, and nothing otherwise', () => {
    const paths = discoverRepoFiles({ root: repo.dir, ignorePatterns: [] });
    const terraform = paths.filter((p) => p.endsWith('.tf'));
    for (const [targets, outlinedCount] of [
      [paths, terraform.length],
      [terraform.slice(0, Math.ceil(terraform.length / 2)), terraform.length],
      [terraform.slice(0, Math.ceil(terraform.length / 2) - 1), 0],
      [[repo.path('stacks/a/main.tf')], 0],
    ] as const) {
      const outlined: string[] = [];
      const store = new FileStore(repo.dir, diskSource);
      const outline = store.outline.bind(store);
      store.outline = (p, bytes) => {
        outlined.push(p);
        return outline(p, bytes);
      };
      const index = buildRepoIndex({ root: repo.dir, paths, source: diskSource, store, targets });
      expect(outlined, `${targets.length} targets`).toHaveLength(outlinedCount);
      expect(index.resourcesOfType(new Set(['kubectl_manifest'])).map((r) => r.address)).toEqual(['resource.kubectl_manifest.p']);
    }
  });
});

describe('diskSource', () => {
  it('reads the same bytes transiently, for small and large files, and a FIFO not at all', () => {
    const r = tempRepo({ 'small.tf': 'a = 1\n', 'large.tf': 'b = "' + 'x'.repeat(300 * 1024) + '"\n', 'empty.tf': '' });
    try {
      for (const name of ['small.tf', 'large.tf', 'empty.tf']) {
        const whole = diskSource.read(r.path(name))!;
        const transient = Buffer.from(diskSource.readTransient!(r.path(name))!);
        expect(Buffer.compare(Buffer.from(whole), transient), name).toBe(0);
        expect(whole.length, name).toBe(Buffer.byteLength(r.read(name)));
      }
      execFileSync('mkfifo', [r.path('pipe.tf')]);
      expect(diskSource.read(r.path('pipe.tf'))).toBeUndefined();
      expect(diskSource.readTransient!(r.path('pipe.tf'))).toBeUndefined();
      writeFileSync(join(dirname(r.path('small.tf')), 'later.tf'), 'c = 2\n');
      expect(diskSource.readTransient!(r.path('later.tf'))?.length).toBe(6);
    } finally {
      r.cleanup();
    }
  });

  it('reads files discovery saw as regular without blocking when one has become a FIFO since', () => {
    const large = 'b = "' + 'x'.repeat(600 * 1024) + '"\n';
    const r = tempRepo({ 'small.tf': 'a = 1\n', 'large.tf': large, 'empty.tf': '', 'pipe.tf': 'was a file\n' });
    try {
      expect(discoverRepoFiles({ root: r.dir, ignorePatterns: [] })).toHaveLength(4);
      for (const read of [(p: string) => diskSource.read(p), (p: string) => diskSource.readTransient!(p)]) {
        expect(Buffer.from(read(r.path('small.tf'))!).toString()).toBe('a = 1\n');
        expect(Buffer.from(read(r.path('large.tf'))!).toString()).toBe(large);
        expect(read(r.path('empty.tf'))?.length).toBe(0);
      }
      rmSync(r.path('pipe.tf'));
      execFileSync('mkfifo', [r.path('pipe.tf')]);
      expect(diskSource.read(r.path('pipe.tf'))).toBeUndefined();
      expect(diskSource.readTransient!(r.path('pipe.tf'))).toBeUndefined();
    } finally {
      r.cleanup();
    }
  });
});
