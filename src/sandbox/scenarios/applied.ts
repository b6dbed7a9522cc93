/**
 * `applied`: `exhausted` after a successful `eks-cidr apply --cidr 100.64.0.0/16`: the block
 * associated, a /19 pod subnet per zone (tagged with eks-cidr's ownership tags) sharing the zone's
 * route table, custom networking configured through the vpc-cni add-on's configurationValues, an
 * ENIConfig per zone, and the node group replaced by `demo-nodes-eks-cidr` whose nodes give pods
 * 100.64.x.x addresses. Names and tags as the planner and engine make them.
 *
 * `buildApplied` takes the hand-made variations the `broken-*` scenarios need (a step left out or
 * done another way), so each is what a person following the article could have produced.
 */
import { buildExhausted } from './exhausted.js';
import { CLUSTER, NODEGROUP, NODE_ROLE, OWNERSHIP_TAGS } from './names.js';
import type { ScenarioCluster } from './cluster.js';
import type { ScenarioNetwork } from './network.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';

export const POD_CIDR = '100.64.0.0/16';
export const REPLACEMENT_NODEGROUP = `${NODEGROUP}-eks-cidr`;
export const ENICONFIGS = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', resource: 'eniconfigs' };
export const CUSTOM_NETWORKING_ENV = {
  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
  ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
};

/** A custom AMI: with one in the launch template EKS leaves the bootstrap (and max-pods) to the user data. */
const CUSTOM_AMI = 'ami-0c0ffee0123456789';

export interface AppliedOptions {
  /** Extra CNI env besides custom networking's (prefix delegation, another label definition...). */
  env?: Record<string, string>;
  /** `daemonset`: `kubectl set env` on aws-node instead of the add-on's configurationValues. */
  cniConfig?: 'addon' | 'daemonset';
  /** Associate each pod subnet with its zone's node route table (default true). */
  associateRouteTables?: boolean;
  /** The ENIConfigs' security groups (default: the cluster security group). */
  eniConfigGroups?: (world: ScenarioWorld, net: ScenarioNetwork, cluster: ScenarioCluster) => string[];
  /** Replace the node group (default true); false leaves the old nodes in the old mode. */
  rotate?: boolean;
  /** User data of the replacement node group's launch template (a new version, with a custom AMI). */
  replacementUserData?: string;
}

export interface AppliedWorld {
  net: ScenarioNetwork;
  cluster: ScenarioCluster;
  podSubnets: string[];
}

export const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };

/** `kubectl set env daemonset aws-node -n kube-system K=V...`, through the object store. */
export function setAwsNodeEnv(world: ScenarioWorld, env: Record<string, string>): void {
  const store = world.kube.ensure(CLUSTER);
  const ds = store.get(DAEMONSETS, 'kube-system', 'aws-node') as unknown as {
    spec: {
      template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } };
    };
  };
  const container = ds.spec.template.spec.containers.find((c) => c.name === 'aws-node');
  if (!container) throw new Error('aws-node has no aws-node container');
  const rest = (container.env ?? []).filter((e) => !(e.name in env));
  container.env = [...rest, ...Object.entries(env).map(([name, value]) => ({ name, value }))];
  store.update(DAEMONSETS, ds as never);
}

export function buildApplied(world: ScenarioWorld, options: AppliedOptions = {}): AppliedWorld {
  const { ec2, eks, env } = world;
  const { net, cluster } = buildExhausted(world);
  settle(world, 10_000);
  const ownership = OWNERSHIP_TAGS(CLUSTER);

  ec2.associateVpcCidrBlock({ vpcId: net.vpcId, cidrBlock: POD_CIDR });
  settle(world, 5_000);
  const podSubnets = net.zones.map((zone, i) => {
    const subnet = ec2.createSubnet({
      vpcId: net.vpcId,
      cidrBlock: `100.64.${i * 32}.0/19`,
      availabilityZone: zone,
      tags: [{ key: 'Name', value: `eks-cidr-${zone}` }, ...ownership],
    });
    if (options.associateRouteTables ?? true)
      ec2.associateRouteTable({ routeTableId: net.privateRouteTables[i] ?? '', subnetId: subnet.subnetId });
    return subnet.subnetId;
  });

  const cniEnv = { ...CUSTOM_NETWORKING_ENV, ...options.env };
  if (options.cniConfig === 'daemonset') setAwsNodeEnv(world, cniEnv);
  else
    eks.updateAddon(CLUSTER, 'vpc-cni', {
      configurationValues: JSON.stringify({ env: cniEnv }),
      resolveConflicts: 'OVERWRITE',
    });
  const groups = options.eniConfigGroups?.(world, net, cluster) ?? [cluster.clusterSecurityGroupId];
  const store = world.kube.ensure(CLUSTER);
  net.zones.forEach((zone, i) => {
    store.create(ENICONFIGS, {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: zone, labels: Object.fromEntries(ownership.map((t) => [t.key, t.value])) },
      spec: { subnet: podSubnets[i], securityGroups: groups },
    });
  });
  settle(world, 10_000);
  if (options.rotate === false) {
    settle(world, 30_000);
    return { net, cluster, podSubnets };
  }

  const version = options.replacementUserData
    ? String(
        ec2.createLaunchTemplateVersion({
          launchTemplateId: cluster.launchTemplateId,
          sourceVersion: '1',
          versionDescription: 'hand-made bootstrap on a custom AMI',
          data: {
            imageId: CUSTOM_AMI,
            userData: Buffer.from(options.replacementUserData).toString('base64'),
          },
        }).versionNumber,
      )
    : '1';
  eks.createNodegroup({
    clusterName: CLUSTER,
    nodegroupName: REPLACEMENT_NODEGROUP,
    subnets: net.privateSubnets,
    nodeRole: NODE_ROLE(env.accountId),
    launchTemplate: { id: cluster.launchTemplateId, version },
    scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
    labels: { role: 'general' },
    tags: {
      environment: 'demo',
      ...Object.fromEntries(ownership.map((t) => [t.key, t.value])),
      'eks-cidr.io/replaces': NODEGROUP,
    },
  });
  settle(world);
  eks.deleteNodegroup(CLUSTER, NODEGROUP);
  // Long enough for the pod garbage collector to remove the old nodes' pods (40 s) and for their
  // replacements to start on the new nodes.
  settle(world, 90_000);
  return { net, cluster, podSubnets };
}

export function appliedScenario(world: ScenarioWorld): void {
  buildApplied(world);
}
