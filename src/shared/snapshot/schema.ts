/**
 * The snapshot file (docs/snapshot.md): what `eks-cidr snapshot` writes and `eks-cidr sandbox up
 * --from` reads to build a twin of a cluster. Versioned; validated with zod on both sides. It holds
 * the cluster's shape and how full it is, never a secret: no env value of a workload, no container
 * args, volumes or images, no annotation other than the VPC CNI's. Pure: no I/O.
 */
import { z } from 'zod';

export const SNAPSHOT_FORMAT = 'eks-cidr.snapshot';
export const SNAPSHOT_VERSION = 1;

const tag = z.object({ key: z.string(), value: z.string() });
const stringMap = z.record(z.string(), z.string());
/** Kubernetes quantities as the API writes them (`100m`, `128Mi`, `29`). */
const resourceList = z.record(z.string(), z.string());

const labelSelector = z.object({
  matchLabels: stringMap.optional(),
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }))
    .optional(),
});

const taint = z.object({ key: z.string(), value: z.string().optional(), effect: z.string() });

export const snapshotClusterSchema = z.object({
  name: z.string(),
  version: z.string(),
  status: z.string(),
  vpcId: z.string(),
  subnetIds: z.array(z.string()),
  clusterSecurityGroupId: z.string().optional(),
  securityGroupIds: z.array(z.string()),
  ipFamily: z.string().optional(),
});

const subnet = z.object({
  subnetId: z.string(),
  cidr: z.string(),
  zone: z.string(),
  zoneId: z.string().optional(),
  availableIpAddressCount: z.number().int().nonnegative(),
  tags: z.array(tag),
});

const routeTable = z.object({
  routeTableId: z.string(),
  main: z.boolean(),
  associations: z.array(
    z.object({ associationId: z.string(), subnetId: z.string().optional(), main: z.boolean() }),
  ),
  routes: z.array(z.object({ destination: z.string(), target: z.string(), state: z.string().optional() })),
});

const securityGroup = z.object({
  groupId: z.string(),
  groupName: z.string(),
  rules: z.array(
    z.object({
      isEgress: z.boolean(),
      protocol: z.string(),
      fromPort: z.number().int().optional(),
      toPort: z.number().int().optional(),
      cidr: z.string().optional(),
      groupId: z.string().optional(),
    }),
  ),
});

/** Addresses held in one subnet: by the cluster's nodes, and by every other tenant of the subnet. */
const subnetUse = z.object({
  subnetId: z.string(),
  networkInterfaces: z.number().int().nonnegative(),
  /** Private addresses of every ENI in the subnet (primary and secondary). */
  addresses: z.number().int().nonnegative(),
  /** Delegated /28 prefixes. */
  prefixes: z.number().int().nonnegative(),
  /** Of `addresses`, those on ENIs attached to the cluster's nodes. */
  clusterAddresses: z.number().int().nonnegative(),
  clusterPrefixes: z.number().int().nonnegative(),
});

const instanceEni = z.object({
  deviceIndex: z.number().int().nonnegative(),
  subnetId: z.string(),
  /** The ENI's primary private address (the node's name derives from device 0's). */
  primaryAddress: z.string().optional(),
  addresses: z.number().int().nonnegative(),
  prefixes: z.number().int().nonnegative(),
});

const instanceUse = z.object({
  instanceId: z.string(),
  networkInterfaces: z.array(instanceEni),
});

/** The part of a launch template's user data that decides kubelet max-pods; nothing else of it. */
const maxPodsUserData = z.object({
  /** `bootstrap.sh` (AL2), `nodeadm` (AL2023 NodeConfig), or `none` when the user data has neither. */
  bootstrap: z.enum(['bootstrap.sh', 'nodeadm', 'none']),
  maxPods: z.number().int().positive().optional(),
  /** `--use-max-pods false` (AL2): the bootstrap leaves max-pods to the kubelet flag. */
  useMaxPods: z.boolean().optional(),
});

const nodegroup = z.object({
  name: z.string(),
  status: z.string(),
  instanceTypes: z.array(z.string()),
  subnets: z.array(z.string()),
  amiType: z.string().optional(),
  capacityType: z.string().optional(),
  releaseVersion: z.string().optional(),
  nodeRole: z.string(),
  scaling: z.object({ minSize: z.number(), maxSize: z.number(), desiredSize: z.number() }),
  updateConfig: z
    .object({ maxUnavailable: z.number().optional(), maxUnavailablePercentage: z.number().optional() })
    .optional(),
  labels: stringMap,
  taints: z.array(taint),
  tags: stringMap,
  diskSize: z.number().optional(),
  launchTemplate: z
    .object({
      id: z.string(),
      name: z.string().optional(),
      version: z.string(),
      imageId: z.string().optional(),
      instanceType: z.string().optional(),
      userData: maxPodsUserData.optional(),
    })
    .optional(),
});

const addon = z.object({
  name: z.string(),
  version: z.string(),
  configurationValues: z.string().optional(),
});

const cni = z.object({
  install: z.enum(['managed-addon', 'self-managed', 'absent']),
  addonVersion: z.string().optional(),
  configurationValues: z.string().optional(),
  image: z.string().optional(),
  /** aws-node's literal env values (references to secrets and config maps are left out). */
  env: stringMap,
});

const node = z.object({
  name: z.string(),
  instanceId: z.string().optional(),
  zone: z.string().optional(),
  instanceType: z.string().optional(),
  nodegroup: z.string().optional(),
  labels: stringMap,
  /** Only the VPC CNI's annotations (k8s.amazonaws.com/*, vpc.amazonaws.com/*, ENI_CONFIG_ANNOTATION_DEF). */
  annotations: stringMap,
  taints: z.array(taint),
  unschedulable: z.boolean(),
  capacity: resourceList,
  allocatable: resourceList,
  conditions: z.array(z.object({ type: z.string(), status: z.string() })),
});

const owner = z.object({ kind: z.string(), name: z.string() });

const pod = z.object({
  namespace: z.string(),
  name: z.string(),
  owner: owner.optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean(),
  phase: z.string(),
  hasAddress: z.boolean(),
  labels: stringMap,
  /** Requests of each container, in order. */
  requests: z.array(resourceList),
});

/** A pod template reduced to what the scheduler reads. */
const podTemplate = z.object({
  labels: stringMap,
  containers: z.array(z.object({ name: z.string(), requests: resourceList, limits: resourceList })),
  nodeSelector: stringMap.optional(),
  tolerations: z.array(z.record(z.string(), z.unknown())).optional(),
  affinity: z.record(z.string(), z.unknown()).optional(),
  topologySpreadConstraints: z.array(z.record(z.string(), z.unknown())).optional(),
  hostNetwork: z.boolean().optional(),
  priorityClassName: z.string().optional(),
});

const workload = z.object({
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']),
  namespace: z.string(),
  name: z.string(),
  replicas: z.number().int().nonnegative().optional(),
  /** StatefulSets only; absent means OrderedReady. */
  podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).optional(),
  selector: labelSelector,
  template: podTemplate,
});

const pdb = z.object({
  namespace: z.string(),
  name: z.string(),
  selector: labelSelector,
  minAvailable: z.union([z.number(), z.string()]).optional(),
  maxUnavailable: z.union([z.number(), z.string()]).optional(),
});

const eniConfig = z.object({
  name: z.string(),
  subnet: z.string().optional(),
  securityGroups: z.array(z.string()),
  labels: stringMap,
});

export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  capturedAt: z.string(),
  anonymized: z.boolean(),
  region: z.string(),
  accountId: z.string().optional(),
  cluster: snapshotClusterSchema,
  vpc: z.object({
    vpcId: z.string(),
    cidrAssociations: z.array(z.object({ associationId: z.string(), cidr: z.string(), state: z.string() })),
    tags: z.array(tag),
  }),
  zones: z.array(z.object({ zoneName: z.string(), zoneId: z.string(), state: z.string() })),
  subnets: z.array(subnet),
  routeTables: z.array(routeTable),
  securityGroups: z.array(securityGroup),
  addressUse: z.object({ subnets: z.array(subnetUse), instances: z.array(instanceUse) }),
  nodegroups: z.array(nodegroup),
  addons: z.array(addon),
  cni,
  fargateProfiles: z.array(z.object({ name: z.string(), subnets: z.array(z.string()) })),
  kube: z.object({
    nodes: z.array(node),
    pods: z.array(pod),
    workloads: z.array(workload),
    podDisruptionBudgets: z.array(pdb),
    eniConfigs: z.array(eniConfig),
    eniConfigCrd: z.object({ present: z.boolean(), versions: z.array(z.string()) }),
  }),
});

export type SnapshotFile = z.infer<typeof snapshotFileSchema>;
export type SnapshotFileNode = SnapshotFile['kube']['nodes'][number];
export type SnapshotFilePod = SnapshotFile['kube']['pods'][number];
export type SnapshotFileWorkload = SnapshotFile['kube']['workloads'][number];
export type SnapshotFileNodegroup = SnapshotFile['nodegroups'][number];
export type SnapshotFileSubnetUse = SnapshotFile['addressUse']['subnets'][number];
export type SnapshotFileInstanceUse = SnapshotFile['addressUse']['instances'][number];
export type MaxPodsUserData = z.infer<typeof maxPodsUserData>;

/** Why a document is not a snapshot this version reads: one line per problem, with its field path. */
export function snapshotProblems(value: unknown): string[] {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === SNAPSHOT_FORMAT &&
    (value as { version?: unknown }).version !== SNAPSHOT_VERSION
  ) {
    return [
      `version ${String((value as { version?: unknown }).version)} is not supported (this eks-cidr reads version ${SNAPSHOT_VERSION})`,
    ];
  }
  const result = snapshotFileSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Parses a snapshot document; throws an Error listing every problem. */
export function parseSnapshotFile(value: unknown): SnapshotFile {
  const problems = snapshotProblems(value);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return snapshotFileSchema.parse(value);
}
