/**
 * Captures a snapshot file of a cluster: one read-only discovery (Describe/List/Get only, every list
 * paged, calls in parallel within the concurrency bound) with the extra reads a twin needs (every
 * ENI of the VPC, every add-on, scheduling facts), then reduced (reduce.ts) and optionally anonymized.
 */
import type { SnapshotFile } from '../../shared/snapshot/schema.js';
import type { AwsClients } from '../adapters/aws.js';
import type { KubeOptions } from '../adapters/kube.js';
import { discover } from '../discover/discover.js';
import { anonymize } from './anonymize.js';
import { toSnapshotFile } from './reduce.js';

export interface CaptureOptions {
  cluster: string;
  aws: AwsClients;
  kube: KubeOptions;
  anonymize?: boolean | undefined;
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  /** The capture time (tests pass a fixed one). */
  now?: (() => Date) | undefined;
}

export async function captureSnapshot(options: CaptureOptions): Promise<SnapshotFile> {
  const discovered = await discover({
    cluster: options.cluster,
    aws: options.aws,
    kube: options.kube,
    concurrency: options.concurrency,
    signal: options.signal,
    include: { networkInterfaces: true, scheduling: true, addons: true },
  });
  const file = toSnapshotFile(discovered, (options.now?.() ?? new Date()).toISOString());
  return options.anonymize ? anonymize(file) : file;
}

/** One line per count, for the command's summary on stderr. */
export function describeSnapshot(file: SnapshotFile): string {
  const k = file.kube;
  return (
    `cluster ${file.cluster.name} (${file.region}): ${file.subnets.length} subnets, ` +
    `${file.nodegroups.length} node groups, ${k.nodes.length} nodes, ${k.pods.length} pods, ` +
    `${k.workloads.length} workloads, ${k.podDisruptionBudgets.length} PodDisruptionBudgets` +
    (file.anonymized ? ' (anonymized)' : '')
  );
}
