/**
 * The rolling strategy and single-replica Deployments with no PodDisruptionBudget: EKS's rolling
 * update evicts the only pod, and the Deployment has no Ready replica until its replacement starts.
 * So, surge first: before the roll, such a Deployment gets a second replica and a budget of eks-cidr's
 * (`minAvailable: 1`), so EKS evicts one pod at a time and one is always Ready; after the roll it goes
 * back to one replica and the budget is deleted. The Deployment is annotated with the replicas it had
 * (`eks-cidr.io/surge-from`), so a run stopped mid-roll restores it when re-run.
 */
import type { StepContext } from './context.js';
import type { DeploymentInfo, PodInfo } from './ports.js';

export const SURGE_ANNOTATION = 'eks-cidr.io/surge-from';
const budgetName = (deployment: string) => `eks-cidr-surge-${deployment}`.slice(0, 63);
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Deployments with one replica, no budget over their pods, and a pod on the nodes to roll. */
export async function singleReplicasAtRisk(
  ctx: StepContext,
  pods: readonly PodInfo[],
): Promise<DeploymentInfo[]> {
  const [deployments, budgets] = await Promise.all([
    ctx.call(() => ctx.ports.kube.listDeployments()),
    ctx.call(() => ctx.ports.kube.listPdbs()),
  ]);
  return deployments.filter(
    (d) =>
      d.replicas === 1 &&
      pods.some(
        (p) =>
          p.namespace === d.namespace &&
          p.ownerKinds.includes('ReplicaSet') &&
          selects(d.selector, p.labels) &&
          !budgets.some((b) => b.namespace === p.namespace && selects(b.selector, p.labels)),
      ),
  );
}

/** A second replica and a budget for each, then wait until both replicas are Ready. */
export async function surge(ctx: StepContext, deployments: readonly DeploymentInfo[]): Promise<void> {
  for (const d of deployments) {
    await ctx.call(() =>
      ctx.ports.kube.createPdb({
        namespace: d.namespace,
        name: budgetName(d.name),
        selector: d.selector,
        minAvailable: 1,
        labels: { 'app.kubernetes.io/managed-by': 'eks-cidr' },
      }),
    );
    await ctx.call(() =>
      ctx.ports.kube.scaleDeployment(d.namespace, d.name, 2, { [SURGE_ANNOTATION]: String(d.replicas) }),
    );
    ctx.progress(
      `${d.namespace}/${d.name}: single replica, no PodDisruptionBudget: a second replica during the roll`,
    );
  }
  if (deployments.length === 0) return;
  await ctx.waitUntil('the surge replicas Ready', ctx.timeouts.nodesReadyMs, async () => {
    const now = await ctx.call(() => ctx.ports.kube.listDeployments());
    const short = deployments.filter(
      (d) => (now.find((x) => x.namespace === d.namespace && x.name === d.name)?.readyReplicas ?? 0) < 2,
    );
    if (short.length === 0) return { done: true, value: true };
    return { done: false, observed: `${short.map((d) => d.name).join(', ')} not yet at 2 Ready` };
  });
}

/** Back to the replicas each had, and the budgets gone (also what a re-run after a crash does). */
export async function restoreSurged(ctx: StepContext): Promise<void> {
  const deployments = await ctx.call(() => ctx.ports.kube.listDeployments());
  for (const d of deployments) {
    const from = d.annotations[SURGE_ANNOTATION];
    if (from === undefined) continue;
    // Someone changed the replicas meanwhile: leave them, only drop our annotation.
    const replicas = d.replicas === 2 ? Number(from) || 1 : d.replicas;
    await ctx.call(() =>
      ctx.ports.kube.scaleDeployment(d.namespace, d.name, replicas, { [SURGE_ANNOTATION]: null }),
    );
    await ctx.call(() => ctx.ports.kube.deletePdb(d.namespace, budgetName(d.name)));
    ctx.progress(`${d.namespace}/${d.name}: back to ${replicas} replica(s)`);
  }
}
