/**
 * Pods stamped from a workload's template, with the defaults the API server's admission adds
 * (scheduler name, restart policy, grace period, the not-ready/unreachable NoExecute tolerations).
 */
import type { KubeObject, Pod, PodTemplate, Toleration } from './kube-types.js';
import { controllerRef } from './kube-util.js';

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function withDefaultTolerations(tolerations: Toleration[] | undefined): Toleration[] {
  const out = [...(tolerations ?? [])];
  for (const t of DEFAULT_TOLERATIONS) {
    if (!out.some((o) => o.key === t.key && (o.effect ?? t.effect) === t.effect)) out.push(t);
  }
  return out;
}

export function podFromTemplate(
  template: PodTemplate,
  owner: KubeObject,
  name: string,
  extra: {
    labels?: Record<string, string>;
    tolerations?: Toleration[];
    affinity?: Pod['spec']['affinity'];
  } = {},
): Pod {
  const spec = structuredClone(template.spec);
  const tolerations = withDefaultTolerations([...(spec.tolerations ?? []), ...(extra.tolerations ?? [])]);
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? 'default',
      labels: { ...(template.metadata?.labels ?? {}), ...(extra.labels ?? {}) },
      ownerReferences: [controllerRef(owner)],
    },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      ...spec,
      schedulerName: spec.schedulerName ?? 'default-scheduler',
      tolerations,
      ...(extra.affinity ? { affinity: extra.affinity } : {}),
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
  const annotations = template.metadata?.annotations;
  if (annotations && Object.keys(annotations).length > 0) pod.metadata.annotations = { ...annotations };
  return pod;
}
