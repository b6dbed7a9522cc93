/** The plan as apply shows it before asking, and what apply tells about nodes it cannot rotate. */
import type { Plan } from '../../planner/types.js';
import { summarizeSteps } from '../../engine/execute-plan.js';

const SIGN: Record<string, string> = { create: '+', update: '~', 'no-op': '=' };

export function formatPlanSteps(plan: Plan): string {
  const steps = summarizeSteps(plan);
  const width = Math.max(...steps.map((s) => s.id.length));
  const lines = steps.map(
    (s, i) =>
      `  ${SIGN[s.action] ?? '?'} ${s.id.padEnd(width)}  ${s.description}${plan.steps[i]?.action === 'no-op' ? ' (in place)' : ''}`,
  );
  return `Plan for cluster ${plan.cluster} (${plan.request.cidr}):\n${lines.join('\n')}\n`;
}

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
      `(bootstrap.sh --use-max-pods false --kubelet-extra-args '--max-pods=N'; AL2023: NodeConfig spec.kubelet.config.maxPods), ` +
      `keep them in the node subnets (not the pod subnets ${byZone}), wait until they are Ready, ` +
      `then 'kubectl cordon' and 'kubectl drain --ignore-daemonsets --delete-emptydir-data' each old node, and terminate it. ` +
      `'eks-cidr verify --cluster ${plan.cluster}' confirms the result.`,
  );
}
