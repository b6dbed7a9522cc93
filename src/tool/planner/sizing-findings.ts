/** The sizing findings of a plan: one set per node group the plan newly replaces or rolls. Pure. */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { replacementSizing } from './steps-nodegroups.js';
import type { Finding, Plan } from './types.js';

export function sizingFindings(snapshot: ClusterSnapshot, plan: Plan): Finding[] {
  const out: Finding[] = [];
  const names = snapshot.nodegroups.map((ng) => ng.name);
  for (const name of Object.keys(plan.request.nodeCounts ?? {})) {
    if (names.includes(name)) continue;
    out.push({
      severity: 'error',
      code: 'E_UNKNOWN_NODEGROUP',
      field: 'nodeCounts',
      message: `--node-count names node group '${name}', which cluster ${snapshot.cluster.name} does not have.`,
      hint: `Name one of its managed node groups: ${names.join(', ') || '(none)'}.`,
    });
  }
  for (const step of plan.steps) {
    if (step.kind !== 'create-nodegroup' || step.action !== 'create') continue;
    const old = snapshot.nodegroups.find((ng) => ng.name === step.desired.replaces);
    if (old) out.push(...replacementSizing(snapshot, plan.request, old).findings);
  }
  return out;
}
