/**
 * Configuration: `.infralintrc.json` found upward from the linted path,
 * validated with ajv against `schema/infralintrc.schema.json` and each rule's
 * options schema, and resolved per file (overrides by glob).
 *
 * Start-up cost: the schema validator is generated at build time (see
 * generate-config-validator.ts), ajv itself loads only when a rule has options
 * to validate (or the generated module is missing), and picomatch only when
 * the config has overrides.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './package-root.js';
import type { ConfiguredSeverity, Rule } from './types.js';

export const CONFIG_FILE = '.infralintrc.json';

/** A configuration problem; the CLI prints it and exits 2. */
export class ConfigError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

type RuleSettingInput =
  | ConfiguredSeverity
  | [ConfiguredSeverity, Record<string, unknown>?]
  | { severity?: ConfiguredSeverity; options?: Record<string, unknown>; suppressible?: boolean };

interface OverrideInput {
  files: string[];
  excludedFiles?: string[];
  rules?: Record<string, RuleSettingInput>;
}

export interface ConfigInput {
  $schema?: string;
  root?: boolean;
  rules?: Record<string, RuleSettingInput>;
  ignorePatterns?: string[];
  overrides?: OverrideInput[];
  sharedVariables?: Record<string, string>;
}

export interface RuleSetting {
  readonly severity: ConfiguredSeverity;
  readonly options: Record<string, unknown>;
  readonly suppressible: boolean;
}

interface PartialSetting {
  severity?: ConfiguredSeverity;
  options?: Record<string, unknown>;
  suppressible?: boolean;
}

interface CompiledOverride {
  readonly match: (relPath: string) => boolean;
  readonly rules: Map<string, PartialSetting>;
}

/** A loaded, validated configuration. */
export class Config {
  private readonly cache = new Map<string, ReadonlyMap<string, RuleSetting>>();

  constructor(
    /** The config file, or undefined when running on defaults. */
    readonly file: string | undefined,
    /** The folder globs are relative to. */
    readonly baseDir: string,
    readonly input: ConfigInput,
    private readonly rules: ReadonlyMap<string, Rule>,
    private readonly base: ReadonlyMap<string, PartialSetting>,
    private readonly overrides: readonly CompiledOverride[],
  ) {}

  get ignorePatterns(): readonly string[] {
    return this.input.ignorePatterns ?? [];
  }

  get sharedVariables(): Readonly<Record<string, string>> {
    return this.input.sharedVariables ?? {};
  }

  /** The settings of every known rule for a file (path relative to `baseDir`, `/` separators). */
  forFile(relPath: string): ReadonlyMap<string, RuleSetting> {
    const matching = this.overrides.filter((o) => o.match(relPath));
    const key = matching.length === 0 ? '' : matching.map((o) => this.overrides.indexOf(o)).join(',');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const settings = new Map<string, RuleSetting>();
    for (const [id, rule] of this.rules) {
      let merged: PartialSetting = { ...this.base.get(id) };
      for (const o of matching) {
        const s = o.rules.get(id);
        if (s) merged = { ...merged, ...s, options: { ...merged.options, ...s.options } };
      }
      settings.set(id, {
        severity: merged.severity ?? rule.meta.severity,
        options: { ...rule.meta.defaultOptions, ...merged.options },
        suppressible: merged.suppressible ?? true,
      });
    }
    this.cache.set(key, settings);
    return settings;
  }

  /** What `--print-config FILE` shows: the settings in force for one file. */
  describe(relPath: string): Record<string, unknown> {
    const rules: Record<string, unknown> = {};
    for (const [id, s] of [...this.forFile(relPath)].sort(([a], [b]) => a.localeCompare(b))) {
      rules[id] = { severity: s.severity, options: s.options, suppressible: s.suppressible };
    }
    return { configFile: this.file ?? null, file: relPath, ignorePatterns: this.ignorePatterns, sharedVariables: this.sharedVariables, rules };
  }
}

/** The nearest `.infralintrc.json` at or above `from`, if any. */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
  }
}


type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[] | null };

interface AjvLike {
  compile(schema: unknown): Validator;
}

/** The ajv options of every validator, the generated one included (so errors read the same). */
export const CONFIG_AJV_OPTIONS: Readonly<Record<string, unknown>> = { allErrors: true, strict: false };

/** File name of the build-time validator module (CommonJS), next to this module in `dist/`. */
export const CONFIG_VALIDATOR_MODULE = 'config-validator.generated.cjs';

let ajvInstance: AjvLike | undefined;

async function getAjv(): Promise<AjvLike> {
  if (!ajvInstance) {
    const mod = await import('ajv');
    const AjvClass = mod.default as unknown as new (options: Record<string, unknown>) => AjvLike;
    ajvInstance = new AjvClass({ ...CONFIG_AJV_OPTIONS });
  }
  return ajvInstance;
}

let configValidatorCache: Validator | undefined;

/**
 * The generated validator, or undefined when it was not built (sources run directly).
 * The path goes through `../engine/` so that it also resolves from the bundled
 * CLI in `dist/src/cli/` (scripts/bundle.ts checks that this code stays in the
 * bundle's entry file).
 */
function generatedValidator(): Validator | undefined {
  const url = new URL(`../engine/${CONFIG_VALIDATOR_MODULE}`, import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(url)) return undefined;
  return createRequire(import.meta.url)(fileURLToPath(url)) as Validator;
}

/** The config schema's validator: generated at build time, else compiled with ajv once per process. */
async function configValidator(): Promise<Validator> {
  configValidatorCache ??=
    generatedValidator() ?? (await getAjv()).compile(JSON.parse(readFileSync(join(packageRoot(), 'schema', 'infralintrc.schema.json'), 'utf8')));
  return configValidatorCache;
}

type Picomatch = (globs: string[], options: { dot: boolean }) => (path: string) => boolean;
let picomatchFn: Picomatch | undefined;

/** picomatch, loaded on first use (CommonJS, so `require` loads it synchronously). */
function globMatcher(globs: string[]): (path: string) => boolean {
  picomatchFn ??= createRequire(import.meta.url)('picomatch') as Picomatch;
  return picomatchFn(globs, { dot: true });
}

function describeErrors(validator: Validator, prefix: string): string {
  const all = validator.errors ?? [];
  const ruleSettingPaths = new Set(all.filter((e) => e.keyword === 'oneOf' && /\/rules\/[^/]+$/.test(e.instancePath)).map((e) => e.instancePath));
  const errors = all.filter((e) => e.keyword !== 'oneOf');
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of errors) {
    const where = (prefix + e.instancePath.replace(/^\//, '').replaceAll('/', '.')).replace(/\.$/, '') || '(root)';
    let message: string;
    if (ruleSettingPaths.has(e.instancePath)) message = 'must be "off", "warn" or "error", [severity, options] or { "severity", "options", "suppressible" }';
    else if (e.params.additionalProperty !== undefined) message = `unknown key ${JSON.stringify(e.params.additionalProperty)}`;
    else if (Array.isArray(e.params.allowedValues)) message = `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    else message = e.message ?? 'is invalid';
    const line = `${where}: ${message}`;
    if (seen.has(where) || seen.has(line)) continue;
    seen.add(where);
    seen.add(line);
    parts.push(line);
  }
  return parts.slice(0, 3).join('; ');
}

function normaliseSetting(id: string, input: RuleSettingInput, where: string, file: string): PartialSetting {
  if (typeof input === 'string') return { severity: input };
  if (Array.isArray(input)) return { severity: input[0], options: input[1] ?? {} };
  if (typeof input === 'object') return { ...input };
  throw new ConfigError(file, `${where}.${id}: expected "off", "warn", "error", [severity, options] or an object`);
}

async function compileRules(
  input: Record<string, RuleSettingInput> | undefined,
  where: string,
  file: string,
  rules: ReadonlyMap<string, Rule>,
): Promise<Map<string, PartialSetting>> {
  const out = new Map<string, PartialSetting>();
  for (const [id, raw] of Object.entries(input ?? {})) {
    const rule = rules.get(id);
    if (!rule) {
      const known = [...rules.keys()].sort().join(', ');
      throw new ConfigError(file, `${where}: unknown rule "${id}" (known rules: ${known})`);
    }
    const setting = normaliseSetting(id, raw, where, file);
    if (setting.options && Object.keys(setting.options).length > 0) {
      if (!rule.meta.options) throw new ConfigError(file, `${where}.${id}.options: rule "${id}" takes no options`);
      const validate = (await getAjv()).compile(rule.meta.options);
      if (!validate(setting.options)) throw new ConfigError(file, describeErrors(validate, `${where}.${id}.options.`));
    }
    out.set(id, setting);
  }
  return out;
}

/** Loads and validates a config file; `undefined` gives the defaults. */
export async function loadConfig(file: string | undefined, rules: ReadonlyMap<string, Rule>, defaultBaseDir: string): Promise<Config> {
  if (file === undefined) return new Config(undefined, defaultBaseDir, {}, rules, new Map(), []);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const validate = await configValidator();
  if (!validate(data)) throw new ConfigError(file, describeErrors(validate, ''));
  const input = data as ConfigInput;
  const base = await compileRules(input.rules, 'rules', file, rules);
  const overrides: CompiledOverride[] = [];
  for (const [i, o] of (input.overrides ?? []).entries()) {
    const include = globMatcher(o.files);
    const exclude = o.excludedFiles ? globMatcher(o.excludedFiles) : () => false;
    overrides.push({ match: (p) => include(p) && !exclude(p), rules: await compileRules(o.rules, `overrides[${i}].rules`, file, rules) });
  }
  return new Config(file, dirname(file), input, rules, base, overrides);
}

/** The starter config `infralint init` writes (JSON has no comments: `$comment` keys carry them). */
export function starterConfig(rules: ReadonlyMap<string, Rule>): string {
  const ruleEntries: Record<string, string> = {};
  for (const [id, rule] of [...rules].sort(([a], [b]) => a.localeCompare(b))) ruleEntries[id] = rule.meta.severity === 'info' ? 'warn' : rule.meta.severity;
  const config = {
    $schema: './node_modules/infralint/schema/infralintrc.schema.json',
    $comment: 'infralint configuration. Every rule is listed with its default severity: set "off", "warn" or "error", or ["warn", { options }]. See `infralint --explain <rule-id>`.',
    rules: ruleEntries,
    ignorePatterns: ['**/.terraform/**', '**/.terragrunt-cache/**'],
    overrides: [],
    sharedVariables: {},
  };
  return JSON.stringify(config, null, 2) + '\n';
}
