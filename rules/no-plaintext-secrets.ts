import { basename } from 'node:path';
import type { Rule } from '../src/engine/types.js';
import { DEFAULT_ENTROPY_MIN_LENGTH, DEFAULT_ENTROPY_THRESHOLD, isPlaceholderValue, isReferenceValue, maskSecret, secretRange, TOKEN_PATTERNS } from '../src/engine/mask.js';
import { PRIORITY, sopsSet, type Candidate, type SecretsContext, type SecretsOptions } from './_secrets-common.js';
import { isGitCryptFile } from './_secrets-gitcrypt.js';
import { checkHcl } from './_secrets-hcl.js';
import { checkJsonFile, checkTextFile, checkYamlFile } from './_secrets-text.js';

/** A token whose random part is a run of one or two characters or says it is an example (`AKIAIOSFODNN7EXAMPLE`). */
function isDummyToken(secret: string): boolean {
  if (/EXAMPLE|example/.test(secret)) return true;
  const body = secret.replace(/^[a-z]+[_-]|^(?:AKIA|ASIA)/, '');
  return new Set(body.replace(/[^A-Za-z0-9]/g, '')).size <= 2;
}

/**
 * The rule's own copies of the token patterns, run with `exec` from
 * `lastIndex` 0: `matchAll` would construct a clone of each pattern for each
 * file (14 per file), a measurable part of a cold run. An empty match steps
 * over one character, as matchAll does.
 */
const PATTERNS: readonly { readonly name: string; readonly pattern: RegExp; readonly unicode: boolean }[] = TOKEN_PATTERNS.map(({ name, pattern }) => ({
  name,
  pattern: new RegExp(pattern.source, pattern.flags),
  unicode: /[uv]/.test(pattern.flags),
}));

function tokenCandidates(ctx: SecretsContext, out: Candidate[]): void {
  const text = ctx.file.text;
  for (const { name, pattern, unicode } of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) pattern.lastIndex = m.index + (unicode && (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
      const { start, end } = secretRange(m);
      const secret = text.slice(start, end);
      if (name === 'private key') {
        const header = /^-----BEGIN [A-Z0-9 ]+-----/.exec(secret)?.[0] ?? 'private key';
        out.push({
          start,
          end,
          message: `private key \`${header}\` (${Array.from(secret).length} chars) in plain text: keep it in secrets.sops.json or a sealed secret, and replace the key`,
          suggestion: `\`${sopsSet('<key>')}\` with the key, or commit it as a \`sealed-<name>.yaml\` made with kubeseal; the old key is in the git history, so generate a new one.`,
          secret,
          priority: PRIORITY.token,
        });
        continue;
      }
      if (isDummyToken(secret) || (name === 'URL with a password' && (isPlaceholderValue(secret) || isReferenceValue(secret)))) continue;
      out.push({
        start,
        end,
        message: `${name} (\`${maskSecret(secret)}\`) in plain text: rotate it and keep the new one in secrets.sops.json`,
        suggestion: `\`${sopsSet('<key>')}\` with the new value and read it from there; the old one stays in the git history, so revoke it.`,
        secret,
        priority: PRIORITY.token,
      });
    }
  }
}

function gitCryptCandidate(ctx: SecretsContext): Candidate {
  const rel = ctx.file.relPath;
  return {
    start: 0,
    end: ctx.file.text.length,
    message: `\`${rel}\` is marked \`filter=git-crypt\` in .gitattributes but is staged as plain text: unstage it and run \`git-crypt unlock\` before staging it again`,
    suggestion: `\`git restore --staged ${rel}\`, then \`git-crypt unlock\` and \`git add ${rel}\` (git-crypt encrypts it when it is staged); new secrets belong in secrets.sops.json.`,
    priority: PRIORITY.file,
  };
}

/** Keeps the highest-priority candidate where ranges overlap (a token inside a secret-named value is reported once, as the token). */
function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const ordered = [...candidates].sort((a, b) => b.priority - a.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of ordered) {
    if (kept.some((k) => k.start === c.start && k.end === c.end && k.message === c.message)) continue;
    if (c.end > c.start && kept.some((k) => k.start < c.end && c.start < k.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function report(ctx: SecretsContext, c: Candidate): void {
  ctx.report({ range: { start: c.start, end: c.end }, message: c.message, ...(c.suggestion ? { suggestion: c.suggestion } : {}), ...(c.severity ? { severity: c.severity } : {}), ...(c.fix ? { fix: c.fix } : {}) });
}

function sha256(value: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(value, 'utf8').digest('hex');
}

export const noPlaintextSecrets: Rule<SecretsOptions> = {
  meta: {
    id: 'no-plaintext-secrets',
    description:
      'No secret values in plain text: secret-named attributes, keys and env vars with literal values, known token formats, literal Kubernetes Secret data, unencrypted SOPS leaves, plain Secrets in sealed-*.yaml, git-crypt files staged unencrypted.',
    severity: 'error',
    fix: 'safe',
    section: 'Critical Rules (MUST FOLLOW)',
    rationale:
      'AGENTS.md, "Critical Rules": "NEVER put secrets in plaintext — use secrets.sops.json (SOPS-encrypted) or terraform.tfvars (git-crypt, legacy)" and "NEVER commit secrets — triple-check before every commit". "Secrets Management (SOPS)": secrets.sops.json holds passwords, tokens, SSH keys and API keys, added with `sops set secrets.sops.json \'["new_key"]\' \'"value"\'`. "Sealed Secrets": secrets users manage themselves are committed as `sealed-*.yaml` made with kubeseal; only the in-cluster controller can decrypt them.',
    suggestion:
      'Move the value to secrets.sops.json (`sops set secrets.sops.json \'["<key>"]\' \'"<value>"\'`) and reference it as a sensitive variable, or commit it as a sealed-<name>.yaml made with kubeseal; rotate anything that was committed in plain text.',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        extraNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'More secret-like names, matched on word parts at the end of a name like the built-in ones (e.g. "license_key" matches LICENSE_KEY and licenseKey).',
        },
        ignoredNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Names that are never secret-like, compared case-insensitively with the whole name or its last "."/"/" segment (e.g. "network_key").',
        },
        entropyThreshold: {
          type: 'number',
          minimum: 0,
          maximum: 8,
          description: `Minimum Shannon entropy, in bits per character, for a value under a weak name (secret, auth, credentials, salt, …) to be reported. Default ${DEFAULT_ENTROPY_THRESHOLD}.`,
        },
        minLength: {
          type: 'integer',
          minimum: 1,
          description: `Minimum length, in characters, for a value under a weak name to be reported. Default ${DEFAULT_ENTROPY_MIN_LENGTH}.`,
        },
        allowedValueHashes: {
          type: 'array',
          items: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
          description: 'SHA-256 hashes (hex) of values that are known not to be secrets (e.g. a vendor test key); a finding whose value hashes to one of them is not reported. `printf %s "<value>" | sha256sum` gives the hash.',
        },
      },
    },
    defaultOptions: { extraNames: [], ignoredNames: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD, minLength: DEFAULT_ENTROPY_MIN_LENGTH, allowedValueHashes: [] },
    fileKinds: ['hcl', 'yaml', 'json', 'shell', 'markdown', 'makefile', 'dockerfile', 'text', 'binary'],
  },
  check(ctx) {
    const file = ctx.file;
    if (file.encrypted) return;
    if (isGitCryptFile(ctx.index, file)) {
      if (ctx.staged) report(ctx, gitCryptCandidate(ctx));
      return;
    }
    if (file.kind === 'binary') return;
    const candidates: Candidate[] = [];
    tokenCandidates(ctx, candidates);
    switch (file.kind) {
      case 'hcl':
        if (file.hcl) checkHcl(ctx, file.hcl, candidates);
        break;
      case 'yaml':
        checkYamlFile(ctx, candidates);
        break;
      case 'json':
        checkJsonFile(ctx, candidates);
        break;
      case 'markdown':
        break;
      default:
        if (basename(file.path) !== '.gitattributes') checkTextFile(ctx, candidates);
    }
    const allowed = new Set(ctx.options.allowedValueHashes.map((h) => h.toLowerCase()));
    const reportable = allowed.size === 0 ? candidates : candidates.filter((c) => c.secret === undefined || !allowed.has(sha256(c.secret)));
    for (const c of dedupe(reportable)) report(ctx, c);
  },
};
