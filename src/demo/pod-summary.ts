/** What the demo shows of the cluster's pods: counts, a few examples, and why pods are stuck. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubectlPodStatus } from './pod-status.js';

export interface PodSummary {
  running: number;
  stuck: number;
  inPodRange: number;
  samples: string[];
  stuckReason?: string | undefined;
}

/** One row as `kubectl get pods -o wide` lays out NAME, STATUS, IP and NODE (STATUS: ContainerCreating, not Pending). */
function podLine(name: string, status: string, ip: string | undefined, node: string | undefined): string {
  return `${name.padEnd(24)} ${status.padEnd(17)} ${(ip ?? '<none>').padEnd(15)} ${node ?? '<none>'}`;
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
  const fromNewBlock = (p: (typeof pods)[number]) => p.status?.podIP?.startsWith('100.64.') === true;
  const shown = [
    ...running.filter((p) => !fromNewBlock(p)).slice(0, 3),
    ...running.filter(fromNewBlock).slice(0, 3),
  ];
  const samples = [...shown, ...stuck.slice(0, 3)].map((p) =>
    podLine(p.metadata?.name ?? '', kubectlPodStatus(p), p.status?.podIP, p.spec?.nodeName),
  );
  if (samples.length > 0) samples.unshift(podLine('NAME', 'STATUS', 'IP', 'NODE'));
  return {
    running: running.length,
    stuck: stuck.length,
    inPodRange: running.filter((p) => p.status?.podIP?.startsWith('100.64.')).length,
    samples,
    stuckReason,
  };
}

/** The cluster's node names, sorted (the demo shows whether apply replaced any). */
export async function nodeNames(kubeconfig: string): Promise<string[]> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const list = await kc.makeApiClient(CoreV1Api).listNode();
  return list.items.map((n) => n.metadata?.name ?? '').sort();
}
