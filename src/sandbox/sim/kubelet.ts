/**
 * The kubelets (no real ones, as in kwok): for each node the simulation runs, ipamd keeps the warm
 * pool, and each pod bound to the node goes through the stages below, which are data: a selector,
 * a delay, and the status change. A pod the CNI cannot give an address stays ContainerCreating with
 * the FailedCreatePodSandBox event the real kubelet records, retried on later ticks.
 */
import type { ClusterContext, Controller } from './engine.js';
import { crashLoopRestarts, crashLoopStatuses, isAwsNodePod } from './aws-node-health.js';
import { NodeIpamd } from './ipamd/node-ipamd.js';
import { NODES, PODS, type Condition, type ContainerStatus, type Node, type Pod } from './kube-types.js';
import { byCreation, isTerminal, tryDelete, tryUpdateStatus } from './kube-util.js';
import { enisByInstance } from './node-lifecycle.js';
import { nodeInternalIp } from './node-object.js';
import type { SimInstance, SimSubnet } from './ports.js';
import type { SimNodeRecord } from './sim-state.js';
import { kubeTime, parseKubeTime } from './time.js';

/** How long the kubelet waits before retrying a pod whose sandbox failed. */
export const SANDBOX_RETRY_MS = 10_000;

export function sandboxFailureMessage(sandboxId: string): string {
  return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container`;
}

function cond(type: string, ok: boolean, now: number, reason?: string, message?: string): Condition {
  const c: Condition = {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: kubeTime(now),
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function keepTransition(previous: Condition[] | undefined, next: Condition[]): Condition[] {
  return next.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    return old && old.status === c.status && old.lastTransitionTime
      ? { ...c, lastTransitionTime: old.lastTransitionTime }
      : c;
  });
}

function containerStatuses(
  pod: Pod,
  running: boolean,
  now: number,
  ids: ClusterContext['env']['ids'],
): ContainerStatus[] {
  return pod.spec.containers.map((c): ContainerStatus => {
    const base = { name: c.name, image: c.image ?? '', restartCount: 0 };
    if (!running)
      return {
        ...base,
        imageID: '',
        ready: false,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      };
    return {
      ...base,
      imageID: `${c.image ?? ''}@sha256:${ids.hex(64)}`,
      containerID: `containerd://${ids.hex(64)}`,
      ready: true,
      started: true,
      state: { running: { startedAt: kubeTime(now) } },
    };
  });
}

/** Stage `pending`: the kubelet admitted the pod; `sandbox`: it has an address; `running`: started. */
function podStatus(
  pod: Pod,
  stage: 'pending' | 'sandbox' | 'running',
  hostIp: string,
  podIp: string | undefined,
  ctx: ClusterContext,
): Pod {
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const running = stage === 'running';
  const previous = pod.status?.conditions;
  const conditions = keepTransition(previous, [
    cond('PodReadyToStartContainers', stage !== 'pending', ctx.now),
    cond('Initialized', true, ctx.now),
    running
      ? cond('Ready', true, ctx.now)
      : cond('Ready', false, ctx.now, 'ContainersNotReady', `containers with unready status: [${names}]`),
    running
      ? cond('ContainersReady', true, ctx.now)
      : cond(
          'ContainersReady',
          false,
          ctx.now,
          'ContainersNotReady',
          `containers with unready status: [${names}]`,
        ),
    previous?.find((c) => c.type === 'PodScheduled') ?? cond('PodScheduled', true, ctx.now),
  ]);
  const next = structuredClone(pod);
  next.status = {
    ...next.status,
    phase: running ? 'Running' : 'Pending',
    conditions,
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    startTime: pod.status?.startTime ?? kubeTime(ctx.now),
    containerStatuses: containerStatuses(pod, running, ctx.now, ctx.env.ids),
    qosClass: pod.status?.qosClass ?? 'BestEffort',
  };
  if (podIp) {
    next.status.podIP = podIp;
    next.status.podIPs = [{ ip: podIp }];
  }
  return next;
}

function sandboxReadyAt(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find(
    (x) => x.type === 'PodReadyToStartContainers' && x.status === 'True',
  );
  return parseKubeTime(c?.lastTransitionTime);
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
    if (pod.status?.phase === 'Running') continue;
    const hasIp = pod.status?.podIP !== undefined;
    if (hasIp) {
      const since = sandboxReadyAt(pod) ?? ctx.now;
      if (ctx.now - since < ctx.env.timing.podStart) {
        ctx.requeueAt(since + ctx.env.timing.podStart);
        continue;
      }
      writes += tryUpdateStatus(ctx.store, PODS, podStatus(pod, 'running', hostIp, pod.status?.podIP, ctx));
      started(ctx, pod, source);
      continue;
    }
    const retryAt = ctx.state.sandboxRetryAt[uid];
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

export const kubeletController: Controller = {
  name: 'kubelet',
  reconcile(ctx) {
    let writes = 0;
    const records = Object.values(ctx.state.nodes).filter((r) => r.cluster === ctx.cluster);
    if (records.length === 0) return 0;
    const instances = new Map(ctx.instances.map((i) => [i.instanceId, i]));
    const enis = enisByInstance(ctx.enis());
    const byNode = new Map<string, Pod[]>();
    const seen = new Set<string>();
    for (const pod of ctx.store.list(PODS) as Pod[]) {
      seen.add(`${ctx.cluster}/${pod.metadata.uid ?? ''}`);
      if (!pod.spec.nodeName) continue;
      byNode.set(pod.spec.nodeName, [...(byNode.get(pod.spec.nodeName) ?? []), pod]);
    }
    let subnetCache: SimSubnet[] | undefined;
    const subnets = () => (subnetCache ??= ctx.ec2.listSubnets());
    for (const record of records) {
      if (ctx.overBudget()) break;
      const instance = instances.get(record.instanceId);
      const node = ctx.store.get(NODES, undefined, record.nodeName) as Node | undefined;
      if (!instance || instance.state !== 'running' || !node) continue;
      const pods = byNode.get(record.nodeName) ?? [];
      const podIps = pods.filter((p) => !p.spec.hostNetwork && p.status?.podIP).map((p) => p.status!.podIP!);
      const ipamd = new NodeIpamd(
        ctx,
        record,
        instance,
        node,
        enis.get(record.instanceId) ?? [],
        podIps,
        subnets,
      );
      ipamd.grow();
      writes += runNode(ctx, record, instance, node, pods, ipamd);
      ipamd.shrink();
      ipamd.requeueTimers();
      writes += ipamd.writes;
      if (ipamd.writes > 0) ctx.enisChanged();
    }
    for (const key of Object.keys(ctx.state.sandboxRetryAt)) {
      if (key.startsWith(`${ctx.cluster}/`) && !seen.has(key)) delete ctx.state.sandboxRetryAt[key];
    }
    return writes;
  },
};
