import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, starterConfig } from '../../src/engine/config.js';
import type { Rule } from '../../src/engine/types.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { needsOwner, noTodo } from './test-rules.js';

const rules = new Map<string, Rule>([noTodo, needsOwner].map((r) => [r.meta.id, r]));
let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

async function loadError(content: string): Promise<string> {
  repo = tempRepo({ '.infralintrc.json': content });
  try {
    await loadConfig(repo.path('.infralintrc.json'), rules, repo.dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.slice(repo.path('.infralintrc.json').length + 2);
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('is found upward from the linted path', () => {
    repo = tempRepo({ '.infralintrc.json': '{}', 'stacks/web/main.tf': '' });
    expect(findConfigFile(repo.path('stacks/web'))).toBe(repo.path('.infralintrc.json'));
  });

  it('applies defaults, severities, options and overrides by glob (later overrides win)', async () => {
    repo = tempRepo({
      '.infralintrc.json': JSON.stringify({
        rules: { 'no-todo': 'warn', 'needs-owner': ['error', { owner: 'sre' }] },
        overrides: [
          { files: ['stacks/legacy/**'], rules: { 'no-todo': 'off' } },
          { files: ['stacks/**'], excludedFiles: ['stacks/web/**'], rules: { 'needs-owner': { severity: 'warn', suppressible: false } } },
        ],
      }),
    });
    const config = await loadConfig(repo.path('.infralintrc.json'), rules, repo.dir);
    const pick = (rel: string): unknown => Object.fromEntries([...config.forFile(rel)].map(([id, s]) => [id, [s.severity, s.options, s.suppressible]]));
    expect(pick('main.tf')).toEqual({ 'no-todo': ['warn', {}, true], 'needs-owner': ['error', { owner: 'sre' }, true] });
    expect(pick('stacks/legacy/main.tf')).toEqual({ 'no-todo': ['off', {}, true], 'needs-owner': ['warn', { owner: 'sre' }, false] });
    expect(pick('stacks/web/main.tf')).toEqual({ 'no-todo': ['warn', {}, true], 'needs-owner': ['error', { owner: 'sre' }, true] });
  });

  it('without a file every rule runs at its default severity with default options', async () => {
    const config = await loadConfig(undefined, rules, '/tmp');
    expect(config.forFile('x.tf').get('needs-owner')).toEqual({ severity: 'warn', options: { owner: 'platform' }, suppressible: true });
  });

  it.each([
    ['{ "rules": ', /^invalid JSON: /],
    ['{ "rulez": {} }', /^\(root\): unknown key "rulez"$/],
    ['{ "rules": { "no-todo": "fatal" } }', /^rules\.no-todo: must be "off", "warn" or "error", \[severity, options\] or \{ "severity", "options", "suppressible" \}$/],
    ['{ "rules": { "no-such": "warn" } }', /^rules: unknown rule "no-such" \(known rules: needs-owner, no-todo\)$/],
    ['{ "rules": { "needs-owner": ["warn", { "owner": 3 }] } }', /^rules\.needs-owner\.options\.owner: must be string$/],
    ['{ "rules": { "needs-owner": ["warn", { "team": "x" }] } }', /^rules\.needs-owner\.options: unknown key "team"$/],
    ['{ "rules": { "no-todo": ["warn", { "x": 1 }] } }', /^rules\.no-todo\.options: rule "no-todo" takes no options$/],
    ['{ "overrides": [ { "rules": {} } ] }', /^overrides\.0: must have required property 'files'$/],
    ['{ "overrides": [ { "files": ["a"], "rules": { "nope": "off" } } ] }', /^overrides\[0\]\.rules: unknown rule "nope"/],
  ])('rejects %s with the key and what was expected', async (content, message) => {
    expect(await loadError(content)).toMatch(message);
  });

  it('the starter config lists every rule and passes its own validation', async () => {
    const text = starterConfig(rules);
    expect(JSON.parse(text)).toMatchObject({ rules: { 'needs-owner': 'warn', 'no-todo': 'error' } });
    repo = tempRepo({ '.infralintrc.json': text });
    await expect(loadConfig(repo.path('.infralintrc.json'), rules, repo.dir)).resolves.toBeDefined();
  });
});
