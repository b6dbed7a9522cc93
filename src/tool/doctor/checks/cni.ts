/**
 * The VPC CNI itself: its settings surviving add-on updates, its version against what the modes in
 * use need, and the cluster's IP family.
 */
import { parse as parseYaml } from 'yaml';
import { PREFIX_DELEGATION_MIN_CNI } from '../../../shared/aws-facts/index.js';
import { SUBNET_DISCOVERY_MIN_CNI, versionBelow } from '../facts.js';
import type { Check, Finding } from '../types.js';
import { applyFix } from './common.js';

/** Settings that decide where pods get addresses (a revert breaks new nodes). */
const MODE_KEYS = [
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  'ENI_CONFIG_LABEL_DEF',
  'ENI_CONFIG_ANNOTATION_DEF',
  'ENABLE_PREFIX_DELEGATION',
  'ENABLE_SUBNET_DISCOVERY',
  'AWS_VPC_K8S_CNI_EXTERNALSNAT',
];
/** Warm-pool settings (a revert changes how many addresses each node holds). */
const POOL_KEYS = ['WARM_ENI_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET', 'WARM_PREFIX_TARGET'];
/** What the add-on sets when configurationValues says nothing (the vpc-cni add-on's defaults). */
const ADDON_DEFAULTS: Record<string, string> = {
  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
  ENABLE_PREFIX_DELEGATION: 'false',
  ENABLE_SUBNET_DISCOVERY: 'true',
  AWS_VPC_K8S_CNI_EXTERNALSNAT: 'false',
  WARM_ENI_TARGET: '1',
  WARM_PREFIX_TARGET: '1',
};

/** The env of the add-on's configurationValues (JSON or YAML); undefined when it cannot be read. */
export function configuredEnv(configurationValues: string | undefined): Record<string, string> | undefined {
  if (!configurationValues?.trim()) return {};
  try {
    const parsed = parseYaml(configurationValues) as { env?: Record<string, unknown> } | null;
    return Object.fromEntries(Object.entries(parsed?.env ?? {}).map(([k, v]) => [k, String(v)]));
  } catch {
    return undefined;
  }
}

export const addonConfigDrift: Check = {
  id: 'addon-config-drift',
  run(snapshot) {
    const cni = snapshot.cni;
    if (cni.install !== 'managed-addon') return [];
    const configured = configuredEnv(cni.configurationValues);
    if (!configured) return [];
    const drifted = [...MODE_KEYS, ...POOL_KEYS].filter((key) => {
      const actual = cni.env[key];
      const expected = configured[key] ?? ADDON_DEFAULTS[key];
      return actual !== undefined && actual !== expected;
    });
    if (drifted.length === 0) return [];
    const wanted = Object.fromEntries(drifted.map((k) => [k, cni.env[k] ?? '']));
    const values = JSON.stringify({ ...(configured ? { env: { ...configured, ...wanted } } : {}) });
    return [
      {
        check: 'addon-config-drift',
        severity: drifted.some((k) => MODE_KEYS.includes(k)) ? 'error' : 'warning',
        resource: `addon/${snapshot.cluster.name}/vpc-cni`,
        message: `The aws-node DaemonSet has settings the vpc-cni add-on's configurationValues do not: the next add-on update (resolveConflicts OVERWRITE) puts back ${drifted.map((k) => `${k}=${configured[k] ?? ADDON_DEFAULTS[k] ?? '(unset)'}`).join(', ')}, and nodes started after that lose them.`,
        evidence: [
          ...drifted.map(
            (k) =>
              `${k}: DaemonSet ${cni.env[k] ?? '(unset)'}, add-on ${configured[k] ?? `(default ${ADDON_DEFAULTS[k] ?? 'unset'})`}`,
          ),
          `configurationValues: ${cni.configurationValues?.trim() || '(none)'}`,
        ],
        fix: `${applyFix(snapshot.cluster.name)} (writes the settings into configurationValues), or: aws eks update-addon --cluster-name ${snapshot.cluster.name} --addon-name vpc-cni --resolve-conflicts PRESERVE --configuration-values '${values}'`,
      },
    ];
  },
};

/** What each mode needs of the CNI (EKS user guide; CNI release notes). */
const RECOMMENDED_MIN_CNI = SUBNET_DISCOVERY_MIN_CNI;

export const cniTooOld: Check = {
  id: 'cni-too-old',
  run(snapshot, facts) {
    const version = facts.cniVersion;
    if (!version) return [];
    const resource =
      snapshot.cni.install === 'managed-addon'
        ? `addon/${snapshot.cluster.name}/vpc-cni`
        : 'daemonset/kube-system/aws-node';
    const fix = `Update the VPC CNI: aws eks update-addon --cluster-name ${snapshot.cluster.name} --addon-name vpc-cni --addon-version <latest for ${snapshot.cluster.version}> (aws eks describe-addon-versions --addon-name vpc-cni --kubernetes-version ${snapshot.cluster.version}); self-managed: apply the release's aws-k8s-cni.yaml.`;
    const findings: Finding[] = [];
    if (facts.prefixDelegation && versionBelow(version, PREFIX_DELEGATION_MIN_CNI)) {
      findings.push({
        check: 'cni-too-old',
        severity: 'error',
        resource,
        message: `ENABLE_PREFIX_DELEGATION is on, but VPC CNI ${version} predates prefix delegation (${PREFIX_DELEGATION_MIN_CNI}): nodes get secondary addresses, not /28 prefixes, and max-pods sized for prefixes overshoots.`,
        evidence: [`CNI version: ${version}`, 'ENABLE_PREFIX_DELEGATION: true'],
        fix,
      });
    } else if (versionBelow(version, RECOMMENDED_MIN_CNI)) {
      findings.push({
        check: 'cni-too-old',
        severity: 'warning',
        resource,
        message: `VPC CNI ${version} is older than ${RECOMMENDED_MIN_CNI}: no enhanced subnet discovery (kubernetes.io/role/cni subnets) and missing fixes of the address pool.`,
        evidence: [`CNI version: ${version}`],
        fix,
      });
    }
    return findings;
  },
};

export const ipv6Cluster: Check = {
  id: 'ipv6-cluster',
  run(snapshot, facts) {
    if (snapshot.cluster.ipFamily?.toLowerCase() !== 'ipv6') return [];
    const configured = facts.customNetworking || snapshot.kube.eniConfigs.length > 0;
    return [
      {
        check: 'ipv6-cluster',
        severity: configured ? 'warning' : 'info',
        resource: `cluster/${snapshot.cluster.name}`,
        message: `The cluster's IP family is IPv6: pods get IPv6 addresses, so they do not exhaust the VPC's IPv4 space; a secondary IPv4 CIDR and custom networking do not apply${configured ? ' (custom networking is not supported on IPv6 clusters, so the ENIConfigs here have no effect)' : ''}.`,
        evidence: ['kubernetesNetworkConfig.ipFamily: ipv6'],
        fix: configured
          ? 'Remove the custom networking settings (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, ENIConfigs); nothing else to do.'
          : 'Nothing to do: eks-cidr is for IPv4 clusters.',
      },
    ];
  },
};
