/**
 * `large`: a production-sized cluster built through the simulation itself, starting exhausted like
 * `exhausted`. The `basic` VPC gets three secondary /16 blocks (10.1-10.3.0.0/16) with one node
 * subnet per zone sized for the cluster; managed node groups launch `nodes` m5.xlarge instances
 * (EKS launches them, the simulated kubelets register them): `demo-nodes`, and past EKS's quota of
 * 450 nodes per managed node group, `demo-nodes-2`, ... of near-equal size (1,000 nodes: 334, 333,
 * 333), each across the three zones; and the deployment
 * `web` asks for `nodes x podsPerNode` replicas, which the simulated scheduler places and the
 * simulated ipamd addresses (the vpc-cni add-on sets WARM_IP_TARGET=2, as large clusters do). Each
 * node subnet holds about 5% fewer addresses than its pods need (another workload holds the rest),
 * so that share of `web` stays ContainerCreating with the CNI's "failed to assign an IP address".
 */
import { ExitCode, UserError } from '../../shared/errors.js';
import { buildCluster } from './cluster.js';
import { buildNetwork } from './network.js';
import { CLUSTER, VPC_NAME } from './names.js';
import { settle, unbudgeted } from './settle.js';
import type { ScenarioWorld } from './types.js';
import { createWebDeployment, fillSubnet } from './workloads.js';

export interface LargeOptions {
  nodes?: number | undefined;
  podsPerNode?: number | undefined;
  /** The account's nodes-per-managed-node-group quota the groups are split by (default EKS's 450). */
  nodesPerNodegroup?: number | undefined;
}

export const LARGE_DEFAULTS = { nodes: 2_000, podsPerNode: 30 };
const INSTANCE_TYPE = 'm5.xlarge';
/** Addresses a node takes besides its pods: three ENI primaries and the two warm IPs. */
const OVERHEAD_PER_NODE = 5;
/** The share of pods the node subnets are short of. */
const SHORTFALL = 0.05;

export function largeSize(options: LargeOptions = {}): { nodes: number; podsPerNode: number } {
  const nodes = options.nodes ?? LARGE_DEFAULTS.nodes;
  const podsPerNode = options.podsPerNode ?? LARGE_DEFAULTS.podsPerNode;
  const perZone = Math.ceil(nodes / 3) * (podsPerNode + OVERHEAD_PER_NODE);
  if (!Number.isInteger(nodes) || nodes < 3 || !Number.isInteger(podsPerNode) || podsPerNode < 1)
    throw new UserError(
      'E_SANDBOX_SCENARIO',
      `The large scenario needs at least 3 nodes and 1 pod per node.`,
      {
        exitCode: ExitCode.Usage,
        hint: 'Pass --nodes N (3 or more) and --pods-per-node P (1 or more).',
      },
    );
  if (podsPerNode > 40 || perZone > 65_531)
    throw new UserError(
      'E_SANDBOX_SCENARIO',
      `The large scenario cannot hold ${nodes} nodes x ${podsPerNode} pods: each zone's /16 node subnet has 65,531 addresses (and an m5.xlarge node at most 40 pods with WARM_IP_TARGET=2).`,
      { exitCode: ExitCode.Usage, hint: 'Use fewer nodes or fewer pods per node (5,000 x 30 fits).' },
    );
  return { nodes, podsPerNode };
}

/**
 * Ticks every model at successive instants from `from` until the simulation has been quiet for a
 * while; returns the last instant.
 */
function runUntilQuiet(
  world: ScenarioWorld,
  from: number,
  stepMs = 200,
  quietTicks = 15,
  maxTicks = 20_000,
): number {
  let t = from;
  let quiet = 0;
  for (let i = 0; i < maxTicks && quiet < quietTicks; i++) {
    t += stepMs;
    const changed = [world.ec2.tick(t), world.eks.tick(t), world.sim?.tick(t)].some((c) => c === true);
    quiet = changed ? 0 : quiet + 1;
  }
  return t;
}

export function largeScenario(world: ScenarioWorld, options: LargeOptions = {}): void {
  const { nodes, podsPerNode } = largeSize(options);
  const { ec2 } = world;
  const net = buildNetwork(world);
  const blocks = net.zones.map((_, i) => `10.${i + 1}.0.0/16`);
  for (const cidrBlock of blocks) ec2.associateVpcCidrBlock({ vpcId: net.vpcId, cidrBlock });
  settle(world, 5_000, 1_000);
  const perZone = Math.ceil(nodes / 3);
  const need = perZone * (podsPerNode + OVERHEAD_PER_NODE);
  const prefix = Math.min(24, 32 - Math.ceil(Math.log2(need + 5)));
  const nodeSubnets = net.zones.map((zone, i) => {
    const subnet = ec2.createSubnet({
      vpcId: net.vpcId,
      cidrBlock: `10.${i + 1}.0.0/${prefix}`,
      availabilityZone: zone,
      tags: [
        { key: 'Name', value: `${VPC_NAME}-nodes-${zone}` },
        { key: `kubernetes.io/cluster/${CLUSTER}`, value: 'shared' },
      ],
    });
    ec2.associateRouteTable({ routeTableId: net.privateRouteTables[i] ?? '', subnetId: subnet.subnetId });
    // What the pods and their ENIs' primaries need, less the shortfall (the warm IPs come on top).
    const enis = Math.ceil((podsPerNode + 2) / 14);
    fillSubnet(
      world,
      subnet.subnetId,
      perZone * (podsPerNode + enis) - Math.ceil(perZone * podsPerNode * SHORTFALL),
    );
    return subnet.subnetId;
  });
  buildCluster(world, net, {
    instanceType: INSTANCE_TYPE,
    nodes,
    ...(options.nodesPerNodegroup !== undefined ? { nodesPerNodegroup: options.nodesPerNodegroup } : {}),
    nodeSubnets,
    cniConfiguration: JSON.stringify({ env: { WARM_IP_TARGET: '2' } }),
  });
  unbudgeted(world, () => {
    // The nodes boot, register and become Ready first; then the workload arrives.
    const ready = runUntilQuiet(world, world.env.clock.now());
    createWebDeployment(world, nodes * podsPerNode);
    runUntilQuiet(world, ready);
  });
}
