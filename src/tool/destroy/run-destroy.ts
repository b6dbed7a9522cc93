/**
 * Executes a destroy: refuses while pods use the pod subnets (unless --force, which first turns the
 * CNI back to default networking and rotates the eks-cidr node groups back), then undoes the rest in
 * reverse order, each call with the engine's retry policy. Never touches a resource without the
 * ownership tags.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { EngineClock } from '../engine/clock.js';
import { executePlan } from '../engine/execute-plan.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { withRetry } from '../engine/retry.js';
import { EksCidrError, ExitCode } from '../errors.js';
import type { Plan, PlanStep } from '../planner/types.js';
import type { StepTimeouts } from '../steps/context.js';
import type { Ports } from '../steps/ports.js';
import { computeDestroy, describeAction, type DestroyAction, type DestroyPlan } from './compute.js';
import { rotateBackSteps } from './rotate-back.js';

export interface DestroyOptions {
  snapshot: ClusterSnapshot;
  ports: Ports;
  reporter: ProgressReporter;
  clock: EngineClock;
  signal: AbortSignal;
  force: boolean;
  drainTimeoutSeconds?: number;
  timeouts?: Partial<StepTimeouts>;
  random?: () => number;
}

const OFF = { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' };

function cniStep(snapshot: ClusterSnapshot): PlanStep | undefined {
  const cni = snapshot.cni;
  if (cni.install === 'absent') return undefined;
  return {
    id: 'revert-cni',
    kind: 'configure-cni',
    action: cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG === 'true' ? 'update' : 'no-op',
    reason: 'turn custom networking off',
    dependsOn: [],
    target:
      cni.install === 'managed-addon'
        ? { mode: 'managed-addon', addonName: 'vpc-cni', addonVersion: cni.addonVersion }
        : { mode: 'self-managed', namespace: 'kube-system', daemonSet: 'aws-node' },
    desired: { env: OFF },
  };
}

async function runSteps(steps: PlanStep[], options: DestroyOptions): Promise<void> {
  const plan: Plan = {
    schemaVersion: 1,
    cluster: options.snapshot.cluster.name,
    region: options.snapshot.region,
    vpcId: options.snapshot.cluster.vpcId,
    request: undefined as unknown as Plan['request'],
    steps,
    summary: { zones: [], nodegroups: [], totals: { podAddressesBefore: 0, podAddressesAfter: 0 } },
    warnings: [],
  };
  const result = await executePlan({ ...options, plan, concurrency: 4 });
  if (!result.ok) {
    const first = result.failures[0]?.error;
    throw first instanceof Error ? first : new Error('destroy stopped');
  }
}

async function runAction(action: DestroyAction, options: DestroyOptions): Promise<void> {
  const { ports } = options;
  const call = <T>(fn: () => Promise<T>) =>
    withRetry(fn, { clock: options.clock, signal: options.signal, random: options.random });
  switch (action.kind) {
    case 'revert-cni':
      return; // done through the configure-cni executor first
    case 'delete-eniconfig':
      return call(() => ports.kube.deleteEniConfig(action.name));
    case 'disassociate-route-table':
      return call(() => ports.ec2.disassociateRouteTable(action.associationId));
    case 'delete-subnet':
      return call(() => ports.ec2.deleteSubnet(action.subnetId));
    case 'disassociate-cidr':
      return call(() => ports.ec2.disassociateVpcCidrBlock(action.associationId));
  }
}

/** Destroy without --force refuses while pods use the pod subnets: checked before asking, and again under the lock. */
export function refuseWhilePodsUseSubnets(plan: DestroyPlan, force: boolean): void {
  if (plan.podsInPodSubnets.length > 0 && !force) {
    throw new EksCidrError(
      'E_POD_SUBNETS_IN_USE',
      `${plan.podsInPodSubnets.length} pod(s) still use eks-cidr's pod subnets: ${plan.podsInPodSubnets.slice(0, 10).join(', ')}${plan.podsInPodSubnets.length > 10 ? ', ...' : ''}`,
      {
        exitCode: ExitCode.Usage,
        hint: 'Re-run with --force to turn custom networking off and rotate the nodes back first (pods are evicted, honouring PodDisruptionBudgets).',
        details: { pods: plan.podsInPodSubnets },
      },
    );
  }
}

export async function runDestroy(options: DestroyOptions): Promise<DestroyPlan> {
  const { snapshot, reporter } = options;
  const plan = computeDestroy(snapshot);
  refuseWhilePodsUseSubnets(plan, options.force);
  const cni = cniStep(snapshot);
  const revert = plan.actions.some((a) => a.kind === 'revert-cni');
  const rotate =
    options.force && plan.podsInPodSubnets.length > 0
      ? rotateBackSteps(snapshot.cluster.name, plan.ownedNodegroups, options.drainTimeoutSeconds ?? 600)
      : [];
  // The rotate-back steps depend on 'revert-cni', so it is always in the graph (a no-op when not needed).
  const steps: PlanStep[] = [];
  if (cni && (revert || rotate.length > 0)) steps.push(revert ? cni : { ...cni, action: 'no-op' }, ...rotate);
  reporter.emit({
    type: 'run-start',
    command: 'destroy',
    cluster: snapshot.cluster.name,
    steps: [
      ...steps.map((s) => ({ id: s.id, kind: s.kind, action: s.action, description: s.reason })),
      ...plan.actions
        .filter((a) => a.kind !== 'revert-cni')
        .map((a, i) => ({
          id: `${a.kind}:${i}`,
          kind: a.kind,
          action: 'delete',
          description: describeAction(a),
        })),
    ],
  });
  for (const k of plan.kept) reporter.emit({ type: 'notice', level: 'info', message: `kept ${k}` });
  if (steps.length > 0) await runSteps(steps, options);
  for (const [i, action] of plan.actions.entries()) {
    if (action.kind === 'revert-cni') continue;
    options.signal.throwIfAborted(); // stopped (Ctrl-C): start no further deletion
    const id = `${action.kind}:${i}`;
    reporter.emit({ type: 'step-start', id, description: describeAction(action) });
    await runAction(action, options);
    reporter.emit({ type: 'step-done', id });
  }
  return plan;
}
