/**
 * The secret vocabulary shared by the `no-plaintext-secrets` rule and by every
 * place that prints file content (the `--diff` output, the terminal UI's code
 * frames): token formats, secret-like names, placeholder and reference values,
 * and masking.
 *
 * A secret value is never printed in full, in any format: at most its first 4
 * characters and its length, e.g. `ghp_…(40 chars)`.
 */

/** `ghp_…(40 chars)`: the first characters (4 from 16 characters on, 2 from 8, none below) and the length in code points. */
export function maskSecret(value: string): string {
  const chars = Array.from(value);
  const shown = chars.length >= 16 ? 4 : chars.length >= 8 ? 2 : 0;
  return `${chars.slice(0, shown).join('')}…(${chars.length} chars)`;
}

export interface TokenPattern {
  /** What the token is, for messages: "GitHub token". */
  readonly name: string;
  /** Global regex with indices (`dg`); its first capture group (or the whole match) is the secret part. */
  readonly pattern: RegExp;
}

/**
 * Token formats that are secrets wherever they appear. Each pattern's first
 * capture group (or the whole match) is the secret part. Patterns are linear
 * (no nested quantifiers, no lookbehind) and start on literal text where they
 * can, so that scanning a 3 MB repository stays cheap (~30 ms).
 */
export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  {
    name: 'private key',
    pattern: /-----BEGIN (?:(?!ENCRYPTED )[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/dg,
  },
  { name: 'AWS access key id', pattern: /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b/dg },
  { name: 'AWS secret access key', pattern: /\baws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi },
  { name: 'GitHub token', pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/dg },
  { name: 'GitLab token', pattern: /\b((?:glpat|glrt|gldt|glptt|glft|glcbt|gloas|glsoat|glagent)-[A-Za-z0-9_-]{20,})\b/dg },
  { name: 'Forgejo token', pattern: /(?:[Ff]orgejo|FORGEJO|[Gg]itea|GITEA|[Cc]odeberg|CODEBERG)\w*?(?:[Tt]oken|TOKEN|[Pp]at|PAT)\w*["']?\s*[:=]\s*["']?([0-9a-fA-F]{40})\b/dg },
  { name: 'Slack token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})\b/dg },
  { name: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9/_-]{20,})/dg },
  {
    name: 'Cloudflare API token',
    pattern: /\b(?:cloudflare|cf)_?(?:api_?)?(?:token|key)\w*["']?\s*[:=]\s*["']?([A-Za-z0-9_-]{40}|[0-9a-f]{37})(?![A-Za-z0-9_-])/dgi,
  },
  { name: 'Cloudflare origin CA key', pattern: /\b(v1\.0-[0-9a-f]{24}-[0-9a-f]{146})\b/dg },
  { name: 'age secret key', pattern: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/dg },
  { name: 'JWT', pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/dg },
  { name: 'URL with a password', pattern: /:\/\/[^\s:/@"'`]*:([^\s@/"'`$]{3,})@[^\s"'`]+/dg },
  { name: 'bearer token', pattern: /\bAuthorization:\s*Bearer\s+([A-Za-z0-9._~+/-]{16,}=*)/dgi },
];

/** The range of the secret part of a token match: its first capture group, or the whole match. */
export function secretRange(match: RegExpExecArray | RegExpMatchArray): { start: number; end: number } {
  const group = match.indices?.[1];
  if (group) return { start: group[0], end: group[1] };
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}

/** Word parts that make a name a reference, a public value, a hash or a quantity, never a secret: `existing_secret`, `from_secret`, `public_key`, `max_tokens`. */
const NEVER_PARTS = new Set(['existing', 'from', 'external', 'public', 'pub', 'publickey', 'pubkey', 'hashed', 'encrypted', 'sealed', 'htpasswd', 'use', 'max', 'min', 'num', 'total', 'limit', 'count']);

/** Words that may follow a secret word and keep it a value: `secret_string`, `password_wo`, `secret_key_base`. */
const VALUE_SUFFIXES = new Set(['value', 'string', 'str', 'data', 'text', 'plain', 'plaintext', 'raw', 'literal', 'b64', 'base64', 'hex', 'encoded', 'wo', 'base', 'content', 'contents', 'bytes']);

/** A secret word as the last part: `DB_PASSWORD`, `adminPassword`, `smtp_pass`, `api_token`. */
const STRONG_WORDS = new Set(['password', 'passwords', 'passwd', 'passphrase', 'passcode', 'pass', 'token', 'tokens', 'apikey', 'apitoken', 'authkey', 'authtoken', 'accesstoken', 'privatekey', 'secretkey', 'clientsecret', 'authorization']);

/** Secret words that are one only after a prefix (`MYSQL_PWD`, but `PWD` is the shell's working directory). */
const PREFIXED_WORDS = new Set(['pwd', 'pw']);

/** `<word>_key` compounds that are secrets: `api_key`, `private_key`, `secret_key`, `encryption_key`. */
const KEY_COMPOUNDS = new Set(['api', 'private', 'secret', 'access', 'encryption', 'signing', 'master', 'app', 'auth', 'session', 'shared', 'preshared', 'client', 'hmac', 'jwt', 'cookie', 'webhook', 'age', 'sops', 'license', 'root', 'admin']);

/** `<word>_secret` compounds that name a Kubernetes Secret rather than hold one: `password_secret`, `auth_secret`, `tls_secret`. */
const SECRET_REF_PREFIXES = new Set(['password', 'passwd', 'pass', 'auth', 'tls', 'ssl', 'cert', 'certificate', 'credentials', 'creds', 'pull', 'registry', 'docker', 'ca', 'k8s', 'kubernetes', 'basic']);

/** `<word>_secret` compounds that are as often the name of a Secret as a secret (`apiKeySecret`, `token_secret`): weak. */
const SECRET_AMBIGUOUS_PREFIXES = new Set(['key', 'apikey', 'token', 'access']);

/** One-word names that hold a secret only sometimes (`auth: { enabled: false }`, `secret: keel-slack`): reported only for random-looking values. */
const WEAK_WORDS = new Set(['secret', 'secrets', 'auth', 'credentials', 'credential', 'creds', 'salt', 'hmac', 'psk', 'seed']);

/** Single words ending in a secret word: `dbpassword`, `pgpassword`, `nextauthsecret`, `csrftoken`. */
const COMPOUND_SUFFIXES = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'secretkey', 'authkey'];
const PASS_COMPOUND = /^(?:db|root|admin|smtp|mail|user|mysql|pg|redis|ldap|bind|mqtt|imap)pass$/;

/** Every secret-like name contains one of these (a cheap test before splitting the name into words). */
const MAYBE_SECRET_NAME = /pass|secret|token|key|auth|cred|pw|salt|hmac|psk|seed/i;

export type SecretNameStrength = 'strong' | 'weak';

export interface SecretNameOptions {
  /** More secret words or compounds (`license_key`), matched on word parts at the end of a name. */
  readonly extraNames?: readonly string[];
  /** Names (case-insensitive, the whole name or its last `.`/`/` segment) that are never secret. */
  readonly ignoredNames?: readonly string[];
}

/**
 * The lower-case word parts of the last `.`/`/` segment of a name:
 * `SYMFONY__ENV__DATABASE_PASSWORD` → symfony env database password,
 * `adminPassword` → admin password, `nginx.ingress.kubernetes.io/auth-secret` → auth secret.
 * A trailing number after three letters is dropped (`password2` → password).
 */
export function nameWords(name: string): string[] {
  const segments = name.split(/[./]/).filter((s) => s.length > 0);
  const last = segments[segments.length - 1] ?? '';
  return last
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/^([a-z]{3,})\d+$/, '$1'));
}

function endsWithWords(words: readonly string[], end: number, tail: readonly string[]): boolean {
  if (tail.length === 0 || end + 1 < tail.length) return false;
  for (let i = 0; i < tail.length; i++) if (words[end + 1 - tail.length + i] !== tail[i]) return false;
  return true;
}

/**
 * Whether a name (attribute, map key, env var, YAML/INI key) is secret-like:
 * `strong` names hold a secret whenever their value is a literal, `weak` ones
 * only when the value looks random; `undefined` for every other name,
 * including the names of references (`tls_secret_name`, `secret_key_ref`,
 * `existing_secret`, `password_secret`, `passwordKey`, `password_file`).
 */
export function secretNameStrength(name: string, options: SecretNameOptions = {}): SecretNameStrength | undefined {
  const plain = (options.extraNames === undefined || options.extraNames.length === 0) && (options.ignoredNames === undefined || options.ignoredNames.length === 0);
  if (!plain) return classifyName(name, options);
  if (!MAYBE_SECRET_NAME.test(name)) return undefined;
  let known = defaultStrengths.get(name);
  if (known === undefined) {
    if (defaultStrengths.size > 50_000) defaultStrengths.clear();
    defaultStrengths.set(name, (known = classifyName(name, options) ?? null));
  }
  return known ?? undefined;
}

/** secretNameStrength with the default vocabulary, per name: the same few hundred names recur in every stack. */
const defaultStrengths = new Map<string, SecretNameStrength | null>();

function classifyName(name: string, options: SecretNameOptions): SecretNameStrength | undefined {
  if (options.ignoredNames && options.ignoredNames.length > 0) {
    const lower = name.toLowerCase();
    const lastSegment = lower.split(/[./]/).filter((s) => s.length > 0).pop() ?? lower;
    if (options.ignoredNames.some((n) => n.toLowerCase() === lower || n.toLowerCase() === lastSegment)) return undefined;
  }
  const words = nameWords(name);
  if (words.length === 0 || words.some((w) => NEVER_PARTS.has(w))) return undefined;
  let end = words.length - 1;
  while (end > 0 && (VALUE_SUFFIXES.has(words[end]!) || (words[end] === 'id' && words[end - 1] === 'secret'))) end--;
  for (const extra of options.extraNames ?? []) {
    if (endsWithWords(words, end, nameWords(extra.replace(/\./g, '_')))) return 'strong';
  }
  const head = words[end]!;
  const prev = end > 0 ? words[end - 1] : undefined;
  if (head === 'key' || head === 'keys') {
    if (prev === undefined || !KEY_COMPOUNDS.has(prev)) return undefined;
    // `passwordSecretKey`: the key of the password inside a Secret.
    return words.slice(0, end - 1).some((w) => STRONG_WORDS.has(w)) ? 'weak' : 'strong';
  }
  if (head === 'secret' || head === 'secrets') {
    if (prev !== undefined && SECRET_REF_PREFIXES.has(prev)) return undefined;
    return words.length === 1 || (prev !== undefined && SECRET_AMBIGUOUS_PREFIXES.has(prev)) ? 'weak' : 'strong';
  }
  if (STRONG_WORDS.has(head)) return 'strong';
  if (PREFIXED_WORDS.has(head)) return end > 0 ? 'strong' : undefined;
  if (PASS_COMPOUND.test(head)) return 'strong';
  if (COMPOUND_SUFFIXES.some((s) => head.length > s.length && head.endsWith(s))) return 'strong';
  if (WEAK_WORDS.has(head) && end === words.length - 1) return 'weak';
  return undefined;
}

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'change-it', 'replaceme', 'replace-me', 'replace_me', 'todo', 'tbd', 'fixme',
  'redacted', 'placeholder', 'dummy', 'example', 'sample', 'none', 'null', 'nil', 'undefined', 'n/a', 'na', 'secret', 'password',
  'passwd', 'pass', 'token', 'true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', '~',
]);

/**
 * An obvious placeholder rather than a secret: empty or blank, one of
 * PLACEHOLDER_WORDS (`changeme`, `TODO`, `password`, booleans, `~` …), `<…>`,
 * `xxx`/`***`/`...` (one character repeated), `your-…`/`YOUR_…`, `…_here`,
 * `replace-with-…`, `change-me-…`.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\[[^[\]]*\]$/.test(v)) return true;
  if (/^([x*.#_\-•…?])\1*$/i.test(v)) return true;
  if (/^(?:your|my)[-_ ]/i.test(v) || /[-_ ]here$/i.test(v) || /^(?:replace|change)[-_ ]?(?:me|with|this)\b/i.test(v) || /^(?:todo|fixme|tbd)\b/i.test(v)) return true;
  return false;
}

/**
 * A reference to a secret kept elsewhere rather than a literal: `${…}`
 * (HCL, shell, templatefile, envsubst), `{{ … }}` (Helm, Jinja, Actions),
 * Grafana `$__file{…}`/`$__env{…}`, shell/Kubernetes `$VAR`/`$(VAR)`/`$1`, YAML tags
 * such as Home Assistant's `!secret …`, HCL directives `%{…}`, SOPS `ENC[…]`,
 * and secret-manager URIs (`vault:`, `ref+…`, `op://`, `sm://`, `awssm:`).
 */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  if (v.includes('${') || v.includes('{{') || v.includes('$__') || v.includes('%{')) return true;
  if (/^\$[({A-Za-z_0-9@*#?!]/.test(v)) return true;
  if (/^![A-Za-z_]/.test(v)) return true;
  if (/^ENC\[/.test(v)) return true;
  if (/^(?:vault:|ref\+|op:\/\/|sm:\/\/|awssm:|secretsmanager:|bw:\/\/|@Microsoft\.KeyVault\()/.test(v)) return true;
  return false;
}

/** Public key material (a certificate, a public key, an SSH `known_hosts`/`authorized_keys` line, an age recipient): not a secret. */
export function isPublicMaterial(value: string): boolean {
  if (/-----BEGIN (?:CERTIFICATE|PUBLIC KEY|[A-Z0-9]+ PUBLIC KEY|X509 CRL|TRUSTED CERTIFICATE)-----/.test(value) && !value.includes('PRIVATE KEY')) return true;
  if (/(?:^|\s)(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-\S+)\s+AAAA/.test(value)) return true;
  return /^\s*age1[0-9a-z]{58}\s*$/.test(value);
}

/** Shannon entropy in bits per character (code point) of `value`; 0 for the empty string. */
export function shannonEntropy(value: string): number {
  const chars = Array.from(value);
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Default minimum Shannon entropy (bits per character) for a value to look random. */
export const DEFAULT_ENTROPY_THRESHOLD = 3.5;
/** Default minimum length (characters) for a value to look random. */
export const DEFAULT_ENTROPY_MIN_LENGTH = 16;

/**
 * A value that looks machine-generated: at least `minLength` characters, no
 * whitespace, at least two of lower case / upper case / digits, and Shannon
 * entropy of at least `threshold` bits per character. Kebab-case names such as
 * `prometheus-basic-auth` (one character class) never do.
 */
export function looksRandom(value: string, threshold = DEFAULT_ENTROPY_THRESHOLD, minLength = DEFAULT_ENTROPY_MIN_LENGTH): boolean {
  if (Array.from(value).length < minLength || /\s/.test(value)) return false;
  const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value));
  return classes >= 2 && shannonEntropy(value) >= threshold;
}

/**
 * Whether a literal `value` under `name` is a secret to report: the name is
 * secret-like, the value is neither a placeholder nor a reference nor public
 * key material nor a short number (`MAX_TOKENS=4096`, a port), and for a weak
 * name the value looks random.
 */
export function isSecretAssignment(name: string, value: string, options: SecretNameOptions & { readonly entropyThreshold?: number; readonly minLength?: number } = {}): boolean {
  const strength = secretNameStrength(name, options);
  if (strength === undefined) return false;
  if (isPlaceholderValue(value) || isReferenceValue(value) || isPublicMaterial(value) || /^\d{1,7}$/.test(value.trim())) return false;
  return strength === 'strong' || looksRandom(value, options.entropyThreshold, options.minLength);
}

/** `name = "value"`, `name: 'value'`, `"name": "value"` on one line (HCL, YAML, JSON, INI, shell). */
const QUOTED_ASSIGNMENT = /(["']?)([A-Za-z_][\w.\-/]*)\1([ \t]*(?:=|:)[ \t]*)(["'])((?:\\.|(?!\4)[^\\\n])*)\4/g;
/** `name: value`, `name = value`, `export NAME=value` with a bare value, at the start of a line (a diff line may start with ` `, `+` or `-`). */
const BARE_ASSIGNMENT = /^([ +-]?[ \t]*(?:- +)?(?:export +|ENV +|ARG +)?)([A-Za-z_][\w.\-/]*)([ \t]*[:=][ \t]*)([^\s"'#|>{[&*!][^\s#]*)/gm;
/** `name = "DB_PASSWORD"` / `- name: DB_PASSWORD` whose sibling `value` follows within a few lines. */
const PAIR_NAME = /^[ +-]?[ \t]*(?:- +)?["']?name["']?[ \t]*[:=][ \t]*["']?([A-Za-z_][\w.-]*)["']?[ \t,]*$/;
const PAIR_VALUE = /^([ +-]?[ \t]*(?:- +)?["']?value["']?[ \t]*[:=][ \t]*)(["']?)([^"'\n]*)\2/;
/** `{ name = "DB_PASSWORD", value = "…" }` on one line (HCL objects, JSON, YAML flow maps). */
const PAIR_INLINE = /(["']?name["']?[ \t]*[:=][ \t]*["']([A-Za-z_][\w.-]*)["'][ \t]*,?[ \t]*["']?value["']?[ \t]*[:=][ \t]*["'])([^"'\n]*)(["'])/g;
/** `variable "db_password" {` / `output "db_password" {`: its `default` / `value` line holds the named value. */
const BLOCK_HEADER = /^[ +-]?[ \t]*(?:variable|output)[ \t]+"([^"]+)"/;
const BLOCK_VALUE = /^[ +-]?[ \t]*(?:default|value)[ \t]*=[ \t]*"((?:\\.|[^"\\\n])*)"/;

function maskValue(match: string, value: string): string {
  return match.replace(value, maskSecret(value));
}

/**
 * `text` with every secret it recognises replaced by its mask: the known token
 * formats, literal values of secret-named keys (`password = "…"`,
 * `DB_PASSWORD=…`, `password: …`) and the `value` of a `name`/`value` pair
 * whose name is secret-like. Used on any text shown to a person (the `--diff`
 * output); it masks on sight and errs towards masking.
 */
export function maskSecretsInText(text: string): string {
  let out = text;
  for (const { pattern } of TOKEN_PATTERNS) {
    let masked = '';
    let from = 0;
    for (const m of out.matchAll(pattern)) {
      const { start, end } = secretRange(m);
      masked += out.slice(from, start) + maskSecret(out.slice(start, end));
      from = end;
    }
    out = masked + out.slice(from);
  }
  out = out.replace(QUOTED_ASSIGNMENT, (match: string, _q: string, name: string, _sep: string, _q2: string, value: string) =>
    value.includes('…(') || !isSecretAssignment(name, value) ? match : maskValue(match, value),
  );
  out = out.replace(BARE_ASSIGNMENT, (match: string, _lead: string, name: string, _sep: string, value: string) =>
    value.includes('…(') || !isSecretAssignment(name, value) ? match : maskValue(match, value),
  );
  out = out.replace(PAIR_INLINE, (match: string, head: string, name: string, value: string, close: string) =>
    value.includes('…(') || !isSecretAssignment(name, value) ? match : `${head}${maskSecret(value)}${close}`,
  );
  const lines = out.split('\n');
  let pairName: string | undefined;
  let pairAge = 0;
  let blockName: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = BLOCK_HEADER.exec(line);
    if (header) blockName = header[1];
    else if (/^[ +-]?\}/.test(line)) blockName = undefined;
    const blockValue = blockName === undefined ? null : BLOCK_VALUE.exec(line);
    const held = blockValue?.[1];
    if (blockName !== undefined && held && !held.includes('…(') && isSecretAssignment(blockName, held)) lines[i] = line.replace(`"${held}"`, `"${maskSecret(held)}"`);
    const named = PAIR_NAME.exec(line);
    if (named) {
      pairName = named[1];
      pairAge = 0;
      continue;
    }
    if (pairName !== undefined && pairAge < 3) {
      const valued = PAIR_VALUE.exec(line);
      const value = valued?.[3]?.trim();
      if (valued && value && !value.includes('…(') && isSecretAssignment(pairName, value)) lines[i] = line.replace(value, maskSecret(value));
    }
    pairAge++;
  }
  return lines.join('\n');
}
