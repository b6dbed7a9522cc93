/** The `broken-<check>` scenarios, one per `eks-cidr doctor` check id (docs/doctor.md). */
export const BROKEN_SCENARIO_NAMES = [
  'broken-nodes-not-rotated',
  'broken-eniconfig-missing',
  'broken-eniconfig-subnet-wrong-zone',
  'broken-eniconfig-subnet-missing',
  'broken-eniconfig-selector-mismatch',
  'broken-max-pods-exceeds-addresses',
  'broken-addon-config-drift',
  'broken-pod-subnet-no-egress',
  'broken-pod-security-groups-block-nodes',
  'broken-subnet-nearly-full',
  'broken-prefix-fragmentation',
  'broken-subnet-discovery-misconfigured',
  'broken-pods-stuck-no-address',
  'broken-cni-too-old',
  'broken-ipv6-cluster',
] as const;

export type BrokenScenarioName = (typeof BROKEN_SCENARIO_NAMES)[number];
