/**
 * The rotation tests' common set-up: scenario `exhausted` with a PodDisruptionBudget on the `web`
 * Deployment, and a watch of web's available replicas while a rotation runs, to check that it never
 * falls below what it had less what the budget allows.
 */
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { AppsV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import type { TestSandbox } from './sandbox.js';
import { startScenario } from '../integration/apply-harness.js';

/** web's PodDisruptionBudget: at most this many pods disrupted at once. */
export const PDB_MAX_UNAVAILABLE = 8;

export async function exhaustedWithWebBudget(): Promise<{ sb: TestSandbox; kc: KubeConfig }> {
  const sb = await startScenario('exhausted');
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
    namespace: 'default',
    body: {
      metadata: { name: 'web', namespace: 'default' },
      spec: { maxUnavailable: PDB_MAX_UNAVAILABLE, selector: { matchLabels: { app: 'web' } } },
    },
  });
  return { sb, kc };
}

/** Runs `fn` while polling web's available replicas: what it had before, and the lowest seen meanwhile. */
export async function watchWebAvailability<T>(
  kc: KubeConfig,
  fn: () => Promise<T>,
): Promise<{ result: T; before: number | undefined; lowest: number }> {
  const apps = kc.makeApiClient(AppsV1Api);
  const before = (await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status
    ?.availableReplicas;
  let lowest = Number.POSITIVE_INFINITY;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
      lowest = Math.min(lowest, d.status?.availableReplicas ?? 0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  let result: T;
  try {
    result = await fn();
  } finally {
    watching = false;
    await watch;
  }
  return { result, before, lowest };
}

export async function nodegroupNames(sb: TestSandbox, cluster = 'demo'): Promise<string[]> {
  const eks = new EKSClient(sb.clientConfig);
  try {
    return (await eks.send(new ListNodegroupsCommand({ clusterName: cluster }))).nodegroups ?? [];
  } finally {
    eks.destroy();
  }
}
