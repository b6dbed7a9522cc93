/**
 * `applied`: `exhausted` after a successful `eks-cidr apply --cidr 100.64.0.0/16`: the block
 * associated, a /19 pod subnet per zone (tagged with eks-cidr's ownership tags) sharing the zone's
 * route table, custom networking configured through the vpc-cni add-on's configurationValues, an
 * ENIConfig per zone, and the node group replaced by `demo-nodes-eks-cidr` whose nodes give pods
 * 100.64.x.x addresses. Names and tags as the planner and engine make them.
 */
import { buildExhausted } from './exhausted.js';
import { CIDR_BLOCK_TAG, CLUSTER, NODEGROUP, NODE_ROLE, OWNERSHIP_TAGS } from './names.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';

export const POD_CIDR = '100.64.0.0/16';
export const REPLACEMENT_NODEGROUP = `${NODEGROUP}-eks-cidr`;
const ENICONFIGS = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', resource: 'eniconfigs' };
const CUSTOM_NETWORKING = JSON.stringify({
  env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone' },
});

export function appliedScenario(world: ScenarioWorld): void {
  const { ec2, eks, env } = world;
  const { net, cluster } = buildExhausted(world);
  settle(world, 10_000);
  const ownership = OWNERSHIP_TAGS(CLUSTER);

  const block = ec2.associateVpcCidrBlock({ vpcId: net.vpcId, cidrBlock: POD_CIDR });
  ec2.createTags([net.vpcId], [CIDR_BLOCK_TAG(POD_CIDR, CLUSTER, block.association.associationId)]);
  settle(world, 5_000);
  const podSubnets = net.zones.map((zone, i) => {
    const subnet = ec2.createSubnet({
      vpcId: net.vpcId,
      cidrBlock: `100.64.${i * 32}.0/19`,
      availabilityZone: zone,
      tags: [{ key: 'Name', value: `eks-cidr-${zone}` }, ...ownership],
    });
    ec2.associateRouteTable({ routeTableId: net.privateRouteTables[i] ?? '', subnetId: subnet.subnetId });
    return subnet.subnetId;
  });

  eks.updateAddon(CLUSTER, 'vpc-cni', {
    configurationValues: CUSTOM_NETWORKING,
    resolveConflicts: 'OVERWRITE',
  });
  const store = world.kube.ensure(CLUSTER);
  net.zones.forEach((zone, i) => {
    store.create(ENICONFIGS, {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: zone, labels: Object.fromEntries(ownership.map((t) => [t.key, t.value])) },
      spec: { subnet: podSubnets[i], securityGroups: [cluster.clusterSecurityGroupId] },
    });
  });
  settle(world, 10_000);

  eks.createNodegroup({
    clusterName: CLUSTER,
    nodegroupName: REPLACEMENT_NODEGROUP,
    subnets: net.privateSubnets,
    nodeRole: NODE_ROLE(env.accountId),
    launchTemplate: { id: cluster.launchTemplateId, version: '1' },
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
}
