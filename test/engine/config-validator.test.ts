import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { CONFIG_AJV_OPTIONS } from '../../src/engine/config.js';
import { generateConfigValidator } from '../../src/engine/generate-config-validator.js';

/**
 * The build-time validator (ajv standalone code for schema/infralintrc.schema.json)
 * must accept and reject exactly what ajv compiling the schema at run time
 * does, with the same errors, since config.ts uses whichever is available.
 */

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

let dir: string;
let generated: Validate;
let compiled: Validate;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'infralint-validator-'));
  const out = await generateConfigValidator(dir);
  generated = createRequire(import.meta.url)(out) as Validate;
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/infralintrc.schema.json'), 'utf8')) as Record<string, unknown>;
  compiled = new Ajv.default({ ...CONFIG_AJV_OPTIONS }).compile(schema) as Validate;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the generated config validator', () => {
  it.each([
    ['an empty config', {}],
    ['every key', { $schema: 'x', $comment: 'c', root: true, rules: { a: 'warn', b: ['error', { x: 1 }], c: { severity: 'off', options: {}, suppressible: false } }, ignorePatterns: ['a/'], overrides: [{ files: ['stacks/**'], excludedFiles: ['x'], rules: { a: 'off' } }], sharedVariables: { nfs_server: '10.0.0.1' } }],
    ['an unknown top-level key', { nope: 1 }],
    ['a bad severity', { rules: { a: 'fatal' } }],
    ['a bad tuple', { rules: { a: ['warn', 1, 2] } }],
    ['an unknown key in a rule object', { rules: { a: { severity: 'warn', extra: true } } }],
    ['an override without files', { overrides: [{ rules: {} }] }],
    ['an empty files list', { overrides: [{ files: [] }] }],
    ['a non-string shared value', { sharedVariables: { a: 1 } }],
    ['not an object', ['a']],
    ['null', null],
  ])('agrees with ajv on %s', (_name, config) => {
    const ok = generated(config);
    expect(ok).toBe(compiled(config));
    expect(generated.errors ?? null).toEqual(compiled.errors ?? null);
  });

  it('rejects a bad config with ajv-style errors', () => {
    expect(generated({ rules: { a: 'fatal' } })).toBe(false);
    expect(generated.errors).toContainEqual(expect.objectContaining({ instancePath: '/rules/a', keyword: 'oneOf' }));
  });
});
