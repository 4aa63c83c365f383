/**
 * Docs are executable: every fenced example in rules/<id>.md whose info string
 * says `bad` must make the rule report, and every `good` one must not.
 *
 *   ```hcl bad path=stacks/web/main.tf
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCase } from '../../src/engine/rule-tester.js';
import { ruleRegistry } from '../../rules/index.js';

const rulesDir = resolve(import.meta.dirname, '../../rules');

interface Example {
  readonly kind: 'bad' | 'good';
  readonly lang: string;
  readonly path: string;
  readonly code: string;
  readonly line: number;
}

const DEFAULT_PATHS: Record<string, string> = {
  hcl: 'stacks/example/main.tf',
  terraform: 'stacks/example/main.tf',
  yaml: 'stacks/example/values.yaml',
  sh: 'scripts/example.sh',
  bash: 'scripts/example.sh',
  json: 'stacks/example/secrets.sops.json',
  markdown: 'docs/example.md',
  make: 'Makefile',
  dockerfile: 'Dockerfile',
};

export function examplesOf(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})(\w+)\s+(bad|good)\b(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    const lang = open[2]!;
    const path = /\bpath=(\S+)/.exec(open[4]!)?.[1] ?? DEFAULT_PATHS[lang] ?? 'stacks/example/example.txt';
    out.push({ kind: open[3] as 'bad' | 'good', lang, path, code: body.join('\n') + '\n', line: i + 1 });
    i = j;
  }
  return out;
}

const docs = readdirSync(rulesDir).filter((f) => f.endsWith('.md')).sort();

describe('rule docs examples', () => {
  it('the example parser reads info strings and paths', () => {
    expect(examplesOf('x\n```hcl bad path=stacks/a/b.tf\nlocals {}\n```\n```yaml good\nk: v\n```\n')).toEqual([
      { kind: 'bad', lang: 'hcl', path: 'stacks/a/b.tf', code: 'locals {}\n', line: 2 },
      { kind: 'good', lang: 'yaml', path: 'stacks/example/values.yaml', code: 'k: v\n', line: 5 },
    ]);
  });

  for (const doc of docs) {
    const id = doc.slice(0, -3);
    const rule = ruleRegistry.get(id);
    const examples = examplesOf(readFileSync(resolve(rulesDir, doc), 'utf8'));
    if (!rule || examples.length === 0) continue;
    describe(id, () => {
      for (const ex of examples) {
        it(`${doc}:${ex.line} (${ex.kind})`, async () => {
          const { result, dir, target } = await runCase(rule, { name: doc, code: ex.code, path: ex.path });
          try {
            const findings = result.results.find((r) => r.path === target)?.findings.filter((f) => f.ruleId === id) ?? [];
            if (ex.kind === 'bad') expect(findings.length, 'a bad example must be reported').toBeGreaterThan(0);
            else expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
