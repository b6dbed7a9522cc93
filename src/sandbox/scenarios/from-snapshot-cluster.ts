/**
 * The twin's EKS side, from a snapshot file: the cluster (its security group keeps its id), the
 * add-ons with their versions and configuration, the launch templates (id, versions, AMI, instance
 * type, and user data that sets max-pods as the real one does), and the managed node groups whose
 * instances are launched as the real ones are: same ids, subnets and primary addresses.
 */
import { findCatalogInstanceType } from '../services/ec2/instance-type-catalog.js';
import type { SnapshotFile, SnapshotFileNodegroup } from '../../shared/snapshot/schema.js';
import { bootstrapShUserData, nodeadmUserData } from '../services/eks/bootstrap-user-data.js';
import { givenIds } from './from-snapshot-network.js';
import type { TwinReport } from './from-snapshot-report.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';

type LaunchTemplate = NonNullable<SnapshotFileNodegroup['launchTemplate']>;

/** User data with the snapshot's max-pods settings, in the form its bootstrap reads. */
export function twinUserData(cluster: string, lt: LaunchTemplate): string | undefined {
  const ud = lt.userData;
  if (!ud || ud.bootstrap === 'none') return undefined;
  if (ud.bootstrap === 'nodeadm') return nodeadmUserData({ cluster, maxPods: ud.maxPods });
  return bootstrapShUserData({ cluster, useMaxPods: ud.useMaxPods, maxPods: ud.maxPods });
}

function buildLaunchTemplates(world: ScenarioWorld, file: SnapshotFile): void {
  const withIds = givenIds(world);
  const byId = new Map<string, LaunchTemplate[]>();
  for (const ng of file.nodegroups) {
    if (ng.launchTemplate)
      byId.set(ng.launchTemplate.id, [...(byId.get(ng.launchTemplate.id) ?? []), ng.launchTemplate]);
  }
  for (const [id, versions] of byId) {
    const data = (lt: LaunchTemplate) => {
      const userData = twinUserData(file.cluster.name, lt);
      return {
        ...(lt.instanceType ? { instanceType: lt.instanceType } : {}),
        ...(lt.imageId ? { imageId: lt.imageId } : {}),
        ...(userData ? { userData: Buffer.from(userData, 'utf8').toString('base64') } : {}),
      };
    };
    const sorted = [...versions].sort((a, b) => Number(a.version) - Number(b.version));
    const first = sorted[0]!;
    withIds({ lt: id }, () =>
      world.ec2.createLaunchTemplate({
        launchTemplateName: first.name ?? id,
        versionDescription: 'twin',
        data: data(first),
      }),
    );
    // Versions up to each one the node groups use, that one with its own settings.
    let current = 1;
    for (const lt of sorted) {
      const target = Number(lt.version);
      while (Number.isInteger(target) && current < target) {
        current++;
        world.ec2.createLaunchTemplateVersion({
          launchTemplateId: id,
          versionDescription: 'twin',
          data: data(current === target ? lt : first),
        });
      }
    }
  }
}

/**
 * The vpc-cni configuration the cluster's oldest nodes started with: the snapshot's without custom
 * networking, when custom networking is on but some nodes still give pods addresses from their
 * primary ENI (they started before it was switched on and were never replaced). Undefined otherwise.
 */
export function legacyNodegroups(file: SnapshotFile): Set<string> {
  const out = new Set<string>();
  if (file.cni.env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'] !== 'true') return out;
  const primary = new Map(
    file.addressUse.instances.map((i) => [
      i.instanceId,
      i.networkInterfaces.find((e) => e.deviceIndex === 0),
    ]),
  );
  for (const n of file.kube.nodes) {
    const eni = primary.get(n.instanceId ?? '');
    // Under custom networking a node's primary ENI serves no pods: only its own address.
    if (n.nodegroup && eni && (eni.addresses > 1 || eni.prefixes > 0)) out.add(n.nodegroup);
  }
  return out;
}

/** A configurationValues JSON without custom networking (unparsable text is left as it is). */
export function withoutCustomNetworking(configurationValues: string | undefined): string | undefined {
  if (!configurationValues) return configurationValues;
  try {
    const value = JSON.parse(configurationValues) as { env?: Record<string, string> };
    if (!value.env || !('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG' in value.env)) return configurationValues;
    const env = { ...value.env };
    delete env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'];
    return JSON.stringify({ ...value, env });
  } catch {
    return configurationValues;
  }
}

export function buildEks(
  world: ScenarioWorld,
  file: SnapshotFile,
  report: TwinReport,
  options: { legacyCni?: boolean } = {},
): void {
  const { eks } = world;
  const withIds = givenIds(world);
  const c = file.cluster;
  withIds({ sg: c.clusterSecurityGroupId }, () =>
    eks.createCluster({
      name: c.name,
      version: c.version,
      roleArn: `arn:aws:iam::${world.env.accountId}:role/${c.name}-cluster-role`,
      resourcesVpcConfig: { subnetIds: c.subnetIds, securityGroupIds: c.securityGroupIds },
      ...(c.ipFamily ? { kubernetesNetworkConfig: { ipFamily: c.ipFamily } } : {}),
    }),
  );
  settle(world, 10_000, 5_000);
  for (const addon of file.addons) {
    const configurationValues =
      options.legacyCni && addon.name === 'vpc-cni'
        ? withoutCustomNetworking(addon.configurationValues)
        : addon.configurationValues;
    try {
      eks.createAddon({
        clusterName: c.name,
        addonName: addon.name,
        addonVersion: addon.version,
        resolveConflicts: 'OVERWRITE',
        ...(configurationValues ? { configurationValues } : {}),
      });
    } catch (err) {
      report.note('error', `addon/${c.name}/${addon.name}`, `not reproduced: ${String(err)}`);
    }
  }
  settle(world, 10_000, 5_000);
  buildLaunchTemplates(world, file);
}

/** Switches the vpc-cni add-on to the snapshot's configuration (after the oldest nodes started). */
export function applySnapshotCni(world: ScenarioWorld, file: SnapshotFile): void {
  const addon = file.addons.find((a) => a.name === 'vpc-cni');
  if (addon?.configurationValues)
    world.eks.updateAddon(file.cluster.name, 'vpc-cni', {
      configurationValues: addon.configurationValues,
      resolveConflicts: 'OVERWRITE',
    });
}

/** The node groups, their instances as they were; unknown instance types are errors, not guesses. */
export function buildNodegroups(
  world: ScenarioWorld,
  file: SnapshotFile,
  report: TwinReport,
  only: (name: string) => boolean = () => true,
): void {
  const c = file.cluster;
  const primaries = new Map(
    file.addressUse.instances.map((i) => [
      i.instanceId,
      i.networkInterfaces.find((e) => e.deviceIndex === 0),
    ]),
  );
  for (const ng of file.nodegroups.filter((g) => only(g.name))) {
    const types = ng.launchTemplate?.instanceType ? [ng.launchTemplate.instanceType] : ng.instanceTypes;
    const unknown = types.filter((t) => !findCatalogInstanceType(t));
    if (unknown.length > 0) {
      report.note(
        'error',
        `nodegroup/${ng.name}`,
        `instance type ${unknown.join(', ')} is unknown to the sandbox: the node group is left out`,
      );
      continue;
    }
    if (ng.status !== 'ACTIVE')
      report.note('warning', `nodegroup/${ng.name}`, `was ${ng.status}; the twin's is ACTIVE`);
    const givenInstances = file.kube.nodes
      .filter((n) => n.nodegroup === ng.name && n.instanceId)
      .flatMap((n) => {
        const eni = primaries.get(n.instanceId ?? '');
        if (!eni) {
          report.note(
            'warning',
            `node/${n.name}`,
            'no ENI of its instance in the snapshot: launched at another address',
          );
          return [];
        }
        return [
          { instanceId: n.instanceId ?? '', subnetId: eni.subnetId, privateIpAddress: eni.primaryAddress },
        ];
      });
    const customAmi = ng.launchTemplate?.imageId !== undefined;
    try {
      world.eks.createNodegroup({
        clusterName: c.name,
        nodegroupName: ng.name,
        subnets: ng.subnets,
        nodeRole: ng.nodeRole,
        scalingConfig: ng.scaling,
        ...(ng.launchTemplate?.instanceType ? {} : { instanceTypes: ng.instanceTypes }),
        ...(ng.amiType && !customAmi ? { amiType: ng.amiType } : {}),
        ...(ng.diskSize !== undefined && !ng.launchTemplate ? { diskSize: ng.diskSize } : {}),
        labels: ng.labels,
        taints: ng.taints.map((t) => ({
          key: t.key,
          ...(t.value !== undefined ? { value: t.value } : {}),
          effect: t.effect,
        })),
        tags: ng.tags,
        ...(ng.launchTemplate
          ? { launchTemplate: { id: ng.launchTemplate.id, version: ng.launchTemplate.version } }
          : {}),
        ...(ng.capacityType ? { capacityType: ng.capacityType } : {}),
        ...(ng.releaseVersion ? { releaseVersion: ng.releaseVersion } : {}),
        ...(ng.updateConfig ? { updateConfig: ng.updateConfig } : {}),
        givenInstances,
      });
    } catch (err) {
      report.note('error', `nodegroup/${ng.name}`, `not reproduced: ${String(err)}`);
    }
  }
  if (!only('')) return;
  const managed = new Set(file.nodegroups.map((ng) => ng.name));
  const selfManaged = file.kube.nodes.filter((n) => !n.nodegroup || !managed.has(n.nodegroup));
  if (selfManaged.length > 0) {
    report.note(
      'warning',
      `cluster/${c.name}`,
      `${selfManaged.length} node(s) outside managed node groups (${selfManaged
        .slice(0, 3)
        .map((n) => n.name)
        .join(', ')}${selfManaged.length > 3 ? ', ...' : ''}) are not reproduced`,
    );
  }
}
