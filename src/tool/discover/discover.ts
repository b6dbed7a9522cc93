/**
 * Discovery: from a cluster name alone to a ClusterSnapshot, read-only. The EKS cluster is described
 * first (its VPC and endpoint drive everything else); then the AWS side and the Kubernetes side are
 * read in parallel.
 */
import type { AwsClients } from '../adapters/aws.js';
import { loadKubeAccess, type KubeOptions } from '../adapters/kube.js';
import { learnInstanceTypes } from '../adapters/instance-types.js';
import { isUserError } from '../../shared/errors.js';
import { withCallScope } from '../gateway/retry-layer.js';
import { callerAccount, describeEksCluster, discoverAws, type DiscoveredAddon } from './aws-discovery.js';
import { discoverKube, type KubeSide } from './kube-discovery.js';
import type { ClusterSnapshot, SnapshotCni } from './snapshot.js';

export interface DiscoverOptions {
  cluster: string;
  aws: AwsClients;
  kube: KubeOptions;
  /** Calls in flight at once (default 8). */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Extra reads for doctor and the address map: every ENI of the VPC, pods' sandbox failures. */
  include?:
    | {
        networkInterfaces?: boolean;
        podEvents?: boolean;
        /** snapshot: node capacity and taints, pod requests, workloads, PDBs. */
        scheduling?: boolean;
        /** snapshot: every add-on with its configuration. */
        addons?: boolean;
      }
    | undefined;
}

/** Which CNI install the cluster has: the managed add-on wins over the DaemonSet it manages. */
export function cniOf(addon: DiscoveredAddon | undefined, awsNode: KubeSide['awsNode']): SnapshotCni {
  if (addon) {
    return {
      install: 'managed-addon',
      addonVersion: addon.addonVersion,
      configurationValues: addon.configurationValues,
      ...(addon.serviceAccountRoleArn ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
      ...(addon.availableVersions ? { availableVersions: addon.availableVersions } : {}),
      ...(awsNode?.image ? { image: awsNode.image } : {}),
      env: awsNode?.env ?? {},
    };
  }
  if (awsNode) return { install: 'self-managed', image: awsNode.image, env: awsNode.env };
  return { install: 'absent', env: {} };
}

/**
 * The cluster as it is. Under the caller's signal: a retry's backoff inside discovery ends as soon as
 * the user stops the command (Ctrl-C), not when the retry policy gives up.
 */
export function discover(options: DiscoverOptions): Promise<ClusterSnapshot> {
  return options.signal
    ? withCallScope({ signal: options.signal }, () => discoverNow(options))
    : discoverNow(options);
}

async function discoverNow(options: DiscoverOptions): Promise<ClusterSnapshot> {
  const concurrency = options.concurrency ?? 8;
  const signal = options.signal;
  const [cluster, accountId, region] = await Promise.all([
    describeEksCluster(options.aws, options.cluster),
    callerAccount(options.aws),
    options.aws.region(),
  ]);
  const access = await loadKubeAccess(
    { ...options.kube },
    { name: cluster.name, endpoint: cluster.endpoint },
  );
  const [awsSide, kubeSide] = await Promise.all([
    discoverAws(options.aws, cluster, {
      concurrency,
      signal,
      networkInterfaces: options.include?.networkInterfaces,
      addons: options.include?.addons,
    }),
    discoverKube(access.kubeConfig, {
      concurrency,
      signal,
      cluster: cluster.name,
      podEvents: options.include?.podEvents,
      scheduling: options.include?.scheduling,
    }),
  ]);
  // Types the static table lacks: their limits from DescribeInstanceTypes, for every max-pods below.
  // An identity without ec2:DescribeInstanceTypes still plans: those types stay unknown (a warning).
  await learnInstanceTypes(
    options.aws,
    [
      ...awsSide.nodegroups.flatMap((ng) => ng.instanceTypes),
      ...kubeSide.kube.nodes.flatMap((n) => (n.instanceType ? [n.instanceType] : [])),
    ],
    signal,
  ).catch((err: unknown) => {
    if (!(isUserError(err) && err.code === 'E_AWS_ACCESS_DENIED')) throw err;
  });
  const { addon, ...rest } = awsSide;
  return { region, accountId, ...rest, cni: cniOf(addon, kubeSide.awsNode), kube: kubeSide.kube };
}
