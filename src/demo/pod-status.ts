/**
 * The STATUS column of `kubectl get pods`, as kubectl's printer derives it: the phase (or the pod's
 * own reason), overridden by the init containers' progress, then by a container's waiting or
 * terminated reason (`ContainerCreating` for a scheduled pod whose sandbox cannot be created), and
 * `Terminating` once the pod is being deleted. So the demo reads like the operator's own terminal.
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

function terminatedReason(status: V1ContainerStatus): string | undefined {
  const t = status.state?.terminated;
  if (!t) return undefined;
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

/** `Init:...` while an init container has not finished, else undefined. */
function initStatus(pod: V1Pod): string | undefined {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const total = pod.spec?.initContainers?.length ?? statuses.length;
  for (const [i, s] of statuses.entries()) {
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) return `Init:${terminatedReason(s) ?? 'Error'}`;
    const waiting = s.state?.waiting?.reason;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

export function kubectlPodStatus(pod: V1Pod): string {
  let reason = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  const init = initStatus(pod);
  if (init) {
    reason = init;
  } else {
    let hasRunning = false;
    // kubectl walks the containers from the last one, so the first container's reason wins.
    for (const s of [...(pod.status?.containerStatuses ?? [])].reverse()) {
      const waiting = s.state?.waiting?.reason;
      const terminated = terminatedReason(s);
      if (waiting) reason = waiting;
      else if (terminated) reason = terminated;
      else if (s.ready && s.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) {
    reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return reason;
}
