/** Files, registry and metadata agree on every rule id (STYLE.md). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, ruleRegistry } from '../../rules/index.js';

const rulesDir = resolve(import.meta.dirname, '../../rules');
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_')).map((f) => f.slice(0, -3)).sort();

describe('rule registry', () => {
  it('lists every rules/<id>.ts under its id, sorted', () => {
    expect(allRules.map((r) => r.meta.id)).toEqual(ruleFiles);
    expect([...ruleRegistry.keys()]).toEqual(ruleFiles);
  });

  it.each(ruleFiles)('%s: kebab-case id, complete metadata, a test file and a docs page', (id) => {
    const rule = ruleRegistry.get(id)!;
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    expect(rule.meta.description.length).toBeGreaterThan(10);
    expect(rule.meta.rationale.length).toBeGreaterThan(20);
    expect(rule.meta.suggestion.length).toBeGreaterThan(5);
    expect(rule.meta.fileKinds.length).toBeGreaterThan(0);
    expect(['error', 'warn', 'info']).toContain(rule.meta.severity);
    const options = rule.meta.options as { properties?: Record<string, { description?: string }> } | undefined;
    for (const [name, prop] of Object.entries(options?.properties ?? {})) expect(prop.description, `option ${name} needs a description`).toBeTruthy();
    const engineRule = id === 'parse-error' || id === 'suppressions';
    expect(existsSync(join(rulesDir, '..', 'test', engineRule ? 'engine' : 'rules', engineRule ? 'runner.test.ts' : `${id}.test.ts`))).toBe(true);
    const doc = join(rulesDir, `${id}.md`);
    expect(existsSync(doc), `rules/${id}.md`).toBe(true);
    expect(readFileSync(doc, 'utf8')).toMatch(new RegExp(`^# ${id}\\n`));
  });
});
