/**
 * All validation, before anything else: every problem is collected so the user sees them at once. Pure.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { usageError } from '../errors.js';
import type { Finding, ResolvedRequest } from './types.js';
import {
  validateCapacity,
  validateCluster,
  validateCni,
  validateLabel,
  validateNodes,
} from './validate-cluster.js';
import {
  validateCidr,
  validateRoutes,
  validateSecurityGroups,
  validateSubnets,
  validateZones,
} from './validate-network.js';
import { validatePodSubnetFit } from './pod-subnet-fit.js';
import { validatePrefixRoom } from './prefix-room.js';
import { validateStopNodeSubnets } from './stop-node-subnets.js';

export interface ValidateOptions {
  /** The account's IPv4-blocks-per-VPC quota, when known (default 5). */
  cidrQuota?: number | undefined;
}

/** Findings about custom networking's ENIConfigs and node replacement: subnet discovery has neither. */
const CUSTOM_NETWORKING_ONLY = new Set([
  'E_CNI_TOO_OLD',
  'W_SELF_MANAGED_NODES',
  'W_NODES_NOT_ROTATED',
  'W_LABEL_NOT_ON_NODES',
  'W_DEPRECATED_ZONE_LABEL',
  'W_CAPACITY_LOSS',
  'E_CAPACITY_LOSS',
  'W_ADDON_DRIFT',
]);

export function validate(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  options: ValidateOptions = {},
): Finding[] {
  const findings = validateAll(snapshot, request, options);
  return request.mode === 'subnet-discovery'
    ? findings.filter((f) => !CUSTOM_NETWORKING_ONLY.has(f.code))
    : findings;
}

function validateAll(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  options: ValidateOptions,
): Finding[] {
  return [
    ...validateCluster(snapshot),
    ...validateCidr(snapshot, request, options.cidrQuota),
    ...validateZones(snapshot, request),
    ...validateSubnets(snapshot, request),
    ...validatePodSubnetFit(snapshot, request),
    ...validatePrefixRoom(snapshot, request),
    ...validateSecurityGroups(snapshot, request),
    ...validateCni(snapshot),
    ...validateLabel(snapshot, request),
    ...validateCapacity(snapshot, request),
    ...validateNodes(snapshot, request),
    ...validateRoutes(snapshot, request),
    ...validateStopNodeSubnets(snapshot, request),
  ];
}

export const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');

/** One EksCidrError (E_VALIDATION, exit 2) listing every error finding with what to do. */
export function validationError(findings: readonly Finding[]) {
  const errors = errorsOf(findings);
  const lines = errors.map((f) => `  - [${f.code}] ${f.message}${f.hint ? `\n    ${f.hint}` : ''}`);
  return usageError(
    'E_VALIDATION',
    `The request fails validation (${errors.length} problem${errors.length === 1 ? '' : 's'}); nothing was changed:\n${lines.join('\n')}`,
    'Fix each problem above and run plan again.',
    { findings: errors },
  );
}
