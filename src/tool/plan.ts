/**
 * plan(): discover, resolve, validate, derive. The library entry point the CLI's `plan` (and `apply`)
 * are thin layers over. Makes no mutating call.
 */
import { createAwsClients } from './adapters/aws.js';
import type { KubeOptions } from './adapters/kube.js';
import { loadRequest, type PlanFlags } from './config/load.js';
import { discover } from './discover/discover.js';
import { planFromSnapshot } from './planner/derive.js';
import type { Plan } from './planner/types.js';

export interface PlanOptions {
  cluster: string;
  region?: string | undefined;
  profile?: string | undefined;
  /** Endpoint for every AWS service (AWS_ENDPOINT_URL does the same). */
  endpoint?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  /** A YAML or JSON request file; the options below win over it. */
  config?: string | undefined;
  cidr?: string | undefined;
  subnetPrefix?: number | 'auto' | undefined;
  zones?: string[] | 'auto' | undefined;
  securityGroups?: string[] | 'auto' | undefined;
  labelDef?: string | undefined;
  nameTagPrefix?: string | undefined;
  rotateNodes?: boolean | undefined;
  allowCapacityLoss?: boolean | undefined;
  allowPublicCidr?: boolean | undefined;
  minMaxPods?: number | undefined;
  drainTimeoutSeconds?: number | undefined;
  mode?: 'auto' | 'subnet-discovery' | 'custom-networking' | undefined;
  prefixDelegation?: 'on' | 'off' | 'keep' | undefined;
  /** `--rotation`: auto (rolling for a node group with a launch template, else replace), rolling, replace, none. */
  rotation?: 'auto' | 'rolling' | 'replace' | 'none' | undefined;
  /** Environment for KUBECONFIG / HOME lookups (default process.env). */
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  /** Calls in flight at once during discovery (default 8). */
  concurrency?: number | undefined;
}

const listFlag = (v: string[] | 'auto' | undefined) =>
  v === undefined ? undefined : v === 'auto' ? 'auto' : v.join(',');
const numFlag = (v: number | 'auto' | undefined) => (v === undefined ? undefined : String(v));

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

/** The same as plan(), from command-line style flags. */
export async function planWithFlags(options: PlanWithFlagsOptions): Promise<Plan> {
  const request = await loadRequest(options.flags);
  const aws = createAwsClients({
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    verbose: options.verbose,
    env: options.kube.env,
  });
  try {
    const snapshot = await discover({
      cluster: request.cluster,
      aws,
      kube: options.kube,
      signal: options.signal,
      concurrency: options.concurrency,
      // Workloads and PodDisruptionBudgets: the plan lists the workloads a rotation puts at risk.
      include: { scheduling: true },
    });
    return planFromSnapshot(snapshot, request);
  } finally {
    aws.destroy();
  }
}

export function plan(options: PlanOptions): Promise<Plan> {
  return planWithFlags({
    flags: {
      cluster: options.cluster,
      region: options.region,
      config: options.config,
      cidr: options.cidr,
      subnetPrefix: numFlag(options.subnetPrefix),
      zones: listFlag(options.zones),
      securityGroups: listFlag(options.securityGroups),
      labelDef: options.labelDef,
      nameTagPrefix: options.nameTagPrefix,
      rotateNodes: options.rotateNodes,
      allowCapacityLoss: options.allowCapacityLoss,
      allowPublicCidr: options.allowPublicCidr,
      minMaxPods: numFlag(options.minMaxPods),
      drainTimeout: numFlag(options.drainTimeoutSeconds),
      mode: options.mode,
      prefixDelegation: options.prefixDelegation,
      rotation: options.rotation,
    },
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    kube: { kubeconfig: options.kubeconfig, context: options.context, env: options.env ?? process.env },
    signal: options.signal,
    concurrency: options.concurrency,
  });
}
