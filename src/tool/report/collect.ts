/** Reads what `report` needs through the ports. */
import type { Ports } from '../steps/ports.js';
import type { ReportInput } from './build-report.js';

export async function collectReportInput(
  ports: Ports,
  cluster: { name: string; vpcId: string; subnetIds: string[] },
): Promise<ReportInput> {
  const names = await ports.eks.listNodegroups(cluster.name);
  const [nodegroups, subnets, nodes, pods, eniConfigs, associations] = await Promise.all([
    Promise.all(names.map((n) => ports.eks.describeNodegroup(cluster.name, n))),
    ports.ec2.listSubnets(cluster.vpcId),
    ports.kube.listNodes(),
    ports.kube.listPods(),
    ports.kube.listEniConfigs().catch(() => []),
    ports.ec2.vpcCidrAssociations(cluster.vpcId).catch(() => undefined),
  ]);
  return {
    cluster: cluster.name,
    clusterSubnetIds: cluster.subnetIds,
    subnets,
    nodegroups: nodegroups.flatMap((n) => (n ? [n] : [])),
    nodes,
    pods,
    eniConfigs,
    ...(associations
      ? {
          vpcBlocks: associations
            .filter((a) => a.state === 'associated' || a.state === 'associating')
            .map((a) => a.cidr),
        }
      : {}),
  };
}
