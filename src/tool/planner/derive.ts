/**
 * derivePlan: the steps that take the cluster from what exists to what the request wants, each with
 * its action and reason, in dependency order. An applied cluster yields only no-ops; a partly applied
 * one, only what is missing. Pure: a ClusterSnapshot and a request in, a Plan out.
 */
import type { PlanRequest } from '../config/request.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { capacitySummary } from './capacity.js';
import { capacityModel, targetAddressMode } from './capacity-model.js';
import { resolveRequest } from './resolve.js';
import { checkCrdStep, configureCniStep, eniConfigSteps } from './steps-cni.js';
import { associateCidrStep, createSubnetSteps, routeTableSteps } from './steps-network.js';
import { nodegroupSteps } from './steps-nodegroups.js';
import { deriveDiscoveryPlan } from './steps-discovery.js';
import { sizingFindings } from './sizing-findings.js';
import type { Finding, Plan, PlanStep, ResolvedRequest } from './types.js';
import { errorsOf, validate, validationError, type ValidateOptions } from './validate.js';

export function derivePlan(
  snapshot: ClusterSnapshot,
  request: ResolvedRequest,
  warnings: Finding[] = [],
): Plan {
  if (request.mode === 'subnet-discovery') return deriveDiscoveryPlan(snapshot, request, warnings);
  const subnets = createSubnetSteps(snapshot, request);
  const routes = routeTableSteps(snapshot, request);
  const crd = checkCrdStep(snapshot);
  const eniConfigs = eniConfigSteps(snapshot, request);
  // The CNI switches mode only once every zone has its ENIConfig and route: a node that restarts
  // aws-node in between would otherwise find no ENIConfig and give its pods no address.
  const cni = configureCniStep(snapshot, request, [
    ...routes.map((s) => s.id),
    ...eniConfigs.map((s) => s.id),
  ]);
  const cniConfigured = cni?.action === 'no-op';
  const steps: PlanStep[] = [
    associateCidrStep(snapshot, request),
    ...subnets,
    ...routes,
    crd,
    ...eniConfigs,
    ...(cni ? [cni] : []),
    ...nodegroupSteps(snapshot, request, cniConfigured),
  ];
  return {
    schemaVersion: 1,
    cluster: snapshot.cluster.name,
    region: snapshot.region,
    vpcId: snapshot.vpc.vpcId,
    request,
    steps,
    summary: capacitySummary(snapshot, request, steps),
    capacity: capacityModel({ snapshot, steps, targetMode: targetAddressMode(snapshot, request) }),
    warnings: warnings.filter((f) => f.severity !== 'error'),
  };
}

/** Resolve, validate, derive: throws one E_VALIDATION error listing every problem. */
export function planFromSnapshot(
  snapshot: ClusterSnapshot,
  request: PlanRequest,
  options: ValidateOptions = {},
): Plan {
  const resolution = resolveRequest(snapshot, request);
  const findings = [...resolution.findings, ...validate(snapshot, resolution.request, options)];
  if (errorsOf(findings).length > 0) throw validationError(findings);
  const plan = derivePlan(snapshot, resolution.request, findings);
  // Sizing refusals (the demand does not fit) stop the plan like a validation error: before any write.
  const sizing = sizingFindings(snapshot, plan);
  if (errorsOf(sizing).length > 0) throw validationError([...findings, ...sizing]);
  return { ...plan, warnings: [...plan.warnings, ...sizing] };
}
