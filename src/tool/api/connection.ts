/**
 * What every library call needs to reach one cluster: AWS (region, profile or credentials, endpoint)
 * and Kubernetes (kubeconfig, context), plus the AbortSignal that stops it and the events callback
 * that replaces printing.
 */
import { createReporter, type ProgressEvent, type ProgressReporter } from '../engine/progress/events.js';
import type { VerifyEvent } from '../verify/events.js';
import type { KubeOptions } from '../adapters/kube.js';
import { connect, type Connection } from '../steps/connect.js';

export interface ConnectionOptions {
  /** The EKS cluster's name. */
  cluster: string;
  region?: string | undefined;
  /** A profile of the shared AWS config files. */
  profile?: string | undefined;
  /** Explicit credentials; otherwise the standard chain (environment, profile, SSO, instance role). */
  credentials?:
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
  /** One endpoint for EC2, EKS and STS (AWS_ENDPOINT_URL does the same), e.g. a sandbox's. */
  endpoint?: string | undefined;
  /** A kubeconfig file; otherwise KUBECONFIG or ~/.kube/config, as kubectl reads them. */
  kubeconfig?: string | undefined;
  /** The kubeconfig context; it must point at the cluster's endpoint. Default: the one that does. */
  context?: string | undefined;
  /** Environment for AWS_PROFILE, KUBECONFIG and HOME lookups (default process.env). */
  env?: Record<string, string | undefined> | undefined;
  /** Stops the call: no new step starts, the lock is released, an E_INTERRUPTED error is thrown. */
  signal?: AbortSignal | undefined;
  /** Let the AWS SDK's own warnings through to stderr (dropped otherwise). */
  verbose?: boolean | undefined;
}

/** What report tells as it goes: its discovery's start and end. */
export type ReportEvent =
  | { type: 'discovery-start'; cluster: string }
  | { type: 'discovery-done'; cluster: string; nodes: number; pods: number; subnets: number };

/** Every event the library reports: apply's and destroy's engine events, verify's and report's own. */
export type LibraryEvent = ProgressEvent | VerifyEvent | ReportEvent;

/** An event as the library hands it to `events`: `type`, `time` (ISO 8601) and the event's fields. */
export type ToolEvent = LibraryEvent & { time: string };
export type ToolEventHandler = (event: ToolEvent) => void;

export interface EventOptions {
  /**
   * Called with each event as it happens (steps started, finished, retried or skipped, notices;
   * verify's and report's progress); nothing is printed.
   */
  events?: ToolEventHandler | undefined;
}

export function kubeOptionsOf(options: ConnectionOptions): KubeOptions {
  return { kubeconfig: options.kubeconfig, context: options.context, env: options.env ?? process.env };
}

export function openConnection(
  options: ConnectionOptions,
  access: { readOnly?: boolean } = {},
): Promise<Connection> {
  return connect({
    readOnly: access.readOnly,
    cluster: options.cluster,
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    credentials: options.credentials,
    kube: kubeOptionsOf(options),
    verbose: options.verbose,
  });
}

/** Hands an event to the callback (if any), stamped with the time. */
export function eventEmitter(
  events: ToolEventHandler | undefined,
  now: () => number,
): (event: LibraryEvent) => void {
  return (event) => events?.({ ...event, time: new Date(now()).toISOString() });
}

/** The engine's reporter feeding a callback (or nothing). */
export function eventReporter(events: ToolEventHandler | undefined, now: () => number): ProgressReporter {
  return createReporter({ render: (e) => events?.(e), close: () => undefined }, now);
}

export const neverAborted: AbortSignal = new AbortController().signal;
