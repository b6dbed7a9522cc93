/**
 * `broken-*` scenarios of custom networking's ENIConfigs: `applied`, then one hand-made mistake,
 * made through the models' public methods (the Kubernetes store as kubectl would, EKS's UpdateAddon).
 */
import { buildApplied, ENICONFIGS } from './applied.js';
import { CLUSTER } from './names.js';
import type { ScenarioWorld } from './types.js';

/** `kubectl delete eniconfig <third zone>`: that zone's nodes select an ENIConfig that is gone. */
export function brokenEniconfigMissing(world: ScenarioWorld): void {
  const { net } = buildApplied(world);
  world.kube.ensure(CLUSTER).delete(ENICONFIGS, undefined, net.zones[2] ?? '');
}

/** The first two zones' ENIConfigs point at each other's pod subnet. */
export function brokenEniconfigSubnetWrongZone(world: ScenarioWorld): void {
  const { net, podSubnets } = buildApplied(world);
  const store = world.kube.ensure(CLUSTER);
  store.patch(ENICONFIGS, undefined, net.zones[0] ?? '', 'merge', { spec: { subnet: podSubnets[1] } });
  store.patch(ENICONFIGS, undefined, net.zones[1] ?? '', 'merge', { spec: { subnet: podSubnets[0] } });
}

/** The third zone's ENIConfig names a subnet that does not exist (deleted, or from another VPC). */
export function brokenEniconfigSubnetMissing(world: ScenarioWorld): void {
  const { net } = buildApplied(world);
  world.kube.ensure(CLUSTER).patch(ENICONFIGS, undefined, net.zones[2] ?? '', 'merge', {
    spec: { subnet: 'subnet-0badc0ffee0ddf00d' },
  });
}

/**
 * After the rollout, the add-on's ENI_CONFIG_LABEL_DEF is changed to a label no node carries: the
 * running nodes keep their ENIs, the next ones fall back to ENIConfig `default`, which does not exist.
 */
export function brokenEniconfigSelectorMismatch(world: ScenarioWorld): void {
  buildApplied(world);
  world.eks.updateAddon(CLUSTER, 'vpc-cni', {
    configurationValues: JSON.stringify({
      env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'eks.example.com/eniconfig' },
    }),
    resolveConflicts: 'OVERWRITE',
  });
}
