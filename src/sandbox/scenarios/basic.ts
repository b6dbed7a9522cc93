/**
 * `basic`: cluster `demo` (Kubernetes 1.31, us-east-1) in a 10.0.0.0/16 VPC with three private /24
 * node subnets in three zones behind a NAT gateway, the vpc-cni, kube-proxy and coredns managed
 * add-ons, and the managed node group `demo-nodes` of three m5.large nodes with a launch template.
 */
import { buildCluster } from './cluster.js';
import { buildNetwork } from './network.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';

export function basicScenario(world: ScenarioWorld): void {
  const net = buildNetwork(world);
  buildCluster(world, net);
  settle(world);
}
