/**
 * no-plaintext-secrets outside HCL: YAML, JSON, INI/dotenv/shell text and HCL
 * heredocs read as key/value text; `*.sops.*` files (every leaf `ENC[…]`);
 * `sealed-*.yaml` files (never a plain `kind: Secret`).
 */
import { basename } from 'node:path';
import { maskSecret } from '../src/engine/mask.js';
import { scanJson, type JsonLeaf } from './_secrets-json.js';
import { scanKeyValues, type KvEntry } from './_secrets-kv.js';
import {
  decodeBase64Text,
  isSecretData,
  isSecretLiteral,
  namedMessage,
  PRIORITY,
  REFERENCE_KINDS,
  suggestedKey,
  valueSuggestion,
  type Candidate,
  type SecretsContext,
} from './_secrets-common.js';

/** `foo.sops.json`, `secrets.sops.yaml`, `app.sops.env`; not the `.sops.yaml` creation rules. */
export function isSopsFile(path: string): boolean {
  return /^.+\.sops\.[^/]+$/.test(basename(path));
}

export function isSealedFile(path: string): boolean {
  return /^sealed-.+\.ya?ml$/.test(basename(path));
}

/** `- POSTGRES_PASSWORD=…` in a list (docker-compose `environment`, container `args`). */
const ENV_ITEM = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/;

/** `gitea.admin.password`, `env[0].value`: a key path as people write it. */
function displayPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^\[\d+\]$/.test(seg)) out += seg;
    else out += out.length === 0 ? seg : `.${seg}`;
  }
  return out;
}

/** The last two named segments of a path, for a secrets.sops.json key (`admin.password` → `admin_password`). */
function keyHint(path: readonly (string | number)[]): string {
  return path.filter((s): s is string => typeof s === 'string' && !/^\[\d+\]$/.test(s)).slice(-2).join('_');
}

interface Leaf {
  readonly path: readonly (string | number)[];
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly group: number;
  readonly scalar: boolean;
  readonly quoted: boolean;
}

interface Document {
  kind: string | undefined;
  kindStart: number;
  name: string | undefined;
  readonly leaves: Leaf[];
  end: number;
}

export interface KvCheck {
  /** A `sealed-*.yaml` file: a plain Secret document is one finding for the whole document. */
  readonly sealedFile: boolean;
  readonly where: 'heredoc' | 'yaml' | 'text';
}

function secretDataCandidate(ctx: SecretsContext, owner: string, field: string, key: string, leaf: Leaf): Candidate {
  return {
    start: leaf.start,
    end: leaf.end,
    message: `Secret \`${owner}\` ${field} \`${key}\` is a plaintext value (\`${maskSecret(leaf.value)}\`): commit it as a SealedSecret made with kubeseal instead`,
    suggestion: `\`kubectl create secret generic ${owner} --from-literal=${key}=<value> -n <namespace> --dry-run=client -o yaml | kubeseal --controller-name sealed-secrets --controller-namespace sealed-secrets -o yaml > sealed-${owner}.yaml\`, then delete the plain Secret.`,
    secret: leaf.value,
    priority: PRIORITY.data,
  };
}

/**
 * The checks shared by every key/value source: secret-named keys with literal
 * values, `name`/`value` pairs, Kubernetes Secret documents (their data is
 * secret whatever its key), and manifests that only reference secrets.
 */
function checkDocuments(ctx: SecretsContext, docs: Iterable<Document>, sealedFile: boolean, yamlStyle: boolean, out: Candidate[]): void {
  for (const doc of docs) {
    if (doc.kind !== undefined && REFERENCE_KINDS.has(doc.kind)) continue;
    const isSecret = doc.kind === 'Secret';
    if (isSecret && sealedFile) {
      out.push({
        start: doc.kindStart,
        end: Math.max(doc.kindStart, doc.end),
        message: `\`${basename(ctx.file.path)}\` is a plain \`kind: Secret\`, not a SealedSecret, so its values are readable by anyone with the repository: seal it with kubeseal`,
        suggestion: `\`kubectl create secret generic ${doc.name ?? '<name>'} --from-literal=<key>=<value> -n <namespace> --dry-run=client -o yaml | kubeseal --controller-name sealed-secrets --controller-namespace sealed-secrets -o yaml > ${basename(ctx.file.path)}\`, and rotate the values that were committed in plain text.`,
        priority: PRIORITY.file,
      });
      continue;
    }
    const groups = new Map<number, Map<string, Leaf>>();
    for (const leaf of doc.leaves) {
      const key = leaf.path[leaf.path.length - 1];
      if (typeof key !== 'string') continue;
      const assignment = leaf.scalar && /^\[\d+\]$/.test(key) ? ENV_ITEM.exec(leaf.value) : null;
      if (assignment) {
        const [, name = '', value = ''] = assignment;
        const start = leaf.start + name.length + 1;
        if (isSecretLiteral(name, value, ctx.options, leaf.quoted)) {
          out.push({
            start,
            end: start + value.length,
            message: namedMessage(name, maskSecret(value)),
            suggestion: valueSuggestion(ctx, suggestedKey(ctx, name)),
            secret: value,
            priority: PRIORITY.named,
          });
        }
        continue;
      }
      let group = groups.get(leaf.group);
      if (!group) groups.set(leaf.group, (group = new Map<string, Leaf>()));
      group.set(key, leaf);
      const field = leaf.path[0];
      if (isSecret && leaf.path.length === 2 && (field === 'data' || field === 'stringData')) {
        const plain = field === 'data' ? (decodeBase64Text(leaf.value) ?? leaf.value) : leaf.value;
        if (isSecretData(key, plain, ctx.options)) out.push(secretDataCandidate(ctx, doc.name ?? '<name>', field, key, leaf));
        continue;
      }
      if (leaf.scalar && isSecretLiteral(key, leaf.value, ctx.options, leaf.quoted)) {
        out.push({
          start: leaf.start,
          end: leaf.end,
          message: namedMessage(displayPath(leaf.path), maskSecret(leaf.value)),
          suggestion: valueSuggestion(ctx, suggestedKey(ctx, keyHint(leaf.path))),
          secret: leaf.value,
          priority: PRIORITY.named,
        });
      }
    }
    for (const group of groups.values()) {
      const name = group.get('name');
      const value = group.get('value');
      if (!name?.scalar || !value?.scalar || !isSecretLiteral(name.value, value.value, ctx.options)) continue;
      const how = yamlStyle ? 'use `valueFrom.secretKeyRef` with a Secret fed by secrets.sops.json' : 'pass it from a variable fed by secrets.sops.json';
      out.push({
        start: value.start,
        end: value.end,
        message: `env \`${name.value}\` has a plaintext value (\`${maskSecret(value.value)}\`): ${how}`,
        suggestion: valueSuggestion(ctx, suggestedKey(ctx, name.value)),
        secret: value.value,
        priority: PRIORITY.pair,
      });
    }
  }
}

function kvDocuments(entries: readonly KvEntry[]): Document[] {
  const docs = new Map<number, Document>();
  const docOf = (n: number): Document => {
    let doc = docs.get(n);
    if (!doc) docs.set(n, (doc = { kind: undefined, kindStart: -1, name: undefined, leaves: [], end: -1 }));
    return doc;
  };
  for (const e of entries) {
    const doc = docOf(e.doc);
    doc.end = Math.max(doc.end, e.valueEnd, e.keyStart + e.key.length);
    if (e.inBlock) continue;
    if (e.path.length === 1 && e.key === 'kind' && e.kind === 'scalar') {
      doc.kind = e.value;
      doc.kindStart = e.valueStart;
    }
    if (e.path.length === 2 && e.path[0] === 'metadata' && e.key === 'name' && e.kind === 'scalar') doc.name = e.value;
  }
  for (const e of entries) {
    if (e.kind !== 'scalar' && !(e.kind === 'block' && e.valueStart >= 0)) continue;
    docOf(e.doc).leaves.push({ path: e.path, value: e.value, start: e.valueStart, end: e.valueEnd, group: e.mapping, scalar: e.kind === 'scalar', quoted: e.quoted });
  }
  return [...docs.values()];
}

/** Key/value entries from a YAML or text file or an HCL heredoc. */
export function checkKvEntries(ctx: SecretsContext, entries: readonly KvEntry[], check: KvCheck, out: Candidate[]): void {
  checkDocuments(ctx, kvDocuments(entries), check.sealedFile, check.where !== 'text', out);
}

interface SopsRules {
  readonly plainKey: (keys: readonly string[]) => boolean;
}

function sopsRules(meta: ReadonlyMap<string, string>): SopsRules {
  const regex = (name: string): RegExp | undefined => {
    const source = meta.get(name);
    if (source === undefined || source.length === 0) return undefined;
    try {
      return new RegExp(source);
    } catch {
      return undefined;
    }
  };
  const encryptedSuffix = meta.get('encrypted_suffix') || undefined;
  const unencryptedRegex = regex('unencrypted_regex');
  const encryptedRegex = regex('encrypted_regex');
  const anyRule = encryptedSuffix !== undefined || unencryptedRegex !== undefined || encryptedRegex !== undefined;
  const unencryptedSuffix = meta.get('unencrypted_suffix') || (anyRule ? undefined : '_unencrypted');
  return {
    plainKey: (keys) =>
      (unencryptedSuffix !== undefined && keys.some((k) => k.endsWith(unencryptedSuffix))) ||
      (encryptedSuffix !== undefined && !keys.some((k) => k.endsWith(encryptedSuffix))) ||
      (unencryptedRegex !== undefined && keys.some((k) => unencryptedRegex.test(k))) ||
      (encryptedRegex !== undefined && !keys.some((k) => encryptedRegex.test(k))),
  };
}

/** SOPS-style JSON path: `["runners"]["arm64"]["token"]`. */
function sopsPath(path: readonly (string | number)[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `["${s}"]`)).join('');
}

interface SopsLeaf {
  readonly path: readonly (string | number)[];
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

function checkSopsLeaves(ctx: SecretsContext, hasMetadata: boolean, rootStart: number, meta: ReadonlyMap<string, string>, leaves: readonly SopsLeaf[], out: Candidate[]): void {
  const rel = ctx.file.relPath;
  if (!hasMetadata) {
    out.push({
      start: rootStart,
      end: rootStart,
      message: `\`${basename(rel)}\` has no \`sops\` metadata, so nothing in it is encrypted: encrypt it with \`sops --encrypt --in-place ${rel}\``,
      suggestion: `\`sops --encrypt --in-place ${rel}\` (the recipients come from .sops.yaml), and rotate every value that was committed in plain text.`,
      priority: PRIORITY.file,
    });
  }
  const rules = sopsRules(meta);
  for (const leaf of leaves) {
    if (leaf.value.length === 0 || /^ENC\[.*\]$/s.test(leaf.value)) continue;
    if (hasMetadata && rules.plainKey(leaf.path.filter((s): s is string => typeof s === 'string'))) continue;
    out.push({
      start: leaf.start,
      end: leaf.end,
      message: `\`${displayPath(leaf.path)}\` is not encrypted (\`${maskSecret(leaf.value)}\`): set it with \`sops set\` so the file stores it as ENC[…]`,
      suggestion: `\`sops set ${rel} '${sopsPath(leaf.path)}' '"<value>"'\` (a value edited by hand also breaks the file's MAC), and rotate the value: it is in the git history.`,
      secret: leaf.value,
      priority: PRIORITY.file,
    });
  }
}

function jsonLeafValue(leaf: JsonLeaf): string | undefined {
  if (leaf.value === null) return undefined;
  return typeof leaf.value === 'string' ? leaf.value : String(leaf.value);
}

export function checkJsonFile(ctx: SecretsContext, out: Candidate[]): void {
  const scan = scanJson(ctx.file.text);
  if (!scan) return;
  if (isSopsFile(ctx.file.path)) {
    const meta = new Map<string, string>();
    const leaves: SopsLeaf[] = [];
    for (const leaf of scan.leaves) {
      const value = jsonLeafValue(leaf);
      if (value === undefined) continue;
      if (leaf.path[0] === 'sops') {
        if (leaf.path.length === 2 && typeof leaf.path[1] === 'string') meta.set(leaf.path[1], value);
        continue;
      }
      leaves.push({ path: leaf.path, value, start: leaf.start, end: leaf.end });
    }
    checkSopsLeaves(ctx, scan.rootKeys.has('sops'), scan.rootStart, meta, leaves, out);
    return;
  }
  const kindLeaf = scan.leaves.find((l) => l.path.length === 1 && l.path[0] === 'kind' && typeof l.value === 'string');
  const nameLeaf = scan.leaves.find((l) => l.path.length === 2 && l.path[0] === 'metadata' && l.path[1] === 'name' && typeof l.value === 'string');
  const doc: Document = {
    kind: kindLeaf?.value as string | undefined,
    kindStart: kindLeaf?.start ?? -1,
    name: nameLeaf?.value as string | undefined,
    leaves: scan.leaves.filter((l) => typeof l.value === 'string').map((l) => ({ path: l.path, value: l.value as string, start: l.start, end: l.end, group: l.parent, scalar: true, quoted: true })),
    end: ctx.file.text.length,
  };
  checkDocuments(ctx, [doc], false, true, out);
}

export function checkYamlFile(ctx: SecretsContext, out: Candidate[]): void {
  const text = ctx.file.text;
  const entries = scanKeyValues(text, 0, text.length, { colon: true, equals: false });
  if (isSopsFile(ctx.file.path)) {
    const meta = new Map<string, string>();
    const leaves: SopsLeaf[] = [];
    let hasMetadata = false;
    for (const e of entries) {
      if (e.inBlock) continue;
      if (e.path[0] === 'sops') {
        hasMetadata = true;
        if (e.path.length === 2 && e.kind === 'scalar') meta.set(e.key, e.value);
        continue;
      }
      if (e.kind === 'scalar' || (e.kind === 'block' && e.valueStart >= 0)) leaves.push({ path: e.path, value: e.value, start: e.valueStart, end: e.valueEnd });
    }
    const first = entries[0];
    checkSopsLeaves(ctx, hasMetadata, first ? first.keyStart : 0, meta, leaves, out);
    return;
  }
  checkKvEntries(ctx, entries, { sealedFile: isSealedFile(ctx.file.path), where: 'yaml' }, out);
}

/** INI, dotenv, shell, Makefile and Dockerfile assignments, and YAML-looking lines in other text files. */
export function checkTextFile(ctx: SecretsContext, out: Candidate[]): void {
  const text = ctx.file.text;
  const entries = scanKeyValues(text, 0, text.length, { colon: ctx.file.kind === 'text', equals: true });
  if (isSopsFile(ctx.file.path)) {
    const meta = new Map<string, string>();
    const leaves: SopsLeaf[] = [];
    let hasMetadata = false;
    for (const e of entries) {
      if (e.kind !== 'scalar') continue;
      if (e.key.startsWith('sops_')) {
        hasMetadata = true;
        meta.set(e.key.slice(5), e.value);
        continue;
      }
      leaves.push({ path: [e.key], value: e.value, start: e.valueStart, end: e.valueEnd });
    }
    checkSopsLeaves(ctx, hasMetadata, 0, meta, leaves, out);
    return;
  }
  checkKvEntries(ctx, entries, { sealedFile: false, where: 'text' }, out);
}
