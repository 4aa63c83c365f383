import type { Rule } from '../src/engine/types.js';

/**
 * Syntax errors, binary content and invalid UTF-8 in HCL files. The engine
 * reports these itself (a file that does not parse is linted by no other rule
 * and never fixed); this entry gives the findings their id, severity and docs.
 */
export const parseError: Rule = {
  meta: {
    id: 'parse-error',
    description: 'An HCL file that does not parse (or is binary or not UTF-8) is reported at the error, and no other rule runs on it.',
    severity: 'error',
    section: 'Execution',
    rationale:
      'Every stack is applied with `scripts/tg apply`; a file Terraform cannot parse breaks the plan of its whole stack. infralint reports the first syntax errors precisely and lints nothing else in that file.',
    suggestion: 'Fix the syntax at the reported position (run `terraform fmt` on the file to see the same error).',
    fileKinds: ['hcl'],
  },
  check() {
    // Reported by the engine from the parser's diagnostics (src/engine/runner.ts).
  },
};
