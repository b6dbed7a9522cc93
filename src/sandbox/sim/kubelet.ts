/**
 * The kubelets (no real ones, as in kwok): for each node the simulation runs, ipamd keeps the warm
 * pool, and each pod bound to the node goes through the stages below, which are data: a selector,
 * a delay, and the status change. A pod the CNI cannot give an address stays ContainerCreating with
 * the FailedCreatePodSandBox event the real kubelet records, retried on later ticks.
 */
import type { ClusterContext, Controller } from './engine.js';
import { crashLoopRestarts, crashLoopStatuses, isAwsNodePod } from './aws-node-health.js';
import { dnsVerdict, hasDnsProbe, isReady, PROBE_PERIOD_MS, withReadiness } from './dns-probe.js';
import { NodeIpamd } from './ipamd/node-ipamd.js';
import { NODES, PODS, type Node, type Pod } from './kube-types.js';
import { podStatus, sandboxReadyAt } from './pod-status.js';
import { byCreation, isTerminal, tryDelete, tryUpdateStatus } from './kube-util.js';
import { restartIpamdIfNew, runningAwsNode } from './ipamd-restart.js';
import { enisByInstance } from './node-lifecycle.js';
import { nodeInternalIp } from './node-object.js';
import { podsByNode } from './pod-index.js';
import type { SimInstance, SimSubnet } from './ports.js';
import type { SimNodeRecord } from './sim-state.js';

/** How long the kubelet waits before retrying a pod whose sandbox failed. */
export const SANDBOX_RETRY_MS = 10_000;

export function sandboxFailureMessage(sandboxId: string): string {
  return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`;
}

function started(ctx: ClusterContext, pod: Pod, source: { component: string; host: string }): void {
  for (const c of pod.spec.containers) {
    const image = c.image ?? '';
    ctx.events.record({
      involved: pod,
      type: 'Normal',
      reason: 'Pulled',
      message: `Container image "${image}" already present on machine`,
      source,
      now: ctx.now,
    });
    ctx.events.record({
      involved: pod,
      type: 'Normal',
      reason: 'Created',
      message: `Created container ${c.name}`,
      source,
      now: ctx.now,
    });
    ctx.events.record({
      involved: pod,
      type: 'Normal',
      reason: 'Started',
      message: `Started container ${c.name}`,
      source,
      now: ctx.now,
    });
  }
}

/** aws-node runs Ready while ipamd serves, and crash-loops while it cannot start. */
function awsNodeHealth(
  ctx: ClusterContext,
  record: SimNodeRecord,
  pod: Pod,
  up: boolean,
  source: { component: string; host: string },
): number {
  const current = pod.status?.containerStatuses?.find((c) => c.name === 'aws-node');
  if (up) {
    if (pod.status?.phase === 'Running' && current?.ready) return 0;
    const next = podStatus(pod, 'running', pod.status?.hostIP ?? '', pod.status?.podIP, ctx);
    for (const c of next.status?.containerStatuses ?? []) c.restartCount = current?.restartCount ?? 0;
    return tryUpdateStatus(ctx.store, PODS, next);
  }
  const restarts = crashLoopRestarts(ctx.now - record.registeredAt);
  ctx.requeueAt(ctx.now + 10_000);
  if (current?.state.waiting?.reason === 'CrashLoopBackOff' && current.restartCount === restarts) return 0;
  const next = podStatus(pod, 'running', pod.status?.hostIP ?? '', pod.status?.podIP, ctx);
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  next.status = {
    ...next.status,
    conditions: (next.status?.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? {
            ...c,
            status: 'False',
            reason: 'ContainersNotReady',
            message: `containers with unready status: [${names}]`,
          }
        : c,
    ),
    containerStatuses: crashLoopStatuses(pod, restarts, ctx.now),
  };
  ctx.events.record({
    involved: pod,
    type: 'Warning',
    reason: 'BackOff',
    message: `Back-off restarting failed container aws-node in pod ${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`,
    source,
    now: ctx.now,
  });
  return tryUpdateStatus(ctx.store, PODS, next);
}

/**
 * A Running pod whose readiness probe resolves a name: Ready follows whether CoreDNS answers it
 * through the security groups, re-probed every period.
 */
function probeDns(
  ctx: ClusterContext,
  pod: Pod,
  uid: string,
  source: { component: string; host: string },
): number {
  const probedAt = (ctx.state.probedAt ??= {});
  // A probe stamped ahead of the clock (a settled scenario) counts as just now.
  const last = probedAt[uid] !== undefined ? Math.min(probedAt[uid], ctx.now) : undefined;
  if (last !== undefined && ctx.now < last + PROBE_PERIOD_MS) {
    ctx.requeueAt(last + PROBE_PERIOD_MS);
    return 0;
  }
  probedAt[uid] = ctx.now;
  ctx.requeueAt(ctx.now + PROBE_PERIOD_MS);
  const verdict = dnsVerdict(ctx, pod, ctx.enis());
  if (!verdict.ok) {
    ctx.events.record({
      involved: pod,
      type: 'Warning',
      reason: 'Unhealthy',
      message: `Readiness probe failed: ${verdict.message}`,
      source,
      now: ctx.now,
    });
  }
  if (verdict.ok === isReady(pod)) return 0;
  return tryUpdateStatus(ctx.store, PODS, withReadiness(pod, verdict, ctx.now));
}

function runNode(
  ctx: ClusterContext,
  record: SimNodeRecord,
  instance: SimInstance,
  node: Node,
  pods: Pod[],
  ipamd: NodeIpamd,
): number {
  let writes = 0;
  const hostIp = nodeInternalIp(node) ?? instance.privateIpAddress;
  const source = { component: 'kubelet', host: record.nodeName };
  for (const pod of pods.sort(byCreation)) {
    if (ctx.overBudget()) break;
    const uid = `${ctx.cluster}/${pod.metadata.uid ?? ''}`;
    if (pod.metadata.deletionTimestamp) {
      // Containers stopped, the CNI's DEL released the address: the kubelet finishes the deletion.
      delete ctx.state.sandboxRetryAt[uid];
      writes += tryDelete(ctx.store, PODS, pod, 0);
      continue;
    }
    if (isTerminal(pod)) continue;
    if (isAwsNodePod(pod) && pod.status?.podIP) {
      writes += awsNodeHealth(ctx, record, pod, ipamd.cniUp(), source);
      continue;
    }
    if (pod.status?.phase === 'Running') {
      if (hasDnsProbe(pod)) writes += probeDns(ctx, pod, uid, source);
      continue;
    }
    const hasIp = pod.status?.podIP !== undefined;
    if (hasIp) {
      const since = sandboxReadyAt(pod) ?? ctx.now;
      if (ctx.now - since < ctx.env.timing.podStart) {
        ctx.requeueAt(since + ctx.env.timing.podStart);
        continue;
      }
      const running = podStatus(pod, 'running', hostIp, pod.status?.podIP, ctx);
      // Ready only once the first readiness probe passes.
      const probed = hasDnsProbe(pod) ? withReadiness(running, { ok: false, message: '' }, ctx.now) : running;
      writes += tryUpdateStatus(ctx.store, PODS, probed);
      started(ctx, pod, source);
      if (probed !== running) ctx.requeueAt(ctx.now);
      continue;
    }
    let retryAt = ctx.state.sandboxRetryAt[uid];
    // Never further off than one period (a retry stamped by a scenario settled ahead of the clock).
    if (retryAt !== undefined && retryAt > ctx.now + SANDBOX_RETRY_MS)
      retryAt = ctx.state.sandboxRetryAt[uid] = ctx.now + SANDBOX_RETRY_MS;
    if (retryAt !== undefined && ctx.now < retryAt) {
      ctx.requeueAt(retryAt);
      continue;
    }
    const ip = pod.spec.hostNetwork ? hostIp : ipamd.assign();
    if (ip !== undefined) {
      delete ctx.state.sandboxRetryAt[uid];
      const stage = ctx.env.timing.podStart > 0 ? 'sandbox' : 'running';
      writes += tryUpdateStatus(ctx.store, PODS, podStatus(pod, stage, hostIp, ip, ctx));
      if (stage === 'running') started(ctx, pod, source);
      else ctx.requeueAt(ctx.now + ctx.env.timing.podStart);
      continue;
    }
    if (!pod.status?.startTime)
      writes += tryUpdateStatus(ctx.store, PODS, podStatus(pod, 'pending', hostIp, undefined, ctx));
    ctx.state.sandboxRetryAt[uid] = ctx.now + SANDBOX_RETRY_MS;
    ctx.requeueAt(ctx.now + SANDBOX_RETRY_MS);
    ctx.events.record({
      involved: pod,
      type: 'Warning',
      reason: 'FailedCreatePodSandBox',
      message: sandboxFailureMessage(ctx.env.ids.hex(64)),
      source,
      now: ctx.now,
    });
  }
  return writes;
}

/** The instant each cluster's timers of gone pods were last dropped, per simulation state. */
const forgotAt = new WeakMap<object, Map<string, number>>();

/**
 * Drops the retry and probe timers of pods that are gone, once per tick instant (not once per pass:
 * a timer of a pod deleted later in the tick is never read and goes on the next tick).
 */
function forgetGonePods(ctx: ClusterContext, allPods: readonly Pod[]): void {
  let byCluster = forgotAt.get(ctx.state);
  if (!byCluster) forgotAt.set(ctx.state, (byCluster = new Map<string, number>()));
  if (byCluster.get(ctx.cluster) === ctx.now) return;
  byCluster.set(ctx.cluster, ctx.now);
  const prefix = `${ctx.cluster}/`;
  const seen = new Set<string>();
  for (const pod of allPods) seen.add(`${prefix}${pod.metadata.uid ?? ''}`);
  for (const table of [ctx.state.sandboxRetryAt, ctx.state.probedAt ?? {}]) {
    for (const key of Object.keys(table)) {
      if (key.startsWith(prefix) && !seen.has(key)) delete table[key];
    }
  }
}

export const kubeletController: Controller = {
  name: 'kubelet',
  reconcile(ctx) {
    let writes = 0;
    const records = Object.values(ctx.state.nodes).filter((r) => r.cluster === ctx.cluster);
    if (records.length === 0) return 0;
    const instances = new Map(ctx.instances.map((i) => [i.instanceId, i]));
    const enis = enisByInstance(ctx.enis());
    const allPods = ctx.store.list(PODS) as Pod[];
    const byNode = podsByNode(allPods);
    let subnetCache: SimSubnet[] | undefined;
    const subnets = () => (subnetCache ??= ctx.ec2.listSubnets());
    // Shared, read only (the kubelet writes no Node): one list instead of a copy of each node.
    const nodes = new Map((ctx.store.list(NODES) as Node[]).map((n) => [n.metadata.name ?? '', n]));
    for (const record of records) {
      if (ctx.overBudget()) break;
      const instance = instances.get(record.instanceId);
      const node = nodes.get(record.nodeName);
      if (!instance || instance.state !== 'running' || !node) continue;
      const pods = [...(byNode.get(record.nodeName) ?? [])];
      const podIps = pods.filter((p) => !p.spec.hostNetwork && p.status?.podIP).map((p) => p.status!.podIP!);
      let nodeEnis = enis.get(record.instanceId) ?? [];
      const restartWrites = restartIpamdIfNew(
        ctx,
        record,
        runningAwsNode(pods),
        nodeEnis,
        new Set(podIps),
        subnets,
      );
      if (restartWrites > 0) {
        writes += restartWrites;
        ctx.enisChanged();
        nodeEnis = enisByInstance(ctx.enis()).get(record.instanceId) ?? [];
      }
      const ipamd = new NodeIpamd(ctx, record, instance, node, nodeEnis, podIps, subnets);
      ipamd.grow();
      writes += runNode(ctx, record, instance, node, pods, ipamd);
      ipamd.shrink();
      ipamd.requeueTimers();
      writes += ipamd.writes;
      if (ipamd.writes > 0) ctx.enisChanged();
    }
    forgetGonePods(ctx, allPods);
    return writes;
  },
};
