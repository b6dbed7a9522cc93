/** Reads what verify and report need through the ports. */
import { NODEGROUP_LABEL } from '../steps/create-nodegroup.js';
import type { NodeInfo, Ports } from '../steps/ports.js';
import type { VerifyInput } from './evaluate.js';

/**
 * The managed node groups of the listed nodes that are going away (`DELETING`, or already deleted
 * while their Nodes are still registered: Kubernetes removes a terminated instance's Node a little
 * later), by name.
 */
async function leavingNodegroups(
  ports: Ports,
  cluster: string,
  nodes: NodeInfo[],
): Promise<Map<string, string>> {
  const names = [...new Set(nodes.flatMap((n) => n.labels[NODEGROUP_LABEL] ?? []))];
  const leaving = new Map<string, string>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const ng = await ports.eks.describeNodegroup(cluster, name);
        if (!ng) leaving.set(name, 'deleted');
        else if (ng.status === 'DELETING') leaving.set(name, 'DELETING');
      } catch {
        // Not allowed to describe it, or EKS unreachable: judge the nodes as they are.
      }
    }),
  );
  return leaving;
}

export async function observeCluster(
  ports: Ports,
  vpcId: string,
  cniEnv: Record<string, string>,
  cluster?: string,
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
  const leaving = cluster ? await leavingNodegroups(ports, cluster, nodes) : new Map<string, string>();
  const cniVersion = cluster ? await addonVersion(ports, cluster) : undefined;
  return {
    cniEnv,
    nodes,
    pods,
    eniConfigs,
    subnets,
    events,
    leavingNodegroups: leaving,
    ...(cluster ? { cluster } : {}),
    ...(cniVersion ? { cniVersion } : {}),
  };
}

/** The vpc-cni add-on's version (undefined for a self-managed CNI, or when it cannot be read). */
async function addonVersion(ports: Ports, cluster: string): Promise<string | undefined> {
  try {
    return (await ports.eks.describeAddon(cluster, 'vpc-cni'))?.version || undefined;
  } catch {
    return undefined;
  }
}

/** The CNI env as the nodes will read it: the aws-node DaemonSet's container env. */
export async function readCniEnv(ports: Ports): Promise<Record<string, string>> {
  return (await ports.kube.readDaemonSetEnv('kube-system', 'aws-node', 'aws-node')) ?? {};
}
