/**
 * What apply tells at the end of a run, as notices (library events; the CLI prints them): the nodes
 * it could not rotate and what to do about them, and how the node groups were rotated. Pure: the plan
 * and the steps' outputs in, lines out.
 */
import type { Plan } from './types.js';

/** A step's outputs (steps/context.ts StepOutput): strings by name. */
type StepOutputs = Readonly<Record<string, string>>;

/**
 * Self-managed nodes (no eks.amazonaws.com/nodegroup label) cannot be replaced by apply. The planner
 * reports them as findings; apply repeats exactly what to do, never skipping silently.
 */
export function selfManagedNotices(plan: Plan): string[] {
  const found = plan.warnings.filter((w) => /SELF_MANAGED/i.test(w.code));
  const byZone = Object.entries(plan.request.zoneSubnets)
    .map(([zone, cidr]) => `${zone}: ${cidr}`)
    .join(', ');
  return found.map(
    (w) =>
      `${w.message}\n` +
      `  To finish by hand: launch replacement nodes with kubelet max-pods set for custom networking ` +
      `(N from 'eks-cidr max-pods -i <instance-type> --custom-networking'; AL2: bootstrap.sh --use-max-pods false --kubelet-extra-args '--max-pods=N'; AL2023: NodeConfig spec.kubelet.config.maxPods: N), ` +
      `keep them in the node subnets (not the pod subnets ${byZone}), wait until they are Ready, ` +
      `then 'kubectl cordon' and 'kubectl drain --ignore-daemonsets --delete-emptydir-data' each old node, and terminate it. ` +
      `'eks-cidr verify --cluster ${plan.cluster}' confirms the result.`,
  );
}

function lowestLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const items = text.split(',').filter((x) => x.length > 0);
  return items.length > 0
    ? `lowest Ready pods seen per workload: ${items.map((i) => i.replace('=', ' ')).join(', ')}`
    : undefined;
}

/**
 * The lines apply tells at the end of a run that rotated nodes: per node group how it was rotated
 * (rolled in place onto which launch template version, or replaced and drained in how many waves),
 * the lowest Ready count seen per workload while its pods moved, and the capacity before -> after.
 */
export function rotationSummary(plan: Plan, outputs: ReadonlyMap<string, StepOutputs>): string[] {
  const lines: string[] = [];
  for (const step of plan.steps) {
    const out = outputs.get(step.id);
    if (!out || step.action === 'no-op') continue;
    if (step.kind === 'roll-nodegroup') {
      lines.push(
        `node group ${step.target.nodegroupName}: rolled in place onto launch template version ${out.launchTemplateVersion ?? '?'} (${step.current?.nodes ?? '?'} node(s) rolled, ${step.desired.scaling.desiredSize} now, ${step.desired.maxUnavailable} at a time)`,
      );
      const low = lowestLine(out.lowestReady);
      if (low) lines.push(`  ${low}`);
    }
    if (step.kind === 'drain-nodegroup') {
      lines.push(
        `node group ${step.target.nodegroupName}: ${out.drained ?? '?'} node(s) drained in ${out.waves ?? '?'} wave(s) of at most ${step.desired.waveSize ?? out.drained ?? '?'}`,
      );
      const low = lowestLine(out.lowestReady);
      if (low) lines.push(`  ${low}`);
    }
  }
  const t = plan.capacity?.totals;
  if (lines.length > 0 && t) {
    lines.push(
      `capacity: pods that can run ${t.servableBefore} -> ${t.servableAfter}, pod slots ${t.podSlotsBefore} -> ${t.podSlotsAfter}, nodes ${t.nodesBefore} -> ${t.nodesAfter}; demand ${t.demand}, headroom ${t.headroom}`,
    );
  }
  return lines;
}
