import type { Rule } from '../src/engine/types.js';

/**
 * Problems with inline `infralint-ignore` comments. The engine reports these
 * itself, because "unused" is only known after every rule has run on the file;
 * this entry gives the findings their id, severity, fix kind and docs.
 */
export const suppressions: Rule = {
  meta: {
    id: 'suppressions',
    description: 'An infralint-ignore comment without a reason, naming an unknown rule, expired, or suppressing nothing.',
    severity: 'warn',
    fix: 'safe',
    section: 'Critical Rules (MUST FOLLOW)',
    rationale:
      'A suppression is a decision someone must be able to review: it says which rule, why (`-- <reason>`) and optionally until when (`exp:YYYY-MM-DD`). Suppressions that suppress nothing hide nothing but mislead readers; --fix removes them.',
    suggestion: 'Write `# infralint-ignore <rule-id> -- <reason> [exp:YYYY-MM-DD]` directly above the block or attribute, or remove the comment.',
    fileKinds: ['hcl', 'shell', 'makefile', 'dockerfile', 'yaml', 'markdown'],
  },
  check() {
    // Reported by the engine after all rules ran on the file (src/engine/runner.ts).
  },
};
