/** Small rules that exercise the engine: each does one thing a real rule does. */
import { getAttribute, indentationAt } from '../../src/hcl/index.js';
import type { Rule } from '../../src/engine/types.js';

/** Reports every attribute named `todo`; safe fix: delete its line. */
export const noTodo: Rule = {
  meta: {
    id: 'no-todo',
    description: 'no todo attributes',
    severity: 'error',
    fix: 'safe',
    section: 'test',
    rationale: 'test',
    suggestion: 'delete the todo attribute',
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const hcl = ctx.file.hcl!;
    for (const block of hcl.body.items) {
      if (block.kind !== 'Block') continue;
      const attr = getAttribute(block.body, 'todo');
      if (!attr) continue;
      const text = ctx.file.text;
      const lineStart = text.lastIndexOf('\n', attr.start - 1) + 1;
      const lineEnd = text.indexOf('\n', attr.end) + 1;
      ctx.report({ range: { start: attr.start, end: attr.end }, message: `remove todo in ${block.type}`, fix: { edits: [{ start: lineStart, end: lineEnd, text: '' }] } });
    }
  },
};

/** Resource blocks must have `owner`; unsafe fix: add `owner = "platform"` at the end of the body. */
export const needsOwner: Rule<{ owner: string }> = {
  meta: {
    id: 'needs-owner',
    description: 'resources need an owner',
    severity: 'warn',
    fix: 'unsafe',
    section: 'test',
    rationale: 'test',
    suggestion: 'add owner = "<team>"',
    fileKinds: ['hcl'],
    options: { type: 'object', additionalProperties: false, properties: { owner: { type: 'string', description: 'the default owner' } } },
    defaultOptions: { owner: 'platform' },
  },
  check(ctx) {
    const owner = ctx.options.owner;
    for (const block of ctx.file.hcl!.body.items) {
      if (block.kind !== 'Block' || block.type !== 'resource' || getAttribute(block.body, 'owner')) continue;
      const close = block.closeBrace!;
      const indent = indentationAt(ctx.file.text, block.start) + '  ';
      ctx.report({ range: block.typeRange, message: 'resource has no owner', fix: { edits: [{ start: close.start, end: close.start, text: `${indent}owner = "${owner}"\n` }] } });
    }
  },
};

/** `host = "db.local"` must be `var.host`; the fix rewrites it and declares the variable in variables.tf. */
export const useHostVar: Rule = {
  meta: {
    id: 'use-host-var',
    description: 'use var.host',
    severity: 'error',
    fix: 'safe',
    section: 'test',
    rationale: 'test',
    suggestion: 'use var.host',
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const folder = ctx.index.folderOf(ctx.file.path);
    const declared = folder?.variables.has('host') ?? false;
    const varsPath = ctx.file.path.replace(/[^/]+$/, 'variables.tf');
    const varsFile = ctx.index.getFile(varsPath);
    for (const block of ctx.file.hcl!.body.items) {
      if (block.kind !== 'Block') continue;
      const attr = getAttribute(block.body, 'host');
      if (attr?.value.kind !== 'Template') continue;
      const edits = [{ start: attr.value.start, end: attr.value.end, text: 'var.host' }];
      if (!declared) {
        const at = varsFile ? varsFile.text.length : 0;
        edits.push({ path: varsPath, start: at, end: at, text: 'variable "host" {\n  type = string\n}\n' } as (typeof edits)[number]);
      }
      ctx.report({ range: attr.value, message: 'use var.host', fix: { edits } });
    }
  },
};

/** Reports a fix that produces invalid HCL (an unclosed brace). */
export const breaksFile: Rule = {
  meta: {
    id: 'breaks-file',
    description: 'a rule whose fix is broken',
    severity: 'error',
    fix: 'safe',
    section: 'test',
    rationale: 'test',
    suggestion: 'none',
    fileKinds: ['hcl'],
  },
  check(ctx) {
    const first = ctx.file.hcl!.body.items[0];
    if (first?.kind !== 'Block' || first.type !== 'broken') return;
    ctx.report({ range: first.typeRange, message: 'broken block', fix: { edits: [{ start: first.end, end: first.end, text: '\nunclosed {\n' }] } });
  },
};

/** Reports the word FIXME in shell scripts (text files). */
export const noFixme: Rule = {
  meta: {
    id: 'no-fixme',
    description: 'no FIXME in scripts',
    severity: 'warn',
    section: 'test',
    rationale: 'test',
    suggestion: 'resolve the FIXME',
    fileKinds: ['shell', 'yaml'],
  },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/FIXME/g)) ctx.report({ range: { start: m.index, end: m.index + 5 }, message: 'FIXME left in the file' });
  },
};

export const testRules: readonly Rule[] = [noTodo, needsOwner, useHostVar, breaksFile, noFixme];
