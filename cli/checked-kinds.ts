// The kinds `mdbkit lint` checks, by API group, read from the policy registry and the schemas it serves, so the
// help and the summary name exactly what the engine judges (a kind added to policies/registry.ts shows up here).
import type { KubeObject } from '../policies/kube-object.js';
import type { PolicyEngine } from '../policies/policy-engine.js';

/** API group → the kinds of it that have a policy, sorted; groups sorted. */
export function checkedKinds(engine: PolicyEngine): Map<string, string[]> {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, definition } of engine.schemas.servedKinds()) {
    const probe: KubeObject = { apiVersion: `${group}/${definition.version}`, kind: definition.kind };
    if (!engine.policyFor(probe)) continue;
    byGroup.set(group, (byGroup.get(group) ?? new Set()).add(definition.kind));
  }
  const sorted = [...byGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map(([group, kinds]) => [group, [...kinds].sort()]));
}

/** The help's lines: each group, then its kinds wrapped under it. */
export function checkedKindsHelp(engine: PolicyEngine, indent = '  ', width = 110): string {
  const lines: string[] = [];
  for (const [group, kinds] of checkedKinds(engine)) {
    lines.push(`${indent}${group}:`);
    let line = `${indent}  `;
    for (const [i, kind] of kinds.entries()) {
      const word = `${kind}${i < kinds.length - 1 ? ',' : ''}`;
      if (line.trim() !== '' && line.length + word.length + 1 > width) {
        lines.push(line.trimEnd());
        line = `${indent}  `;
      }
      line += `${line.trim() === '' ? '' : ' '}${word}`;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
