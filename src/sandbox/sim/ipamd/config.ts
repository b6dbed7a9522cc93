/**
 * ipamd's configuration, read from the aws-node container's environment the way ipamd reads it
 * (aws/amazon-vpc-cni-k8s pkg/ipamd/ipamd.go, pkg/eniconfig): booleans with Go's strconv.ParseBool,
 * counts with strconv.Atoi, invalid or negative values falling back to the defaults. A node keeps
 * the configuration its aws-node started with until it is replaced.
 */
import type { DaemonSet, PodSpec } from '../kube-types.js';

export interface IpamdConfig {
  /** AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG (default false). */
  customNetworking: boolean;
  /** ENABLE_PREFIX_DELEGATION (default false; needs a Nitro instance). */
  prefixDelegation: boolean;
  /** ENABLE_SUBNET_DISCOVERY (default true, CNI 1.18+). */
  subnetDiscovery: boolean;
  /** WARM_ENI_TARGET (default 1). */
  warmEniTarget: number;
  /** WARM_IP_TARGET (0 = not set). */
  warmIpTarget: number;
  /** MINIMUM_IP_TARGET (0 = not set). */
  minimumIpTarget: number;
  /** WARM_PREFIX_TARGET (default 1, as the add-on's manifest sets it). */
  warmPrefixTarget: number;
  /** MAX_ENI (-1 = the instance type's limit). */
  maxEni: number;
  /** AWS_MANAGE_ENIS_NON_SCHEDULABLE (default false): cordoned nodes get no new ENIs or IPs. */
  manageEnisNonSchedulable: boolean;
  /** ENI_CONFIG_LABEL_DEF (default k8s.amazonaws.com/eniConfig). */
  eniConfigLabelDef: string;
  /** ENI_CONFIG_ANNOTATION_DEF (default k8s.amazonaws.com/eniConfig). */
  eniConfigAnnotationDef: string;
  /** CLUSTER_NAME, tagged on the ENIs ipamd creates when set. */
  clusterName?: string;
  /** The CNI version, from the aws-node image tag (`v1.19.2-eksbuild.1`). */
  cniVersion?: string;
}

export const DEFAULT_ENI_CONFIG_DEF = 'k8s.amazonaws.com/eniConfig';

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function count(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 0 ? n : fallback;
}

export function ipamdConfigFromEnv(env: Record<string, string>, image?: string): IpamdConfig {
  const maxEni = /^[+-]?\d+$/.test(env.MAX_ENI ?? '') ? Number(env.MAX_ENI) : -1;
  const config: IpamdConfig = {
    customNetworking: parseGoBool(env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG) ?? false,
    prefixDelegation: parseGoBool(env.ENABLE_PREFIX_DELEGATION) ?? false,
    subnetDiscovery: parseGoBool(env.ENABLE_SUBNET_DISCOVERY) ?? true,
    warmEniTarget: count(env.WARM_ENI_TARGET, 1),
    warmIpTarget: count(env.WARM_IP_TARGET, 0),
    minimumIpTarget: count(env.MINIMUM_IP_TARGET, 0),
    warmPrefixTarget: count(env.WARM_PREFIX_TARGET, 1),
    maxEni: maxEni >= 1 ? maxEni : -1,
    manageEnisNonSchedulable: parseGoBool(env.AWS_MANAGE_ENIS_NON_SCHEDULABLE) ?? false,
    eniConfigLabelDef: env.ENI_CONFIG_LABEL_DEF || DEFAULT_ENI_CONFIG_DEF,
    eniConfigAnnotationDef: env.ENI_CONFIG_ANNOTATION_DEF || DEFAULT_ENI_CONFIG_DEF,
  };
  if (env.CLUSTER_NAME) config.clusterName = env.CLUSTER_NAME;
  const tag = image ? /:(v\d+\.\d+\.\d+[^@]*)/.exec(image)?.[1] : undefined;
  if (tag) config.cniVersion = tag;
  return config;
}

/** The aws-node container's literal env values and image (valueFrom entries are the pod's own business). */
export function awsNodeContainer(ds: DaemonSet | undefined): { env: Record<string, string>; image?: string } {
  return awsNodeContainerOf(ds?.spec.template.spec);
}

/** The same, from a pod spec (the aws-node pod a node runs). */
export function awsNodeContainerOf(spec: PodSpec | undefined): {
  env: Record<string, string>;
  image?: string;
} {
  const containers = spec?.containers ?? [];
  const container = containers.find((c) => c.name === 'aws-node') ?? containers[0];
  const env: Record<string, string> = {};
  for (const e of container?.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return container?.image ? { env, image: container.image } : { env };
}

/**
 * The ENIConfig name for a node (pkg/eniconfig GetNodeSpecificENIConfigName): the
 * `vpc.amazonaws.com/externalEniConfig` label, else the annotation named by ENI_CONFIG_ANNOTATION_DEF,
 * else the label named by ENI_CONFIG_LABEL_DEF, else `default`.
 */
export function eniConfigNameFor(
  node: { labels?: Record<string, string>; annotations?: Record<string, string> },
  config: Pick<IpamdConfig, 'eniConfigLabelDef' | 'eniConfigAnnotationDef'>,
): string {
  const labels = node.labels ?? {};
  const annotations = node.annotations ?? {};
  return (
    labels['vpc.amazonaws.com/externalEniConfig'] ??
    annotations[config.eniConfigAnnotationDef] ??
    labels[config.eniConfigLabelDef] ??
    'default'
  );
}
