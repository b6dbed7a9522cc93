/** Findings about a derived plan: sizing (per node group the plan newly replaces or rolls), what IaC should carry, workloads at risk. Pure. */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { maxPodsTooHigh, replacementSizing } from './steps-nodegroups.js';
import { iacNote } from './steps-rolling.js';
import { workloadRisks } from './workload-risk.js';
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
    if (step.kind === 'roll-nodegroup' && step.action !== 'no-op') {
      const ng = snapshot.nodegroups.find((n) => n.name === step.target.nodegroupName);
      if (ng) out.push(...replacementSizing(snapshot, plan.request, ng).findings, iacNote(step));
      continue;
    }
    if (step.kind !== 'create-nodegroup' || step.action !== 'create') continue;
    const old = snapshot.nodegroups.find((ng) => ng.name === step.desired.replaces);
    if (old) out.push(...replacementSizing(snapshot, plan.request, old).findings);
  }
  if (plan.request.rotation === 'rolling') {
    for (const ng of snapshot.nodegroups) {
      if (
        ng.launchTemplate ||
        !plan.steps.some(
          (s) => s.kind === 'create-nodegroup' && s.action === 'create' && s.desired.replaces === ng.name,
        )
      )
        continue;
      out.push({
        severity: 'error',
        code: 'E_ROLLING_NEEDS_LAUNCH_TEMPLATE',
        field: 'rotation',
        message: `--rotation rolling: node group ${ng.name} has no launch template, and EKS's rolling update (UpdateNodegroupVersion) can only change max-pods through one.`,
        hint: 'Use --rotation replace (or auto) for it: a new node group, drained in waves.',
      });
    }
  }
  out.push(...workloadRisks(snapshot, plan.steps));
  // What verify would flag and apply cannot fix: too high a max-pods on a group with no launch template.
  const cniConfigured = plan.steps.some((s) => s.kind === 'configure-cni' && s.action === 'no-op');
  for (const ng of snapshot.nodegroups) {
    if (ng.launchTemplate || !maxPodsTooHigh(snapshot, ng, cniConfigured)) continue;
    if (plan.steps.some((s) => s.kind === 'drain-nodegroup' && s.target.nodegroupName === ng.name)) continue;
    out.push({
      severity: 'warning',
      code: 'W_MAX_PODS_TOO_HIGH',
      message: `Node group ${ng.name}'s nodes run a max-pods above what custom networking gives them addresses for, and it has no launch template apply could roll onto a version that sets it: verify flags its nodes.`,
      hint: 'Replace the node group by hand (a launch template whose user data sets max-pods, or no custom AMI so EKS computes it), then run verify.',
    });
  }
  return out;
}
