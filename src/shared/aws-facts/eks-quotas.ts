/**
 * EKS service quota "Nodes per managed node group" (Service Quotas code L-BD136A63): default 450 in
 * each supported Region, adjustable (EKS user guide, "Amazon EKS service quotas",
 * https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html; checked 2026-12). The
 * NodegroupScalingConfig reference bounds maxSize by it. The tool's planner holds demand against it;
 * the sandbox's scenarios split their nodes into groups that respect it.
 */
export const NODES_PER_MANAGED_NODEGROUP = 450;

/**
 * Sizes of the fewest managed node groups that hold `nodes` within `perGroup` each, as equal as
 * possible (the first groups take the remainder): 1,000 -> [334, 333, 333].
 */
export function splitIntoNodegroups(nodes: number, perGroup = NODES_PER_MANAGED_NODEGROUP): number[] {
  if (nodes <= 0) return [];
  const groups = Math.ceil(nodes / perGroup);
  const base = Math.floor(nodes / groups);
  const extra = nodes % groups;
  return Array.from({ length: groups }, (_, i) => base + (i < extra ? 1 : 0));
}
