/**
 * The sandbox's world: the environment every model shares (clock, IDs, region, account, timing)
 * and the service models themselves, built in dependency order from a persisted snapshot. Adding a
 * model is one line in `createWorld` and one field in `World`/`WorldState`.
 */
import type { Clock } from './core/clock.js';
import { SeededIds, type IdState } from './core/ids.js';
import { Ec2Model, type Ec2State } from './services/ec2/model.js';
import { KubeClusters, type KubeClustersState } from './services/kube/clusters.js';
import { EksModel } from './services/eks/model.js';
import { eksKubePort } from './services/eks/kube-port.js';
import type { EksState } from './services/eks/types.js';
import { createSimulation, type Simulation, type SimState } from './sim/index.js';

/** Configurable delays of AWS's asynchronous transitions, in milliseconds. */
export interface Timing {
  /** VPC CIDR block `associating` -> `associated`. */
  cidrAssociate: number;
  /** VPC CIDR block `disassociating` -> gone. */
  cidrDisassociate: number;
  /** EKS cluster CREATING -> ACTIVE. */
  clusterCreate: number;
  /** EKS cluster DELETING -> gone. */
  clusterDelete: number;
  /** EKS node group CREATING -> ACTIVE. */
  nodegroupCreate: number;
  /** EKS node group UPDATING -> ACTIVE. */
  nodegroupUpdate: number;
  /** EKS node group DELETING -> gone. */
  nodegroupDelete: number;
  /** EKS add-on UPDATING -> ACTIVE. */
  addonUpdate: number;
  /** EKS Fargate profile CREATING -> ACTIVE. */
  fargateProfileCreate: number;
  /** EC2 instance pending -> running. */
  instanceBoot: number;
  /** EC2 instance shutting-down -> terminated. */
  instanceTerminate: number;
  /** NAT gateway pending -> available. */
  natGatewayCreate: number;
  /** Node Ready after its instance is running. */
  nodeReady: number;
  /** Pod ContainerCreating -> Running once it has an address. */
  podStart: number;
  /** ipamd's pause after an InsufficientFreeAddresses / InsufficientCidrBlocks error (the CNI's 2 minutes). */
  insufficientCidrCooldown: number;
}

/** Short enough for an interactive demo, long enough that waiters see the intermediate states. */
export const defaultTiming: Timing = {
  cidrAssociate: 2_000,
  cidrDisassociate: 2_000,
  clusterCreate: 5_000,
  clusterDelete: 5_000,
  nodegroupCreate: 5_000,
  nodegroupUpdate: 3_000,
  nodegroupDelete: 5_000,
  addonUpdate: 3_000,
  fargateProfileCreate: 3_000,
  instanceBoot: 2_000,
  instanceTerminate: 2_000,
  natGatewayCreate: 2_000,
  nodeReady: 1_000,
  podStart: 500,
  insufficientCidrCooldown: 120_000,
};

/**
 * Every transition delay zero: transitions complete on the next tick (tests that do not care about
 * timing). ipamd's cooldown stays: it is a retry policy, and zero would make ipamd retry every tick.
 */
export const instantTiming: Timing = {
  ...(Object.fromEntries(Object.keys(defaultTiming).map((k) => [k, 0])) as unknown as Timing),
  insufficientCidrCooldown: defaultTiming.insufficientCidrCooldown,
};

export interface SandboxEnv {
  clock: Clock;
  ids: SeededIds;
  region: string;
  accountId: string;
  timing: Timing;
}

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** The persisted state: plain JSON, one member per model. */
export interface WorldState {
  version: 1;
  region: string;
  accountId: string;
  ids: IdState;
  ec2?: unknown;
  eks?: unknown;
  kube?: unknown;
  sim?: unknown;
}

/**
 * How EKS learns its clusters' Kubernetes endpoints and CA: filled in once the HTTPS listener is up
 * (its port may be chosen at random) and the CA is loaded; read lazily by DescribeCluster.
 */
export class KubeLink {
  baseUrl = '';
  caPem = '';
  endpointFor(cluster: string): string {
    return `${this.baseUrl}/k8s/${encodeURIComponent(cluster)}`;
  }
  /** Base64 of the CA's PEM, as EKS returns `certificateAuthority.data`. */
  caData(): string {
    return Buffer.from(this.caPem, 'utf8').toString('base64');
  }
}

/** What every model offers the world: its state for persistence, and time-driven transitions. */
export interface WorldModel {
  snapshot(): unknown;
  /** Return false when nothing changed, so the server can skip rewriting the state. */
  tick?(now: number): boolean | void;
}

export interface World {
  readonly env: SandboxEnv;
  readonly kubeLink: KubeLink;
  readonly ec2: Ec2Model;
  readonly kube: KubeClusters;
  readonly eks: EksModel;
  readonly sim: Simulation;
  /** Advances every model's time-based transitions to `env.clock.now()`; true when anything changed. */
  tick(): boolean;
  snapshot(): WorldState;
  /** Names of the EKS clusters (for the kubeconfig). */
  clusterNames(): string[];
}

export interface WorldOptions {
  clock: Clock;
  region?: string | undefined;
  accountId?: string | undefined;
  timing?: Partial<Timing> | undefined;
  seed?: number | undefined;
  kubeLink?: KubeLink | undefined;
}

type ModelName = 'ec2' | 'eks' | 'kube' | 'sim';

export function createWorld(options: WorldOptions, state?: WorldState): World {
  const ids: IdState = state ? { ...state.ids } : { seed: options.seed ?? 1, counter: 0 };
  const env: SandboxEnv = {
    clock: options.clock,
    ids: new SeededIds(ids),
    region: state?.region ?? options.region ?? DEFAULT_REGION,
    accountId: state?.accountId ?? options.accountId ?? DEFAULT_ACCOUNT_ID,
    timing: { ...defaultTiming, ...options.timing },
  };
  const kubeLink = options.kubeLink ?? new KubeLink();
  // Models, in dependency order: EKS links each cluster to its Kubernetes store; the simulation uses all.
  const ec2 = new Ec2Model(env, state?.ec2 as Ec2State | undefined);
  const kube = new KubeClusters(env, state?.kube as KubeClustersState | undefined);
  const eks = new EksModel(env, ec2, eksKubePort(kube, kubeLink), state?.eks as EksState | undefined);
  const sim = createSimulation(env, ec2, eks, kube, state?.sim as SimState | undefined);
  const models: Partial<Record<ModelName, WorldModel>> = { ec2, kube, eks, sim };
  return {
    env,
    kubeLink,
    ec2,
    kube,
    eks,
    sim,
    tick() {
      const now = env.clock.now();
      let changed = false;
      for (const model of Object.values(models)) if (model.tick && model.tick(now) !== false) changed = true;
      return changed;
    },
    snapshot(): WorldState {
      const out: WorldState = { version: 1, region: env.region, accountId: env.accountId, ids: { ...ids } };
      for (const [name, model] of Object.entries(models) as [ModelName, WorldModel][])
        out[name] = model.snapshot();
      return out;
    },
    clusterNames: () => eks.listClusters(),
  };
}
