/**
 * Pods the CNI could not give an address: ContainerCreating with the kubelet's FailedCreatePodSandBox
 * event "failed to assign an IP address to container". The root cause is linked afterwards
 * (run-doctor.ts) from the other findings about the same node, zone or subnet.
 */
import type { Check, Finding } from '../types.js';
import { groupBy, listed, planFix } from './common.js';

export const NO_ADDRESS = /failed to assign an IP address to container/;

export const podsStuckNoAddress: Check = {
  id: 'pods-stuck-no-address',
  run(snapshot) {
    const failed = new Set(
      (snapshot.kube.podEvents ?? [])
        .filter((e) => e.reason === 'FailedCreatePodSandBox' && NO_ADDRESS.test(e.message))
        .map((e) => `${e.namespace}/${e.pod}`),
    );
    const stuck = snapshot.kube.pods.filter(
      (p) => p.phase === 'Pending' && p.nodeName && !p.podIP && failed.has(`${p.namespace}/${p.name}`),
    );
    return [...groupBy(stuck, (p) => p.nodeName ?? '')].map(([node, pods]): Finding => ({
      check: 'pods-stuck-no-address',
      severity: 'error',
      resource: `node/${node}`,
      message: `${pods.length} pod(s) on ${node} are stuck ContainerCreating: the VPC CNI could not give them an address.`,
      evidence: [
        `pods: ${listed(pods.map((p) => `${p.namespace}/${p.name}`))}`,
        'event: FailedCreatePodSandBox ... failed to assign an IP address to container',
      ],
      fix: `Fix the root cause below; if none is named, ${planFix(snapshot.cluster.name)} to give pods addresses from a secondary CIDR.`,
    }));
  },
};
