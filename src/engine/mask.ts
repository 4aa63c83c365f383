/**
 * Secret masking. A secret value is never printed in full, in any format:
 * at most its first 4 characters and its length, e.g. `ghp_…(40 chars)`.
 */

/** `ghp_…(40 chars)`: the first characters (at most 4, fewer for short values) and the length. */
export function maskSecret(value: string): string {
  const chars = Array.from(value);
  const shown = chars.length >= 16 ? 4 : chars.length >= 8 ? 2 : 0;
  return `${chars.slice(0, shown).join('')}…(${chars.length} chars)`;
}

/**
 * Token formats that are secrets wherever they appear. Each pattern's first
 * capture group (or the whole match) is the secret part.
 */
export const TOKEN_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { name: 'AWS access key id', pattern: /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b/g },
  { name: 'GitHub token', pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { name: 'GitLab token', pattern: /\b(glpat-[A-Za-z0-9_-]{20,})\b/g },
  { name: 'Slack token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g },
  { name: 'Slack webhook', pattern: /(https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,})/g },
  { name: 'age secret key', pattern: /\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\b/g },
  { name: 'JWT', pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})\b/g },
  { name: 'URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'`]+:([^\s@/"'`$]{3,})@[^\s"'`]+/g },
  { name: 'bearer token', pattern: /\bAuthorization:\s*Bearer\s+([A-Za-z0-9._~+/-]{16,}=*)/g },
];

/** Replaces every known token format in `text` by its mask. */
export function maskSecretsInText(text: string): string {
  let out = text;
  for (const { pattern } of TOKEN_PATTERNS) {
    out = out.replace(pattern, (match: string, group: unknown) => {
      const secret = typeof group === 'string' ? group : match;
      return match.replace(secret, maskSecret(secret));
    });
  }
  return out;
}
