import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo, writeRepo } from '../../bench/generate.js';
import { ruleRegistry } from '../../rules/index.js';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import type { RunResult } from '../../src/engine/types.js';
import { discoverRepoFiles } from '../../src/project/discover.js';
import { getAttribute, getBlocks, parse, stringValue, traversalPath, type Block, type File as HclFile } from '../../src/hcl/index.js';
import { buildRepoIndex, diskSource, objectKeyText, type RepoIndexImpl } from '../../src/project/repo-index.js';

/**
 * The repo index answers from outlines and parses lazily. These tests pin
 * down what that must not change: linting one stack (or one folder) reports
 * exactly what the whole-repository run reports for its files, and it parses
 * only what it needs.
 */

const NOW = new Date('2026-11-26T12:00:00Z');
let fixtureRepo: string;
let generatedRepo: string;

beforeAll(async () => {
  fixtureRepo = mkdtempSync(join(tmpdir(), 'infralint-lazy-fixture-'));
  cpSync(join(import.meta.dirname, '../../fixtures/repo'), fixtureRepo, { recursive: true });
  generatedRepo = mkdtempSync(join(tmpdir(), 'infralint-lazy-generated-'));
  await writeRepo(generatedRepo, generateRepo({ stacks: 12, seed: 11 }));
});

afterAll(() => {
  rmSync(fixtureRepo, { recursive: true, force: true });
  rmSync(generatedRepo, { recursive: true, force: true });
});

async function run(root: string, paths: string[]): Promise<RunResult> {
  const config = new Config(undefined, root, {}, ruleRegistry, new Map(), []);
  return lint({ cwd: root, root, paths, rules: ruleRegistry, config, now: NOW });
}

/** `path:line:col rule message` of every finding, by repository-relative path. */
function findingsByFile(root: string, result: RunResult): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of result.results) {
    out.set(
      relative(root, r.path),
      r.findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`),
    );
  }
  return out;
}

/** Every folder that directly holds a `.tf` file, relative to the root. */
function terraformFolders(root: string): string[] {
  const dirs = new Set<string>();
  for (const p of discoverRepoFiles({ root, ignorePatterns: [] })) if (p.endsWith('.tf')) dirs.add(relative(root, dirname(p)));
  return [...dirs].filter((d) => d !== '').sort();
}

function folderFiles(root: string, folder: string): string[] {
  return readdirSync(join(root, folder))
    .filter((name) => statSync(join(root, folder, name)).isFile())
    .map((name) => join(folder, name));
}

describe.each([
  ['fixtures/repo', () => fixtureRepo],
  ['a generated 12-stack repository', () => generatedRepo],
])('linting one folder of %s', (_name, rootOf) => {
  it('reports exactly what the whole-repository run reports for that folder', async () => {
    const root = rootOf();
    const whole = findingsByFile(root, await run(root, ['.']));
    expect([...whole.values()].flat().length).toBeGreaterThan(0);
    const folders = terraformFolders(root);
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      const alone = findingsByFile(root, await run(root, [folder]));
      for (const file of folderFiles(root, folder)) {
        expect(alone.get(file), file).toEqual(whole.get(file));
      }
    }
  });
});

/**
 * The facts of every folder as an eager index computes them from the parse
 * trees of every file (the index before outlines), for the literal cases.
 */
function eagerFacts(root: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const files = discoverRepoFiles({ root, ignorePatterns: [] }).filter((p) => p.endsWith('.tf'));
  const byDir = new Map<string, { path: string; hcl: HclFile }[]>();
  for (const path of files) {
    const list = byDir.get(dirname(path)) ?? [];
    list.push({ path, hcl: parse(readFileSync(path, 'utf8'), path) });
    byDir.set(dirname(path), list);
  }
  for (const [dir, parsed] of byDir) {
    const blocks = parsed.flatMap(({ path, hcl }) => hcl.body.items.filter((i): i is Block => i.kind === 'Block').map((b) => ({ path, b, text: hcl.source.slice(b.start, b.end) })));
    const labels = (b: Block): string[] => b.labels.map((l) => l.value);
    const variables = new Map<string, string | undefined>();
    const locals = new Map<string, string>();
    for (const { b, text } of blocks) {
      if (b.type === 'variable' && b.labels[0]) {
        const def = getAttribute(b.body, 'default')?.value;
        variables.set(b.labels[0].value, def ? text.slice(def.start - b.start, def.end - b.start) : undefined);
      }
      if (b.type === 'locals') for (const a of b.body.items) if (a.kind === 'Attribute') locals.set(a.name, text.slice(a.value.start - b.start, a.value.end - b.start));
    }
    out.set(relative(root, dir), {
      files: parsed.map((p) => relative(root, p.path)),
      resources: blocks.filter(({ b }) => (b.type === 'resource' || b.type === 'data') && b.labels.length >= 2).map(({ b }) => `${b.type}.${labels(b).slice(0, 2).join('.')}`),
      moduleCalls: blocks
        .filter(({ b }) => b.type === 'module' && b.labels.length >= 1)
        .map(({ b }) => {
          const source = getAttribute(b.body, 'source');
          return `${labels(b)[0]!} ${source ? (stringValue(source.value) ?? '?') : '-'}`;
        }),
      variables: [...variables],
      locals: [...locals],
      outputs: blocks.filter(({ b }) => b.type === 'output' && b.labels.length >= 1).map(({ b }) => labels(b)[0]),
      imports: blocks.filter(({ b }) => b.type === 'import').map(({ b }) => {
        const to = getAttribute(b.body, 'to');
        return to ? (traversalPath(to.value) ?? '?') : '-';
      }),
      namespaces: blocks
        .filter(({ b }) => b.type === 'resource' && (b.labels[0]?.value === 'kubernetes_namespace' || b.labels[0]?.value === 'kubernetes_namespace_v1'))
        .map(({ b }) => {
          const metadata = getBlocks(b.body, 'metadata')[0];
          const name = metadata ? getAttribute(metadata.body, 'name') : undefined;
          const labelsAttr = metadata ? getAttribute(metadata.body, 'labels') : undefined;
          const nsLabels: Record<string, string> = {};
          if (labelsAttr?.value.kind === 'Object') {
            for (const item of labelsAttr.value.items) {
              const key = objectKeyText(item.key);
              const value = stringValue(item.value);
              if (key !== undefined && value !== undefined) nsLabels[key] = value;
            }
          }
          return { name: name ? stringValue(name.value) : undefined, labels: nsLabels };
        }),
    });
  }
  return out;
}

function indexFacts(index: RepoIndexImpl): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const folder of index.folders.values()) {
    const text = (file: { text: string }, node: { start: number; end: number }): string => file.text.slice(node.start, node.end);
    out.set(folder.relDir, {
      files: folder.files.map((f) => f.relPath),
      resources: folder.resources.map((r) => r.address),
      moduleCalls: folder.moduleCalls.map((m) => `${m.name} ${getAttribute(m.node.body, 'source') ? (m.source ?? '?') : '-'}`),
      variables: [...folder.variables].map(([name, v]) => [name, v.defaultExpr ? text(v.file, v.defaultExpr) : undefined]),
      locals: [...folder.locals].map(([name, l]) => [name, text(l.file, l.node.value)]),
      outputs: [...folder.outputs.keys()],
      imports: folder.imports.map((i) => (getAttribute(i.node.body, 'to') ? (i.to ?? '?') : '-')),
      namespaces: folder.namespaces.map((ns) => {
        const metadata = getBlocks(ns.resource.node.body, 'metadata')[0];
        const nameAttr = metadata ? getAttribute(metadata.body, 'name') : undefined;
        const literalLabels = Object.fromEntries(
          Object.entries(ns.labels).filter(([key]) => {
            const labelsAttr = metadata ? getAttribute(metadata.body, 'labels') : undefined;
            const item = labelsAttr?.value.kind === 'Object' ? labelsAttr.value.items.find((i) => objectKeyText(i.key) === key) : undefined;
            return item !== undefined && stringValue(item.value) !== undefined;
          }),
        );
        return { name: nameAttr && stringValue(nameAttr.value) !== undefined ? ns.name : undefined, labels: literalLabels };
      }),
    });
  }
  return out;
}

describe.each([
  ['fixtures/repo', () => fixtureRepo],
  ['a generated 12-stack repository', () => generatedRepo],
])('the index of %s', (_name, rootOf) => {
  it('has the facts an eager index computes from every parse tree', () => {
    const root = rootOf();
    const index = buildRepoIndex({ root, paths: discoverRepoFiles({ root, ignorePatterns: [] }), source: diskSource });
    const eager = eagerFacts(root);
    expect(eager.size).toBeGreaterThan(5);
    expect(new Map([...indexFacts(index)].sort())).toEqual(new Map([...eager].sort()));
  });

  it('finds every namespace by name and every module call by the folder it calls', () => {
    const root = rootOf();
    const index = buildRepoIndex({ root, paths: discoverRepoFiles({ root, ignorePatterns: [] }), source: diskSource });
    const namespaces = [...index.folders.values()].flatMap((f) => f.namespaces);
    expect(namespaces.length).toBeGreaterThan(3);
    for (const ns of namespaces) {
      if (ns.name === undefined) continue;
      const expected = namespaces.filter((other) => other.name === ns.name);
      expect(index.namespacesNamed(ns.name)).toEqual(expected);
    }
    const calls = [...index.folders.values()].flatMap((f) => f.moduleCalls).filter((c) => c.sourceDir !== undefined);
    expect(calls.length).toBeGreaterThan(3);
    for (const call of calls) expect(index.callersOf(call.sourceDir!)).toEqual(calls.filter((c) => c.sourceDir === call.sourceDir));
  });
});

describe('namespacesNamed', () => {
  it('finds namespaces whose name is not written literally in their block', async () => {
    const root = mkdtempSync(join(tmpdir(), 'infralint-lazy-ns-'));
    try {
      const ns = (name: string, expr: string, extra = ''): string => `${extra}resource "kubernetes_namespace" "${name}" {\n  metadata {\n    name = ${expr}\n  }\n}\n`;
      await writeRepo(
        root,
        new Map([
          ['config.tfvars', 'ns_from_config = "from-config"\n'],
          ['stacks/a/main.tf', ns('a', 'var.ns', 'variable "ns" {\n  default = "from-default"\n}\n')],
          ['stacks/b/main.tf', ns('b', 'local.ns', 'locals {\n  ns = "from-local"\n}\n')],
          ['stacks/c/main.tf', ns('c', '"${local.p}-template"', 'locals {\n  p = "from"\n}\n')],
          ['stacks/d/main.tf', ns('d', '"esc\\u0061ped"')],
          ['stacks/e/main.tf', ns('e', 'var.ns_from_config', 'variable "ns_from_config" {}\n')],
          ['stacks/f/main.tf', ns('f', '"plain"')],
          ['stacks/g/main.tf', ns('g', '"plain"')],
        ]),
      );
      const index = buildRepoIndex({ root, paths: discoverRepoFiles({ root, ignorePatterns: [] }), source: diskSource });
      const stacksNamed = (name: string): string[] => index.namespacesNamed(name).map((n) => n.resource.file.relPath);
      expect(stacksNamed('from-default')).toEqual(['stacks/a/main.tf']);
      expect(stacksNamed('from-local')).toEqual(['stacks/b/main.tf']);
      expect(stacksNamed('from-template')).toEqual(['stacks/c/main.tf']);
      expect(stacksNamed('escaped')).toEqual(['stacks/d/main.tf']);
      expect(stacksNamed('from-config')).toEqual(['stacks/e/main.tf']);
      expect(stacksNamed('plain')).toEqual(['stacks/f/main.tf', 'stacks/g/main.tf']);
      expect(stacksNamed('nothing')).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('laziness', () => {
  it('one stack of a 12-stack repository parses its own files and few others', async () => {
    const parsed: string[] = [];
    const stack = readdirSync(join(generatedRepo, 'stacks')).sort()[0]!;
    const config = new Config(undefined, generatedRepo, {}, ruleRegistry, new Map(), []);
    const result = await lint({ cwd: generatedRepo, root: generatedRepo, paths: [join('stacks', stack)], rules: ruleRegistry, config, now: NOW, onLoad: (p) => parsed.push(relative(generatedRepo, p)) });
    expect(result.errors).toEqual([]);
    const terraform = parsed.filter((p) => p.endsWith('.tf'));
    const own = terraform.filter((p) => p.startsWith(`stacks/${stack}/`));
    expect(own.length).toBeGreaterThan(0);
    expect(terraform.length - own.length).toBeLessThanOrEqual(3);
    expect(new Set(parsed).size).toBe(parsed.length);
    expect(discoverRepoFiles({ root: generatedRepo, ignorePatterns: [] }).filter((p) => p.endsWith('.tf')).length).toBeGreaterThan(30);
  });

  it('builds the index of a repository without parsing a single .tf file', () => {
    const files = discoverRepoFiles({ root: generatedRepo, ignorePatterns: [] });
    const index = buildRepoIndex({ root: generatedRepo, paths: files, source: diskSource });
    const parsed = files.filter((p) => p.endsWith('.tf') && index.store.peek(p) !== undefined);
    expect(parsed).toEqual([]);
    expect(index.folders.size).toBeGreaterThan(12);
    const namespaces = [...index.folders.values()].flatMap((f) => f.resources.filter((r) => r.type === 'kubernetes_namespace'));
    expect(namespaces.length).toBe(12);
    const first = namespaces[0]!;
    expect(readFileSync(first.file.path, 'utf8').slice(first.node.start, first.node.end)).toMatch(/^resource "kubernetes_namespace"/);
  });
});
