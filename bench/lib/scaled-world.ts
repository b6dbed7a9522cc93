/**
 * Worlds of a chosen size for the benchmarks, built only through the models' public methods and the
 * scenario builders (as `basic` is): the same VPC layout with node subnets large enough for hundreds
 * of nodes, cluster `demo` from the `basic` scenario's builder, its node group resized to `nodes`,
 * the `web` deployment with `podsPerNode` replicas per node, and optionally many extra small subnets
 * (a long-lived VPC). Timing must be instant (the sandbox's `instantTiming`).
 */
import type { Sandbox } from '../../src/sandbox/index.js';
import { buildCluster } from '../../src/sandbox/scenarios/cluster.js';
import { scenarioWorld, settle, type ScenarioWorld } from '../../src/sandbox/scenarios/index.js';
import { CLUSTER, NODEGROUP, VPC_NAME, zonesOf } from '../../src/sandbox/scenarios/names.js';
import type { ScenarioNetwork } from '../../src/sandbox/scenarios/network.js';
import { createWebDeployment } from '../../src/sandbox/scenarios/workloads.js';
import { createSimulation } from '../../src/sandbox/sim/adapters.js';

export interface ScaledWorldOptions {
  nodes: number;
  /** `web` replicas per node (daemon-set pods come on top). */
  podsPerNode?: number;
  /** Extra /28 subnets in the VPC besides the node and public subnets (at most 1,000). */
  extraSubnets?: number;
}

/** 10.0.0.0/16: node subnets /19 per zone (10.0.0.0/17), public /24s at 10.0.96.x, extras in 10.0.128.0/17. */
function buildLargeNetwork(world: ScenarioWorld, extraSubnets: number): ScenarioNetwork {
  const { ec2, env } = world;
  const zones = zonesOf(env.region);
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16', tags: [{ key: 'Name', value: VPC_NAME }] });
  const clusterTag = { key: `kubernetes.io/cluster/${CLUSTER}`, value: 'shared' };
  const publicTable = ec2.createRouteTable({ vpcId: vpc.vpcId });
  ec2.createRoute({
    routeTableId: publicTable.routeTableId,
    destinationCidrBlock: '0.0.0.0/0',
    gatewayId: `igw-${env.ids.hex(17)}`,
  });
  const publicSubnets = zones.map((zone, i) => {
    const s = ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${96 + i}.0/24`,
      availabilityZone: zone,
    });
    ec2.associateRouteTable({ routeTableId: publicTable.routeTableId, subnetId: s.subnetId });
    return s.subnetId;
  });
  const nat = ec2.createNatGateway({
    subnetId: publicSubnets[0] ?? '',
    allocationId: `eipalloc-${env.ids.hex(17)}`,
  });
  const privateSubnets: string[] = [];
  const privateRouteTables: string[] = [];
  zones.forEach((zone, i) => {
    const s = ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${i * 32}.0/19`,
      availabilityZone: zone,
      tags: [clusterTag],
    });
    const table = ec2.createRouteTable({ vpcId: vpc.vpcId });
    ec2.createRoute({
      routeTableId: table.routeTableId,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.natGatewayId,
    });
    ec2.associateRouteTable({ routeTableId: table.routeTableId, subnetId: s.subnetId });
    privateSubnets.push(s.subnetId);
    privateRouteTables.push(table.routeTableId);
  });
  // A /28 holds 16 addresses: 10.0.128.0/17 has room for 2,048 of them.
  for (let i = 0; i < Math.min(extraSubnets, 2_048); i++) {
    const base = 128 * 256 + i * 16;
    ec2.createSubnet({
      vpcId: vpc.vpcId,
      cidrBlock: `10.0.${Math.floor(base / 256)}.${base % 256}/28`,
      availabilityZone: zones[i % zones.length] ?? zones[0] ?? '',
      tags: [{ key: 'Name', value: `legacy-${i}` }],
    });
  }
  return {
    vpcId: vpc.vpcId,
    zones,
    publicSubnets,
    privateSubnets,
    privateRouteTables,
    natGatewayId: nat.natGatewayId,
  };
}

/**
 * The world's simulation (nodes, pods), or, for a World built without one (as main's was before the
 * `sim` branch was merged), one created over the same models just to settle the scenario.
 */
function withSimulation(sandbox: Sandbox): ScenarioWorld {
  const world = scenarioWorld(sandbox.world);
  if (world.sim) return world;
  const { ec2, eks, kube } = world;
  return { ...world, sim: createSimulation(sandbox.world.env, ec2, eks, kube) };
}

/** With instant timing a few simulated seconds register every node and start every pod. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3_000);

/** Builds the world into a started (empty-scenario) sandbox. */
export function buildScaledWorld(sandbox: Sandbox, options: ScaledWorldOptions): void {
  const world = withSimulation(sandbox);
  const net = buildLargeNetwork(world, options.extraSubnets ?? 0);
  buildCluster(world, net);
  settle(world);
  const n = options.nodes;
  world.eks.updateNodegroupConfig(CLUSTER, NODEGROUP, {
    scalingConfig: { minSize: Math.min(n, 3), maxSize: Math.max(n, 6), desiredSize: n },
  });
  settle(world, SETTLE_MS);
  const replicas = n * (options.podsPerNode ?? 0);
  if (replicas > 0) {
    createWebDeployment(world, replicas);
    settle(world, SETTLE_MS);
  }
  sandbox.flush();
}
