/**
 * `--prefix-delegation on|off|keep`: whether the plan turns VPC CNI prefix delegation on or off.
 * Prefix delegation needs Nitro instances and VPC CNI 1.9 or later (EKS user guide, "Assign more IP
 * addresses to Amazon EKS nodes with prefixes"; max-pods-calculator.sh). Pure.
 */
import {
  PREFIX_DELEGATION_MIN_CNI,
  cniSupportsPrefixDelegation,
  findInstanceType,
} from '../../shared/aws-facts/index.js';
import type { PlanRequest } from '../config/request.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { effectiveCniEnv } from './cni-env.js';
import { cniVersionNumber } from './mode.js';
import { isReplacement } from './nodegroups.js';
import type { Finding, ModeDecision } from './types.js';

export const PREFIX_DELEGATION_ENV = 'ENABLE_PREFIX_DELEGATION';
export const WARM_PREFIX_TARGET_ENV = 'WARM_PREFIX_TARGET';

export function prefixDelegationOn(snapshot: ClusterSnapshot): boolean {
  return effectiveCniEnv(snapshot)[PREFIX_DELEGATION_ENV]?.toLowerCase() === 'true';
}

/** Whether the CNI runs with prefix delegation once the plan is applied. */
export function prefixDelegationWanted(
  snapshot: ClusterSnapshot,
  request: { prefixDelegation?: 'on' | 'off' | 'keep' | undefined },
): boolean {
  if (request.prefixDelegation === 'on') return true;
  if (request.prefixDelegation === 'off') return false;
  return prefixDelegationOn(snapshot);
}

/** Instance types of the nodes that would run with prefix delegation, with the ones not on Nitro. */
function nonNitroTypes(snapshot: ClusterSnapshot): { where: string; type: string }[] {
  const out: { where: string; type: string }[] = [];
  for (const ng of snapshot.nodegroups) {
    if (isReplacement(snapshot, ng)) continue;
    for (const type of ng.instanceTypes) {
      const limits = findInstanceType(type);
      if (limits && !limits.nitro) out.push({ where: `node group ${ng.name}`, type });
    }
  }
  for (const node of snapshot.kube.nodes) {
    if (node.nodegroup !== undefined || !node.instanceType) continue;
    const limits = findInstanceType(node.instanceType);
    if (limits && !limits.nitro) out.push({ where: `node ${node.name}`, type: node.instanceType });
  }
  return out;
}

export function validatePrefixDelegation(
  snapshot: ClusterSnapshot,
  request: PlanRequest,
  decision: ModeDecision | undefined,
): Finding[] {
  if (request.prefixDelegation !== 'on') return [];
  const findings: Finding[] = [];
  const flag =
    request.sources.prefixDelegation === 'config'
      ? 'prefixDelegation: on (config file)'
      : '--prefix-delegation on';
  const off = nonNitroTypes(snapshot);
  if (off.length > 0) {
    findings.push({
      severity: 'error',
      code: 'E_PREFIX_DELEGATION_NITRO',
      field: 'prefixDelegation',
      message: `${flag}: prefix delegation needs Nitro instances; ${off.map((o) => `${o.where} runs ${o.type}`).join(', ')}, which is not Nitro.`,
      hint: 'Move those nodes to Nitro instance types (m5, c5, r5, t3 and later), or leave out --prefix-delegation.',
    });
  }
  const version = decision?.addonVersionUpdate?.to ?? cniVersionNumber(snapshot);
  let supported = true;
  try {
    supported = version === undefined || cniSupportsPrefixDelegation(version);
  } catch {
    supported = true;
  }
  if (!supported) {
    findings.push({
      severity: 'error',
      code: 'E_PREFIX_DELEGATION_CNI',
      field: 'prefixDelegation',
      message: `${flag}: prefix delegation needs VPC CNI ${PREFIX_DELEGATION_MIN_CNI} or later; the cluster runs ${version}.`,
      hint: `Update the VPC CNI (the vpc-cni add-on, or the aws-node image) to ${PREFIX_DELEGATION_MIN_CNI} or later first, or leave out --prefix-delegation.`,
    });
  }
  return findings;
}

/**
 * The CNI env `--prefix-delegation` asks for: on sets ENABLE_PREFIX_DELEGATION=true and
 * WARM_PREFIX_TARGET=1 unless a warm target is set already; off sets it false; keep asks nothing.
 */
export function prefixDelegationEnv(
  snapshot: ClusterSnapshot,
  request: { prefixDelegation?: 'on' | 'off' | 'keep' | undefined },
): Record<string, string> {
  if (request.prefixDelegation === 'off') return { [PREFIX_DELEGATION_ENV]: 'false' };
  if (request.prefixDelegation !== 'on') return {};
  const env = effectiveCniEnv(snapshot);
  const warmSet = ['WARM_PREFIX_TARGET', 'WARM_IP_TARGET', 'MINIMUM_IP_TARGET'].some(
    (k) => env[k] !== undefined,
  );
  return { [PREFIX_DELEGATION_ENV]: 'true', ...(warmSet ? {} : { [WARM_PREFIX_TARGET_ENV]: '1' }) };
}
