import { getAttribute, getBlocks, nodeText, stringValue, traversalPath, type Block, type Expression } from '../src/hcl/index.js';
import type { FolderIndex } from '../src/project/index-types.js';
import type { Rule, RuleContext, SourceFile } from '../src/engine/types.js';
import { instanceKeyProblem, keyText, lookupResource, parseAddress, repetitionOf, type ResourceAddress } from './_import-address.js';
import { deletionRange, newestCommitTimes } from './_import-git.js';
import {
  expectedIdOf,
  idFormatOf,
  idProblem,
  manifestMismatches,
  manifestObject,
  missingJsonManifestFields,
  missingManifestFields,
  skeletonOf,
  zoneIdOf,
  type IdFormat,
} from './_import-ids.js';
import { importCommandsIn, type LocatedCommand } from './_import-sources.js';

export interface ImportBlocksOptions {
  readonly maxAgeDays: number;
}

type Context = RuleContext<ImportBlocksOptions>;

const DAY_SECONDS = 86_400;
/** A resource address written as a string (`to = "helm_release.x"`), which the fix unquotes. */
const QUOTED_ADDRESS = /^(?:module\.[A-Za-z_][\w-]*(?:\[(?:"[^"]*"|\d+)\])?\.)*[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\[(?:"[^"]*"|\d+)\])?$/;

/** `value` as an HCL quoted string. */
function quoteHcl(value: string): string {
  return JSON.stringify(value).replace(/([$%])\{/g, (_, c: string) => `${c}${c}{`);
}

/** Shell expansions (`${ns}`, `$NS`, make's `$(ADDR)`, `$(cmd …)`) as `<name>` placeholders. */
function placeholders(text: string): string {
  return text
    .replace(/\$\{#?([A-Za-z_]\w*)[^}]*\}/g, '<$1>')
    .replace(/\$\(\s*([A-Za-z_]\w*)\s*\)/g, '<$1>')
    .replace(/\$\([^)]*\)/g, '<…>')
    .replace(/\$([A-Za-z_]\w*)/g, '<$1>')
    .replace(/\$([0-9@*])/g, '<arg$1>');
}

function stackOf(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  return /(?:^|\/)(stacks\/[^/\s]+)/.exec(placeholders(dir))?.[1];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function reportCommand(ctx: Context, c: LocatedCommand): void {
  const command = [c.tool, 'import', c.address].filter((w) => w !== undefined).join(' ');
  const to = c.address === undefined ? '<type>.<name>' : placeholders(c.address);
  const id = c.id === undefined ? '<id>' : placeholders(c.id);
  const block = `import {\n  to = ${to}\n  id = ${quoteHcl(id)}\n}`;
  ctx.report({
    range: c,
    message: `${capitalize(c.where)} runs \`${command}\`, which changes state with no review or audit trail; write an \`import {}\` block in the stack instead`,
    suggestion: `write \`${block}\` in a .tf file of ${stackOf(c.dir) ?? 'the stack'}, run scripts/tg plan until it shows 0 changes, then scripts/tg apply, and delete the block in a follow-up commit`,
  });
}

function addressText(address: ResourceAddress): string {
  const modules = address.modules.map((m) => `module.${m.name}${keyText(m.key)}.`).join('');
  return `${modules}${address.data ? 'data.' : ''}${address.type}.${address.name}${keyText(address.key)}`;
}

/** Checks `to`; returns the parsed address (for the id check) when there is one. */
function checkTo(ctx: Context, block: Block, folder: FolderIndex | undefined): { address: ResourceAddress; resource: ReturnType<typeof lookupResource> | undefined } | undefined {
  const to = getAttribute(block.body, 'to');
  if (!to) {
    ctx.report({ range: block.typeRange, message: 'import block has no `to`; add `to = <type>.<name>` naming the resource to adopt' });
    return undefined;
  }
  const address = parseAddress(to.value);
  if (!address) {
    const quoted = stringValue(to.value);
    if (quoted !== undefined && QUOTED_ADDRESS.test(quoted)) {
      ctx.report({
        range: to.value,
        message: `\`to\` is a string; write the address without quotes: \`to = ${quoted}\``,
        suggestion: `\`to = ${quoted}\``,
        fix: { kind: 'safe', edits: [{ start: to.value.start, end: to.value.end, text: quoted }] },
      });
    } else {
      ctx.report({ range: to.value, message: '`to` must be a resource address such as `helm_release.kured`' });
    }
    return undefined;
  }
  if (address.data) {
    ctx.report({ range: to.value, message: `\`to\` names data source \`${addressText(address)}\`; only managed resources can be imported` });
    return undefined;
  }
  if (!folder) return { address, resource: undefined };
  const lookup = lookupResource(address, folder, ctx.index);
  const where = (f: FolderIndex): string => f.relDir || 'the repository root';
  if ('missingModule' in lookup) {
    ctx.report({ range: to.value, message: `\`to\` names \`module.${lookup.missingModule}\`, but ${where(lookup.in)} has no \`module "${lookup.missingModule}"\` block` });
  } else if ('missingResource' in lookup) {
    const [type, name] = lookup.missingResource.split('.');
    ctx.report({
      range: to.value,
      message:
        lookup.module === undefined
          ? `\`to\` names \`${lookup.missingResource}\`, which is not declared in ${where(lookup.in)}; write its \`resource "${type!}" "${name!}"\` block in this stack first, or fix the address`
          : `\`to\` names \`${lookup.missingResource}\` in \`${lookup.module}\`, but ${where(lookup.in)} does not declare it`,
    });
  } else if ('found' in lookup) {
    const problem = instanceKeyProblem(address, repetitionOf(lookup.found));
    if (problem !== undefined) ctx.report({ range: to.value, message: problem });
  }
  return { address, resource: lookup };
}

/** `id = "…"` replacing `idExpr`, offered (unsafe) only when the id is a plain literal. */
function idFix(idExpr: Expression, expected: string): { kind: 'unsafe'; edits: { start: number; end: number; text: string }[] } | undefined {
  if (stringValue(idExpr) === undefined || idExpr.kind !== 'Template') return undefined;
  return { kind: 'unsafe', edits: [{ start: idExpr.start, end: idExpr.end, text: quoteHcl(expected) }] };
}

function checkManifestId(ctx: Context, idExpr: Expression, target: { address: ResourceAddress; resource: ReturnType<typeof lookupResource> | undefined }): void {
  const obj = manifestObject(idExpr);
  const shape = 'an object with apiVersion, kind and metadata { namespace, name } (AGENTS.md: pass as HCL object literal)';
  if (obj) {
    const missing = missingManifestFields(obj);
    if (missing.length > 0) {
      ctx.report({ range: idExpr, message: `kubernetes_manifest import id lacks ${missing.map((m) => `\`${m}\``).join(', ')}; it is ${shape}` });
      return;
    }
    const resource = target.resource && 'found' in target.resource && target.address.modules.length === 0 ? target.resource.found : undefined;
    if (!resource) return;
    const mismatches = manifestMismatches(obj, resource, ctx.index, ctx.file);
    if (mismatches.length > 0) ctx.report({ range: idExpr, message: `import id does not match kubernetes_manifest.${resource.name}: ${mismatches.join('; ')}` });
    return;
  }
  const literal = stringValue(idExpr);
  if (literal === undefined) return;
  const missing = missingJsonManifestFields(literal);
  if (missing === undefined) {
    ctx.report({ range: idExpr, message: `kubernetes_manifest import id \`${literal}\` is not an object; write ${shape}` });
  } else if (missing.length > 0) {
    ctx.report({ range: idExpr, message: `kubernetes_manifest import id lacks ${missing.map((m) => `\`${m}\``).join(', ')}; it is ${shape}` });
  }
}

function checkId(ctx: Context, block: Block, target: { address: ResourceAddress; resource: ReturnType<typeof lookupResource> | undefined }): void {
  const type = target.address.type;
  const format: IdFormat | undefined = idFormatOf(type);
  const id = getAttribute(block.body, 'id');
  if (!id) {
    if (getAttribute(block.body, 'identity') || getBlocks(block.body, 'identity').length > 0) return;
    const hint = format ? ` (${type}: ${format.kind === 'path' ? `\`${format.text}\`` : format.text})` : '';
    ctx.report({ range: block.typeRange, message: `import block has no \`id\`; add the provider's import ID${hint}` });
    return;
  }
  if (!format) return;
  const idExpr = id.value;
  if (format.kind === 'manifest') {
    checkManifestId(ctx, idExpr, target);
    return;
  }
  const formatText = format.kind === 'path' ? `\`${format.text}\`` : format.text;
  const literal = stringValue(idExpr);
  const resolved = literal ?? ctx.index.resolveString(idExpr, ctx.file);
  const value = resolved ?? skeletonOf(idExpr);
  const source = nodeText(ctx.file.hcl!, idExpr);
  if (value === undefined) {
    if (idExpr.kind === 'Object' || idExpr.kind === 'Tuple') ctx.report({ range: idExpr, message: `${type} import id must be a string in the format ${formatText}` });
    return;
  }
  const shown = literal !== undefined ? `\`${literal}\`` : resolved !== undefined ? `\`${source}\` (= \`${resolved}\`)` : `\`${source}\``;
  const resource = target.resource && 'found' in target.resource && target.address.modules.length === 0 ? target.resource.found : undefined;
  const expected = resource ? expectedIdOf(resource, ctx.index) : undefined;
  const usable = expected && idProblem(format, expected.id) === undefined ? expected : undefined;
  const problem = idProblem(format, value);
  if (problem !== undefined) {
    const fix = usable ? idFix(idExpr, usable.id) : undefined;
    ctx.report({
      range: idExpr,
      message: `import id ${shown} is not in the ${type} format ${formatText}: ${problem}${usable ? `; write \`id = ${quoteHcl(usable.id)}\` (${usable.describe})` : ''}`,
      ...(usable ? { suggestion: `\`id = ${quoteHcl(usable.id)}\`` } : {}),
      ...(fix ? { fix } : {}),
    });
    return;
  }
  if (resolved === undefined || !resource) return;
  if (usable && resolved !== usable.id) {
    const fix = idFix(idExpr, usable.id);
    ctx.report({
      range: idExpr,
      message: `import id ${shown} does not match ${type}.${resource.name} (${usable.describe}); write \`id = ${quoteHcl(usable.id)}\``,
      suggestion: `\`id = ${quoteHcl(usable.id)}\``,
      ...(fix ? { fix } : {}),
    });
  }
  if (type === 'cloudflare_record' || type === 'cloudflare_dns_record') {
    const zone = zoneIdOf(resource, ctx.index);
    const idZone = resolved.split('/')[0];
    if (zone !== undefined && idZone !== zone) {
      ctx.report({ range: idExpr, message: `import id zone \`${idZone ?? ''}\` differs from the zone_id of ${type}.${resource.name} (\`${zone}\`)` });
    }
  }
}

function checkStale(ctx: Context, file: SourceFile, blocks: readonly Block[]): void {
  const times = newestCommitTimes(file.path, file.text, blocks.map((b) => [b.line, b.endLine] as const));
  if (!times) return;
  const now = Date.now() / 1000;
  const maxAge = ctx.options.maxAgeDays;
  const stale = new Map<Block, number>();
  blocks.forEach((b, i) => {
    const t = times[i];
    if (t !== undefined && now - t > maxAge * DAY_SECONDS) stale.set(b, Math.floor((now - t) / DAY_SECONDS));
  });
  if (stale.size === 0) return;
  const items = file.hcl!.body.items;
  const wholeFile = items.every((item) => item.kind === 'Block' && stale.has(item));
  const bom = file.text.startsWith('\uFEFF') ? 1 : 0;
  for (const [block, days] of stale) {
    const to = getAttribute(block.body, 'to');
    const what = to ? ` for \`${nodeText(file.hcl!, to.value)}\`` : '';
    const ago = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
    const head = `import block${what} was last changed ${ago} (maxAgeDays ${maxAge}); once its apply has landed, delete it in a follow-up commit`;
    ctx.report({
      range: { start: block.start, end: block.openBrace.end },
      severity: 'warn',
      message: wholeFile ? `${head}, with this file (it holds nothing else)` : head,
      suggestion: wholeFile ? `\`git rm ${file.relPath}\` (the fix empties the file; remove it)` : 'delete the block and its comments in a follow-up commit',
      fix: { kind: 'unsafe', edits: [wholeFile ? { start: bom, end: file.text.length, text: '' } : { ...deletionRange(file.text, block), text: '' }] },
    });
  }
}

function checkHcl(ctx: Context): void {
  const file = ctx.file;
  if (!file.hcl || !file.path.endsWith('.tf')) return;
  const blocks = getBlocks(file.hcl.body, 'import');
  if (blocks.length === 0) return;
  const folder = ctx.index.folderOf(file.path);
  for (const block of blocks) {
    if (folder && (folder.kind === 'nested-module' || folder.kind === 'shared-module')) {
      ctx.report({
        range: block.typeRange,
        message: `import blocks only work in the root module; move this block to ${folder.stack ?? 'the stack that calls this module'} with \`to = module.<name>.<type>.<name>\``,
      });
    }
    const target = checkTo(ctx, block, folder);
    if (target) checkId(ctx, block, target);
    if (folder) checkDuplicate(ctx, block, folder);
  }
  checkStale(ctx, file, blocks);
}

/** A second import block (in file path and source order) for the same address in the folder. */
function checkDuplicate(ctx: Context, block: Block, folder: FolderIndex): void {
  const to = getAttribute(block.body, 'to');
  const address = to ? traversalPath(to.value) : undefined;
  if (!to || address === undefined || getAttribute(block.body, 'for_each')) return;
  const first = folder.imports
    .filter((i) => i.to === address && !getAttribute(i.node.body, 'for_each'))
    .sort((a, b) => (a.file.path === b.file.path ? a.node.start - b.node.start : a.file.path < b.file.path ? -1 : 1))[0];
  if (!first || first.node === block) return;
  const where = first.file.path === ctx.file.path ? `line ${first.node.line}` : `${first.file.relPath}:${first.node.line}`;
  ctx.report({ range: to.value, message: `another import block already targets \`${address}\` (${where}); remove one of them` });
}

export const importBlocks: Rule<ImportBlocksOptions> = {
  meta: {
    id: 'import-blocks',
    description:
      'Adopt live resources with `import {}` blocks, never `terraform import`/`terragrunt import`/`scripts/tg import` on the CLI; each block targets a resource of its stack with the provider ID format, and is deleted once applied.',
    severity: 'error',
    fix: 'unsafe',
    section: 'Adopting Existing Resources — Use import {} Blocks, Not the CLI',
    rationale:
      'AGENTS.md: "use an HCL import {} block (Terraform 1.5+). Do NOT use terraform import on the CLI for anything landing in this repo — the CLI path leaves no audit trail and makes multi-operator adoption fragile." The block goes "in the same stack" as the resource, with "the provider-specific ID" (helm_release `<namespace>/<release-name>`, kubernetes_<kind>_v1 `<namespace>/<name>` for namespaced and `<name>` for cluster-scoped kinds, kubernetes_manifest an object, cloudflare_record `<zone-id>/<record-id>`, authentik_provider_proxy the provider UUID), and "After the apply lands cleanly, delete the import {} block in a follow-up commit … the stanza would be a no-op that clutters diffs."',
    suggestion: 'Write an `import {}` block (`to` = the resource address in this stack, `id` = the provider ID) instead of running an import command; delete the block once the apply has landed.',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAgeDays: {
          type: 'integer',
          minimum: 0,
          description: 'An import block whose lines were all committed more than this many days ago (by git blame) is reported as stale (warning).',
        },
      },
    },
    defaultOptions: { maxAgeDays: 14 },
    fileKinds: ['hcl', 'shell', 'makefile', 'dockerfile', 'yaml', 'markdown'],
  },
  check(ctx) {
    if (ctx.file.kind === 'hcl') {
      checkHcl(ctx);
      return;
    }
    for (const command of importCommandsIn(ctx.file.kind, ctx.file.text, ctx.file.relPath)) reportCommand(ctx, command);
  },
};
