/** Reads what verify and report need through the ports. */
import type { Ports } from '../steps/ports.js';
import type { VerifyInput } from './evaluate.js';

export async function observeCluster(
  ports: Ports,
  vpcId: string,
  cniEnv: Record<string, string>,
): Promise<VerifyInput> {
  const [nodes, pods, eniConfigs, subnets] = await Promise.all([
    ports.kube.listNodes(),
    ports.kube.listPods(),
    ports.kube.listEniConfigs(),
    ports.ec2.listSubnets(vpcId),
  ]);
  const events = new Map<string, Awaited<ReturnType<Ports['kube']['podEvents']>>>();
  const notRunning = pods.filter(
    (p) => !p.hostNetwork && p.phase !== 'Running' && p.phase !== 'Succeeded' && p.phase !== 'Failed',
  );
  // Events only for the pods that need explaining, a bounded number of them.
  for (const pod of notRunning.slice(0, 50)) {
    events.set(`${pod.namespace}/${pod.name}`, await ports.kube.podEvents(pod.namespace, pod.name));
  }
  return { cniEnv, nodes, pods, eniConfigs, subnets, events };
}

/** The CNI env as the nodes will read it: the aws-node DaemonSet's container env. */
export async function readCniEnv(ports: Ports): Promise<Record<string, string>> {
  return (await ports.kube.readDaemonSetEnv('kube-system', 'aws-node', 'aws-node')) ?? {};
}
