/**
 * Node rotation, part 1: a replacement managed node group with the old one's settings and the right
 * max-pods, then wait until it is ACTIVE and its nodes are Ready. With a launch template, a new
 * template version carries user data that sets max-pods for the AMI family (idempotent: an existing
 * version with the same user data is reused, and the create call has a deterministic client token).
 */
import type { StepContext, StepExecutor } from './context.js';
import { hashOf } from './configure-cni.js';
import { userDataWithMaxPods } from './user-data.js';
import type { LaunchTemplateVersionInfo } from './ports.js';
import type { StepOf } from '../planner/types.js';
import { EksCidrError, ExitCode } from '../errors.js';

type Step = StepOf<'create-nodegroup'>;

export const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

const decode = (b64: string | undefined) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function pickVersion(
  versions: LaunchTemplateVersionInfo[],
  wanted: string,
): LaunchTemplateVersionInfo | undefined {
  if (wanted === '$Latest' || wanted === '$Default') {
    return [...versions].sort((a, b) => b.version - a.version)[0];
  }
  return versions.find((v) => String(v.version) === wanted);
}

async function launchTemplateVersion(
  step: Step,
  ctx: StepContext,
): Promise<{ id: string; version: string } | undefined> {
  const setting = step.desired.maxPods;
  if (setting.via !== 'launch-template') return undefined;
  const ref = { id: setting.launchTemplate.id, name: setting.launchTemplate.name };
  const versions = await ctx.call(() => ctx.ports.ec2.launchTemplateVersions(ref));
  const source = pickVersion(versions, setting.launchTemplate.version);
  if (!source) {
    throw new EksCidrError(
      'E_LAUNCH_TEMPLATE_VERSION',
      `launch template ${ref.id ?? ref.name} has no version ${setting.launchTemplate.version}`,
      { exitCode: ExitCode.Api, hint: 'Re-run `eks-cidr plan` to read the node group again.' },
    );
  }
  const userData = encode(
    userDataWithMaxPods(decode(source.userData), setting.amiFamily, ctx.cluster, setting.maxPods),
  );
  const reuse = versions.find((v) => v.userData === userData && v.imageId === source.imageId);
  if (reuse) return { id: reuse.launchTemplateId, version: String(reuse.version) };
  const created = await ctx.call(() =>
    ctx.ports.ec2.createLaunchTemplateVersion({
      ref,
      sourceVersion: String(source.version),
      userData,
      description: `eks-cidr: max-pods ${setting.maxPods} for ${step.target.nodegroupName}`,
      clientToken: `eks-cidr-${hashOf(`${ctx.cluster}/${step.target.nodegroupName}/${userData}`)}`,
    }),
  );
  ctx.progress(
    `launch template ${created.launchTemplateId} version ${created.version}: max-pods ${setting.maxPods}`,
  );
  return { id: created.launchTemplateId, version: String(created.version) };
}

async function waitReady(step: Step, ctx: StepContext): Promise<void> {
  const { clusterName, nodegroupName } = step.target;
  await ctx.waitUntil(
    `node group ${nodegroupName} to become ACTIVE`,
    ctx.timeouts.nodegroupActiveMs,
    async () => {
      const ng = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName), {
        afterCreate: true,
      });
      if (!ng) return { done: false, observed: 'not visible yet' };
      if (ng.status === 'ACTIVE') return { done: true, value: ng };
      if (ng.status === 'CREATE_FAILED' || ng.status === 'DEGRADED' || ng.status === 'DELETING') {
        throw new EksCidrError(
          'E_NODEGROUP_FAILED',
          `node group ${nodegroupName} is ${ng.status}: ${(ng.health ?? []).join('; ') || 'no detail'}`,
          {
            exitCode: ExitCode.Api,
            hint: 'Fix the cause shown by `aws eks describe-nodegroup`, delete the failed node group, then re-run.',
          },
        );
      }
      return { done: false, observed: ng.status };
    },
  );
  const want = step.desired.scaling.desiredSize;
  await ctx.waitUntil(`${want} Ready node(s) in ${nodegroupName}`, ctx.timeouts.nodesReadyMs, async () => {
    const nodes = await ctx.call(() => ctx.ports.kube.listNodes(`${NODEGROUP_LABEL}=${nodegroupName}`));
    const ready = nodes.filter((n) => n.ready).length;
    if (ready >= want) return { done: true, value: ready };
    return { done: false, observed: `${ready}/${want} Ready` };
  });
}

export const createNodegroup: StepExecutor<'create-nodegroup'> = {
  describe: (step) =>
    `create node group ${step.target.nodegroupName} replacing ${step.desired.replaces} (max-pods ${step.desired.maxPods.maxPods})`,
  async execute(step, ctx) {
    const { clusterName, nodegroupName } = step.target;
    const existing = await ctx.call(() => ctx.ports.eks.describeNodegroup(clusterName, nodegroupName));
    if (!existing) {
      const lt = await launchTemplateVersion(step, ctx);
      const d = step.desired;
      await ctx.call(
        () =>
          ctx.ports.eks.createNodegroup({
            clusterName,
            nodegroupName,
            nodeRole: d.nodeRole,
            subnets: d.subnets,
            instanceTypes: d.instanceTypes.length > 0 ? d.instanceTypes : undefined,
            amiType: lt ? undefined : d.amiType,
            capacityType: d.capacityType,
            releaseVersion: lt ? undefined : d.releaseVersion,
            scaling: d.scaling,
            labels: d.labels,
            taints: d.taints,
            // The planner puts the ownership tags in desired.tags; destroy's rotate-back leaves them out.
            tags: d.tags,
            diskSize: lt ? undefined : d.diskSize,
            launchTemplate: lt,
            clientRequestToken: `eks-cidr-${hashOf(`${clusterName}/${nodegroupName}`)}`,
          }),
        // A launch-template version created a moment ago may not be visible to EKS yet.
        { afterCreate: true },
      );
      ctx.progress(`node group ${nodegroupName} CREATING`);
    }
    await waitReady(step, ctx);
    return { nodegroupName };
  },
  async settle(step, ctx) {
    await waitReady(step, ctx);
    return { nodegroupName: step.target.nodegroupName };
  },
};
