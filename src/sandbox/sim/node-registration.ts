/**
 * A node's registration: the record of what it booted with (the kubelet's max-pods from its user
 * data or EKS's calculation, and aws-node's configuration of that moment), and the Node object its
 * kubelet registers with the labels of its node group.
 */
import type { ClusterContext } from './engine.js';
import { awsNodeContainer, ipamdConfigFromEnv, type IpamdConfig } from './ipamd/config.js';
import { DAEMONSETS, type DaemonSet, type Node } from './kube-types.js';
import { buildNode, privateDnsName } from './node-object.js';
import type { SimInstance } from './ports.js';
import type { SimNodeRecord } from './sim-state.js';
import { KUBELET_DEFAULT_MAX_PODS, maxPodsFromUserData, type MaxPodsSource } from './user-data.js';

export const CNI_CONFIG_ANNOTATION = 'sandbox.eks-cidr.io/aws-node-config';

export function clusterOfInstance(instance: SimInstance): string | undefined {
  const tag = instance.tags.find((t) => t.key === 'eks:cluster-name');
  if (tag) return tag.value;
  const legacy = instance.tags.find((t) => t.key.startsWith('kubernetes.io/cluster/') && t.value === 'owned');
  return legacy?.key.slice('kubernetes.io/cluster/'.length);
}

export function tag(instance: SimInstance, key: string): string | undefined {
  return instance.tags.find((t) => t.key === key)?.value;
}

/**
 * Managed node groups whose nodes run an EKS AMI (no launch template naming an image, so amiType is
 * not CUSTOM) get max-pods from EKS: "Managed node groups automatically calculates the maximum pods
 * value for you" (EKS user guide, custom networking tutorial and "Assign more IP addresses to nodes
 * with prefixes"), from the VPC CNI's custom networking and prefix delegation settings of the moment
 * the node starts. Explicit user-data values still win.
 */
function eksComputesMaxPods(ctx: ClusterContext, instance: SimInstance): boolean {
  const ngName = tag(instance, 'eks:nodegroup-name');
  const ng = ngName ? ctx.eks.getNodegroup(ctx.cluster, ngName) : undefined;
  return ng !== undefined && ng.amiType !== 'CUSTOM';
}

export function resolveMaxPods(
  ctx: ClusterContext,
  instance: SimInstance,
  config: IpamdConfig,
): { maxPods: number; source: MaxPodsSource } {
  const lt = instance.launchTemplate;
  const userData =
    instance.userData ?? (lt ? ctx.ec2.launchTemplateUserData(lt.launchTemplateId, lt.version) : undefined);
  const source = maxPodsFromUserData(userData);
  const eksValue = (customNetworking = config.customNetworking) => {
    const input: Parameters<typeof ctx.facts.maxPods>[0] = {
      instanceType: instance.instanceType,
      customNetworking,
      prefixDelegation: config.prefixDelegation,
    };
    if (config.cniVersion) input.cniVersion = config.cniVersion;
    return ctx.facts.maxPods(input);
  };
  switch (source.kind) {
    case 'explicit':
      return { maxPods: source.maxPods, source };
    case 'kubelet-default':
      return { maxPods: KUBELET_DEFAULT_MAX_PODS, source };
    case 'bootstrap-default':
      if (eksComputesMaxPods(ctx, instance)) return { maxPods: eksValue(), source: { kind: 'none' } };
      return { maxPods: ctx.facts.eniMaxPods(instance.instanceType), source };
    case 'none':
      // Outside a managed node group nothing sets it: the calculator's value without custom networking.
      return { maxPods: eksValue(eksComputesMaxPods(ctx, instance) && config.customNetworking), source };
  }
}

function describeConfig(c: IpamdConfig): string {
  return [
    `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=${c.customNetworking}`,
    `ENABLE_PREFIX_DELEGATION=${c.prefixDelegation}`,
    `WARM_ENI_TARGET=${c.warmEniTarget}`,
    `ENI_CONFIG_LABEL_DEF=${c.eniConfigLabelDef}`,
  ].join(',');
}

export function register(ctx: ClusterContext, instance: SimInstance): SimNodeRecord {
  const ds = ctx.store.get(DAEMONSETS, 'kube-system', 'aws-node') as DaemonSet | undefined;
  const { env, image } = awsNodeContainer(ds);
  const ipamd = ipamdConfigFromEnv(env, image);
  const { maxPods, source } = resolveMaxPods(ctx, instance, ipamd);
  const record: SimNodeRecord = {
    cluster: ctx.cluster,
    instanceId: instance.instanceId,
    nodeName: instance.privateDnsName ?? privateDnsName(instance.privateIpAddress, ctx.env.region),
    zone: instance.availabilityZone,
    registeredAt: ctx.now,
    maxPods,
    maxPodsSource: source.kind,
    ipamd,
    ipamdLog: [],
  };
  ctx.state.nodes[instance.instanceId] = record;
  return record;
}

export function newNode(ctx: ClusterContext, record: SimNodeRecord, instance: SimInstance): Node {
  const limits = ctx.facts.networkLimits(instance.instanceType);
  const ngName = tag(instance, 'eks:nodegroup-name');
  const ng = ngName ? ctx.eks.getNodegroup(ctx.cluster, ngName) : undefined;
  const subnet = ctx.ec2.getSubnet(instance.subnetId);
  const zoneId = subnet?.availabilityZoneId ?? ctx.facts.zoneId(ctx.env.region, record.zone);
  const lt = instance.launchTemplate;
  return buildNode(
    {
      name: record.nodeName,
      instanceId: record.instanceId,
      instanceType: instance.instanceType,
      zone: record.zone,
      ...(zoneId ? { zoneId } : {}),
      region: ctx.env.region,
      privateIp: instance.privateIpAddress,
      ...(instance.imageId ? { imageId: instance.imageId } : {}),
      ...(ngName
        ? {
            nodegroup: {
              name: ngName,
              labels: ng?.labels ?? {},
              taints: ng?.taints ?? [],
              ...(ng?.capacityType ? { capacityType: ng.capacityType } : {}),
              ...(lt ? { launchTemplate: { id: lt.launchTemplateId, version: lt.version } } : {}),
            },
          }
        : {}),
      maxPods: record.maxPods,
      vcpus: limits?.vcpus ?? 2,
      memoryMib: limits?.memoryMib ?? 8192,
      kubeletVersion: `v${ctx.clusterVersion}.0-eks-a737599`,
      now: ctx.now,
      annotations: { [CNI_CONFIG_ANNOTATION]: describeConfig(record.ipamd) },
    },
    false,
  );
}
