/**
 * The Kubernetes side of the plan: the VPC CNI's custom-networking settings (through the managed
 * add-on's configurationValues, or the self-managed DaemonSet's env), the ENIConfig CRD, and one
 * ENIConfig per zone. Pure.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { parseConfigurationValues } from './cni-env.js';
import { ownershipTagMap } from './ownership.js';
import { prefixDelegationEnv } from './prefix-delegation.js';
import { existingPodSubnet, routeTableStepId, subnetStepId } from './steps-network.js';
import type {
  ApplyEniConfigStep,
  CheckEniConfigCrdStep,
  ConfigureCniStep,
  ResolvedRequest,
} from './types.js';

export const CNI_STEP_ID = 'cni';
export const CRD_STEP_ID = 'eniconfig-crd';
export const eniConfigStepId = (zone: string) => `eniconfig:${zone}`;

export function desiredCniEnv(request: ResolvedRequest): Record<string, string> {
  return { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: request.labelDef };
}

export { parseConfigurationValues } from './cni-env.js';

function pick(env: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

const sameEnv = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(b).every((k) => a[k] === b[k]);

export function configureCniStep(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  dependsOn: string[],
): ConfigureCniStep | undefined {
  const cni = snapshot.cni;
  const env = { ...desiredCniEnv(request), ...prefixDelegationEnv(snapshot, request) };
  const keys = Object.keys(env);
  if (cni.install === 'absent') return undefined;
  if (cni.install === 'self-managed') {
    const current = { env: pick(cni.env, keys) };
    const base = {
      id: CNI_STEP_ID,
      kind: 'configure-cni' as const,
      dependsOn,
      target: {
        mode: 'self-managed' as const,
        namespace: 'kube-system' as const,
        daemonSet: 'aws-node' as const,
      },
      desired: { env },
      current,
    };
    return sameEnv(current.env, env)
      ? { ...base, action: 'no-op', reason: 'aws-node already runs with custom networking and this label.' }
      : {
          ...base,
          action: 'update',
          reason: 'Set the custom-networking env on the aws-node DaemonSet (strategic-merge patch).',
        };
  }
  const values = parseConfigurationValues(cni.configurationValues);
  const valuesEnv =
    values.env && typeof values.env === 'object' ? (values.env as Record<string, unknown>) : {};
  const current = { env: pick(valuesEnv, keys), configurationValues: cni.configurationValues };
  const merged = JSON.stringify({ ...values, env: { ...valuesEnv, ...env } });
  const base = {
    id: CNI_STEP_ID,
    kind: 'configure-cni' as const,
    dependsOn,
    target: { mode: 'managed-addon' as const, addonName: 'vpc-cni' as const, addonVersion: cni.addonVersion },
    desired: { env, configurationValues: merged },
    current,
  };
  if (sameEnv(current.env, env)) {
    return {
      ...base,
      desired: { env, configurationValues: cni.configurationValues },
      action: 'no-op',
      reason: "The vpc-cni add-on's configurationValues already enable custom networking.",
    };
  }
  return {
    ...base,
    action: 'update',
    reason:
      'Enable custom networking through the vpc-cni add-on (UpdateAddon configurationValues), so add-on updates keep it.',
  };
}

export function checkCrdStep(snapshot: ClusterSnapshot): CheckEniConfigCrdStep {
  const crd = snapshot.kube.eniConfigCrd;
  const base = {
    id: CRD_STEP_ID,
    kind: 'check-eniconfig-crd' as const,
    dependsOn: [],
    target: {
      name: 'eniconfigs.crd.k8s.amazonaws.com' as const,
      group: 'crd.k8s.amazonaws.com' as const,
      version: 'v1alpha1' as const,
    },
    desired: { present: true as const },
    current: crd,
  };
  if (crd.present && crd.versions.includes('v1alpha1')) {
    return {
      ...base,
      action: 'no-op',
      reason: 'The ENIConfig CRD (v1, served by the VPC CNI) is installed.',
    };
  }
  return {
    ...base,
    action: 'create',
    reason:
      'The ENIConfig CRD is missing (the VPC CNI normally installs it): create it as an apiextensions.k8s.io/v1 CRD.',
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export function eniConfigSteps(snapshot: ClusterSnapshot, request: ResolvedRequest): ApplyEniConfigStep[] {
  return request.zones.flatMap((zone): ApplyEniConfigStep[] => {
    const cidr = request.zoneSubnets[zone];
    if (!cidr) return [];
    const subnet = existingPodSubnet(snapshot, zone, cidr);
    const existing = snapshot.kube.eniConfigs.find((e) => e.name === zone);
    const base = {
      id: eniConfigStepId(zone),
      kind: 'apply-eniconfig' as const,
      dependsOn: [subnetStepId(zone), routeTableStepId(zone), CRD_STEP_ID],
      target: { name: zone, zone },
      desired: {
        subnet: { stepId: subnetStepId(zone), zone, subnetId: subnet?.subnetId },
        securityGroups: request.securityGroups,
        labels: ownershipTagMap(request.cluster),
      },
    };
    if (!existing)
      return [
        { ...base, action: 'create', reason: `No ENIConfig '${zone}': create it for ${zone}'s pod subnet.` },
      ];
    const current = {
      subnet: existing.subnet,
      securityGroups: existing.securityGroups,
      labels: existing.labels,
    };
    if (
      subnet &&
      existing.subnet === subnet.subnetId &&
      sameSet(existing.securityGroups, request.securityGroups)
    ) {
      return [
        {
          ...base,
          action: 'no-op',
          reason: `ENIConfig '${zone}' points at ${subnet.subnetId} with these security groups.`,
          current,
        },
      ];
    }
    return [
      {
        ...base,
        action: 'update',
        reason: `ENIConfig '${zone}' points at ${existing.subnet ?? 'no subnet'} with [${existing.securityGroups.join(', ')}]: update it.`,
        current,
      },
    ];
  });
}
