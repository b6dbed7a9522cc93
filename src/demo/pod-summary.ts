/** What the demo shows of the cluster's pods: counts, a few examples, and why pods are stuck. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubectlPodStatus } from './pod-status.js';
import { attachKubePolicy, kubeApi } from '../tool/gateway/kube.js';
import { listAllKube } from '../tool/gateway/kube-pages.js';

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

/** The pod fields the demo shows, reduced page by page (STATUS as kubectl prints it). */
interface DemoPod {
  name: string;
  status: string;
  phase: string | undefined;
  podIp: string | undefined;
  nodeName: string | undefined;
  hostNetwork: boolean;
}

/**
 * CoreV1Api through the tool's Kubernetes gateway: read-only (a write would be refused before it is
 * sent), the gateway's concurrency limit and its one retry layer.
 */
function readOnlyCore(kubeconfig: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  attachKubePolicy(kc, { readOnly: true });
  return kubeApi(kc, CoreV1Api);
}

export async function describePods(input: {
  kubeconfig: string;
  cluster: string;
  env: Record<string, string | undefined>;
}): Promise<PodSummary> {
  const core = readOnlyCore(input.kubeconfig);
  // Paged like every list the tool reads; each page reduced to the few fields shown.
  const all = await listAllKube(
    (page) => core.listNamespacedPod({ namespace: 'default', ...page }),
    (p): DemoPod => ({
      name: p.metadata?.name ?? '',
      status: kubectlPodStatus(p),
      phase: p.status?.phase,
      podIp: p.status?.podIP,
      nodeName: p.spec?.nodeName,
      hostNetwork: p.spec?.hostNetwork === true,
    }),
  );
  const pods = all.filter((p) => !p.hostNetwork);
  const isRunning = (p: DemoPod) => p.phase === 'Running' && p.podIp !== undefined && p.podIp !== '';
  const running = pods.filter(isRunning);
  const stuck = pods.filter((p) => !isRunning(p));
  let stuckReason: string | undefined;
  const first = stuck[0];
  if (first?.name) {
    const events = await listAllKube(
      (page) =>
        core.listNamespacedEvent({
          namespace: 'default',
          fieldSelector: `involvedObject.name=${first.name}`,
          ...page,
        }),
      (e) => e,
    );
    const warning = events.filter((e) => e.type === 'Warning').at(-1);
    if (warning) stuckReason = `${warning.reason ?? ''}: ${warning.message ?? ''}`;
  }
  const fromNewBlock = (p: DemoPod) => p.podIp?.startsWith('100.64.') === true;
  const shown = [
    ...running.filter((p) => !fromNewBlock(p)).slice(0, 3),
    ...running.filter(fromNewBlock).slice(0, 3),
  ];
  const samples = [...shown, ...stuck.slice(0, 3)].map((p) => podLine(p.name, p.status, p.podIp, p.nodeName));
  if (samples.length > 0) samples.unshift(podLine('NAME', 'STATUS', 'IP', 'NODE'));
  return {
    running: running.length,
    stuck: stuck.length,
    inPodRange: running.filter(fromNewBlock).length,
    samples,
    stuckReason,
  };
}

/** The cluster's node names, sorted (the demo shows whether apply replaced any). */
export async function nodeNames(kubeconfig: string): Promise<string[]> {
  const core = readOnlyCore(kubeconfig);
  const names = await listAllKube(
    (page) => core.listNode({ ...page }),
    (n) => n.metadata?.name ?? '',
  );
  return names.sort();
}
