import type { Rule, RuleContext } from '../src/engine/types.js';
import { SHARED_VARIABLES } from '../src/project/shared-values.js';
import { findHostLiterals, isInOwnerStack, placeOf, REDIS_MASTER_HOST, sharedValuesOf, sharedVariableFix, type HostLiteral } from './_shared-variable-fix.js';

export interface SharedVariablesOptions {
  readonly embedded: boolean;
}

function overlapsAny(taken: readonly HostLiteral[], literal: HostLiteral): boolean {
  return taken.some((t) => t.start < literal.end && literal.start < t.end);
}

function reportLiteral(ctx: RuleContext<SharedVariablesOptions>, name: string, value: string, literal: HostLiteral): boolean {
  const place = placeOf(ctx.file, literal, name);
  if (place.kind !== 'code') return false;
  const range = literal.whole ? literal.expr : literal;
  const what = literal.whole ? `var.${name}` : `\${var.${name}}`;
  const where = literal.whole ? '' : ' in this string';
  if (place.variable !== undefined) {
    ctx.report({
      range,
      message: `the default of variable "${place.variable}" hard-codes the ${name} value "${value}"; use var.${name} where var.${place.variable} is used (${place.noFix ?? ''})`,
      suggestion: `Remove the default of variable "${place.variable}" (or the variable) and write \`var.${name}\` where it is used; declare \`variable "${name}" { type = string }\` if the folder does not.`,
    });
    return true;
  }
  if (place.noFix !== undefined) {
    ctx.report({ range, message: `use ${what} instead of the hard-coded "${value}"${where}`, suggestion: `Move the value out of this place (${place.noFix}) and use \`var.${name}\` where it is used.` });
    return true;
  }
  const { fix, note, suggestion } = sharedVariableFix(ctx, name, literal);
  ctx.report({ range, message: `use ${what} instead of the hard-coded "${value}"${where}${note}`, suggestion, ...(fix ? { fix } : {}) });
  return true;
}

/**
 * A hard-coded value of a shared variable (`nfs_server`, `redis_host`, …) in
 * Terraform code. The values in force come from config.tfvars, the config's
 * `sharedVariables` and the AGENTS.md built-ins (see `--print-config`).
 */
export const sharedVariables: Rule<SharedVariablesOptions> = {
  meta: {
    id: 'shared-variables',
    description: 'No hard-coded value of a shared variable (nfs_server, redis_host, postgresql_host, mysql_host, ollama_host, mail_host) in Terraform code; use var.<name>.',
    severity: 'error',
    fix: 'safe',
    section: 'Shared Variables (never hardcode)',
    rationale:
      'AGENTS.md, "Shared Variables (never hardcode)": "var.nfs_server (192.168.1.127), var.redis_host, var.postgresql_host, var.mysql_host, var.ollama_host, var.mail_host". The values live once in config.tfvars, which Terragrunt passes to every stack; a copy in a stack is missed when the value changes.',
    suggestion: 'Write `var.<name>` (or `${var.<name>}` inside a string) and declare `variable "<name>" { type = string }` in the stack if it is missing.',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        embedded: {
          type: 'boolean',
          description: 'Also report a shared value inside a longer string (a URL, a CSI volume handle); the fix interpolates `${var.<name>}`. With false only strings equal to the value are reported.',
        },
      },
    },
    defaultOptions: { embedded: true },
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl || !ctx.file.path.endsWith('.tf')) return;
    const values = sharedValuesOf(ctx);
    const taken: HostLiteral[] = [];
    for (const name of SHARED_VARIABLES) {
      const value = values.get(name)?.value;
      if (value === undefined || value.trim() === '') continue;
      // redis-endpoint reports this host (with its own message and the same fix).
      if (name === 'redis_host' && value === REDIS_MASTER_HOST) continue;
      const literals = findHostLiterals(hcl, value);
      if (literals.length === 0 || isInOwnerStack(ctx.index, ctx.file, value)) continue;
      for (const literal of literals) {
        if ((!literal.whole && !ctx.options.embedded) || overlapsAny(taken, literal)) continue;
        if (reportLiteral(ctx, name, value, literal)) taken.push(literal);
      }
    }
  },
};
