/**
 * Node rotation, part 2: cordon the old node group's nodes, then evict their pods through the
 * Eviction API, which honours PodDisruptionBudgets (a 429 means a budget forbids it now: retry until
 * the timeout). DaemonSet pods and static pods stay (they die with the node). On timeout the error
 * lists each pod still there and the budget that blocks it.
 */
import type { StepContext, StepExecutor } from './context.js';
import { NODEGROUP_LABEL } from './create-nodegroup.js';
import type { PdbInfo, PodInfo } from './ports.js';
import { EksCidrError, ExitCode } from '../errors.js';

const EVICTIONS_IN_FLIGHT = 8;

export function isEvictable(pod: PodInfo): boolean {
  if (pod.mirror) return false;
  if (pod.ownerKinds.includes('DaemonSet')) return false;
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

export function blockingPdbs(pod: PodInfo, pdbs: PdbInfo[]): PdbInfo[] {
  return pdbs.filter(
    (p) =>
      p.namespace === pod.namespace &&
      Object.keys(p.selector).length > 0 &&
      Object.entries(p.selector).every(([k, v]) => pod.labels[k] === v),
  );
}

async function podsToEvict(nodeNames: string[], ctx: StepContext): Promise<PodInfo[]> {
  const lists = await Promise.all(
    nodeNames.map((n) => ctx.call(() => ctx.ports.kube.listPods({ nodeName: n }))),
  );
  return lists.flat().filter(isEvictable);
}

export const drainNodegroup: StepExecutor<'drain-nodegroup'> = {
  describe: (step) => `cordon and drain node group ${step.target.nodegroupName}`,
  async execute(step, ctx) {
    const kube = ctx.ports.kube;
    const nodes = await ctx.call(() => kube.listNodes(`${NODEGROUP_LABEL}=${step.target.nodegroupName}`));
    const names = nodes.map((n) => n.name);
    for (const node of nodes) {
      if (!node.unschedulable) await ctx.call(() => kube.setUnschedulable(node.name, true));
    }
    ctx.progress(`cordoned ${names.length} node(s)`);
    const deadline = ctx.clock.now() + step.desired.timeoutSeconds * 1000;
    let blocked = new Map<string, string>();
    for (;;) {
      const pods = await podsToEvict(names, ctx);
      if (pods.length === 0) break;
      blocked = new Map();
      const evictable = pods.filter((p) => !p.deleting);
      // A few evictions in flight at once: a node with dozens of pods drains in seconds, not minutes.
      for (let i = 0; i < evictable.length; i += EVICTIONS_IN_FLIGHT) {
        const batch = evictable.slice(i, i + EVICTIONS_IN_FLIGHT);
        const results = await Promise.all(
          batch.map((pod) => ctx.call(() => kube.evictPod(pod.namespace, pod.name))),
        );
        results.forEach((result, j) => {
          const pod = batch[j]!;
          if (result.outcome === 'blocked') blocked.set(`${pod.namespace}/${pod.name}`, result.message);
        });
      }
      ctx.progress(
        `${pods.length} pod(s) left${blocked.size > 0 ? `, ${blocked.size} blocked by disruption budgets` : ''}`,
      );
      if (ctx.clock.now() >= deadline) {
        const pdbs = await ctx.call(() => kube.listPdbs());
        const lines = pods.map((p) => {
          const key = `${p.namespace}/${p.name}`;
          const budgets = blockingPdbs(p, pdbs).map(
            (b) =>
              `PodDisruptionBudget ${b.namespace}/${b.name} allows ${b.disruptionsAllowed} disruption(s)`,
          );
          const why = blocked.get(key) ?? (p.deleting ? 'still terminating' : 'not evicted yet');
          return `${key} on ${p.nodeName ?? '?'}: ${[why, ...budgets].join('; ')}`;
        });
        throw new EksCidrError(
          'E_DRAIN_BLOCKED',
          `draining node group ${step.target.nodegroupName} did not finish in ${step.desired.timeoutSeconds}s; ${pods.length} pod(s) remain:\n  ${lines.join('\n  ')}`,
          {
            exitCode: ExitCode.Api,
            hint: 'Let the budgets allow a disruption (scale the workload up, or relax the PodDisruptionBudget), then re-run apply: it continues the drain. The old nodes stay cordoned meanwhile.',
            details: { pods: lines },
          },
        );
      }
      await ctx.clock.sleep(Math.max(ctx.timeouts.pollMs, 1), ctx.signal);
    }
    return { drained: String(names.length) };
  },
};
