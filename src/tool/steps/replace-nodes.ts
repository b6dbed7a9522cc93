/**
 * destroy --force: replaces, one at a time, the nodes of managed node groups eks-cidr did not create
 * that hold network interfaces in its pod subnets. The VPC CNI never gives such interfaces back on its
 * own (a `kubernetes.io/role/cni=0` tag only stops new ones, and existing ones serve no new pods only
 * after ipamd restarts), so the node must go: cordon, evict its pods through the Eviction API
 * (PodDisruptionBudgets honoured), TerminateInstances; the node group launches a replacement, which
 * never uses the subnets tagged `0`. The next node goes once the group is back to its size with Ready
 * nodes (PodDisruptionBudgets guard the workloads' availability at each eviction; owners not back to
 * their Ready pods are reported). The groups are never changed. What to replace is re-read from
 * the interfaces still in the subnets on every pass, so a stopped run continues where it was.
 */
import type { StepContext, StepExecutor } from './context.js';
import { NODEGROUP_LABEL } from './create-nodegroup.js';
import { blockingPdbs, isEvictable } from './drain-nodegroup.js';
import type { NodeInfo, PodInfo } from './ports.js';
import { EksCidrError, ExitCode } from '../errors.js';
import type { StepOf } from '../planner/types.js';

type Step = StepOf<'replace-nodes'>;

const EVICTIONS_IN_FLIGHT = 8;

/** `aws:///us-east-1a/i-0123...` -> `i-0123...`. */
export function instanceIdOf(node: Pick<NodeInfo, 'providerId'>): string | undefined {
  return /\/(i-[0-9a-z]+)$/.exec(node.providerId ?? '')?.[1];
}

interface Holder {
  instanceId: string;
  node: NodeInfo;
  nodegroup: string;
}

/** Instances of the allowed groups with an interface still attached in the subnets, by node name. */
async function holders(step: Step, ctx: StepContext, done: ReadonlySet<string>): Promise<Holder[]> {
  const allowed = new Set(step.desired.nodegroups);
  const [enis, nodes] = await Promise.all([
    ctx.call(() => ctx.ports.ec2.networkInterfaces(step.target.subnetIds)),
    ctx.call(() => ctx.ports.kube.listNodes()),
  ]);
  const byInstance = new Map(nodes.map((n) => [instanceIdOf(n), n]));
  const out = new Map<string, Holder>();
  for (const eni of enis) {
    const id = eni.instanceId;
    if (!id || done.has(id) || out.has(id)) continue;
    const node = byInstance.get(id);
    const group = node?.labels[NODEGROUP_LABEL];
    if (node && group && allowed.has(group)) out.set(id, { instanceId: id, node, nodegroup: group });
  }
  return [...out.values()].sort((a, b) => a.node.name.localeCompare(b.node.name));
}

const ownerKey = (p: PodInfo) => (p.owner ? `${p.namespace}/${p.owner}` : undefined);

async function readyByOwner(ctx: StepContext, owners: Set<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>([...owners].map((o) => [o, 0]));
  for (const p of await ctx.call(() => ctx.ports.kube.listPods())) {
    const key = ownerKey(p);
    if (key && out.has(key) && p.ready === true && !p.deleting) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Evicts the node's pods, retrying what a budget blocks, until none is left or the deadline. */
async function evictNode(step: Step, ctx: StepContext, node: string): Promise<void> {
  const deadline = ctx.clock.now() + step.desired.timeoutSeconds * 1000;
  for (;;) {
    const pods = (await ctx.call(() => ctx.ports.kube.listPods({ nodeName: node }))).filter(isEvictable);
    if (pods.length === 0) return;
    const blocked = new Map<string, string>();
    const evictable = pods.filter((p) => !p.deleting);
    for (let i = 0; i < evictable.length; i += EVICTIONS_IN_FLIGHT) {
      const batch = evictable.slice(i, i + EVICTIONS_IN_FLIGHT);
      const results = await Promise.all(
        batch.map((p) => ctx.call(() => ctx.ports.kube.evictPod(p.namespace, p.name))),
      );
      results.forEach((r, j) => {
        if (r.outcome === 'blocked') blocked.set(`${batch[j]!.namespace}/${batch[j]!.name}`, r.message);
      });
    }
    if (ctx.clock.now() >= deadline) {
      const pdbs = await ctx.call(() => ctx.ports.kube.listPdbs());
      const lines = pods.map((p) => {
        const key = `${p.namespace}/${p.name}`;
        const budgets = blockingPdbs(p, pdbs).map(
          (b) => `PodDisruptionBudget ${b.namespace}/${b.name} allows ${b.disruptionsAllowed} disruption(s)`,
        );
        return `${key}: ${[blocked.get(key) ?? (p.deleting ? 'still terminating' : 'not evicted yet'), ...budgets].join('; ')}`;
      });
      throw new EksCidrError(
        'E_DRAIN_BLOCKED',
        `draining node ${node} did not finish in ${step.desired.timeoutSeconds}s; ${pods.length} pod(s) remain:\n  ${lines.join('\n  ')}`,
        {
          exitCode: ExitCode.Api,
          hint: 'Let the budgets allow a disruption (scale the workload up, or relax the PodDisruptionBudget). The node stays cordoned meanwhile.',
          details: { pods: lines },
        },
      );
    }
    ctx.progress(
      `${node}: ${pods.length} pod(s) left${blocked.size > 0 ? `, ${blocked.size} blocked by disruption budgets` : ''}`,
    );
    await ctx.clock.sleep(Math.max(ctx.timeouts.pollMs, 1), ctx.signal);
  }
}

async function replaceOne(step: Step, ctx: StepContext, h: Holder, gone: ReadonlySet<string>): Promise<void> {
  const { kube, eks, ec2 } = ctx.ports;
  const ng = await ctx.call(() => eks.describeNodegroup(step.target.clusterName, h.nodegroup));
  const want = ng?.scaling?.desiredSize ?? ng?.desiredSize ?? 0;
  const name = h.node.name;
  if (!h.node.unschedulable) await ctx.call(() => kube.setUnschedulable(name, true));
  const owners = new Set(
    (await ctx.call(() => kube.listPods({ nodeName: name })))
      .filter(isEvictable)
      .map(ownerKey)
      .filter((o): o is string => o !== undefined && !o.includes('/Job/')),
  );
  const baseline = await readyByOwner(ctx, owners);
  ctx.progress(`${name} (${h.instanceId}, node group ${h.nodegroup}): cordoned, evicting its pods`);
  await evictNode(step, ctx, name);
  await ctx.call(() => ec2.terminateInstances([h.instanceId]));
  ctx.progress(`${h.instanceId} terminated; node group ${h.nodegroup} launches its replacement`);
  // By instance: a replacement may get the same address, and so the same node name.
  const leaving = new Set([...gone, h.instanceId]);
  await ctx.waitUntil(
    `node group ${h.nodegroup} back to ${want} Ready node(s)`,
    ctx.timeouts.nodesReadyMs,
    async () => {
      const nodes = await ctx.call(() => kube.listNodes(`${NODEGROUP_LABEL}=${h.nodegroup}`));
      const ready = nodes.filter((n) => n.ready && !leaving.has(instanceIdOf(n) ?? '')).length;
      return ready >= want
        ? { done: true, value: ready }
        : { done: false, observed: `${ready}/${want} Ready` };
    },
  );
  // Availability is the PodDisruptionBudgets' (each eviction asks them). Pods that cannot run again
  // (no free address left once the pod subnets are gone) are said, not waited for.
  if (baseline.size === 0) return;
  const now = await readyByOwner(ctx, new Set(baseline.keys()));
  const short = [...baseline]
    .filter(([o, n]) => (now.get(o) ?? 0) < n)
    .map(([o, n]) => `${o} ${now.get(o) ?? 0}/${n}`);
  if (short.length > 0)
    ctx.notice('warning', `after replacing ${name}, not yet back to their Ready pods: ${short.join(', ')}`);
}

function replacementError(step: Step, h: Holder): EksCidrError {
  const ids = step.target.subnetIds.join(' ');
  return new EksCidrError(
    'E_REPLACEMENT_USES_POD_SUBNETS',
    `${h.node.name} (${h.instanceId}), a node ${h.nodegroup} launched during this destroy, put a network interface in the pod subnets again`,
    {
      exitCode: ExitCode.Api,
      hint:
        'VPC CNI 1.18 to 1.21 read only the key of kubernetes.io/role/cni, not its value 0. Remove the tag ' +
        `(aws ec2 delete-tags --resources ${ids} --tags Key=kubernetes.io/role/cni), or update the vpc-cni add-on to 1.22 or later.`,
    },
  );
}

export const replaceNodes: StepExecutor<'replace-nodes'> = {
  describe: (step) =>
    `replace the nodes of ${step.desired.nodegroups.join(', ')} holding network interfaces in the pod subnets, one at a time`,
  async execute(step, ctx) {
    const terminated = new Set<string>();
    const before = new Set((await ctx.call(() => ctx.ports.kube.listNodes())).map((n) => instanceIdOf(n)));
    for (;;) {
      const [next] = await holders(step, ctx, terminated);
      if (!next) break;
      // A replacement that put an interface there again: the CNI ignores the tag's value (1.18 to
      // 1.21 look only for the key); replacing it again would never end.
      if (!before.has(next.instanceId)) throw replacementError(step, next);
      await replaceOne(step, ctx, next, terminated);
      terminated.add(next.instanceId);
    }
    // The CNI's interfaces are deleted with their instance, once it has terminated.
    const interfaces = await ctx.waitUntil(
      'the replaced nodes to release their network interfaces',
      ctx.timeouts.nodesReadyMs,
      async () => {
        const enis = await ctx.call(() => ctx.ports.ec2.networkInterfaces(step.target.subnetIds));
        const left = enis.filter((e) => e.instanceId && terminated.has(e.instanceId));
        return left.length === 0
          ? { done: true, value: enis.length }
          : { done: false, observed: `${left.length} interface(s) still attached` };
      },
    );
    return { replaced: String(terminated.size), interfacesLeft: String(interfaces) };
  },
};
