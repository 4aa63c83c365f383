/**
 * What the parts of no-plaintext-secrets share: the options, the candidate
 * findings each part collects before the rule de-duplicates them, and the
 * wording of the suggestions.
 */
import type { Fix, RuleContext, Severity } from '../src/engine/types.js';
import { isPlaceholderValue, isPublicMaterial, isReferenceValue, isSecretAssignment, looksRandom, secretNameStrength } from '../src/engine/mask.js';

export interface SecretsOptions {
  readonly extraNames: readonly string[];
  readonly ignoredNames: readonly string[];
  readonly entropyThreshold: number;
  readonly minLength: number;
  readonly allowedValueHashes: readonly string[];
}

/** Which check found a candidate; on overlapping ranges the higher priority one is reported. */
export const PRIORITY = {
  sensitive: 1,
  named: 2,
  pair: 2,
  data: 3,
  token: 4,
  file: 5,
} as const;

export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly suggestion?: string;
  readonly severity?: Severity;
  readonly fix?: Fix;
  /** The secret value, checked against `allowedValueHashes`. */
  readonly secret?: string;
  readonly priority: number;
}

export type SecretsContext = RuleContext<SecretsOptions>;

/** Kubernetes kinds whose manifests only point at secrets kept elsewhere: their keys are names, not values. */
export const REFERENCE_KINDS = new Set(['ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore', 'PushSecret', 'SealedSecret']);

/** An unquoted value that is an HCL traversal (`var.db_password`, `random_password.db.result`), as in a `.tf.example` read as text. */
export function isTraversalLike(value: string): boolean {
  return /^(?:var|local|module|data|each|self|path|terraform|count)\.[\w.[\]"*-]+$/.test(value) || /^[a-z][a-z0-9_]*\.[a-z0-9_-]+\.[\w.[\]"*-]+$/.test(value);
}

/** Whether a literal under a secret-like `name` is a secret to report, with the rule's options. */
export function isSecretLiteral(name: string, value: string, options: SecretsOptions, quoted = true): boolean {
  if (!quoted && isTraversalLike(value)) return false;
  return isSecretAssignment(name, value, options);
}

/**
 * Whether a literal stored as Kubernetes Secret data under `key` is a secret
 * to report: a private key, or the key is secret-like (weak names count
 * here: the kind says the value is secret) or the value looks random;
 * `username = "postgres"` and
 * `rootHost = "%"` are configuration kept beside the secret, not secrets.
 */
export function isSecretData(key: string, value: string, options: SecretsOptions): boolean {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(value)) return true;
  if (isPlaceholderValue(value) || isReferenceValue(value) || isPublicMaterial(value)) return false;
  return secretNameStrength(key, options) !== undefined || looksRandom(value, options.entropyThreshold, options.minLength);
}

/** The text of a base64 `data` value of a Secret manifest; undefined when it is not base64 of UTF-8 text (binary data counts as random). */
export function decodeBase64Text(value: string): string | undefined {
  const v = value.trim();
  if (v.length === 0 || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return undefined;
  const text = Buffer.from(v, 'base64').toString('utf8');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || c < 9 || (c > 13 && c < 32)) return undefined;
  }
  return text;
}

/** The message for a secret-named key or attribute with a literal value. */
export function namedMessage(name: string, masked: string): string {
  return `\`${name}\` holds a plaintext secret (\`${masked}\`): move the value to secrets.sops.json and reference it`;
}

/** The stack of the checked file (`wallabag` for `stacks/wallabag/…`), as a variable-name prefix. */
function stackPrefix(ctx: SecretsContext): string | undefined {
  const stack = /^stacks\/([^/]+)\//.exec(ctx.file.relPath)?.[1];
  return stack?.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
}

/** A secrets.sops.json key for a value found under `name`: snake case, prefixed with the stack (`wallabag_database_password`). */
export function suggestedKey(ctx: SecretsContext, name: string): string {
  const snake = name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const prefix = stackPrefix(ctx);
  if (snake.length === 0) return '<key>';
  return prefix === undefined || snake.startsWith(prefix) ? snake : `${prefix}_${snake}`;
}

/** `sops set secrets.sops.json '["key"]' '"<value>"'`: the value is never written here. */
export function sopsSet(key: string, file = 'secrets.sops.json'): string {
  return `sops set ${file} '["${key}"]' '"<value>"'`;
}

/** The suggestion for a plaintext value: where it belongs instead. */
export function valueSuggestion(ctx: SecretsContext, key: string): string {
  const set = `\`${sopsSet(key)}\``;
  switch (ctx.file.kind) {
    case 'hcl':
      return `${set}, declare \`variable "${key}"\` with \`sensitive = true\` and use \`var.${key}\`; for a secret its users manage themselves, commit a \`sealed-<name>.yaml\` made with kubeseal instead.`;
    case 'yaml':
    case 'json':
    case 'text':
      return `${set} and template the value in from the stack (\`\${${key}}\` in a templatefile), or commit it as a \`sealed-<name>.yaml\` made with kubeseal.`;
    default:
      return `${set} and read it at run time (\`sops exec-env secrets.sops.json '<command>'\`) instead of writing it in the file.`;
  }
}
