/**
 * The explicit, sorted registry of rules. A meta-test checks that every
 * `rules/<id>.ts` is listed here under its id.
 */
import type { Rule } from '../src/engine/types.js';
import { importBlocks } from './import-blocks.js';
import { keelLifecycle } from './keel-lifecycle.js';
import { kyvernoLifecycle } from './kyverno-lifecycle.js';
import { nfsMountOptions } from './nfs-mount-options.js';
import { noInlineNfs } from './no-inline-nfs.js';
import { noPlaintextSecrets } from './no-plaintext-secrets.js';
import { parseError } from './parse-error.js';
import { redisEndpoint } from './redis-endpoint.js';
import { sharedVariables } from './shared-variables.js';
import { suppressions } from './suppressions.js';

export const allRules: readonly Rule[] = [importBlocks, keelLifecycle, kyvernoLifecycle, nfsMountOptions, noInlineNfs, noPlaintextSecrets, parseError, redisEndpoint, sharedVariables, suppressions];

export const ruleRegistry: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
