import type { Block, Comment, File } from '../src/hcl/index.js';
import type { Report, Rule, RuleContext, TextEdit } from '../src/engine/types.js';
import {
  addIgnoreChangesEdit,
  closesOnOwnLine,
  commentsInBlock,
  commentsOnLine,
  CRON_DNS_PATH,
  hasMarker,
  headerRange,
  insertLinesEdits,
  KYVERNO_V1,
  lifecycleSite,
  lineContentEndOf,
  markerEdit,
  placeLines,
  POD_DNS_PATH,
  removeCommentEdit,
  type Entry,
  type LifecycleSite,
} from './_lifecycle.js';

export type KyvernoLifecycleOptions = {
  readonly extraKinds: readonly string[];
  readonly markerPlacement: 'lifecycle' | 'same-line';
};

const KIND_LABELS: ReadonlyMap<string, string> = new Map([
  ['kubernetes_deployment', 'deployment'],
  ['kubernetes_deployment_v1', 'deployment'],
  ['kubernetes_stateful_set', 'stateful set'],
  ['kubernetes_stateful_set_v1', 'stateful set'],
  ['kubernetes_daemon_set', 'daemon set'],
  ['kubernetes_daemon_set_v1', 'daemon set'],
  ['kubernetes_daemonset', 'daemon set'],
  ['kubernetes_cron_job', 'cron job'],
  ['kubernetes_cron_job_v1', 'cron job'],
]);

const CRON_KIND_RE = /^kubernetes_cron_job(_v1)?$/;
const MARKER = `# ${KYVERNO_V1}`;

/** The dns_config path of a kind's pod template. */
export function dnsPathFor(type: string): string {
  return CRON_KIND_RE.test(type) ? CRON_DNS_PATH : POD_DNS_PATH;
}

function kindLabel(type: string): string {
  return KIND_LABELS.get(type) ?? type;
}

export const kyvernoLifecycle: Rule<KyvernoLifecycleOptions> = {
  meta: {
    id: 'kyverno-lifecycle',
    description: 'Every pod-owning resource ignores the dns_config Kyverno injects, with the path for its kind, tagged # KYVERNO_LIFECYCLE_V1.',
    severity: 'error',
    fix: 'safe',
    section: 'Kyverno Drift Suppression (# KYVERNO_LIFECYCLE_V1)',
    rationale:
      "AGENTS.md: \"Kyverno's admission webhook mutates every pod with a dns_config { option { name = \"ndots\"; value = \"2\" } } block … Terraform does not manage that field, so without suppression every pod-owning resource shows perpetual spec[0].template[0].spec[0].dns_config drift. Rule: every kubernetes_deployment, kubernetes_stateful_set, kubernetes_daemon_set, and kubernetes_cron_job_v1 MUST include the following lifecycle block, tagged with the # KYVERNO_LIFECYCLE_V1 marker so every site is greppable.\"",
    suggestion: 'Add `spec[0].template[0].spec[0].dns_config` (cron jobs: `spec[0].job_template[0].spec[0].template[0].spec[0].dns_config`) to the resource\'s lifecycle ignore_changes, with `# KYVERNO_LIFECYCLE_V1` at the end of that line.',
    fileKinds: ['hcl'],
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        extraKinds: {
          type: 'array',
          items: { type: 'string' },
          description: 'More resource types that own pods (e.g. `kubernetes_job`, `kubernetes_job_v1`); cron job types use the job_template path, every other type the deployment path.',
        },
        markerPlacement: {
          enum: ['lifecycle', 'same-line'],
          description: '`lifecycle` (default): the marker may be on the path\'s line or in any comment inside the same lifecycle block. `same-line`: only the canonical form (the marker on the path\'s own line) counts; the fix moves the marker there.',
        },
      },
    },
    defaultOptions: { extraKinds: [], markerPlacement: 'lifecycle' },
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl) return;
    const extra = new Set(ctx.options.extraKinds);
    const items = hcl.body.items;
    for (let i = 0; i < items.length; i++) {
      const block = items[i]!;
      if (block.kind !== 'Block' || block.type !== 'resource') continue;
      const type = block.labels[0]?.value;
      if (type === undefined || (!KIND_LABELS.has(type) && !extra.has(type))) continue;
      checkResource(ctx, hcl, block, type);
    }
  },
};

function attributeText(path: string) {
  return (name: string): string => `${name} = [${path}] ${MARKER}`;
}

function checkResource(ctx: RuleContext<KyvernoLifecycleOptions>, hcl: File, resource: Block, type: string): void {
  const path = dnsPathFor(type);
  const site = lifecycleSite(hcl, resource);
  const expected = `ignore_changes = [${path}] ${MARKER}`;
  const because = `so the dns_config Kyverno injects into every pod does not show as drift`;
  if (!site.lifecycle) {
    report(ctx, {
      range: headerRange(resource),
      message: `no lifecycle block: add one with \`ignore_changes = [${path}]\` tagged \`${MARKER}\`, ${because}`,
      suggestion: `Add \`${expected}\` inside a new \`lifecycle { }\` block at the end of the resource.`,
    }, [addIgnoreChangesEdit(hcl, resource, undefined, attributeText(path))]);
    return;
  }
  if (!site.ignoreChanges) {
    report(ctx, {
      range: site.lifecycle.typeRange,
      message: `lifecycle has no ignore_changes: add \`ignore_changes = [${path}]\` tagged \`${MARKER}\`, ${because}`,
      suggestion: `Add \`${expected}\` to the lifecycle block.`,
    }, [addIgnoreChangesEdit(hcl, resource, site.lifecycle, attributeText(path))]);
    return;
  }
  if (site.all) return;
  if (!site.list) {
    report(ctx, {
      range: site.ignoreChanges.value,
      message: `ignore_changes must be a list that contains \`${path}\` (tagged \`${MARKER}\`), or \`all\``,
      suggestion: `Write \`${expected}\`, keeping the other paths in the list.`,
    });
    return;
  }
  const wrongPath = path === POD_DNS_PATH ? CRON_DNS_PATH : POD_DNS_PATH;
  const entry = site.entries.find((e) => e.path === path);
  const wrong = site.entries.find((e) => e.path === wrongPath);
  if (wrong) {
    report(ctx, {
      range: wrong.item.value,
      message: `\`${wrongPath}\` is not the pod template of a ${kindLabel(type)}: ${entry ? 'remove it' : `use \`${path}\``}`,
      suggestion: entry ? `Remove \`${wrongPath}\` from ignore_changes; \`${path}\` is already there.` : `Replace it with \`${path}\`.`,
    }, entry ? undefined : [{ start: wrong.item.value.start, end: wrong.item.value.end, text: path }]);
  }
  const target = entry ?? wrong;
  if (!target) {
    report(ctx, {
      range: site.ignoreChanges.nameRange,
      message: `add \`${path}\` to ignore_changes, tagged \`${MARKER}\`, ${because}`,
      suggestion: site.layout === 'multi-line' ? `Add the line \`${path}, ${MARKER}\` to the list.` : `Add \`${path}\` to the list and end the line with \`${MARKER}\`.`,
    }, addPathEdits(hcl, site, path));
    return;
  }
  checkMarker(ctx, hcl, site, target, path);
}

function checkMarker(ctx: RuleContext<KyvernoLifecycleOptions>, hcl: File, site: LifecycleSite, entry: Entry, path: string): void {
  if (commentsOnLine(hcl, entry.item.value).some((c) => hasMarker(c, KYVERNO_V1))) return;
  const elsewhere = commentsInBlock(hcl, site.lifecycle!).find((c) => hasMarker(c, KYVERNO_V1));
  if (elsewhere && ctx.options.markerPlacement !== 'same-line') return;
  if (elsewhere) {
    report(ctx, {
      range: entry.item.value,
      message: `move \`${MARKER}\` onto the \`${path}\` line (markerPlacement: same-line)`,
      suggestion: `End the line with \`${MARKER}\` and remove the marker comment from line ${elsewhere.line}.`,
    }, moveMarkerEdits(hcl, entry, elsewhere));
    return;
  }
  report(ctx, {
    range: entry.item.value,
    message: `tag \`${entry.path ?? path}\` with \`${MARKER}\` on its line so the site stays greppable`,
    suggestion: `End the line with \`${MARKER}\`.`,
  }, [markerEdit(hcl, entry.item.value.end, KYVERNO_V1)]);
}

/** The misplaced marker comment moves to the end of the path's line, or its marker goes into the comment already there. */
function moveMarkerEdits(hcl: File, entry: Entry, misplaced: Comment): TextEdit[] {
  const text = hcl.source;
  const onLine = commentsOnLine(hcl, entry.item.value).find((c) => c.start >= entry.item.value.end);
  const removal = removeCommentEdit(text, misplaced);
  if (onLine) {
    const markerOnly = misplaced.text.replace(/^(#|\/\/|\/\*)|\*\/$/g, '').replace(KYVERNO_V1, '').replace(/[\s:—–-]/g, '') === '';
    return markerOnly ? [removal, markerEdit(hcl, entry.item.value.end, KYVERNO_V1)] : [markerEdit(hcl, entry.item.value.end, KYVERNO_V1)];
  }
  const at = lineContentEndOf(text, entry.item.value.end);
  return [removal, { start: at, end: at, text: ` ${misplaced.style === '/*' ? `# ${misplaced.text.slice(2, -2).trim()}` : misplaced.text}` }];
}

/** Adds the path with its marker: a new line in the list's indentation when the list spans lines, inline in a one-line list. */
function addPathEdits(hcl: File, site: LifecycleSite, path: string): TextEdit[] | undefined {
  const list = site.list!;
  const { before } = placeLines(site.entries, [{ rank: 0, path }]);
  const successor = [...before.keys()][0];
  const successorLine = successor === undefined ? undefined : (site.entries[successor]!.item.leadComments[0] ?? site.entries[successor]!.item).line;
  const ownLine = site.layout === 'multi-line' || (closesOnOwnLine(hcl.source, list) && successorLine !== list.openBracket.line);
  if (ownLine) return insertLinesEdits(hcl, site, [{ rank: 0, path, comment: MARKER }]);
  let insert: TextEdit;
  if (successor !== undefined) {
    const item = site.entries[successor]!.item;
    insert = { start: item.start, end: item.start, text: `${path}, ` };
  } else {
    const last = list.items[list.items.length - 1];
    if (!last) insert = { start: list.openBracket.end, end: list.openBracket.end, text: path };
    else if (last.comma) insert = { start: last.comma.end, end: last.comma.end, text: ` ${path}` };
    else insert = { start: last.value.end, end: last.value.end, text: `, ${path}` };
  }
  const marker = markerEdit(hcl, insert.start, KYVERNO_V1);
  if (marker.start === insert.start && marker.end === insert.end) return [{ ...insert, text: insert.text + marker.text }];
  return [insert, marker];
}

function report(ctx: RuleContext<KyvernoLifecycleOptions>, finding: Omit<Report, 'fix'>, edits?: readonly (TextEdit | undefined)[]): void {
  const list = (edits ?? []).filter((e): e is TextEdit => e !== undefined);
  ctx.report(list.length > 0 && list.length === edits?.length ? { ...finding, fix: { edits: list } } : finding);
}
