/**
 * One `broken-<check>` scenario per `eks-cidr doctor` check (docs/doctor.md): a cluster where that
 * check fires, built through the models' public methods, so each finding can be rehearsed.
 */
import {
  brokenAddonConfigDrift,
  brokenCniTooOld,
  brokenIpv6Cluster,
  brokenMaxPodsExceedsAddresses,
  brokenNodesNotRotated,
  brokenPodsStuckNoAddress,
} from './broken-nodes.js';
import {
  brokenEniconfigMissing,
  brokenEniconfigSelectorMismatch,
  brokenEniconfigSubnetMissing,
  brokenEniconfigSubnetWrongZone,
} from './broken-eniconfig.js';
import {
  brokenPodSecurityGroupsBlockNodes,
  brokenPodSubnetNoEgress,
  brokenPrefixFragmentation,
  brokenSubnetDiscoveryMisconfigured,
  brokenSubnetNearlyFull,
} from './broken-network.js';
import type { BrokenScenarioName } from './broken-names.js';
import type { Scenario } from './types.js';

export const BROKEN_SCENARIOS = {
  'broken-nodes-not-rotated': brokenNodesNotRotated,
  'broken-eniconfig-missing': brokenEniconfigMissing,
  'broken-eniconfig-subnet-wrong-zone': brokenEniconfigSubnetWrongZone,
  'broken-eniconfig-subnet-missing': brokenEniconfigSubnetMissing,
  'broken-eniconfig-selector-mismatch': brokenEniconfigSelectorMismatch,
  'broken-max-pods-exceeds-addresses': brokenMaxPodsExceedsAddresses,
  'broken-addon-config-drift': brokenAddonConfigDrift,
  'broken-pod-subnet-no-egress': brokenPodSubnetNoEgress,
  'broken-pod-security-groups-block-nodes': brokenPodSecurityGroupsBlockNodes,
  'broken-subnet-nearly-full': brokenSubnetNearlyFull,
  'broken-prefix-fragmentation': brokenPrefixFragmentation,
  'broken-subnet-discovery-misconfigured': brokenSubnetDiscoveryMisconfigured,
  'broken-pods-stuck-no-address': brokenPodsStuckNoAddress,
  'broken-cni-too-old': brokenCniTooOld,
  'broken-ipv6-cluster': brokenIpv6Cluster,
} satisfies Record<BrokenScenarioName, Scenario>;
