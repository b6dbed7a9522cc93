/**
 * The pod subnets' network: routes as good as the node subnets' (pods whose traffic leaves from
 * their own subnet need them), and security groups on the pod ENIs that let the nodes and the
 * cluster security group in (kubelet probes, node-to-pod traffic, and DNS to the CoreDNS pods that
 * sit behind the same groups).
 */
import { contains, parseCidr } from '../../../shared/cidr/index.js';
import type { SnapshotSecurityGroup, SnapshotSecurityGroupRule } from '../../discover/snapshot.js';
import type { Check, Finding } from '../types.js';
import { applyFix, listed } from './common.js';

const routeText = (r: { destination: string; target: string }) => `${r.destination} -> ${r.target}`;

export const podSubnetNoEgress: Check = {
  id: 'pod-subnet-no-egress',
  run(snapshot, facts) {
    const findings: Finding[] = [];
    for (const podSubnetId of facts.podSubnetIds) {
      if (facts.nodeSubnetIds.has(podSubnetId)) continue;
      const subnet = facts.subnets.get(podSubnetId);
      if (!subnet) continue;
      const nodeSubnets = [...facts.nodeSubnetIds]
        .map((id) => facts.subnets.get(id))
        .filter((s) => s !== undefined && s.zone === subnet.zone);
      const podTable = facts.routeTableOf(podSubnetId);
      const podRoutes = new Set((podTable?.routes ?? []).map((r) => r.destination));
      const missing = new Map<string, string>();
      for (const nodeSubnet of nodeSubnets) {
        for (const r of facts.routeTableOf(nodeSubnet!.subnetId)?.routes ?? []) {
          if (r.target !== 'local' && !podRoutes.has(r.destination)) missing.set(r.destination, routeText(r));
        }
      }
      if (missing.size === 0) continue;
      const noDefault = missing.has('0.0.0.0/0');
      findings.push({
        check: 'pod-subnet-no-egress',
        severity: noDefault && facts.externalSnat ? 'error' : 'warning',
        resource: `subnet/${podSubnetId}`,
        message: `Pod subnet ${podSubnetId} (${subnet.cidr}, ${subnet.zone}) uses route table ${podTable?.routeTableId ?? '(none)'}, which lacks routes the zone's node subnets have: ${
          facts.externalSnat
            ? 'with AWS_VPC_K8S_CNI_EXTERNALSNAT=true pod traffic leaves from the pod subnet, so it has no way out'
            : 'traffic that is not SNATed to the node (peered networks, on-premises, replies to callers outside the VPC) has no way back'
        }.`,
        evidence: [
          `pod subnet route table: ${podTable?.routeTableId ?? '(none)'}${podTable?.main ? ' (main)' : ''}`,
          `missing: ${listed([...missing.values()])}`,
          `node subnets in ${subnet.zone}: ${listed(nodeSubnets.map((s) => s!.subnetId))}`,
        ],
        fix: `${applyFix(snapshot.cluster.name)} (associates each pod subnet with its zone's node route table), or: aws ec2 associate-route-table --subnet-id ${podSubnetId} --route-table-id ${facts.routeTableOf(nodeSubnets[0]?.subnetId ?? '')?.routeTableId ?? '<node subnet route table>'}`,
      });
    }
    return findings;
  },
};

interface Probe {
  protocol: 'udp' | 'tcp';
  port: number;
  what: string;
}

const DNS: Probe[] = [
  { protocol: 'udp', port: 53, what: 'DNS (UDP 53)' },
  { protocol: 'tcp', port: 53, what: 'DNS (TCP 53)' },
];
/** The kubelet's probes and node-to-pod traffic: any TCP port; 8080 stands for them. */
const NODE_TO_POD: Probe = { protocol: 'tcp', port: 8080, what: 'node-to-pod TCP' };

function admits(
  rule: SnapshotSecurityGroupRule,
  probe: Probe,
  peerGroups: ReadonlySet<string>,
  peerCidrs: readonly string[],
): boolean {
  if (rule.isEgress) return false;
  if (rule.protocol !== '-1') {
    if (rule.protocol !== probe.protocol) return false;
    if (probe.port < (rule.fromPort ?? 0) || probe.port > (rule.toPort ?? 65535)) return false;
  }
  if (rule.groupId) return peerGroups.has(rule.groupId);
  if (rule.cidr) {
    const allowed = parseCidr(rule.cidr, { strict: false });
    return peerCidrs.length > 0 && peerCidrs.every((c) => contains(allowed, parseCidr(c, { strict: false })));
  }
  return false;
}

export const podSecurityGroupsBlockNodes: Check = {
  id: 'pod-security-groups-block-nodes',
  run(snapshot, facts) {
    if (!facts.customNetworking || !snapshot.securityGroups) return [];
    const groups = new Map<string, SnapshotSecurityGroup>(snapshot.securityGroups.map((g) => [g.groupId, g]));
    const nodeCidrs = [...facts.nodeSubnetIds].flatMap((id) => facts.subnets.get(id)?.cidr ?? []);
    const findings: Finding[] = [];
    for (const eniConfig of snapshot.kube.eniConfigs) {
      // An empty list means the primary ENI's groups: the nodes' own.
      if (eniConfig.securityGroups.length === 0) continue;
      const podGroups = eniConfig.securityGroups.map((id) => groups.get(id)).filter((g) => g !== undefined);
      if (podGroups.length === 0) continue;
      const rules = podGroups.flatMap((g) => g.rules);
      const fromNodes = (p: Probe) => rules.some((r) => admits(r, p, facts.nodeGroupIds, nodeCidrs));
      const fromPods = (p: Probe) => rules.some((r) => admits(r, p, new Set(eniConfig.securityGroups), []));
      const blocked = [
        ...DNS.filter((p) => !fromNodes(p)).map(
          (p) => `${p.what} from the nodes and the cluster security group`,
        ),
        ...DNS.filter((p) => !fromPods(p)).map((p) => `${p.what} from pods behind the same groups`),
        ...(fromNodes(NODE_TO_POD) ? [] : [`${NODE_TO_POD.what} (kubelet probes)`]),
      ];
      if (blocked.length === 0) continue;
      const dnsBlocked = blocked.some((b) => b.startsWith('DNS'));
      findings.push({
        check: 'pod-security-groups-block-nodes',
        severity: dnsBlocked ? 'error' : 'warning',
        resource: `eniconfig/${eniConfig.name}`,
        message: `The security groups of ENIConfig '${eniConfig.name}' (${eniConfig.securityGroups.join(', ')}) do not admit ${blocked.join('; ')}: ${dnsBlocked ? 'CoreDNS pods behind them cannot be queried, so name lookups fail' : 'the kubelet cannot reach the pods'}.`,
        evidence: [
          `pod groups: ${podGroups.map((g) => `${g.groupId} (${g.groupName})`).join(', ')}`,
          `inbound rules: ${listed(rules.filter((r) => !r.isEgress).map((r) => `${r.protocol}${r.protocol === '-1' ? '' : ` ${r.fromPort ?? ''}-${r.toPort ?? ''}`} from ${r.groupId ?? r.cidr ?? '?'}`)) || '(none)'}`,
          `node and cluster groups: ${listed([...facts.nodeGroupIds])}`,
        ],
        fix: `Use the cluster security group (${snapshot.cluster.clusterSecurityGroupId ?? 'see aws eks describe-cluster'}) in the ENIConfig (${applyFix(snapshot.cluster.name)} --security-groups ${snapshot.cluster.clusterSecurityGroupId ?? '<sg>'}), or let the nodes in: aws ec2 authorize-security-group-ingress --group-id ${eniConfig.securityGroups[0] ?? '<sg>'} --ip-permissions IpProtocol=-1,UserIdGroupPairs=[{GroupId=${[...facts.nodeGroupIds][0] ?? '<node sg>'}}]`,
      });
    }
    return findings;
  },
};
