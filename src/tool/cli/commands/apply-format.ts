/** The plan as apply shows it before asking, and what apply tells about nodes it cannot rotate. */
import type { Plan } from '../../planner/types.js';
import { renderPlanText } from '../../planner/render.js';

export function formatPlanSteps(plan: Plan, color: boolean): string {
  return renderPlanText(plan, { color });
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
