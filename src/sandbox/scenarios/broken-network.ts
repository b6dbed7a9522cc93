/**
 * `broken-*` scenarios of the pod subnets' network: routes, security groups, addresses, /28
 * fragmentation, and subnet-discovery tags.
 */
import { parseCidr, formatIPv4, sizeOf } from '../../shared/cidr/index.js';
import { buildApplied } from './applied.js';
import { basicScenario } from './basic.js';
import { CLUSTER, VPC_NAME } from './names.js';
import type { ScenarioWorld } from './types.js';
import { DEPLOYMENTS, fillSubnet, WEB_DEPLOYMENT } from './workloads.js';
import { settle } from './settle.js';

/** Pod subnets left on the main route table (local routes only), with the CNI's external SNAT on. */
export function brokenPodSubnetNoEgress(world: ScenarioWorld): void {
  buildApplied(world, { associateRouteTables: false, env: { AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true' } });
}

/**
 * The ENIConfigs use a group made for a load balancer: HTTPS in from anywhere, nothing else. `web` is
 * scaled to 30 so a smoke test has room to show the effect (its pods cannot resolve names).
 */
export function brokenPodSecurityGroupsBlockNodes(world: ScenarioWorld): void {
  buildApplied(world, {
    eniConfigGroups: ({ ec2 }, net) => {
      const group = ec2.createSecurityGroup({
        groupName: `${CLUSTER}-pods`,
        description: 'pods',
        vpcId: net.vpcId,
        tags: [{ key: 'Name', value: `${CLUSTER}-pods` }],
      });
      ec2.authorizeSecurityGroupRules({
        groupId: group.groupId,
        isEgress: false,
        permissions: [
          { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: [{ cidrIp: '0.0.0.0/0' }], groups: [] },
        ],
      });
      return [group.groupId];
    },
  });
  world.kube
    .ensure(CLUSTER)
    .patch(DEPLOYMENTS, 'default', WEB_DEPLOYMENT, 'merge', { spec: { replicas: 30 } });
  settle(world, 30_000);
}

/** The first zone's pod subnet taken by another workload down to 200 free addresses. */
export function brokenSubnetNearlyFull(world: ScenarioWorld): void {
  const { podSubnets } = buildApplied(world);
  fillSubnet(world, podSubnets[0] ?? '', 200);
}

/**
 * Prefix delegation on, and the first zone's pod subnet peppered with single addresses (one in every
 * free /28): thousands of addresses free, no /28 prefix left.
 */
export function brokenPrefixFragmentation(world: ScenarioWorld): void {
  const { podSubnets } = buildApplied(world, { env: { ENABLE_PREFIX_DELEGATION: 'true' } });
  const { ec2 } = world;
  const subnetId = podSubnets[0] ?? '';
  const block = parseCidr(ec2.getSubnet(subnetId)?.cidrBlock ?? '');
  const used = new Set<number>();
  for (const eni of ec2.describeNetworkInterfaces({ filters: [{ name: 'subnet-id', values: [subnetId] }] })) {
    for (const a of eni.privateIpAddresses) used.add(parseCidr(`${a.privateIpAddress}/32`).network);
    for (const p of eni.ipv4Prefixes) for (let i = 0; i < 16; i++) used.add(parseCidr(p).network + i);
  }
  const picks: string[] = [];
  // Skip the first /28 (AWS reserves its first four addresses) and the last (the broadcast address).
  for (let start = block.network + 16; start < block.network + sizeOf(block) - 16; start += 16) {
    let free = true;
    for (let i = 0; i < 16 && free; i++) free = !used.has(start + i);
    if (free) picks.push(formatIPv4(start + 7));
  }
  for (let i = 0; i < picks.length; i += 30) {
    const [first, ...rest] = picks.slice(i, i + 30);
    const eni = ec2.createNetworkInterface({
      subnetId,
      description: 'legacy-batch worker',
      privateIpAddress: first,
      tags: [{ key: 'app', value: 'legacy-batch' }],
    });
    if (rest.length > 0) ec2.assignPrivateIpAddresses(eni.networkInterfaceId, rest);
  }
}

/**
 * Enhanced subnet discovery (default mode, CNI 1.19): the first zone's node subnet tagged
 * `kubernetes.io/role/cni=0`, a tagged subnet in a zone without nodes, and one scoped to another cluster.
 */
export function brokenSubnetDiscoveryMisconfigured(world: ScenarioWorld): void {
  basicScenario(world);
  const { ec2, env } = world;
  const vpc = ec2.describeVpcs({ filters: [{ name: 'tag:Name', values: [VPC_NAME] }] })[0];
  const nodeSubnet = ec2.describeSubnets({ filters: [{ name: 'cidr-block', values: ['10.0.1.0/24'] }] })[0];
  if (!vpc || !nodeSubnet) throw new Error('basic scenario without its VPC');
  ec2.createTags([nodeSubnet.subnetId], [{ key: 'kubernetes.io/role/cni', value: '0' }]);
  ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: '10.0.50.0/24',
    availabilityZone: `${env.region}d`,
    tags: [{ key: 'kubernetes.io/role/cni', value: '1' }],
  });
  ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: '10.0.60.0/24',
    availabilityZone: `${env.region}a`,
    tags: [
      { key: 'kubernetes.io/role/cni', value: '1' },
      { key: 'cni.networking.k8s.aws/cluster/analytics', value: '1' },
    ],
  });
}
