/**
 * The simulation's own persisted state (plain JSON): what a node booted with, which the API objects
 * do not carry, and ipamd's timers. Everything else lives in the EC2 model (ENIs, addresses) and
 * the Kubernetes store (nodes, pods).
 */
import type { EventRecorderState } from './events.js';
import type { IpamdConfig } from './ipamd/config.js';
import type { MaxPodsSource } from './user-data.js';

export interface SimNodeRecord {
  cluster: string;
  instanceId: string;
  nodeName: string;
  zone: string;
  registeredAt: number;
  maxPods: number;
  maxPodsSource: MaxPodsSource['kind'];
  /** aws-node's configuration: read when ipamd starts (node boot, or a new aws-node pod). */
  ipamd: IpamdConfig;
  /** uid of the aws-node pod whose ipamd runs now: a new pod (a DaemonSet rollout) restarts ipamd. */
  awsNodePod?: string;
  /**
   * ENIs ipamd marked at its start as serving no new pod addresses (subnet discovery, CNI 1.22+: their
   * subnet is tagged `kubernetes.io/role/cni=0`, or opted in for other clusters only).
   */
  excludedEnis?: string[];
  lastInsufficientCidrAt?: number;
  lastDecreaseAt?: number;
  /** The last lines ipamd logged for this node (newest last). */
  ipamdLog: string[];
}

export interface SimState {
  version: 1;
  nodes: Record<string, SimNodeRecord>;
  /** `<cluster>/<pod uid>` -> when the kubelet next retries creating the pod's sandbox. */
  sandboxRetryAt: Record<string, number>;
  /** `<cluster>/<pod uid>` -> when PodGC first saw the pod bound to a Node that does not exist. */
  orphanedSince?: Record<string, number>;
  /** `<cluster>/<pod uid>` -> when the kubelet last ran the pod's DNS readiness probe. */
  probedAt?: Record<string, number>;
  /** Per cluster: the event recorder's rate limits and aggregation (so a restart names Events alike). */
  events?: Record<string, EventRecorderState>;
  /** Per cluster: when its controllers last ran and what makes them run again. */
  schedule?: Record<string, ClusterSchedule>;
  /** The EC2 `instanceGeneration` the simulation last looked at. */
  instanceGeneration?: number;
}

export interface ClusterSchedule {
  /** A watched object (node, pod, workload, ENIConfig) was written since the controllers last ran. */
  dirty?: boolean;
  lastRunAt?: number;
  /** The earliest time a controller asked to run again (a delay, a retry, a cooldown). */
  wakeAt?: number | undefined;
  /**
   * When each controller asked to run again, by name: a wake-up runs only the controllers it is due
   * for. Absent (a state from before it), a due `wakeAt` runs them all.
   */
  wakeBy?: Record<string, number> | undefined;
  /** The cluster's instances and their states when last seen. */
  instances?: string | undefined;
}

export function emptySimState(): SimState {
  return { version: 1, nodes: {}, sandboxRetryAt: {} };
}

const LOG_LINES = 20;

export function ipamdLog(record: SimNodeRecord, line: string): void {
  if (record.ipamdLog[record.ipamdLog.length - 1] === line) return;
  record.ipamdLog.push(line);
  if (record.ipamdLog.length > LOG_LINES) record.ipamdLog.splice(0, record.ipamdLog.length - LOG_LINES);
}
