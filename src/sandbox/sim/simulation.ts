/**
 * The simulated data plane of every EKS cluster in the sandbox: nodes for the instances EKS
 * launched, the workload controllers, the scheduler, and kubelets with the VPC CNI's ipamd, all run
 * by one reconcile engine on each tick. State lives in the models (EC2: ENIs and addresses;
 * Kubernetes: objects); the simulation keeps only what those do not carry (`SimState`).
 */
import { daemonSetController } from './daemonset-controller.js';
import { deploymentController } from './deployment-controller.js';
import {
  runControllers,
  WRITE_BUDGET_PER_TICK,
  type ClusterContext,
  type Controller,
  type EngineResult,
} from './engine.js';
import { emptyEventRecorderState, EventRecorder } from './events.js';
import { sharedFacts } from './facts.js';
import { garbageCollector } from './garbage-collector.js';
import { DAEMONSETS, DEPLOYMENTS, ENICONFIGS, NODES, PODS, REPLICASETS, STATEFULSETS } from './kube-types.js';
import { kubeletController } from './kubelet.js';
import { clusterOfInstance, nodeLifecycleController } from './node-lifecycle.js';
import type {
  SimEc2,
  SimEks,
  SimEni,
  SimEnv,
  SimFacts,
  SimInstance,
  SimKube,
  SimKubeStore,
} from './ports.js';
import { replicaSetController } from './replicaset-controller.js';
import { statefulSetController } from './statefulset-controller.js';
import { schedulerController } from './scheduler-controller.js';
import { emptySimState, type ClusterSchedule, type SimState } from './sim-state.js';
import { TickStore } from './tick-store.js';

/** In dependency order, so one pass carries a change as far as it can go. */
export const CONTROLLERS: readonly Controller[] = [
  nodeLifecycleController,
  garbageCollector,
  deploymentController,
  replicaSetController,
  statefulSetController,
  daemonSetController,
  schedulerController,
  kubeletController,
];

/**
 * A cluster with no changes and no timer due (readiness, retries, cooldowns: controllers ask with
 * `requeueAt`) is left alone; this is the safety net for changes no watch reports.
 */
export const IDLE_INTERVAL_MS = 30_000;

interface ClusterRuntime {
  store: SimKubeStore;
  events: EventRecorder;
  unwatch: (() => void)[];
}

export class Simulation {
  private state: SimState;
  private readonly runtimes = new Map<string, ClusterRuntime>();
  /** Without `instanceGeneration` (test fakes), instances are listed at most this often. */
  private instancesCheckedAt: number | undefined;
  private instanceCount = 0;
  /**
   * Writes per cluster per tick before the engine yields (it bounds how long one request waits on
   * the simulation). A scenario build, which serves nobody, lifts it so a big workload settles in a
   * few ticks instead of one tick per 1,500 writes (each tick lists every pod).
   */
  writeBudgetPerTick = WRITE_BUDGET_PER_TICK;
  /** The last engine result per cluster, for diagnostics. */
  readonly lastResults = new Map<string, EngineResult>();

  constructor(
    private readonly env: SimEnv,
    private readonly ec2: SimEc2,
    private readonly eks: SimEks,
    private readonly kube: SimKube,
    state?: SimState,
    private readonly facts: SimFacts = sharedFacts,
    private readonly controllers: readonly Controller[] = CONTROLLERS,
  ) {
    this.state = state ? structuredClone(state) : emptySimState();
  }

  /** When a cluster's controllers run (persisted, so a restarted sandbox runs them at the same times). */
  private schedule(cluster: string): ClusterSchedule {
    return ((this.state.schedule ??= {})[cluster] ??= { dirty: true });
  }

  private runtime(cluster: string, store: SimKubeStore): ClusterRuntime {
    const existing = this.runtimes.get(cluster);
    if (existing && existing.store === store) return existing;
    for (const stop of existing?.unwatch ?? []) stop();
    const recorded = ((this.state.events ??= {})[cluster] ??= emptyEventRecorderState());
    const runtime: ClusterRuntime = { store, events: new EventRecorder(store, recorded), unwatch: [] };
    if (store.watch) {
      for (const ref of [NODES, PODS, DEPLOYMENTS, REPLICASETS, STATEFULSETS, DAEMONSETS, ENICONFIGS]) {
        runtime.unwatch.push(store.watch(ref, () => (this.schedule(cluster).dirty = true)));
      }
    } else this.schedule(cluster).dirty = true;
    this.runtimes.set(cluster, runtime);
    return runtime;
  }

  /** The instances when they may have changed since the last look, else undefined (O(1) when idle). */
  private changedInstances(now: number): SimInstance[] | undefined {
    const generation = this.ec2.instanceGeneration?.();
    if (generation !== undefined) {
      if (generation === (this.state.instanceGeneration ?? 0)) return undefined;
      this.state.instanceGeneration = generation;
      return this.ec2.listInstances();
    }
    // (A clock that went back, as scenario settling does, counts as due.)
    const since = this.instancesCheckedAt === undefined ? Infinity : now - this.instancesCheckedAt;
    if (since >= 0 && since < 250 + 4 * this.instanceCount) return undefined;
    const instances = this.ec2.listInstances();
    this.instanceCount = instances.length;
    this.instancesCheckedAt = now;
    return instances;
  }

  /**
   * Advances every cluster's data plane to `now`. A cluster's controllers all run when a watched
   * object was written (dirty), its instances changed, or the idle interval passed; when only
   * wake-up times came, only the controllers that asked for them run (and the rest once they write).
   * True when anything changed, its schedule included.
   */
  tick(now: number = this.env.clock.now()): boolean {
    let changed = false;
    let instances = this.changedInstances(now);
    if (instances) changed = true;
    const listInstances = () => (instances ??= this.ec2.listInstances());
    for (const name of this.eks.listClusters()) {
      const cluster = this.eks.getCluster(name);
      const store = this.kube.get(name);
      if (!cluster || !store) continue;
      const runtime = this.runtime(name, store);
      const s = this.schedule(name);
      const fingerprint = instances
        ? instances
            .filter((i) => clusterOfInstance(i) === name)
            .map((i) => `${i.instanceId}:${i.state}`)
            .join(',')
        : s.instances;
      // Run ahead of the clock (a scenario settles by ticking instants ahead of it; a clock can step
      // back): its wake-ups came from timers stamped ahead, which now count from the clock. Run
      // everything once so each controller asks again.
      if (s.lastRunAt !== undefined && s.lastRunAt > now) s.dirty = true;
      const wakeBy = s.wakeBy;
      const full =
        s.dirty === true ||
        !store.watch ||
        fingerprint !== s.instances ||
        s.lastRunAt === undefined ||
        now - s.lastRunAt >= IDLE_INTERVAL_MS ||
        (wakeBy === undefined && s.wakeAt !== undefined && now >= s.wakeAt);
      // Nothing was written and no instance changed: only the controllers whose wake-up came run.
      const due = full
        ? undefined
        : new Set(Object.keys(wakeBy ?? {}).filter((c) => now >= (wakeBy?.[c] ?? Infinity)));
      if (due?.size === 0) continue;
      changed = true;
      s.dirty = false;
      s.lastRunAt = now;
      s.instances = fingerprint;
      // Wake-ups of the controllers that do not run stand; those that run ask again.
      const wakes: Record<string, number> = {};
      if (due && wakeBy) for (const [c, at] of Object.entries(wakeBy)) if (!due.has(c)) wakes[c] = at;
      const requeue = (controller: string, at: number) => {
        const when = Math.max(at, now + 1);
        const current = wakes[controller];
        if (current === undefined || when < current) wakes[controller] = when;
      };
      let enis: SimEni[] | undefined;
      const tickStore = new TickStore(store);
      const ctx: ClusterContext = {
        cluster: name,
        clusterVersion: cluster.version,
        store: tickStore,
        env: this.env,
        ec2: this.ec2,
        eks: this.eks,
        facts: this.facts,
        events: runtime.events,
        state: this.state,
        now,
        instances: listInstances(),
        enis: () => (enis ??= this.ec2.listNetworkInterfaces()),
        enisChanged: () => {
          enis = undefined;
        },
        // The engine's own requeue (its write budget spent) is for every controller.
        requeueAt: (at) => {
          for (const c of this.controllers) requeue(c.name, at);
        },
        requeueFor: requeue,
        overBudget: () => tickStore.writes >= this.writeBudgetPerTick,
      };
      const result = runControllers(this.controllers, ctx, undefined, due);
      const times = Object.values(wakes);
      s.wakeBy = times.length > 0 ? wakes : undefined;
      s.wakeAt = times.length > 0 ? Math.min(...times) : undefined;
      this.lastResults.set(name, result);
    }
    for (const [name, runtime] of this.runtimes) {
      if (this.kube.get(name) === undefined) {
        for (const stop of runtime.unwatch) stop();
        this.runtimes.delete(name);
        delete this.state.schedule?.[name];
      }
    }
    return changed;
  }

  /** What ipamd logged on the node of an instance (newest last). */
  ipamdLog(instanceId: string): string[] {
    return [...(this.state.nodes[instanceId]?.ipamdLog ?? [])];
  }

  snapshot(): SimState {
    return structuredClone(this.state);
  }
}
