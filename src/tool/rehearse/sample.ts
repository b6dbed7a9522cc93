/**
 * Reads the twin's workloads through its Kubernetes API (client-node, paged lists): each
 * Deployment's, StatefulSet's and DaemonSet's available pods against what it wants, and pods running or not.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { PAGE, pages } from '../discover/kube-pages.js';
import type { WorkloadSample } from './timeline.js';
import { kubeApi } from '../gateway/kube.js';

export interface TwinSampler {
  workloads(): Promise<WorkloadSample[]>;
  pods(): Promise<{ running: number; notRunning: number }>;
}

export async function createSampler(kc: KubeConfig, cluster: string): Promise<TwinSampler> {
  const k8s = await import('@kubernetes/client-node');
  const apps = kubeApi(kc, k8s.AppsV1Api);
  const core = kubeApi(kc, k8s.CoreV1Api);
  const who = { cluster, context: kc.getCurrentContext(), user: kc.getCurrentUser()?.name };
  return {
    async workloads() {
      const [deployments, statefulSets, daemonSets] = await Promise.all([
        pages(
          'list deployments',
          (c) => apps.listDeploymentForAllNamespaces({ limit: PAGE, _continue: c }),
          who,
        ),
        pages(
          'list statefulsets',
          (c) => apps.listStatefulSetForAllNamespaces({ limit: PAGE, _continue: c }),
          who,
        ),
        pages(
          'list daemonsets',
          (c) => apps.listDaemonSetForAllNamespaces({ limit: PAGE, _continue: c }),
          who,
        ),
      ]);
      return [
        ...deployments.map((d) => ({
          workload: `Deployment ${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`,
          desired: d.spec?.replicas ?? 1,
          available: d.status?.availableReplicas ?? 0,
        })),
        ...statefulSets.map((s) => ({
          workload: `StatefulSet ${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`,
          desired: s.spec?.replicas ?? 1,
          available: s.status?.availableReplicas ?? 0,
        })),
        ...daemonSets.map((d) => ({
          workload: `DaemonSet ${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`,
          desired: d.status?.desiredNumberScheduled ?? 0,
          available: d.status?.numberAvailable ?? 0,
        })),
      ];
    },
    async pods() {
      const all = await pages(
        'list pods',
        (c) => core.listPodForAllNamespaces({ limit: PAGE, _continue: c }),
        who,
      );
      const running = all.filter((p) => p.status?.phase === 'Running').length;
      return { running, notRunning: all.length - running };
    },
  };
}
