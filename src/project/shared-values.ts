/**
 * The values of the shared variables AGENTS.md says never to hard-code
 * ("Shared Variables (never hardcode)"), and where each value in force came
 * from: the repository's config.tfvars when it is readable (in a clone without
 * the git-crypt key it is ciphertext), then `sharedVariables` in the config,
 * then the defaults AGENTS.md itself states.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringValue } from '../hcl/index.js';
import type { Config } from '../engine/config.js';
import type { SourcedValue } from './index-types.js';

export const SHARED_VARIABLES = ['nfs_server', 'redis_host', 'postgresql_host', 'mysql_host', 'ollama_host', 'mail_host'] as const;

/** Values AGENTS.md states outright. */
export const BUILT_IN_SHARED_VALUES: Readonly<Record<string, string>> = {
  nfs_server: '192.168.1.127',
  redis_host: 'redis-master.redis.svc.cluster.local',
};

/** Resolves shared values from config.tfvars values (if any), the config and the built-ins. */
export function resolveSharedValues(configValues: ReadonlyMap<string, SourcedValue>, config: Pick<Config, 'sharedVariables' | 'file'>): Map<string, SourcedValue> {
  const out = new Map<string, SourcedValue>();
  for (const name of SHARED_VARIABLES) {
    const fromTfvars = configValues.get(name);
    const fromConfig = config.sharedVariables[name];
    const builtIn = BUILT_IN_SHARED_VALUES[name];
    if (fromTfvars) out.set(name, fromTfvars);
    else if (fromConfig !== undefined) out.set(name, { value: fromConfig, source: `${config.file ?? '.infralintrc.json'} sharedVariables` });
    else if (builtIn !== undefined) out.set(name, { value: builtIn, source: 'AGENTS.md (built-in)' });
  }
  return out;
}

/** For --print-config: every shared variable with its value and source (`null` when unknown), read the way the repo index reads config.tfvars. */
export function describeSharedVariables(root: string, config: Pick<Config, 'sharedVariables' | 'file'>): Record<string, { value: string; source: string } | null> {
  const tfvars = new Map<string, SourcedValue>();
  try {
    const text = readFileSync(join(root, 'config.tfvars'), 'utf8');
    if (!text.startsWith('\0GITCRYPT')) {
      const file = parse(text, 'config.tfvars');
      if (file.diagnostics.length === 0) {
        for (const item of file.body.items) {
          if (item.kind !== 'Attribute') continue;
          const value = stringValue(item.value) ?? (item.value.kind === 'NumberLit' ? item.value.raw : undefined);
          if (value !== undefined) tfvars.set(item.name, { value, source: `config.tfvars:${item.line}` });
        }
      }
    }
  } catch {
    // not readable: the config and the built-ins apply
  }
  const resolved = resolveSharedValues(tfvars, config);
  const out: Record<string, { value: string; source: string } | null> = {};
  for (const name of SHARED_VARIABLES) out[name] = resolved.get(name) ?? null;
  return out;
}
