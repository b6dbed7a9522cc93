/** What the demo shows of the cluster's pods: counts, a few examples, and why pods are stuck. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export interface PodSummary {
  running: number;
  stuck: number;
  inPodRange: number;
  samples: string[];
  stuckReason?: string | undefined;
}

export async function describePods(input: {
  kubeconfig: string;
  cluster: string;
  env: Record<string, string | undefined>;
}): Promise<PodSummary> {
  const kc = new KubeConfig();
  kc.loadFromFile(input.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const list = await core.listNamespacedPod({ namespace: 'default' });
  const pods = list.items.filter((p) => p.spec?.hostNetwork !== true);
  const running = pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
  const stuck = pods.filter((p) => !(p.status?.phase === 'Running' && p.status.podIP));
  let stuckReason: string | undefined;
  const first = stuck[0];
  if (first?.metadata?.name) {
    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: `involvedObject.name=${first.metadata.name}`,
    });
    const warning = events.items.filter((e) => e.type === 'Warning').at(-1);
    if (warning) stuckReason = `${warning.reason ?? ''}: ${warning.message ?? ''}`;
  }
  const samples = [...running.slice(0, 3), ...stuck.slice(0, 3)].map(
    (p) =>
      `${(p.metadata?.name ?? '').padEnd(24)} ${(p.status?.phase ?? '?').padEnd(8)} ${p.status?.podIP ?? '<none>'}  ${p.spec?.nodeName ?? ''}`,
  );
  return {
    running: running.length,
    stuck: stuck.length,
    inPodRange: running.filter((p) => p.status?.podIP?.startsWith('100.64.')).length,
    samples,
    stuckReason,
  };
}
