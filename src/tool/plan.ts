/**
 * plan(): discover, resolve, validate, derive. The library entry point the CLI's `plan` (and `apply`)
 * are thin layers over. Makes no mutating call.
 */
import { createAwsClients } from './adapters/aws.js';
import type { KubeOptions } from './adapters/kube.js';
import { kubeOptionsOf, type ConnectionOptions } from './api/connection.js';
import { loadRequest, requestFromOptions, type PlanFlags, type RequestOptions } from './config/load.js';
import type { PlanRequest } from './config/request.js';
import { discover } from './discover/discover.js';
import { planFromSnapshot } from './planner/derive.js';
import type { Plan } from './planner/types.js';

export interface PlanOptions extends ConnectionOptions, RequestOptions {
  /** A YAML or JSON request file (docs/plan.md); the options given here win over it. */
  config?: string | undefined;
  /** Calls in flight at once during discovery (default 8). */
  concurrency?: number | undefined;
}

export interface PlanWithFlagsOptions {
  flags: PlanFlags;
  region?: string | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
  kube: KubeOptions;
  signal?: AbortSignal | undefined;
  concurrency?: number | undefined;
  /** Let the SDK's warnings through to stderr. */
  verbose?: boolean | undefined;
}

type PlanConnection = Omit<ConnectionOptions, 'cluster' | 'kubeconfig' | 'context' | 'env'> & {
  kube: KubeOptions;
  concurrency?: number | undefined;
};

/** Discovers the cluster the request names and derives its plan. */
export async function planRequest(request: PlanRequest, options: PlanConnection): Promise<Plan> {
  const aws = createAwsClients({
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    credentials: options.credentials,
    verbose: options.verbose,
    env: options.kube.env,
    // plan never writes: the gateway refuses any mutating call it would make.
    readOnly: true,
  });
  try {
    const snapshot = await discover({
      cluster: request.cluster,
      aws,
      kube: { ...options.kube, readOnly: true },
      signal: options.signal,
      concurrency: options.concurrency,
      // Workloads and PodDisruptionBudgets: the plan lists the workloads a rotation puts at risk.
      // The pod subnets' interfaces: room for /28 prefixes counts whole unused blocks.
      include: { scheduling: true, networkInterfaces: request.prefixDelegation === 'on' },
    });
    return planFromSnapshot(snapshot, request);
  } finally {
    aws.destroy();
  }
}

/** The same as plan(), from command-line style flags. */
export async function planWithFlags(options: PlanWithFlagsOptions): Promise<Plan> {
  return planRequest(await loadRequest(options.flags), options);
}

/** Reads the cluster and returns what apply would do, as data. Changes nothing. */
export async function plan(options: PlanOptions): Promise<Plan> {
  const request = await requestFromOptions(options, requestOptionsOf(options));
  return planRequest(request, { ...options, kube: kubeOptionsOf(options) });
}

const CONNECTION_KEYS = new Set<string>([
  'cluster',
  'region',
  'profile',
  'credentials',
  'endpoint',
  'kubeconfig',
  'context',
  'env',
  'signal',
  'verbose',
  'config',
  'concurrency',
  'events',
  'confirm',
  'pollIntervalMs',
  'lockDurationSeconds',
]);

/** The request fields of a library call's options (everything that is not about the connection). */
export function requestOptionsOf(options: object): RequestOptions {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !CONNECTION_KEYS.has(k)));
}
