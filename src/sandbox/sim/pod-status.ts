/**
 * The pod status a kubelet writes at each stage of a pod's start: admitted (ContainerCreating),
 * sandbox ready (it has an address), running; conditions keep their transition times.
 */
import type { ClusterContext } from './engine.js';
import type { Condition, ContainerStatus, Pod } from './kube-types.js';
import { kubeTime, parseKubeTime } from './time.js';

export function cond(type: string, ok: boolean, now: number, reason?: string, message?: string): Condition {
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
export function podStatus(
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
  // The store copies what it is given, so the pod's other fields are shared here, never cloned.
  const next: Pod = { ...pod };
  next.status = {
    ...pod.status,
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

export function sandboxReadyAt(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find(
    (x) => x.type === 'PodReadyToStartContainers' && x.status === 'True',
  );
  return parseKubeTime(c?.lastTransitionTime);
}
