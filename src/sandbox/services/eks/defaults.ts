/**
 * Versions and defaults EKS applies when a request leaves them out. The add-on versions match the
 * workloads the Kubernetes store seeds (aws-node runs amazon-k8s-cni:v1.19.2-eksbuild.1), so a
 * DescribeAddon and a `kubectl describe daemonset aws-node` agree.
 */

export const SUPPORTED_KUBERNETES_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'] as const;
/** EKS's default for CreateCluster without `version` (not always the newest). */
export const DEFAULT_KUBERNETES_VERSION = '1.31';
export const PLATFORM_VERSION = 'eks.12';

/** Since Kubernetes 1.30, managed node groups default to Amazon Linux 2023. */
export function defaultAmiType(version: string): string {
  return compareMinor(version, '1.30') >= 0 ? 'AL2023_x86_64_STANDARD' : 'AL2_x86_64';
}

/** The AMI release a new node group gets, e.g. 1.31.7-20250505 (AL2023) or 1.29.15-20250505 (AL2). */
export function releaseVersionFor(version: string): string {
  return `${version}.7-20250505`;
}

export function compareMinor(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export const DEFAULT_INSTANCE_TYPE = 't3.medium';
export const DEFAULT_DISK_SIZE = 20;
export const DEFAULT_SCALING = { minSize: 1, maxSize: 2, desiredSize: 2 } as const;

export interface AddonCatalogEntry {
  addonName: string;
  type: string;
  defaultVersion: string;
  versions: string[];
  /** The DaemonSet (kube-system) whose container env the add-on's `env` configuration drives. */
  daemonSet?: { name: string; container: string };
  /** Image repositories of the DaemonSet whose tag follows the add-on version. */
  images?: string[];
  /** Env values the add-on manages by default: an OVERWRITE update puts these back. */
  defaultEnv?: Record<string, string>;
}

export const ADDON_CATALOG: Record<string, AddonCatalogEntry> = {
  'vpc-cni': {
    addonName: 'vpc-cni',
    type: 'networking',
    defaultVersion: 'v1.19.2-eksbuild.1',
    // Newest first, as DescribeAddonVersions lists them. 1.22 brought tag value 0 and cluster-scoped
    // tags to subnet discovery (1.18); 1.15 is before discovery (scenario exhausted-old-cni).
    versions: [
      'v1.22.3-eksbuild.1',
      'v1.20.4-eksbuild.1',
      'v1.19.2-eksbuild.1',
      'v1.18.6-eksbuild.1',
      'v1.16.4-eksbuild.2',
      'v1.15.1-eksbuild.1',
    ],
    daemonSet: { name: 'aws-node', container: 'aws-node' },
    images: ['amazon-k8s-cni', 'amazon-k8s-cni-init'],
    defaultEnv: {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
      ENABLE_PREFIX_DELEGATION: 'false',
      WARM_ENI_TARGET: '1',
      ENABLE_SUBNET_DISCOVERY: 'true',
      AWS_VPC_K8S_CNI_EXTERNALSNAT: 'false',
      ENABLE_IPv4: 'true',
      ENABLE_IPv6: 'false',
    },
  },
  'kube-proxy': {
    addonName: 'kube-proxy',
    type: 'networking',
    defaultVersion: 'v1.31.3-eksbuild.2',
    versions: ['v1.31.3-eksbuild.2', 'v1.30.7-eksbuild.2'],
  },
  coredns: {
    addonName: 'coredns',
    type: 'networking',
    defaultVersion: 'v1.11.4-eksbuild.2',
    versions: ['v1.11.4-eksbuild.2', 'v1.11.3-eksbuild.1'],
  },
  'eks-pod-identity-agent': {
    addonName: 'eks-pod-identity-agent',
    type: 'security',
    defaultVersion: 'v1.3.4-eksbuild.1',
    versions: ['v1.3.4-eksbuild.1'],
  },
};

/**
 * The `env` keys the vpc-cni add-on's configuration schema accepts (its schema has
 * additionalProperties: false, so anything else is refused).
 */
export const VPC_CNI_ENV_KEYS: ReadonlySet<string> = new Set([
  'ADDITIONAL_ENI_TAGS',
  'ANNOTATE_POD_IP',
  'AWS_EC2_ENDPOINT',
  'AWS_EXTERNAL_SERVICE_CIDRS',
  'AWS_MANAGE_ENIS_NON_SCHEDULABLE',
  'AWS_VPC_CNI_NODE_PORT_SUPPORT',
  'AWS_VPC_ENI_MTU',
  'AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  'AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS',
  'AWS_VPC_K8S_CNI_EXTERNALSNAT',
  'AWS_VPC_K8S_CNI_LOGLEVEL',
  'AWS_VPC_K8S_CNI_LOG_FILE',
  'AWS_VPC_K8S_CNI_RANDOMIZESNAT',
  'AWS_VPC_K8S_CNI_VETHPREFIX',
  'AWS_VPC_K8S_PLUGIN_LOG_FILE',
  'AWS_VPC_K8S_PLUGIN_LOG_LEVEL',
  'CLUSTER_ENDPOINT',
  'DISABLE_INTROSPECTION',
  'DISABLE_LEAKED_ENI_CLEANUP',
  'DISABLE_METRICS',
  'DISABLE_NETWORK_RESOURCE_PROVISIONING',
  'ENABLE_IMDS_ONLY_MODE',
  'ENABLE_IPv4',
  'ENABLE_IPv6',
  'ENABLE_NFTABLES',
  'ENABLE_POD_ENI',
  'ENABLE_PREFIX_DELEGATION',
  'ENABLE_SUBNET_DISCOVERY',
  'ENABLE_V6_EGRESS',
  'ENI_CONFIG_ANNOTATION_DEF',
  'ENI_CONFIG_LABEL_DEF',
  'INTROSPECTION_BIND_ADDRESS',
  'IP_COOLDOWN_PERIOD',
  'MAX_ENI',
  'MINIMUM_IP_TARGET',
  'NETWORK_POLICY_ENFORCING_MODE',
  'POD_SECURITY_GROUP_ENFORCING_MODE',
  'WARM_ENI_TARGET',
  'WARM_IP_TARGET',
  'WARM_PREFIX_TARGET',
]);

/** Top-level keys of the vpc-cni configuration schema. */
export const VPC_CNI_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'affinity',
  'enableNetworkPolicy',
  'enableWindowsIpam',
  'enableWindowsPrefixDelegation',
  'eniConfig',
  'env',
  'init',
  'livenessProbeTimeoutSeconds',
  'nodeAgent',
  'podAnnotations',
  'podLabels',
  'readinessProbeTimeoutSeconds',
  'resources',
  'tolerations',
]);
