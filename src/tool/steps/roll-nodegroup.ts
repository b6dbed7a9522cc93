/**
 * The rolling strategy: the node group keeps its name. First an update already in flight (a run
 * interrupted mid-roll) is waited for; then the size is raised when the plan says so
 * (UpdateNodegroupConfig); then a launch template version whose user data sets max-pods is made (or
 * found), and EKS rolls the nodes onto it (UpdateNodegroupVersion): new nodes first, then the group's
 * updateConfig maxUnavailable at a time, cordoned and drained honouring PodDisruptionBudgets
 * (`force` evicts regardless). A failed update (PodEvictionFailure...) stops apply with EKS's errors.
 */
import type { StepContext, StepExecutor } from './context.js';
import { hashOf } from './configure-cni.js';
import { NODEGROUP_LABEL } from './create-nodegroup.js';
import type { LaunchTemplateVersionInfo, NodegroupUpdateInfo, PodInfo } from './ports.js';
import { userDataWithMaxPods } from './user-data.js';
import { restoreSurged, singleReplicasAtRisk, surge } from './surge-single-replicas.js';
import type { StepOf } from '../planner/types.js';
import { userDataMaxPods } from '../planner/nodegroups.js';
import { rollVersionDescription } from '../planner/steps-rolling.js';
import { EksCidrError, ExitCode } from '../errors.js';

type Step = StepOf<'roll-nodegroup'>;

const decode = (b64: string | undefined) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function pick(versions: LaunchTemplateVersionInfo[], wanted: string | undefined) {
  if (!wanted || wanted === '$Latest' || wanted === '$Default')
    return [...versions].sort((a, b) => b.version - a.version)[0];
  return versions.find((v) => String(v.version) === wanted);
}

/** Waits for one update to finish; a Failed or Cancelled one stops apply with EKS's errors. */
/** Ready pods per owner (`namespace/Kind/name`) of the group's workloads; lowest seen is kept in `lowest`. */
async function sampleReady(ctx: StepContext, lowest: Map<string, number>): Promise<void> {
  if (lowest.size === 0) return;
  const pods = await ctx.call(() => ctx.ports.kube.listPods());
  const now = new Map<string, number>([...lowest.keys()].map((k) => [k, 0]));
  for (const p of pods) {
    const key = p.owner ? `${p.namespace}/${p.owner}` : undefined;
    if (key && now.has(key) && p.ready === true && !p.deleting) now.set(key, (now.get(key) ?? 0) + 1);
  }
  for (const [k, n] of now) lowest.set(k, Math.min(lowest.get(k) ?? n, n));
}

async function waitUpdate(
  step: Step,
  ctx: StepContext,
  updateId: string,
  what: string,
  lowest: Map<string, number> = new Map(),
): Promise<void> {
  const { clusterName, nodegroupName } = step.target;
  const selector = `${NODEGROUP_LABEL}=${nodegroupName}`;
  const update = await ctx.waitUntil<NodegroupUpdateInfo>(
    `${what} of node group ${nodegroupName} (update ${updateId})`,
    ctx.timeouts.nodegroupActiveMs,
    async () => {
      const u = await ctx.call(() =>
        ctx.ports.eks.describeNodegroupUpdate(clusterName, nodegroupName, updateId),
      );
      if (u.status !== 'InProgress') return { done: true, value: u };
      await sampleReady(ctx, lowest);
      const nodes = await ctx.call(() => ctx.ports.kube.listNodes(selector));
      const ready = nodes.filter((n) => n.ready).length;
      const cordoned = nodes.filter((n) => n.unschedulable).length;
      return {
        done: false,
        observed: `${u.status}: ${nodes.length} node(s), ${ready} Ready, ${cordoned} cordoned`,
      };
    },
  );
  if (update.status === 'Successful') return;
  const evictions = update.errors.some((e) => e.startsWith('PodEvictionFailure'));
  throw new EksCidrError(
    'E_ROLLING_UPDATE_FAILED',
    `${what} of node group ${nodegroupName} ended ${update.status} (update ${updateId}): ${update.errors.join('; ') || 'no detail'}`,
    {
      exitCode: ExitCode.Api,
      hint: evictions
        ? 'A PodDisruptionBudget kept pods from leaving a node. Let it allow a disruption (scale the workload up or relax the budget) and re-run apply, or re-run with --force to evict regardless.'
        : 'See `aws eks describe-update` for the cause, fix it, then re-run apply: it continues from what exists.',
      details: { updateId, errors: update.errors },
    },
  );
}

/** An update of the group still running (a run interrupted mid-roll): wait for it before anything else. */
async function settleInFlight(step: Step, ctx: StepContext): Promise<boolean> {
  const { clusterName, nodegroupName } = step.target;
  const ng = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
  if (ng?.status !== 'UPDATING') return false;
  let rolled = false;
  const ids = await ctx.call(() => ctx.ports.eks.listNodegroupUpdates(clusterName, nodegroupName));
  for (const id of [...ids].reverse()) {
    const u = await ctx.call(() => ctx.ports.eks.describeNodegroupUpdate(clusterName, nodegroupName, id));
    if (u.status !== 'InProgress') continue;
    ctx.progress(`update ${id} (${u.type}) from an earlier run is in progress: waiting for it`);
    await waitUpdate(step, ctx, id, u.type === 'VersionUpdate' ? 'rolling update' : 'scaling');
    if (u.type === 'VersionUpdate') rolled = true;
  }
  return rolled;
}

async function raiseSize(step: Step, ctx: StepContext): Promise<void> {
  const { clusterName, nodegroupName } = step.target;
  const ng = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
  const current = ng?.scaling ?? step.current?.scaling;
  const want = step.desired.scaling;
  if (!current || (current.desiredSize >= want.desiredSize && current.maxSize >= want.maxSize)) return;
  const scaling = {
    minSize: current.minSize,
    maxSize: Math.max(current.maxSize, want.maxSize),
    desiredSize: Math.max(current.desiredSize, want.desiredSize),
  };
  const { updateId } = await ctx.call(() =>
    ctx.ports.eks.updateNodegroupScaling({
      cluster: clusterName,
      nodegroup: nodegroupName,
      scaling,
      clientRequestToken: `eks-cidr-${hashOf(`${clusterName}/${nodegroupName}/scale/${JSON.stringify(scaling)}`)}`,
    }),
  );
  ctx.progress(
    `scaling ${current.desiredSize} -> ${scaling.desiredSize} node(s), maxSize ${scaling.maxSize}`,
  );
  await waitUpdate(step, ctx, updateId, 'scaling');
  await waitNodesReady(step, ctx, scaling.desiredSize);
}

/**
 * The launch template version to roll onto: a version other than the group's current one whose user
 * data sets max-pods (reused when an earlier run made it), else a new one from the current version.
 */
async function targetVersion(step: Step, ctx: StepContext, currentVersion: string | undefined) {
  const lt = step.desired.launchTemplate;
  const ref = { id: lt.id, name: lt.name };
  const versions = await ctx.call(() => ctx.ports.ec2.launchTemplateVersions(ref));
  const source = pick(versions, currentVersion ?? lt.version);
  if (!source) {
    throw new EksCidrError(
      'E_LAUNCH_TEMPLATE_VERSION',
      `launch template ${lt.id ?? lt.name} has no version ${currentVersion ?? lt.version}`,
      {
        exitCode: ExitCode.Api,
        hint: 'Re-run `eks-cidr plan` to read the node group again.',
      },
    );
  }
  const setting = step.desired.maxPods;
  // With an AMI in the template the user data must set max-pods; without one EKS computes it, and
  // nodeadm (AL2023) still merges a NodeConfig part, so max-pods is written for it too.
  const writes = setting.via === 'launch-template' || step.desired.amiFamily === 'AL2023';
  const userData = writes
    ? encode(
        userDataWithMaxPods(decode(source.userData), step.desired.amiFamily, ctx.cluster, setting.maxPods),
      )
    : (source.userData ?? '');
  // The current version sets max-pods already: nothing to roll onto.
  if (writes && userDataMaxPods(decode(source.userData)) === setting.maxPods)
    return { id: source.launchTemplateId, version: String(source.version) };
  // A later version with this user data is one an interrupted run made.
  const reuse = versions.find(
    (v) => v.version > source.version && (v.userData ?? '') === userData && v.imageId === source.imageId,
  );
  if (reuse) return { id: reuse.launchTemplateId, version: String(reuse.version) };
  const created = await ctx.call(() =>
    ctx.ports.ec2.createLaunchTemplateVersion({
      ref,
      sourceVersion: String(source.version),
      userData,
      description: rollVersionDescription(step.target.nodegroupName, setting.maxPods, String(source.version)),
      clientToken: `eks-cidr-${hashOf(`${ctx.cluster}/${step.target.nodegroupName}/roll/${source.version}/${userData}`)}`,
    }),
  );
  ctx.progress(
    `launch template ${created.launchTemplateId} version ${created.version}: max-pods ${setting.maxPods}`,
  );
  return { id: created.launchTemplateId, version: String(created.version) };
}

async function waitNodesReady(step: Step, ctx: StepContext, want: number): Promise<void> {
  const selector = `${NODEGROUP_LABEL}=${step.target.nodegroupName}`;
  await ctx.waitUntil(
    `${want} Ready node(s) in ${step.target.nodegroupName}`,
    ctx.timeouts.nodesReadyMs,
    async () => {
      const nodes = await ctx.call(() => ctx.ports.kube.listNodes(selector));
      const ready = nodes.filter((n) => n.ready && !n.unschedulable).length;
      if (ready >= want) return { done: true, value: ready };
      return { done: false, observed: `${ready}/${want} Ready` };
    },
  );
}

export const rollNodegroup: StepExecutor<'roll-nodegroup'> = {
  describe: (step) =>
    step.desired.toVersion !== undefined
      ? `roll node group ${step.target.nodegroupName} back to launch template version ${step.desired.toVersion} (max-pods ${step.desired.maxPods.maxPods})`
      : `roll node group ${step.target.nodegroupName} in place (max-pods ${step.desired.maxPods.maxPods}, ${step.desired.scaling.desiredSize} node(s))`,
  async execute(step, ctx) {
    const { clusterName, nodegroupName } = step.target;
    // A rolling update an interrupted run started has replaced the nodes once it is done.
    const rolled = await settleInFlight(step, ctx);
    await raiseSize(step, ctx);
    const ng = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
    if (!ng) {
      throw new EksCidrError('E_NODEGROUP_GONE', `node group ${nodegroupName} no longer exists`, {
        exitCode: ExitCode.Api,
        hint: 'Re-run `eks-cidr plan`: it reads the cluster again.',
      });
    }
    const before = ng.launchTemplate?.version;
    // destroy names the version to go back to; apply's roll makes (or finds) one that sets max-pods.
    const target = rolled
      ? { version: before ?? '' }
      : step.desired.toVersion !== undefined
        ? { version: step.desired.toVersion }
        : await targetVersion(step, ctx, before);
    // The workloads on the group's nodes: their lowest Ready count while EKS rolls is reported.
    const lowest = new Map<string, number>();
    if (!rolled && target.version !== before) {
      const nodes = await ctx.call(() => ctx.ports.kube.listNodes(`${NODEGROUP_LABEL}=${nodegroupName}`));
      const onNodes: PodInfo[] = [];
      for (const node of nodes) {
        const pods = await ctx.call(() => ctx.ports.kube.listPods({ nodeName: node.name }));
        onNodes.push(...pods);
        for (const p of pods)
          if (p.owner && !p.ownerKinds.includes('DaemonSet'))
            lowest.set(`${p.namespace}/${p.owner}`, Number.POSITIVE_INFINITY);
      }
      // Surge first: a single replica with no budget gets a second one, so eviction never takes its last.
      await surge(ctx, await singleReplicasAtRisk(ctx, onNodes));
      await sampleReady(ctx, lowest);
      const { updateId } = await ctx.call(() =>
        ctx.ports.eks.updateNodegroupVersion({
          cluster: clusterName,
          nodegroup: nodegroupName,
          launchTemplate: {
            id: step.desired.launchTemplate.id,
            name: step.desired.launchTemplate.id ? undefined : step.desired.launchTemplate.name,
            version: target.version,
          },
          force: step.desired.force,
          clientRequestToken: `eks-cidr-${hashOf(`${clusterName}/${nodegroupName}/version/${target.version}`)}`,
        }),
      );
      ctx.progress(
        `rolling update ${updateId}: launch template version ${before ?? '?'} -> ${target.version}, ${step.desired.maxUnavailable} node(s) at a time`,
      );
      await waitUpdate(step, ctx, updateId, 'rolling update', lowest);
    }
    await waitNodesReady(step, ctx, step.desired.scaling.desiredSize);
    await restoreSurged(ctx);
    return {
      nodegroupName,
      launchTemplateVersion: target.version,
      lowestReady: [...lowest].map(([o, n]) => `${o}=${n}`).join(','),
    };
  },
  async settle(step, ctx) {
    await settleInFlight(step, ctx);
    await restoreSurged(ctx);
    return { nodegroupName: step.target.nodegroupName };
  },
};
