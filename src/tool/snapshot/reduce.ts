/**
 * From what discovery read to the snapshot file: pure. Keeps the cluster's shape and how full it is,
 * drops everything secret or irrelevant to a twin: annotations other than the VPC CNI's, user data
 * other than its max-pods settings, each ENI's addresses (counts per subnet and per node instead).
 */
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type MaxPodsUserData,
  type SnapshotFile,
} from '../../shared/snapshot/schema.js';
import type {
  ClusterSnapshot,
  SnapshotLaunchTemplate,
  SnapshotNetworkInterface,
  SnapshotNode,
} from '../discover/snapshot.js';
import { userDataMaxPods } from '../planner/nodegroups.js';

/** Annotations the VPC CNI reads or writes; every other annotation stays out of a snapshot. */
export function isCniAnnotation(key: string, env: Record<string, string>): boolean {
  return (
    key.startsWith('k8s.amazonaws.com/') ||
    key.startsWith('vpc.amazonaws.com/') ||
    (env['ENI_CONFIG_ANNOTATION_DEF'] !== undefined && key === env['ENI_CONFIG_ANNOTATION_DEF'])
  );
}

/** The max-pods part of user data: which bootstrap it calls and what it says about max-pods, nothing else. */
export function maxPodsPart(userData: string | undefined): MaxPodsUserData | undefined {
  if (userData === undefined) return undefined;
  const bootstrap = /NodeConfig|node\.eks\.aws|nodeadm/.test(userData)
    ? 'nodeadm'
    : /bootstrap\.sh/.test(userData)
      ? 'bootstrap.sh'
      : 'none';
  const maxPods = userDataMaxPods(userData);
  const useMaxPods = /--use-max-pods[= ]+['"]?false/i.test(userData) ? false : undefined;
  return {
    bootstrap,
    ...(maxPods !== undefined ? { maxPods } : {}),
    ...(useMaxPods !== undefined ? { useMaxPods } : {}),
  };
}

function launchTemplateOf(lt: SnapshotLaunchTemplate | undefined) {
  if (!lt) return undefined;
  const userData = maxPodsPart(lt.userData);
  return {
    id: lt.id,
    ...(lt.name !== undefined ? { name: lt.name } : {}),
    version: lt.version,
    ...(lt.imageId !== undefined ? { imageId: lt.imageId } : {}),
    ...(lt.instanceType !== undefined ? { instanceType: lt.instanceType } : {}),
    ...(userData ? { userData } : {}),
  };
}

/** Addresses per subnet (the cluster's nodes' share apart) and each node instance's ENIs. */
export function addressUse(
  enis: SnapshotNetworkInterface[],
  nodes: SnapshotNode[],
): SnapshotFile['addressUse'] {
  const nodeInstances = new Set(nodes.flatMap((n) => (n.instanceId ? [n.instanceId] : [])));
  const subnets = new Map<string, SnapshotFile['addressUse']['subnets'][number]>();
  const instances = new Map<string, SnapshotFile['addressUse']['instances'][number]>();
  for (const eni of enis) {
    const ours = eni.instanceId !== undefined && nodeInstances.has(eni.instanceId);
    const use = subnets.get(eni.subnetId) ?? {
      subnetId: eni.subnetId,
      networkInterfaces: 0,
      addresses: 0,
      prefixes: 0,
      clusterAddresses: 0,
      clusterPrefixes: 0,
    };
    use.networkInterfaces++;
    use.addresses += eni.privateIps.length;
    use.prefixes += eni.prefixes.length;
    if (ours) {
      use.clusterAddresses += eni.privateIps.length;
      use.clusterPrefixes += eni.prefixes.length;
    }
    subnets.set(eni.subnetId, use);
    if (ours && eni.instanceId) {
      const inst = instances.get(eni.instanceId) ?? { instanceId: eni.instanceId, networkInterfaces: [] };
      inst.networkInterfaces.push({
        deviceIndex: eni.deviceIndex ?? 0,
        subnetId: eni.subnetId,
        ...(eni.privateIps[0] ? { primaryAddress: eni.privateIps[0] } : {}),
        addresses: eni.privateIps.length,
        prefixes: eni.prefixes.length,
      });
      instances.set(eni.instanceId, inst);
    }
  }
  for (const inst of instances.values()) inst.networkInterfaces.sort((a, b) => a.deviceIndex - b.deviceIndex);
  const byId = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return { subnets: byId(subnets), instances: byId(instances) };
}

/** The cluster's own groups: the cluster's, its nodes' ENIs', the ENIConfigs', and those their rules name. */
function relevantGroups(cs: ClusterSnapshot, nodeInstances: Set<string>): Set<string> {
  const ids = new Set<string>([
    ...(cs.cluster.clusterSecurityGroupId ? [cs.cluster.clusterSecurityGroupId] : []),
    ...cs.cluster.securityGroupIds,
    ...cs.kube.eniConfigs.flatMap((e) => e.securityGroups),
    ...(cs.networkInterfaces ?? [])
      .filter((e) => e.instanceId !== undefined && nodeInstances.has(e.instanceId))
      .flatMap((e) => e.groups),
  ]);
  for (const g of cs.securityGroups ?? []) {
    if (!ids.has(g.groupId)) continue;
    for (const r of g.rules) if (r.groupId) ids.add(r.groupId);
  }
  return ids;
}

export function toSnapshotFile(cs: ClusterSnapshot, capturedAt: string): SnapshotFile {
  const env = cs.cni.env;
  const nodeInstances = new Set(cs.kube.nodes.flatMap((n) => (n.instanceId ? [n.instanceId] : [])));
  const groups = relevantGroups(cs, nodeInstances);
  const c = cs.cluster;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    capturedAt,
    anonymized: false,
    region: cs.region,
    ...(cs.accountId !== undefined ? { accountId: cs.accountId } : {}),
    cluster: {
      name: c.name,
      version: c.version,
      status: c.status,
      vpcId: c.vpcId,
      subnetIds: c.subnetIds,
      ...(c.clusterSecurityGroupId ? { clusterSecurityGroupId: c.clusterSecurityGroupId } : {}),
      securityGroupIds: c.securityGroupIds,
      ...(c.ipFamily ? { ipFamily: c.ipFamily } : {}),
    },
    vpc: cs.vpc,
    zones: cs.zones,
    subnets: cs.subnets.map((s) => ({
      subnetId: s.subnetId,
      cidr: s.cidr,
      zone: s.zone,
      ...(s.zoneId ? { zoneId: s.zoneId } : {}),
      availableIpAddressCount: s.availableIpAddressCount,
      tags: s.tags,
    })),
    routeTables: cs.routeTables,
    securityGroups: (cs.securityGroups ?? []).filter((g) => groups.has(g.groupId)),
    addressUse: addressUse(cs.networkInterfaces ?? [], cs.kube.nodes),
    nodegroups: cs.nodegroups.map((ng) => {
      const lt = launchTemplateOf(ng.launchTemplate);
      return {
        name: ng.name,
        status: ng.status,
        instanceTypes: ng.instanceTypes,
        subnets: ng.subnets,
        ...(ng.amiType ? { amiType: ng.amiType } : {}),
        ...(ng.capacityType ? { capacityType: ng.capacityType } : {}),
        ...(ng.releaseVersion ? { releaseVersion: ng.releaseVersion } : {}),
        nodeRole: ng.nodeRole,
        scaling: ng.scaling,
        ...(ng.updateConfig ? { updateConfig: ng.updateConfig } : {}),
        labels: ng.labels,
        taints: ng.taints,
        tags: ng.tags,
        ...(ng.diskSize !== undefined ? { diskSize: ng.diskSize } : {}),
        ...(lt ? { launchTemplate: lt } : {}),
      };
    }),
    addons: cs.addons ?? [],
    cni: {
      install: cs.cni.install,
      ...('addonVersion' in cs.cni ? { addonVersion: cs.cni.addonVersion } : {}),
      ...('configurationValues' in cs.cni && cs.cni.configurationValues !== undefined
        ? { configurationValues: cs.cni.configurationValues }
        : {}),
      ...('image' in cs.cni && cs.cni.image !== undefined ? { image: cs.cni.image } : {}),
      env,
    },
    fargateProfiles: cs.fargateProfiles,
    kube: {
      nodes: cs.kube.nodes.map((n) => ({
        name: n.name,
        ...(n.instanceId ? { instanceId: n.instanceId } : {}),
        ...(n.zone ? { zone: n.zone } : {}),
        ...(n.instanceType ? { instanceType: n.instanceType } : {}),
        ...(n.nodegroup ? { nodegroup: n.nodegroup } : {}),
        labels: n.labels,
        annotations: Object.fromEntries(
          Object.entries(n.annotations ?? {}).filter(([k]) => isCniAnnotation(k, env)),
        ),
        taints: n.scheduling?.taints ?? [],
        unschedulable: n.unschedulable,
        capacity: n.scheduling?.capacity ?? {},
        allocatable: n.scheduling?.allocatable ?? {},
        conditions: n.scheduling?.conditions ?? [],
      })),
      pods: cs.kube.pods.map((p) => ({
        namespace: p.namespace,
        name: p.name,
        ...(p.scheduling?.owner ? { owner: p.scheduling.owner } : {}),
        ...(p.nodeName ? { nodeName: p.nodeName } : {}),
        hostNetwork: p.hostNetwork,
        phase: p.phase,
        hasAddress: p.podIP !== undefined && p.podIP !== '',
        labels: p.labels ?? {},
        requests: p.scheduling?.requests ?? [],
      })),
      workloads: cs.kube.workloads ?? [],
      podDisruptionBudgets: cs.kube.podDisruptionBudgets ?? [],
      eniConfigs: cs.kube.eniConfigs,
      eniConfigCrd: cs.kube.eniConfigCrd,
    },
  };
}
