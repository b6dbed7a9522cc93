/**
 * Node rotation, part 2: cordon the old node group's nodes, then evict their pods through the
 * Eviction API, which honours PodDisruptionBudgets (a 429 means a budget forbids it now: retry until
 * the timeout). DaemonSet pods and static pods stay (they die with the node). The nodes are drained
 * in waves of `waveSize`: the next wave starts once the evicted pods' owners (ReplicaSets,
 * StatefulSets) have as many Ready pods as before the wave. On timeout the error says what blocks.
 */
import type { StepContext, StepExecutor } from './context.js';
import { NODEGROUP_LABEL } from './create-nodegroup.js';
import type { PdbInfo, PodInfo } from './ports.js';
import { EksCidrError, ExitCode } from '../errors.js';
import type { StepOf } from '../planner/types.js';

type Step = StepOf<'drain-nodegroup'>;

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

/** Owners whose evicted pods come back elsewhere (a ReplicaSet's or StatefulSet's), not bare pods or Jobs. */
const REPLACED_BY_OWNER = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController']);

function ownerOf(pod: PodInfo): string | undefined {
  return pod.owner && REPLACED_BY_OWNER.has(pod.owner.split('/')[0] ?? '')
    ? `${pod.namespace}/${pod.owner}`
    : undefined;
}

/** Ready pods per owner across the cluster: what the controllers report back once replacements run. */
async function readyByOwner(ctx: StepContext, owners: Set<string>): Promise<Map<string, number>> {
  const pods = await ctx.call(() => ctx.ports.kube.listPods());
  const out = new Map<string, number>([...owners].map((o) => [o, 0]));
  for (const p of pods) {
    const owner = ownerOf(p);
    if (owner && out.has(owner) && p.ready === true && !p.deleting) out.set(owner, (out.get(owner) ?? 0) + 1);
  }
  return out;
}

function blockedError(step: Step, pods: PodInfo[], lines: string[]): EksCidrError {
  return new EksCidrError(
    'E_DRAIN_BLOCKED',
    `draining node group ${step.target.nodegroupName} did not finish in ${step.desired.timeoutSeconds}s; ${pods.length} pod(s) remain:\n  ${lines.join('\n  ')}`,
    {
      exitCode: ExitCode.Api,
      hint: 'Let the budgets allow a disruption (scale the workload up, or relax the PodDisruptionBudget), then re-run apply: it continues the drain. The old nodes stay cordoned meanwhile.',
      details: { pods: lines },
    },
  );
}

/** Evicts every evictable pod of these nodes, retrying what a budget blocks, until none is left or the deadline. */
async function evictAll(step: Step, ctx: StepContext, names: string[], deadline: number): Promise<void> {
  const kube = ctx.ports.kube;
  let blocked = new Map<string, string>();
  for (;;) {
    const pods = await podsToEvict(names, ctx);
    if (pods.length === 0) return;
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
          (b) => `PodDisruptionBudget ${b.namespace}/${b.name} allows ${b.disruptionsAllowed} disruption(s)`,
        );
        const why = blocked.get(key) ?? (p.deleting ? 'still terminating' : 'not evicted yet');
        return `${key} on ${p.nodeName ?? '?'}: ${[why, ...budgets].join('; ')}`;
      });
      throw blockedError(step, pods, lines);
    }
    await ctx.clock.sleep(Math.max(ctx.timeouts.pollMs, 1), ctx.signal);
  }
}

/** Waits until each owner is back to the Ready pods it had before the wave; tracks the lowest seen. */
async function waitReplacementsReady(
  step: Step,
  ctx: StepContext,
  baseline: Map<string, number>,
  lowest: Map<string, number>,
  deadline: number,
  wave: number,
): Promise<void> {
  if (baseline.size === 0) return;
  await ctx.waitUntil(
    `wave ${wave} of ${step.target.nodegroupName}: the evicted pods' replacements Ready`,
    Math.max(1, deadline - ctx.clock.now()),
    async () => {
      const now = await readyByOwner(ctx, new Set(baseline.keys()));
      const short: string[] = [];
      for (const [owner, want] of baseline) {
        const have = now.get(owner) ?? 0;
        lowest.set(owner, Math.min(lowest.get(owner) ?? have, have));
        if (have < want) short.push(`${owner} ${have}/${want} Ready`);
      }
      if (short.length === 0) return { done: true, value: true };
      return { done: false, observed: short.join(', ') };
    },
  );
}

export const drainNodegroup: StepExecutor<'drain-nodegroup'> = {
  describe: (step) =>
    `cordon and drain node group ${step.target.nodegroupName}${step.desired.waveSize ? `, ${step.desired.waveSize} node(s) at a time` : ''}`,
  async execute(step, ctx) {
    const kube = ctx.ports.kube;
    const nodes = await ctx.call(() => kube.listNodes(`${NODEGROUP_LABEL}=${step.target.nodegroupName}`));
    const names = nodes.map((n) => n.name).sort();
    // Every old node is cordoned first (no disruption): evicted pods then land only on new nodes,
    // never on an old node that a later wave would evict them from again.
    for (const node of nodes) {
      if (!node.unschedulable) await ctx.call(() => kube.setUnschedulable(node.name, true));
    }
    ctx.progress(`cordoned ${names.length} node(s)`);
    const deadline = ctx.clock.now() + step.desired.timeoutSeconds * 1000;
    const size = Math.max(1, step.desired.waveSize ?? names.length);
    const lowest = new Map<string, number>();
    let waves = 0;
    for (;;) {
      const left: string[] = [];
      for (const name of names) if ((await podsToEvict([name], ctx)).length > 0) left.push(name);
      if (left.length === 0) break;
      const wave = left.slice(0, size);
      waves++;
      const owners = new Set(
        (await podsToEvict(wave, ctx)).map(ownerOf).filter((o): o is string => o !== undefined),
      );
      const baseline = await readyByOwner(ctx, owners);
      for (const [o, n] of baseline) lowest.set(o, Math.min(lowest.get(o) ?? n, n));
      ctx.progress(`wave ${waves}: draining ${wave.join(', ')} (${left.length} node(s) with pods left)`);
      await evictAll(step, ctx, wave, deadline);
      await waitReplacementsReady(step, ctx, baseline, lowest, deadline, waves);
    }
    return {
      drained: String(names.length),
      waves: String(waves),
      lowestReady: [...lowest].map(([o, n]) => `${o}=${n}`).join(','),
    };
  },
};
