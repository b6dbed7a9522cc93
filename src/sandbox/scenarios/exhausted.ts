/**
 * `exhausted`: `basic` whose node subnets are nearly full (another workload holds all but a dozen
 * addresses in each), and the deployment `web` of 45 replicas. Each node's VPC CNI gets the nine
 * secondary addresses of its primary ENI and cannot attach a second ENI, so most `web` pods stay
 * ContainerCreating with the CNI's "failed to assign an IP address to container" (the simulation
 * decides which, from the real EC2 state). After eks-cidr's rotation, the new nodes' max-pods (20 on
 * m5.large with custom networking) still fit every replica. The vpc-cni add-on is EKS's default
 * version (subnet discovery on); `exhausted-old-cni` runs 1.15.
 */
import { buildCluster } from './cluster.js';
import type { ClusterOptions, ScenarioCluster } from './cluster.js';
import { buildNetwork } from './network.js';
import type { ScenarioNetwork } from './network.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';
import { createWebDeployment, fillSubnet } from './workloads.js';

export const WEB_REPLICAS = 45;
/** Free addresses left in each node subnet once its node has launched. */
export const FREE_ADDRESSES_PER_NODE_SUBNET = 12;

/** The vpc-cni add-on of `exhausted-old-cni`: before subnet discovery (1.18). */
export const OLD_CNI_VERSION = 'v1.15.1-eksbuild.1';

export function buildExhausted(
  world: ScenarioWorld,
  options: ClusterOptions = {},
): { net: ScenarioNetwork; cluster: ScenarioCluster } {
  const net = buildNetwork(world);
  const cluster = buildCluster(world, net, options);
  // The node group has launched its instances; the rest of each subnet belongs to someone else.
  for (const subnetId of net.privateSubnets) fillSubnet(world, subnetId, FREE_ADDRESSES_PER_NODE_SUBNET);
  createWebDeployment(world, WEB_REPLICAS);
  return { net, cluster };
}

export function exhaustedScenario(world: ScenarioWorld): void {
  buildExhausted(world);
  settle(world);
}

/**
 * `exhausted-old-cni`: the same cluster with the vpc-cni add-on at 1.15, before subnet discovery, so
 * moving to subnet discovery takes an add-on version update first.
 */
export function exhaustedOldCniScenario(world: ScenarioWorld): void {
  buildExhausted(world, { cniVersion: OLD_CNI_VERSION });
  settle(world);
}
