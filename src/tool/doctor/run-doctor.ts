/**
 * Runs every check over one snapshot, links each stuck-pods finding to its root cause, and orders the
 * findings (errors first). Pure: the CLI discovers, this decides.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import {
  addonConfigDrift,
  cniTooOld,
  eniconfigMissing,
  eniconfigSelectorMismatch,
  eniconfigSubnetMissing,
  eniconfigSubnetWrongZone,
  ipv6Cluster,
  maxPodsExceedsAddresses,
  nodesNotRotated,
  podSecurityGroupsBlockNodes,
  podSubnetNoEgress,
  podsStuckNoAddress,
  prefixFragmentation,
  subnetDiscoveryMisconfigured,
  subnetNearlyFull,
} from './checks/index.js';
import { deriveFacts, type DoctorFacts } from './facts.js';
import type { Check, DoctorReport, Finding, Severity } from './types.js';

/** Every check, in the order their findings are listed within a severity. */
export const CHECKS: readonly Check[] = [
  ipv6Cluster,
  cniTooOld,
  addonConfigDrift,
  eniconfigMissing,
  eniconfigSelectorMismatch,
  eniconfigSubnetMissing,
  eniconfigSubnetWrongZone,
  nodesNotRotated,
  maxPodsExceedsAddresses,
  subnetDiscoveryMisconfigured,
  subnetNearlyFull,
  prefixFragmentation,
  podSubnetNoEgress,
  podSecurityGroupsBlockNodes,
  podsStuckNoAddress,
];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The resources whose error findings can explain pods stuck on a node. */
function relatedResources(snapshot: ClusterSnapshot, facts: DoctorFacts, nodeName: string): Set<string> {
  const node = snapshot.kube.nodes.find((n) => n.name === nodeName);
  const related = new Set([
    `node/${nodeName}`,
    'daemonset/kube-system/aws-node',
    'crd/eniconfigs.crd.k8s.amazonaws.com',
  ]);
  if (!node) return related;
  if (node.nodegroup) related.add(`nodegroup/${node.nodegroup}`);
  const eniConfig = facts.nodeEniConfig.get(nodeName)?.name;
  if (eniConfig) related.add(`eniconfig/${eniConfig}`);
  const primary = facts.primaryEni.get(nodeName);
  if (primary) related.add(`subnet/${primary.subnetId}`);
  for (const id of facts.podSubnetIds) {
    if (facts.subnets.get(id)?.zone === node.zone) related.add(`subnet/${id}`);
  }
  return related;
}

export function linkRootCauses(
  snapshot: ClusterSnapshot,
  facts: DoctorFacts,
  findings: Finding[],
): Finding[] {
  const causes = findings.filter((f) => f.check !== 'pods-stuck-no-address' && f.severity === 'error');
  return findings.map((f) => {
    if (f.check !== 'pods-stuck-no-address') return f;
    const related = relatedResources(snapshot, facts, f.resource.replace(/^node\//, ''));
    const found = causes.filter((c) => related.has(c.resource));
    if (found.length === 0) return f;
    const named = found.map((c) => `${c.check} (${c.resource})`);
    return {
      ...f,
      message: `${f.message} Root cause: ${named.join('; ')}.`,
      evidence: [...f.evidence, ...named.map((n) => `root cause: ${n}`)],
      fix: `Fix the root cause: ${found[0]!.fix}`,
    };
  });
}

export function runDoctor(snapshot: ClusterSnapshot, checks: readonly Check[] = CHECKS): DoctorReport {
  const facts = deriveFacts(snapshot);
  const raw = checks.flatMap((c) => c.run(snapshot, facts));
  const order = new Map(checks.map((c, i) => [c.id, i]));
  const findings = linkRootCauses(snapshot, facts, raw).sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || (order.get(a.check) ?? 0) - (order.get(b.check) ?? 0),
  );
  return {
    cluster: snapshot.cluster.name,
    ok: !findings.some((f) => f.severity === 'error'),
    findings,
  };
}
