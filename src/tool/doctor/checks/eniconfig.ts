/**
 * Custom networking's ENIConfigs: ipamd picks each node's ENIConfig by name (external label, then
 * the annotation ENI_CONFIG_ANNOTATION_DEF, then the label ENI_CONFIG_LABEL_DEF, then `default`) and
 * creates the node's pod ENIs in its subnet, which must exist and be in the node's zone.
 */
import type { SnapshotNode } from '../../discover/snapshot.js';
import { DEFAULT_ENICONFIG_KEY } from '../facts.js';
import type { Check, Finding } from '../types.js';
import { applyFix, groupBy, listed } from './common.js';

const CRD = 'eniconfigs.crd.k8s.amazonaws.com';

export const eniconfigMissing: Check = {
  id: 'eniconfig-missing',
  run(snapshot, facts) {
    if (!facts.customNetworking) return [];
    const cluster = snapshot.cluster.name;
    if (!snapshot.kube.eniConfigCrd.present) {
      return [
        {
          check: 'eniconfig-missing',
          severity: 'error',
          resource: `crd/${CRD}`,
          message:
            'Custom networking is on but the ENIConfig CRD is not installed: no node can get pod ENIs.',
          evidence: ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: true', `CRD ${CRD}: absent`],
          fix: `Update the vpc-cni add-on (it installs the v1 CRD), then ${applyFix(cluster)}.`,
        },
      ];
    }
    const unconfigured =
      facts.labelDef === DEFAULT_ENICONFIG_KEY && facts.annotationDef === DEFAULT_ENICONFIG_KEY;
    const missing = snapshot.kube.nodes.filter((n) => {
      const choice = facts.nodeEniConfig.get(n.name);
      if (!choice || facts.eniConfigs.has(choice.name)) return false;
      // A node without the selector's label falls back to `default`: the selector check reports it
      // unless no selector was ever configured.
      return choice.source !== 'default' || unconfigured;
    });
    return [...groupBy(missing, (n) => facts.nodeEniConfig.get(n.name)?.name ?? '')].map(
      ([name, nodes]): Finding => ({
        check: 'eniconfig-missing',
        severity: 'error',
        resource: `eniconfig/${name}`,
        message: `${nodes.length} node(s) select ENIConfig '${name}', which does not exist: they get no pod ENIs and their new pods stay ContainerCreating.`,
        evidence: [
          `nodes: ${listed(nodes.map((n) => n.name))}`,
          `selected by: ${facts.nodeEniConfig.get(nodes[0]!.name)?.source ?? ''}${facts.nodeEniConfig.get(nodes[0]!.name)?.source === 'label' ? ` ${facts.labelDef}` : ''}`,
          `ENIConfigs: ${listed([...facts.eniConfigs.keys()]) || '(none)'}`,
        ],
        fix: `${applyFix(cluster)} (writes one ENIConfig per zone), or create ENIConfig '${name}' with spec.subnet set to a pod subnet in the nodes' zone.`,
      }),
    );
  },
};

/** ENIConfigs some node selects, with those nodes. */
function selectedEniConfigs(
  nodes: readonly SnapshotNode[],
  facts: Parameters<Check['run']>[1],
): Map<string, SnapshotNode[]> {
  return groupBy(
    nodes.filter((n) => facts.eniConfigs.has(facts.nodeEniConfig.get(n.name)?.name ?? '')),
    (n) => facts.nodeEniConfig.get(n.name)?.name ?? '',
  );
}

export const eniconfigSubnetMissing: Check = {
  id: 'eniconfig-subnet-missing',
  run(snapshot, facts) {
    if (!facts.customNetworking) return [];
    return snapshot.kube.eniConfigs
      .filter((e) => !e.subnet || !facts.subnets.has(e.subnet))
      .map((e): Finding => ({
        check: 'eniconfig-subnet-missing',
        severity: 'error',
        resource: `eniconfig/${e.name}`,
        message: e.subnet
          ? `ENIConfig '${e.name}' names subnet ${e.subnet}, which is not in the cluster's VPC ${snapshot.vpc.vpcId}: ipamd cannot create pod ENIs for its nodes.`
          : `ENIConfig '${e.name}' has no spec.subnet: ipamd cannot create pod ENIs for its nodes.`,
        evidence: [`spec.subnet: ${e.subnet ?? '(empty)'}`, `VPC: ${snapshot.vpc.vpcId}`],
        fix: `${applyFix(snapshot.cluster.name)}, or set spec.subnet to a subnet of ${snapshot.vpc.vpcId} in the zone '${e.name}' serves (kubectl edit eniconfig ${e.name}).`,
      }));
  },
};

export const eniconfigSubnetWrongZone: Check = {
  id: 'eniconfig-subnet-wrong-zone',
  run(snapshot, facts) {
    if (!facts.customNetworking) return [];
    const findings: Finding[] = [];
    for (const [name, nodes] of selectedEniConfigs(snapshot.kube.nodes, facts)) {
      const subnet = facts.subnets.get(facts.eniConfigs.get(name)?.subnet ?? '');
      if (!subnet) continue;
      const elsewhere = nodes.filter((n) => n.zone && n.zone !== subnet.zone);
      if (elsewhere.length === 0) continue;
      findings.push({
        check: 'eniconfig-subnet-wrong-zone',
        severity: 'error',
        resource: `eniconfig/${name}`,
        message: `ENIConfig '${name}' puts pod ENIs in ${subnet.subnetId} (${subnet.zone}), but ${elsewhere.length} node(s) selecting it are in another zone: EC2 cannot attach an ENI across zones, so their pods get no address.`,
        evidence: [
          `subnet ${subnet.subnetId}: ${subnet.cidr} in ${subnet.zone}`,
          `nodes: ${listed(elsewhere.map((n) => `${n.name} (${n.zone ?? '?'})`))}`,
        ],
        fix: `${applyFix(snapshot.cluster.name)} (one ENIConfig per zone, named after it, with ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone), or point '${name}' at a pod subnet in ${elsewhere[0]?.zone ?? 'the nodes’ zone'}.`,
      });
    }
    return findings;
  },
};

export const eniconfigSelectorMismatch: Check = {
  id: 'eniconfig-selector-mismatch',
  run(snapshot, facts) {
    if (!facts.customNetworking) return [];
    const findings: Finding[] = [];
    const cluster = snapshot.cluster.name;
    if (facts.labelDef !== DEFAULT_ENICONFIG_KEY) {
      const unlabelled = snapshot.kube.nodes.filter(
        (n) =>
          n.labels[facts.labelDef] === undefined && facts.nodeEniConfig.get(n.name)?.source === 'default',
      );
      if (unlabelled.length > 0) {
        const fallback = facts.eniConfigs.has('default');
        findings.push({
          check: 'eniconfig-selector-mismatch',
          severity: fallback ? 'warning' : 'error',
          resource: 'daemonset/kube-system/aws-node',
          message: `ENI_CONFIG_LABEL_DEF is '${facts.labelDef}', a label ${unlabelled.length} node(s) do not carry: ipamd falls back to ENIConfig 'default'${fallback ? '' : ', which does not exist, so those nodes get no pod ENIs'}.`,
          evidence: [
            `ENI_CONFIG_LABEL_DEF: ${facts.labelDef}`,
            `nodes without it: ${listed(unlabelled.map((n) => n.name))}`,
          ],
          fix: `${applyFix(cluster)} (sets ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone through the add-on's configurationValues), or label the nodes with ${facts.labelDef}.`,
        });
      }
    }
    if (facts.cniEnv['ENI_CONFIG_ANNOTATION_DEF'] !== undefined) {
      const overridden = snapshot.kube.nodes.filter((n) => {
        const byLabel = n.labels[facts.labelDef];
        const byAnnotation = n.annotations?.[facts.annotationDef];
        return byAnnotation !== undefined && byLabel !== undefined && byAnnotation !== byLabel;
      });
      const set = facts.cniEnv['ENI_CONFIG_LABEL_DEF'] !== undefined;
      if (overridden.length > 0 || set) {
        findings.push({
          check: 'eniconfig-selector-mismatch',
          severity: 'warning',
          resource: 'daemonset/kube-system/aws-node',
          message: `ENI_CONFIG_ANNOTATION_DEF ('${facts.annotationDef}') takes precedence over ENI_CONFIG_LABEL_DEF ('${facts.labelDef}')${overridden.length > 0 ? `: ${overridden.length} node(s) select another ENIConfig by annotation than by label` : ''}.`,
          evidence: [
            `ENI_CONFIG_ANNOTATION_DEF: ${facts.annotationDef}`,
            `ENI_CONFIG_LABEL_DEF: ${facts.labelDef}`,
            ...(overridden.length > 0 ? [`nodes: ${listed(overridden.map((n) => n.name))}`] : []),
          ],
          fix: `Keep one selector: remove ENI_CONFIG_ANNOTATION_DEF from the vpc-cni add-on's configurationValues (aws eks update-addon --cluster-name ${cluster} --addon-name vpc-cni --configuration-values ...), then replace the nodes.`,
        });
      }
    }
    return findings;
  },
};
