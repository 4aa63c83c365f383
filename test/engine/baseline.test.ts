import { describe, expect, it } from 'vitest';
import { countFindings, filterByBaseline, makeBaseline, pruneBaseline, serializeBaseline } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/engine/types.js';

function finding(line: number, ruleId = 'kyverno-lifecycle', blockAddress = 'resource.kubernetes_deployment.web'): Finding {
  return { path: '/r/stacks/web/main.tf', ruleId, severity: 'error', message: 'm', line, column: 1, endLine: line, endColumn: 2, start: 0, end: 1, fix: null, suggestion: undefined, blockAddress };
}

describe('baseline', () => {
  const known = [finding(10), finding(40, 'keel-lifecycle')].map((f) => ({ relPath: 'stacks/web/main.tf', finding: f }));
  const baseline = makeBaseline(countFindings(known).values());

  it('is keyed by file, block address and rule with a count, sorted, never by line', () => {
    expect(baseline.entries).toEqual([
      { file: 'stacks/web/main.tf', block: 'resource.kubernetes_deployment.web', rule: 'keel-lifecycle', count: 1 },
      { file: 'stacks/web/main.tf', block: 'resource.kubernetes_deployment.web', rule: 'kyverno-lifecycle', count: 1 },
    ]);
    expect(serializeBaseline(baseline)).toBe(
      '{\n  "version": 1,\n  "entries": [\n' +
        '    {"file":"stacks/web/main.tf","block":"resource.kubernetes_deployment.web","rule":"keel-lifecycle","count":1},\n' +
        '    {"file":"stacks/web/main.tf","block":"resource.kubernetes_deployment.web","rule":"kyverno-lifecycle","count":1}\n  ]\n}\n',
    );
  });

  it('hides known findings after their lines shifted', () => {
    const shifted = [finding(25), finding(55, 'keel-lifecycle')].map((f) => ({ relPath: 'stacks/web/main.tf', finding: f }));
    expect(filterByBaseline(shifted, baseline)).toEqual([]);
  });

  it('shows findings beyond the recorded count and in other blocks', () => {
    const more = [finding(10), finding(20), finding(30, 'kyverno-lifecycle', 'resource.kubernetes_deployment.api')].map((f) => ({ relPath: 'stacks/web/main.tf', finding: f }));
    expect(filterByBaseline(more, baseline).map((x) => [x.finding.line, x.finding.blockAddress])).toEqual([
      [20, 'resource.kubernetes_deployment.web'],
      [30, 'resource.kubernetes_deployment.api'],
    ]);
  });

  it('prune drops entries that no longer match and lowers counts', () => {
    const now = countFindings([{ relPath: 'stacks/web/main.tf', finding: finding(12) }]);
    expect(pruneBaseline(makeBaseline([{ file: 'stacks/web/main.tf', block: 'resource.kubernetes_deployment.web', rule: 'kyverno-lifecycle', count: 3 }, { file: 'gone.tf', block: '', rule: 'x', count: 1 }]), now).entries).toEqual([
      { file: 'stacks/web/main.tf', block: 'resource.kubernetes_deployment.web', rule: 'kyverno-lifecycle', count: 1 },
    ]);
  });
});
