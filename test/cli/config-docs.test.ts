import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../src/cli/config-docs.js';
import { needsOwner } from '../engine/test-rules.js';

describe('docs/config.md', () => {
  it('is up to date with the schema and the rules (run `npm run docs`)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/config.md'), 'utf8')).toBe(renderConfigReference());
  });

  it('renders a rule\'s options as a table with types, defaults and descriptions', () => {
    const text = renderConfigReference(new Map([['needs-owner', needsOwner]]));
    expect(text).toContain('### needs-owner\n\nresources need an owner Default severity `warn`; fix: unsafe. Details: `infralint --explain needs-owner`.\n\n| option | type | default | description |\n| --- | --- | --- | --- |\n| `owner` | string | `"platform"` | the default owner |\n');
    expect(text).toContain('| `ignorePatterns` | string[] | Paths to skip, in .gitignore syntax, relative to the folder of this file. |');
  });
});
