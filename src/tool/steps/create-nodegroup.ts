/**
 * Node rotation, part 1: a replacement managed node group with the old one's settings and the right
 * max-pods, then wait until it is ACTIVE and its nodes are Ready. With a launch template, a new
 * template version carries user data that sets max-pods for the AMI family (idempotent: an existing
 * version with the same user data is reused, and the create call has a deterministic client token).
 */
import type { StepContext, StepExecutor } from './context.js';
import { hashOf } from './configure-cni.js';
import { userDataWithMaxPods, type AmiFamily } from './user-data.js';
import type { LaunchTemplateRef, LaunchTemplateVersionInfo } from './ports.js';
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

interface ChosenTemplate {
  id: string;
  version: string;
  /** The version names an instance type: EKS then refuses instanceTypes on the node group. */
  hasInstanceType: boolean;
}

/** A template version whose user data sets max-pods for the AMI family (reused when one exists). */
async function versionWithMaxPods(
  step: Step,
  ctx: StepContext,
  ref: LaunchTemplateRef,
  wanted: string,
  family: AmiFamily,
  maxPods: number,
): Promise<ChosenTemplate> {
  const versions = await ctx.call(() => ctx.ports.ec2.launchTemplateVersions(ref));
  const source = pickVersion(versions, wanted);
  if (!source) {
    throw new EksCidrError(
      'E_LAUNCH_TEMPLATE_VERSION',
      `launch template ${ref.id ?? ref.name} has no version ${wanted}`,
      {
        exitCode: ExitCode.Api,
        hint: 'Re-run `eks-cidr plan` to read the node group again.',
      },
    );
  }
  const userData = encode(userDataWithMaxPods(decode(source.userData), family, ctx.cluster, maxPods));
  const hasInstanceType = source.instanceType !== undefined;
  const reuse = versions.find((v) => v.userData === userData && v.imageId === source.imageId);
  if (reuse) return { id: reuse.launchTemplateId, version: String(reuse.version), hasInstanceType };
  const created = await ctx.call(() =>
    ctx.ports.ec2.createLaunchTemplateVersion({
      ref,
      sourceVersion: String(source.version),
      userData,
      description: `eks-cidr: max-pods ${maxPods} for ${step.target.nodegroupName}`,
      clientToken: `eks-cidr-${hashOf(`${ctx.cluster}/${step.target.nodegroupName}/${userData}`)}`,
    }),
  );
  ctx.progress(`launch template ${created.launchTemplateId} version ${created.version}: max-pods ${maxPods}`);
  return { id: created.launchTemplateId, version: String(created.version), hasInstanceType };
}

function familyOfAmiType(amiType: string | undefined): AmiFamily {
  if (amiType?.startsWith('AL2023')) return 'AL2023';
  if (amiType?.startsWith('AL2_')) return 'AL2';
  if (amiType?.startsWith('BOTTLEROCKET')) return 'Bottlerocket';
  return 'unknown';
}

async function chooseTemplate(step: Step, ctx: StepContext): Promise<ChosenTemplate | undefined> {
  const setting = step.desired.maxPods;
  if (setting.via === 'launch-template') {
    const lt = setting.launchTemplate;
    return versionWithMaxPods(
      step,
      ctx,
      { id: lt.id, name: lt.name },
      lt.version,
      setting.amiFamily,
      setting.maxPods,
    );
  }
  // EKS computes max-pods itself, but the replaced group's launch template still carries its instance
  // type, security groups and the rest: keep it. nodeadm (AL2023) merges every NodeConfig part of the
  // user data whatever the AMI, so max-pods is set there too; for other families EKS's value stands.
  const old = await ctx.call(() =>
    ctx.ports.eks.describeNodegroup(step.target.clusterName, step.desired.replaces),
  );
  const lt = old?.launchTemplate;
  if (!lt || (!lt.id && !lt.name)) return undefined;
  const ref = { id: lt.id, name: lt.name };
  const family = familyOfAmiType(step.desired.amiType ?? 'AL2023');
  if (family === 'AL2023')
    return versionWithMaxPods(step, ctx, ref, lt.version ?? '$Default', family, setting.maxPods);
  const versions = await ctx.call(() => ctx.ports.ec2.launchTemplateVersions(ref));
  const source = pickVersion(versions, lt.version ?? '$Default');
  if (!source) return undefined;
  return {
    id: source.launchTemplateId,
    version: String(source.version),
    hasInstanceType: source.instanceType !== undefined,
  };
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
      const lt = await chooseTemplate(step, ctx);
      const d = step.desired;
      await ctx.call(
        () =>
          ctx.ports.eks.createNodegroup({
            clusterName,
            nodegroupName,
            nodeRole: d.nodeRole,
            subnets: d.subnets,
            instanceTypes: d.instanceTypes.length > 0 && !lt?.hasInstanceType ? d.instanceTypes : undefined,
            // A launch template naming an AMI leaves no room for amiType or releaseVersion.
            amiType: d.maxPods.via === 'eks-default' ? d.amiType : undefined,
            capacityType: d.capacityType,
            releaseVersion: d.maxPods.via === 'eks-default' ? d.releaseVersion : undefined,
            scaling: d.scaling,
            labels: d.labels,
            taints: d.taints,
            // The planner puts the ownership tags in desired.tags; destroy's rotate-back leaves them out.
            tags: d.tags,
            diskSize: lt ? undefined : d.diskSize,
            launchTemplate: lt ? { id: lt.id, version: lt.version } : undefined,
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
