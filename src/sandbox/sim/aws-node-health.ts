/**
 * The aws-node pod's own health, as it shows when ipamd cannot start: under custom networking with
 * no usable ENIConfig, ipamd's node init fails ("Failed to attach any ENIs for custom networking"),
 * the container exits and the kubelet restarts it with back-off (10 s doubling to 5 min), so
 * `kubectl get pods -n kube-system` shows aws-node `0/1 CrashLoopBackOff` on that node.
 */
import type { ContainerStatus, Pod } from './kube-types.js';
import { kubeTime } from './time.js';

export function isAwsNodePod(pod: Pod): boolean {
  return pod.metadata.labels?.['k8s-app'] === 'aws-node';
}

/** Restarts after `elapsedMs` of crash looping: at 0, 10, 30, 70, 150, 310 s, then every 300 s. */
export function crashLoopRestarts(elapsedMs: number): number {
  let restarts = 0;
  let at = 0;
  let backoff = 10_000;
  while (at <= elapsedMs) {
    restarts++;
    at += backoff;
    backoff = Math.min(backoff * 2, 300_000);
  }
  return restarts;
}

export function crashLoopStatuses(pod: Pod, restarts: number, now: number): ContainerStatus[] {
  return pod.spec.containers.map((c): ContainerStatus =>
    c.name === 'aws-node'
      ? {
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: false,
          started: false,
          restartCount: restarts,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${restarts >= 6 ? '5m0s' : `${10 * 2 ** Math.max(0, restarts - 1)}s`} restarting failed container=aws-node pod=${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`,
            },
          },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: kubeTime(now - 5_000),
              finishedAt: kubeTime(now),
            },
          },
        }
      : {
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: kubeTime(now) } },
        },
  );
}
