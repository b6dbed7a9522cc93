/**
 * What kubectl prints in a pod's STATUS, READY and RESTARTS columns (printPod in
 * pkg/printers/internalversion/printers.go): the waiting/terminated reason of the first container
 * that has one, `Init:...` while init containers run, `Terminating` once deletion started.
 */
type Obj = Record<string, unknown>;

interface ContainerState {
  waiting?: { reason?: string };
  terminated?: { reason?: string; signal?: number; exitCode?: number };
  running?: unknown;
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
}

export function podColumns(pod: Obj): { ready: string; status: string; restarts: number } {
  const spec = (pod.spec ?? {}) as { containers?: unknown[]; initContainers?: unknown[] };
  const status = (pod.status ?? {}) as {
    phase?: string;
    reason?: string;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    conditions?: { type: string; status: string }[];
  };
  const metadata = (pod.metadata ?? {}) as { deletionTimestamp?: string };
  const total = spec.containers?.length ?? 0;
  let restarts = 0;
  let ready = 0;
  let reason = status.reason ?? status.phase ?? 'Pending';

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  inits.forEach((c, i) => {
    restarts += c.restartCount ?? 0;
    if (initializing) return;
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) return;
    initializing = true;
    if (t)
      reason = t.reason
        ? `Init:${t.reason}`
        : t.signal
          ? `Init:Signal:${t.signal}`
          : `Init:ExitCode:${t.exitCode ?? 0}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${spec.initContainers?.length ?? inits.length}`;
  });

  if (!initializing) {
    let hasRunning = false;
    const containers = [...(status.containerStatuses ?? [])].reverse();
    for (const c of containers) {
      restarts += c.restartCount ?? 0;
      const s = c.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated?.reason) reason = s.terminated.reason;
      else if (s.terminated)
        reason = s.terminated.signal
          ? `Signal:${s.terminated.signal}`
          : `ExitCode:${s.terminated.exitCode ?? 0}`;
      else if (s.running && c.ready) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const isReady = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = isReady ? 'Running' : 'NotReady';
    }
  }
  if (metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (metadata.deletionTimestamp) reason = 'Terminating';
  return { ready: `${ready}/${total}`, status: reason, restarts };
}
