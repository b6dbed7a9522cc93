/**
 * `broken-*` scenarios of the nodes and the CNI: rotation left out, a bootstrap that keeps the
 * standard max-pods, custom networking set by hand on the DaemonSet, an old CNI image, an IPv6
 * cluster, and the exhausted cluster itself (pods stuck without an address).
 */
import { buildApplied, DAEMONSETS } from './applied.js';
import { buildCluster } from './cluster.js';
import { exhaustedScenario } from './exhausted.js';
import { CLUSTER } from './names.js';
import { buildNetwork } from './network.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';

/** Custom networking configured, but the node group never replaced. */
export function brokenNodesNotRotated(world: ScenarioWorld): void {
  buildApplied(world, { rotate: false });
}

/**
 * The replacement nodes' launch template calls bootstrap.sh without max-pods arguments, so they keep
 * eni-max-pods.txt's standard value (29 on m5.large) where custom networking addresses 20.
 */
export function brokenMaxPodsExceedsAddresses(world: ScenarioWorld): void {
  buildApplied(world, { replacementUserData: `#!/bin/bash\n/etc/eks/bootstrap.sh ${CLUSTER}\n` });
}

/** Custom networking set with `kubectl set env` on aws-node: the add-on's configurationValues lack it. */
export function brokenAddonConfigDrift(world: ScenarioWorld): void {
  buildApplied(world, { cniConfig: 'daemonset' });
}

/** Pods stuck ContainerCreating: the `exhausted` cluster as it is. */
export function brokenPodsStuckNoAddress(world: ScenarioWorld): void {
  exhaustedScenario(world);
}

/** aws-node's image pinned by hand to an old release (v1.15.1) after the rollout. */
export function brokenCniTooOld(world: ScenarioWorld): void {
  buildApplied(world);
  const store = world.kube.ensure(CLUSTER);
  const ds = store.get(DAEMONSETS, 'kube-system', 'aws-node') as unknown as {
    spec: { template: { spec: { containers: { name: string; image?: string }[] } } };
  };
  for (const c of ds.spec.template.spec.containers) {
    if (c.name === 'aws-node' && c.image) c.image = c.image.replace(/:v[^:@]+$/, ':v1.15.1-eksbuild.1');
  }
  store.update(DAEMONSETS, ds as never);
  settle(world, 5_000);
}

/** An IPv6 cluster: pods get IPv6 addresses, a secondary IPv4 block is not the answer. */
export function brokenIpv6Cluster(world: ScenarioWorld): void {
  const net = buildNetwork(world);
  buildCluster(world, net, { ipFamily: 'ipv6' });
  settle(world);
}
