import { getAttribute, indentationAt, stringValue, traversalPath } from '../src/hcl/index.js';
import type { Attribute, Block, Expression, File, ObjectExpr, ObjectItem } from '../src/hcl/index.js';
import type { FixKind, OffsetRange, Report, Rule, RuleContext, TextEdit } from '../src/engine/types.js';
import type { ModuleCallInfo, NamespaceResolution, RepoIndex } from '../src/project/index-types.js';
import {
  addIgnoreChangesEdit,
  CHANGE_CAUSE_PATH,
  commentsIn,
  entryHasMarker,
  hasMarker,
  headerRange,
  imagePath,
  imageRank,
  indentUnit,
  insertLinesEdits,
  KEEL_IMAGE,
  KEEL_V1,
  keyText,
  KYVERNO_V1,
  KYVERNO_V2,
  lifecycleSite,
  lineContentEndOf,
  lineStartOf,
  markerEdit,
  MATCH_TAG_PATH,
  nextLineStartOf,
  objectGet,
  mapItem,
  mapItems,
  type MapItems,
  parseImagePath,
  placeLines,
  POD_DNS_PATH,
  CRON_DNS_PATH,
  POLICY_PATH,
  POLL_PATH,
  RANK_MATCH_TAG,
  RANK_V1_FIRST,
  RANK_V2_FIRST,
  RANK_V2_LAST,
  renderList,
  renderTuple,
  REVISION_PATH,
  rowOf,
  TRIGGER_PATH,
  UPDATE_TIME_PATH,
  withMarker,
  canonicalRank,
  type ContainerKind,
  type Entry,
  type LifecycleSite,
  type NewLine,
  type Row,
} from './_lifecycle.js';

export type KeelLifecycleOptions = {
  readonly excludedNamespaces: readonly string[];
};

const KEEL_KINDS: ReadonlyMap<string, string> = new Map([
  ['kubernetes_deployment', 'deployment'],
  ['kubernetes_deployment_v1', 'deployment'],
  ['kubernetes_stateful_set', 'stateful set'],
  ['kubernetes_stateful_set_v1', 'stateful set'],
  ['kubernetes_daemon_set', 'daemon set'],
  ['kubernetes_daemon_set_v1', 'daemon set'],
  ['kubernetes_daemonset', 'daemon set'],
]);

const ENROLLED_LABEL = 'keel.sh/enrolled';
const POLICY_KEY = 'keel.sh/policy';
const POLICY_NAME = 'inject-keel-annotations';
const MANIFEST_TYPES = new Set(['kubectl_manifest', 'kubernetes_manifest']);
const CANONICAL_IMAGE_COMMENT = `# ${KEEL_IMAGE} — Keel manages tag updates`;

/** The V2 annotation lines, with the annotation key each one ignores. */
const V2_LINES: readonly { readonly key: string; readonly path: string; readonly rank: number }[] = [
  { key: 'keel.sh/policy', path: POLICY_PATH, rank: canonicalRank(POLICY_PATH)! },
  { key: 'keel.sh/trigger', path: TRIGGER_PATH, rank: canonicalRank(TRIGGER_PATH)! },
  { key: 'keel.sh/pollSchedule', path: POLL_PATH, rank: canonicalRank(POLL_PATH)! },
];
const V1_LINES: readonly { readonly path: string; readonly rank: number }[] = [CHANGE_CAUSE_PATH, REVISION_PATH, UPDATE_TIME_PATH].map((path) => ({ path, rank: canonicalRank(path)! }));
const CONTAINER_KINDS: readonly ContainerKind[] = ['container', 'init_container'];

export const keelLifecycle: Rule<KeelLifecycleOptions> = {
  meta: {
    id: 'keel-lifecycle',
    description: 'A workload in a Keel-enrolled namespace carries the complete canonical ignore_changes block (V2 annotations, one image line per container, KEEL_LIFECYCLE_V1 lines) with its markers.',
    severity: 'error',
    fix: 'safe',
    section: 'KYVERNO_LIFECYCLE_V2 — Keel auto-update annotations',
    rationale:
      'AGENTS.md: "When a namespace is labeled keel.sh/enrolled=true, the inject-keel-annotations ClusterPolicy … injects these annotations on every Deployment / StatefulSet / DaemonSet … To suppress the resulting Terraform drift, enrolled workloads must carry the complete ignore_changes block below." And: "Multi-container caveat: container[0].image only covers the first container. Add one container[N].image line for every container index, plus init_container[N].image for init containers — otherwise the un-ignored container\'s image still drifts/downgrades." Opt-out: "add the label keel.sh/policy: never on the Deployment metadata (not pod template)".',
    suggestion: 'Complete the lifecycle ignore_changes list with the canonical block of AGENTS.md (V2 annotation lines `# KYVERNO_LIFECYCLE_V2`, one `container[N].image`/`init_container[N].image` line per container `# KEEL_IGNORE_IMAGE`, the `# KEEL_LIFECYCLE_V1` lines), or opt the workload out with the label `keel.sh/policy = "never"` on its own metadata.',
    fileKinds: ['hcl'],
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        excludedNamespaces: {
          type: 'array',
          items: { type: 'string' },
          description: 'Namespaces Keel never touches even when labelled enrolled, in addition to the literal exclude list of the inject-keel-annotations ClusterPolicy found in the repository.',
        },
      },
    },
    defaultOptions: { excludedNamespaces: [] },
  },
  check(ctx) {
    const hcl = ctx.file.hcl;
    if (!hcl) return;
    let file: FileContext | undefined;
    const items = hcl.body.items;
    for (let i = 0; i < items.length; i++) {
      const block = items[i]!;
      if (block.kind !== 'Block' || block.type !== 'resource') continue;
      const type = block.labels[0]?.value;
      if (type === undefined || !KEEL_KINDS.has(type)) continue;
      file ??= {
        hcl,
        locals: ctx.index.folderOf(ctx.file.path)?.locals,
        excluded: new Set([...policyExcludes(ctx.index), ...ctx.options.excludedNamespaces]),
        resolved: new Map(),
      };
      checkWorkload(ctx, file, block, type);
    }
  },
};

/** What every workload of a file shares. */
interface FileContext {
  readonly hcl: File;
  readonly locals: ReadonlyMap<string, { readonly node: Attribute }> | undefined;
  /** Namespaces Keel never touches: the policy's exclude list and the option. */
  readonly excluded: ReadonlySet<string>;
  /**
   * The namespaces a traversal (by its path) resolves to from this file: the
   * index answers from the path and the file's folder alone, and the
   * workloads of a file mostly name one namespace.
   */
  readonly resolved: Map<string, readonly NamespaceResolution[]>;
}

interface Workload {
  readonly resource: Block;
  readonly type: string;
  readonly labels: MapItems;
  readonly annotations: MapItems;
  readonly podLabels: MapItems;
  readonly podSpec: Block | undefined;
  /** The `metadata.namespace` expression. */
  readonly namespace: Expression | undefined;
}

function firstBlock(block: Block | undefined, type: string): Block | undefined {
  if (!block) return undefined;
  const items = block.body.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'Block' && item.type === type) return item;
  }
  return undefined;
}

function attr(block: Block | undefined, name: string): Attribute | undefined {
  return block ? getAttribute(block.body, name) : undefined;
}

function readWorkload(locals: FileContext['locals'], resource: Block, type: string): Workload {
  const metadata = firstBlock(resource, 'metadata');
  const template = firstBlock(firstBlock(resource, 'spec'), 'template');
  const podMetadata = firstBlock(template, 'metadata');
  return {
    resource,
    type,
    labels: mapItems(attr(metadata, 'labels')?.value, locals),
    annotations: mapItems(attr(metadata, 'annotations')?.value, locals),
    podLabels: mapItems(attr(podMetadata, 'labels')?.value, locals),
    podSpec: firstBlock(template, 'spec'),
    namespace: attr(metadata, 'namespace')?.value,
  };
}

function checkWorkload(ctx: RuleContext<KeelLifecycleOptions>, file: FileContext, resource: Block, type: string): void {
  const w = readWorkload(file.locals, resource, type);
  const valueOf = (item: ObjectItem | undefined): string | undefined => (item ? ctx.index.resolveString(item.value, ctx.file) : undefined);
  for (const labels of [w.labels, w.podLabels]) {
    const enrolledLabel = mapItem(labels, ENROLLED_LABEL);
    if (valueOf(enrolledLabel) !== 'true') continue;
    ctx.report({
      range: enrolledLabel!,
      severity: 'warn',
      message: `\`"${ENROLLED_LABEL}" = "true"\` on a ${KEEL_KINDS.get(type)!} does nothing: Keel enrollment is a label of the namespace; set it on the namespace or remove it here`,
      suggestion: `Move \`"${ENROLLED_LABEL}" = "true"\` to the labels of the workload's kubernetes_namespace, or delete it.`,
    });
  }
  if (!w.namespace) return;
  const resolutions = resolveNamespace(ctx, file, w.namespace);
  const enrolled = resolutions.filter((r) => !file.excluded.has(r.name) && r.namespaces.some((ns) => ns.labels[ENROLLED_LABEL] === 'true'));
  if (enrolled.length === 0) return;
  if (!w.labels.complete || !w.annotations.complete) return;
  if (valueOf(mapItem(w.labels, POLICY_KEY)) === 'never') return;
  const annotationOptOut = mapItem(w.annotations, POLICY_KEY);
  if (valueOf(annotationOptOut) === 'never') {
    ctx.report({
      range: annotationOptOut!,
      severity: 'info',
      message: `\`"${POLICY_KEY}" = "never"\` as an annotation keeps Keel away (Kyverno only adds the annotation when it is absent), but the documented opt-out is the label: move it to metadata.labels`,
      suggestion: `Put \`"${POLICY_KEY}" = "never"\` in the labels of the ${KEEL_KINDS.get(type)!}'s own metadata (the policy's exclude clause matches the label).`,
    });
    return;
  }
  const podOptOut = mapItem(w.podLabels, POLICY_KEY);
  if (valueOf(podOptOut) === 'never') {
    ctx.report({
      range: podOptOut!,
      severity: 'warn',
      message: `\`"${POLICY_KEY}" = "never"\` on the pod template has no effect: the opt-out label belongs on the ${KEEL_KINDS.get(type)!}'s own metadata, so Keel still manages this workload`,
      suggestion: `To opt out, move \`"${POLICY_KEY}" = "never"\` to the labels of the resource's metadata block (not spec.template.metadata); otherwise remove it.`,
    });
  }
  const others = resolutions.filter((r) => !enrolled.includes(r));
  checkBlock(ctx, file.hcl, w, enrolled, others);
}

function resolveNamespace(ctx: RuleContext<KeelLifecycleOptions>, file: FileContext, expr: Expression): readonly NamespaceResolution[] {
  const path = traversalPath(expr);
  if (path === undefined) return ctx.index.resolveNamespace(expr, ctx.file);
  let resolutions = file.resolved.get(path);
  if (!resolutions) file.resolved.set(path, (resolutions = ctx.index.resolveNamespace(expr, ctx.file)));
  return resolutions;
}

/** The literal exclude list of the repository's inject-keel-annotations ClusterPolicy, read once per index. */
const excludeCache = new WeakMap<RepoIndex, ReadonlySet<string>>();

function policyExcludes(index: RepoIndex): ReadonlySet<string> {
  const cached = excludeCache.get(index);
  if (cached) return cached;
  const out = new Set<string>();
  for (const resource of index.resourcesOfType(MANIFEST_TYPES)) {
    if (resource.mode !== 'resource') continue;
    for (const name of ['yaml_body', 'manifest']) {
      const manifest = manifestObject(getAttribute(resource.node.body, name)?.value);
      if (!manifest) continue;
      const policyName = objectGet(asObject(objectGet(manifest, 'metadata')), 'name');
      if (!policyName || stringValue(policyName) !== POLICY_NAME) continue;
      collectExcludes(manifest, out);
    }
  }
  excludeCache.set(index, out);
  return out;
}

function asObject(expr: Expression | undefined): ObjectExpr | undefined {
  if (expr?.kind === 'Parens') return asObject(expr.expr);
  return expr?.kind === 'Object' ? expr : undefined;
}

function objectsOf(expr: Expression | undefined): ObjectExpr[] {
  if (expr?.kind !== 'Tuple') return [];
  return expr.items.map((item) => asObject(item.value)).filter((o): o is ObjectExpr => o !== undefined);
}

function manifestObject(expr: Expression | undefined): ObjectExpr | undefined {
  if (expr?.kind === 'FunctionCall' && (expr.name === 'yamlencode' || expr.name === 'jsonencode') && expr.args.length === 1) return asObject(expr.args[0]);
  return asObject(expr);
}

function collectExcludes(manifest: ObjectExpr, out: Set<string>): void {
  for (const rule of objectsOf(objectGet(asObject(objectGet(manifest, 'spec')), 'rules'))) {
    const exclude = asObject(objectGet(rule, 'exclude'));
    const resourceFilters = [asObject(objectGet(exclude, 'resources')), ...objectsOf(objectGet(exclude, 'any')).map((f) => asObject(objectGet(f, 'resources')))];
    for (const filter of resourceFilters) {
      const namespaces = objectGet(filter, 'namespaces');
      if (namespaces?.kind !== 'Tuple') continue;
      for (const item of namespaces.items) {
        const value = stringValue(item.value);
        if (value !== undefined) out.add(value);
      }
    }
  }
}

interface Need extends NewLine {
  /** `container \`nginx\``: what the line belongs to, for the message. */
  readonly owner?: string;
}

interface ContainerInfo {
  /** Static blocks whose index is certain (those before any `dynamic` block of the kind). */
  readonly names: readonly (string | undefined)[];
  readonly dynamic: Block | undefined;
}

/** The first `dynamic "<kind>"` block of a pod spec. */
function dynamicOf(podSpec: Block | undefined, kind: ContainerKind): Block | undefined {
  for (const item of podSpec?.body.items ?? []) {
    if (item.kind === 'Block' && item.type === 'dynamic' && item.labels[0]?.value === kind) return item;
  }
  return undefined;
}

function containersOf(ctx: RuleContext<KeelLifecycleOptions>, podSpec: Block | undefined, kind: ContainerKind): ContainerInfo {
  const names: (string | undefined)[] = [];
  let dynamic: Block | undefined;
  for (const item of podSpec?.body.items ?? []) {
    if (item.kind !== 'Block') continue;
    if (item.type === 'dynamic' && item.labels[0]?.value === kind) dynamic ??= item;
    if (item.type !== kind || dynamic) continue;
    const name = getAttribute(item.body, 'name');
    names.push(name ? ctx.index.resolveString(name.value, ctx.file) : undefined);
  }
  return { names, dynamic };
}

function ownerText(kind: ContainerKind, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return `${kind === 'container' ? 'container' : 'init container'} \`${name}\``;
}

function imageComment(kind: ContainerKind, index: number, name: string | undefined): string {
  if (kind === 'container' && index === 0) return CANONICAL_IMAGE_COMMENT;
  return name === undefined ? `# ${KEEL_IMAGE}` : `# ${KEEL_IMAGE} — ${name}`;
}

interface MarkerNeed {
  readonly entry: Entry;
  readonly marker: string;
  /** The comment to write when the line has none. */
  readonly comment: string;
  readonly owner: string | undefined;
}

/** What the resource lacks: lines to insert (with their markers), markers on present lines, and image lines to remove. */
interface Plan {
  readonly required: readonly Need[];
  readonly inserts: readonly Need[];
  readonly markers: readonly MarkerNeed[];
  readonly stale: readonly { readonly entry: Entry; readonly count: number; readonly kind: ContainerKind }[];
}

/** Whether an entry of rank `rank` belongs to the marker group of `marker` (KYVERNO_LIFECYCLE_V2 or KEEL_LIFECYCLE_V1). */
function inGroup(marker: string, rank: number): boolean {
  return marker === KYVERNO_V2 ? rank >= RANK_V2_FIRST && rank <= RANK_V2_LAST : rank === RANK_MATCH_TAG || rank >= RANK_V1_FIRST;
}

/** The last line of a group (greatest rank, the first of equals). */
function lastOfGroup<T>(lines: readonly T[], rankOf: (line: T) => number | undefined, marker: string): T | undefined {
  let last: T | undefined;
  let lastRank = 0;
  for (const line of lines) {
    const rank = rankOf(line);
    if (rank === undefined || !inGroup(marker, rank)) continue;
    if (last === undefined || rank > lastRank) {
      last = line;
      lastRank = rank;
    }
  }
  return last;
}

function makePlan(ctx: RuleContext<KeelLifecycleOptions>, hcl: File, w: Workload, site: LifecycleSite): Plan {
  const setByResource = new Set<string | undefined>();
  for (const item of w.annotations.items) setByResource.add(keyText(item.key));
  const required: Need[] = [];
  for (const v2 of V2_LINES) if (!setByResource.has(v2.key)) required.push({ rank: v2.rank, path: v2.path });
  const containers = { container: containersOf(ctx, w.podSpec, 'container'), init_container: containersOf(ctx, w.podSpec, 'init_container') };
  for (const kind of CONTAINER_KINDS) {
    const names = containers[kind].names;
    for (let index = 0; index < names.length; index++) required.push({ rank: imageRank(kind, index), path: imagePath(kind, index) });
  }
  for (const v1 of V1_LINES) required.push({ rank: v1.rank, path: v1.path });

  const present = new Map<string, Entry>();
  const stale: { entry: Entry; count: number; kind: ContainerKind }[] = [];
  for (const entry of site.entries) {
    if (entry.path === undefined) continue;
    const image = entry.image;
    const info = image ? containers[image.kind] : undefined;
    if (image && info && !info.dynamic && image.index >= info.names.length) {
      stale.push({ entry, count: info.names.length, kind: image.kind });
      continue;
    }
    if (!present.has(entry.path)) present.set(entry.path, entry);
  }
  let inserts: Need[] = [];
  for (let i = 0; i < required.length; i++) {
    const need = required[i]!;
    if (present.has(need.path)) continue;
    const image = parseImagePath(need.path);
    if (image) {
      const name = containers[image.kind].names[image.index];
      const owner = ownerText(image.kind, name);
      required[i] = { ...need, comment: imageComment(image.kind, image.index, name), ...(owner ? { owner } : {}) };
    }
    inserts.push(required[i]!);
  }
  let hasKeelLine = false;
  const presentEntries: Entry[] = [];
  for (const e of present.values()) {
    presentEntries.push(e);
    if (e.rank !== undefined && e.rank >= RANK_V2_FIRST) hasKeelLine = true;
  }
  if (!hasKeelLine) inserts.push({ rank: RANK_MATCH_TAG, path: MATCH_TAG_PATH });

  const markers: MarkerNeed[] = [];
  for (const entry of presentEntries) {
    const image = entry.image;
    if (!image || entryHasMarker(hcl, entry, KEEL_IMAGE)) continue;
    const name = containers[image.kind].names[image.index];
    markers.push({ entry, marker: KEEL_IMAGE, comment: imageComment(image.kind, image.index, name), owner: ownerText(image.kind, name) });
  }
  for (const marker of [KYVERNO_V2, KEEL_V1]) {
    let marked = false;
    for (const e of presentEntries) {
      if (e.rank !== undefined && inGroup(marker, e.rank) && entryHasMarker(hcl, e, marker)) {
        marked = true;
        break;
      }
    }
    if (marked) continue;
    const lastPresent = lastOfGroup(presentEntries, (e) => e.rank, marker);
    const lastInserted = lastOfGroup(inserts, (n) => n.rank, marker);
    if (lastInserted && (!lastPresent || lastInserted.rank > lastPresent.rank!)) {
      inserts = inserts.map((n) => (n === lastInserted ? { ...n, comment: `# ${marker}` } : n));
    } else if (lastPresent) {
      markers.push({ entry: lastPresent, marker, comment: `# ${marker}`, owner: undefined });
    }
  }

  if (inserts.some((n) => parseImagePath(n.path))) {
    let imageWidth = 0;
    for (const e of presentEntries) if (e.image) imageWidth = Math.max(imageWidth, e.path!.length + 1);
    for (const n of inserts) if (parseImagePath(n.path)) imageWidth = Math.max(imageWidth, n.path.length + 1);
    inserts = inserts.map((n) => (parseImagePath(n.path) ? { ...n, padTo: imageWidth } : n));
  }
  inserts.sort((a, b) => a.rank - b.rank);
  markers.sort((a, b) => a.entry.item.start - b.entry.item.start);
  return { required, inserts, markers, stale };
}

function namespaceText(enrolled: readonly NamespaceResolution[]): string {
  const names = enrolled.map((r) => `\`${r.name}\``);
  const via = dedupeCalls(enrolled.flatMap((r) => r.via));
  const passed = via.length > 0 ? ` (passed by ${via.map(callText).join(', ')})` : '';
  return names.length === 1 ? `namespace ${names[0]!}${passed} is Keel-enrolled` : `namespaces ${names.join(', ')}${passed} are Keel-enrolled`;
}

function dedupeCalls(calls: readonly ModuleCallInfo[]): ModuleCallInfo[] {
  const seen = new Set<string>();
  return calls.filter((c) => {
    const key = `${c.file.path}:${c.node.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function callText(call: ModuleCallInfo): string {
  return `module.${call.name} in ${call.file.relPath}`;
}

function checkBlock(ctx: RuleContext<KeelLifecycleOptions>, hcl: File, w: Workload, enrolled: readonly NamespaceResolution[], others: readonly NamespaceResolution[]): void {
  for (const kind of CONTAINER_KINDS) {
    const dynamic = dynamicOf(w.podSpec, kind);
    if (!dynamic) continue;
    ctx.report({
      range: headerRange(dynamic),
      severity: 'warn',
      message: `dynamic "${kind}" makes the number of ${kind === 'container' ? 'containers' : 'init containers'} unknown: the \`${kind}[N].image\` lines in ignore_changes cannot be verified; list one per ${kind === 'container' ? 'container' : 'init container'} it can produce, tagged \`# ${KEEL_IMAGE}\``,
      suggestion: `Make sure ignore_changes has \`${imagePath(kind, 0)}\` (with the index of each container this block can produce), each tagged \`# ${KEEL_IMAGE}\`.`,
    });
  }
  const site = lifecycleSite(hcl, w.resource);
  if (site.all || (site.ignoreChanges && !site.list)) return;
  const plan = makePlan(ctx, hcl, w, site);
  const missingRequired = plan.required.filter((n) => plan.inserts.some((i) => i.path === n.path));
  if (missingRequired.length === 0 && plan.markers.length === 0 && plan.stale.length === 0) return;

  const fixKind: FixKind = others.length > 0 ? 'unsafe' : 'safe';
  const unsafeNote =
    others.length > 0
      ? ` The fix is unsafe: the module is also called with ${others.map((r) => `namespace \`${r.name}\`${r.via.length > 0 ? ` (${dedupeCalls(r.via).map(callText).join(', ')})` : ''}`).join(', ')}, which is not enrolled, and ignoring the image there stops Terraform from rolling out image bumps.`
      : '';
  const rewrite = site.list !== undefined && site.layout !== 'multi-line';
  const shared = rewrite ? rewriteListEdit(hcl, site, plan) : undefined;
  const fixOf = (edits: readonly TextEdit[] | undefined): Report['fix'] => {
    const chosen = rewrite ? (shared ? [shared] : undefined) : edits;
    return chosen && chosen.length > 0 ? { edits: chosen, kind: fixKind } : undefined;
  };
  const report = (range: OffsetRange, message: string, suggestion: string, edits: readonly TextEdit[] | undefined): void => {
    const fix = fixOf(edits);
    ctx.report({ range, message, suggestion: suggestion + unsafeNote, ...(fix ? { fix } : {}) });
  };

  if (missingRequired.length > 0) {
    const names = missingRequired.map((n) => `\`${n.path}\`${n.owner ? ` (${n.owner})` : ''}`).join(', ');
    const where = !site.lifecycle ? 'add a lifecycle block whose ignore_changes lists' : !site.ignoreChanges ? 'add ignore_changes to the lifecycle block with' : 'add to ignore_changes';
    const first = plan.inserts.find((n) => n.path === missingRequired[0]!.path)!;
    report(
      site.ignoreChanges?.nameRange ?? site.lifecycle?.typeRange ?? headerRange(w.resource),
      `${namespaceText(enrolled)}: ${where} ${names}`,
      `Add \`${first.path},${first.comment ? ` ${first.comment}` : ''}\` and the other missing lines in the order of the canonical block of AGENTS.md, each with its marker.`,
      insertEdits(hcl, site, plan),
    );
  }
  for (const m of plan.markers) {
    const path = m.entry.path!;
    const what = m.marker === KEEL_IMAGE ? (m.owner ? ` (${m.owner})` : '') : m.marker === KYVERNO_V2 ? ' (the Keel control annotations Kyverno injects)' : ' (the annotations every Keel update restamps)';
    report(m.entry.item.value, `tag the \`${path}\` line with \`# ${m.marker}\`${what}`, `End the line with \`${m.comment}\`.`, [markerEdit(hcl, m.entry.item.value.end, m.marker, m.comment)]);
  }
  for (const s of plan.stale) {
    const noun = s.kind === 'container' ? 'container' : 'init container';
    const image = parseImagePath(s.entry.path!)!;
    report(
      s.entry.item.value,
      `remove \`${s.entry.path!}\` from ignore_changes: the pod template has ${s.count} ${noun}${s.count === 1 ? '' : 's'}, so ${noun} index ${image.index} does not exist`,
      `Delete the \`${s.entry.path!}\` line (a removed container's image line ignores nothing).`,
      removeLineEdits(hcl, s.entry),
    );
  }
}

function rowsOf(inserts: readonly Need[]): Row[] {
  return inserts.map(rowOf);
}

function insertEdits(hcl: File, site: LifecycleSite, plan: Plan): TextEdit[] | undefined {
  if (!site.lifecycle || !site.ignoreChanges) {
    const edit = addIgnoreChangesEdit(hcl, site.resource, site.lifecycle, (name, indent, unit) => renderList(name, rowsOf(plan.inserts), indent, unit));
    return edit ? [edit] : undefined;
  }
  return insertLinesEdits(hcl, site, plan.inserts, new Set(plan.stale.map((s) => s.entry)));
}

/** Deletes an entry's line when nothing else is on it. */
function removeLineEdits(hcl: File, entry: Entry): TextEdit[] | undefined {
  const text = hcl.source;
  const item = entry.item;
  const start = lineStartOf(text, item.start);
  const contentEnd = Math.max(item.comma?.end ?? item.value.end, item.lineComment?.end ?? 0);
  if (text.slice(start, item.start).trim() !== '' || lineContentEndOf(text, contentEnd) !== contentEnd) return undefined;
  return [{ start, end: nextLineStartOf(text, contentEnd), text: '' }];
}

/**
 * One edit that rewrites a one-line (or irregular) list as the canonical
 * multi-line block: the author's entries in their order with their comments,
 * the missing lines at their canonical positions, markers added, removed
 * container lines dropped. Undefined when a comment in the list belongs to no
 * entry (it could not be kept in place).
 */
function rewriteListEdit(hcl: File, site: LifecycleSite, plan: Plan): TextEdit | undefined {
  const text = hcl.source;
  const list = site.list!;
  const attr = site.ignoreChanges!;
  const staleEntries = new Set(plan.stale.map((s) => s.entry));
  const owned = new Set(site.entries.flatMap((e) => [...e.item.leadComments, ...(e.item.lineComment ? [e.item.lineComment] : [])]));
  if (commentsIn(hcl, list).some((c) => !owned.has(c))) return undefined;
  const kept = site.entries.filter((e) => !staleEntries.has(e));
  const comments = new Map<Entry, string | undefined>(kept.map((e) => [e, e.item.lineComment?.text]));
  const trailing = attr.lineComment;
  if (trailing) {
    const dns = kept.find((e) => (e.path === POD_DNS_PATH || e.path === CRON_DNS_PATH) && hasMarker(trailing, KYVERNO_V1));
    const holder = dns ?? kept[kept.length - 1];
    if (!holder) return undefined;
    const current = comments.get(holder);
    comments.set(holder, current === undefined ? trailing.text : `${current} ${trailing.text.replace(/^(#|\/\/)\s*/, '— ')}`);
  }
  for (const m of plan.markers) comments.set(m.entry, withMarker(comments.get(m.entry), m.marker, m.comment));
  const { before, after, end } = placeLines(site.entries, plan.inserts, staleEntries);
  const rows: Row[] = [];
  site.entries.forEach((entry, i) => {
    rows.push(...rowsOf(before.get(i) ?? []));
    if (!staleEntries.has(entry)) rows.push({ lead: entry.item.leadComments.map((c) => c.text), text: text.slice(entry.item.value.start, entry.item.value.end), comment: comments.get(entry) });
    rows.push(...rowsOf(after.get(i) ?? []));
  });
  rows.push(...rowsOf(end));
  const indent = indentationAt(text, attr.start);
  const unit = indentUnit(indentationAt(text, site.lifecycle!.start), indent);
  const endOffset = trailing ? trailing.end : list.end;
  return { start: list.start, end: endOffset, text: renderTuple(rows, indent, unit) };
}
