import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate.js';
import type { File, Heredoc, Template, TemplateText } from '../../src/hcl/cst.js';
import { parse } from '../../src/hcl/parser.js';
import { walk } from '../../src/hcl/walk.js';
import { findHostLiterals, hostPattern, type HostLiteral } from '../../rules/_shared-variable-fix.js';

/**
 * findHostLiterals descends to the text runs the host occurs in instead of
 * walking every string of the file; it must find what the walk finds.
 */

const root = join(import.meta.dirname, '../../fixtures');
const isHcl = (path: string): boolean => /\.(tf|tfvars|hcl)$/.test(path);

const HOSTS = ['192.168.1.127', 'redis-master.redis.svc.cluster.local', 'redis.redis.svc.cluster.local', 'postgresql.dbaas.svc.cluster.local', 'mail.example.me'];

const SAMPLE = `# redis-master.redis.svc.cluster.local in a comment
locals {
  a = "redis-master.redis.svc.cluster.local"
  b = "redis://redis-master.redis.svc.cluster.local:6379 and redis-master.redis.svc.cluster.local"
  c = "\${var.x}redis-master.redis.svc.cluster.local\${var.y}"
  d = "x.redis-master.redis.svc.cluster.local"
  e = { "redis-master.redis.svc.cluster.local" = "192.168.1.127" }
  f = <<-EOT
    host: redis.redis.svc.cluster.local
    %{ if x }192.168.1.127%{ endif }
    EOT
  g = [for h in ["192.168.1.127:2049"] : "\${h}@mail.example.me:587"]
  h = "smtp.mail.example.me"
  i = "redis-master.redis.svc.cluster.local.example"
  j = "$\${redis-master.redis.svc.cluster.local}"
}
redis-master = 1
`;

const sources = [
  ...readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && isHcl(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ name: relative(root, path), source: readFileSync(path, 'utf8') })),
  ...[...generateRepo({ stacks: 6, seed: 11 })].filter(([path]) => isHcl(path)).map(([name, source]) => ({ name, source })),
  { name: 'sample', source: SAMPLE },
  { name: 'sample with CRLF', source: SAMPLE.replace(/\n/g, '\r\n') },
];

/** The first definition: every text run of the file, those containing the host matched. */
function byWalk(hcl: File, host: string): HostLiteral[] {
  const out: HostLiteral[] = [];
  const texts: TemplateText[] = [];
  walk(hcl, (node) => {
    if (node.kind === 'TemplateText') texts.push(node);
  });
  for (const node of texts) {
    if (!node.raw.includes(host)) continue;
    let expr: Template | Heredoc | undefined;
    for (let p = node.parent; p !== undefined && !expr; p = p.parent) if (p.kind === 'Template' || p.kind === 'Heredoc') expr = p;
    if (!expr) continue;
    for (const m of node.raw.matchAll(hostPattern(host))) {
      const start = node.start + m.index;
      out.push({ expr, start, end: start + m[0].length, whole: expr.kind === 'Template' && expr.parts.length === 1 && node.raw === m[0] });
    }
  }
  return out;
}

describe('findHostLiterals', () => {
  it.each(sources)('finds what a walk over every string finds: $name', ({ source }) => {
    const hcl = parse(source);
    for (const host of HOSTS) expect(findHostLiterals(hcl, host)).toEqual(byWalk(hcl, host));
  });

  it('finds the sample literals', () => {
    const hcl = parse(SAMPLE);
    const found = findHostLiterals(hcl, 'redis-master.redis.svc.cluster.local').map((l) => [SAMPLE.slice(l.start, l.end), l.whole, hcl.source.slice(l.expr.start, l.expr.start + 4)]);
    expect(found).toEqual([
      ['redis-master.redis.svc.cluster.local', true, '"red'],
      ['redis-master.redis.svc.cluster.local', false, '"red'],
      ['redis-master.redis.svc.cluster.local', false, '"red'],
      ['redis-master.redis.svc.cluster.local', false, '"${v'],
      ['redis-master.redis.svc.cluster.local', true, '"red'],
      ['redis-master.redis.svc.cluster.local', false, '"$${'],
    ]);
  });
});
