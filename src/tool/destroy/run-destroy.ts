/**
 * Plans and executes a destroy. The whole undo is planned before the first write, blockers included:
 * destroy refuses up front while anything it will not remove keeps the pod subnets in use, and while
 * pods (or nodes of eks-cidr's node groups) use them without --force. With --force it first turns the
 * CNI back to default networking and rotates eks-cidr's node groups back; then it undoes the rest
 * phase by phase. Every action tolerates "already gone", so a destroy stopped anywhere is finished by
 * running it again; its errors say so with the exact command.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { EngineClock } from '../engine/clock.js';
import { executePlan } from '../engine/execute-plan.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { errorCode, withRetry } from '../engine/retry.js';
import { EksCidrError, ExitCode } from '../errors.js';
import { cidrBlockTagKey, isOwnedBy } from '../planner/ownership.js';
import type { Plan, PlanStep } from '../planner/types.js';
import type { StepTimeouts } from '../steps/context.js';
import type { Ports } from '../steps/ports.js';
import { isUserError } from '../../shared/errors.js';
import { computeDestroy, describeAction, type DestroyAction, type DestroyPlan } from './compute.js';
import { rotateBackSteps } from './rotate-back.js';
import { findRolled, rollBackSteps, type RolledNodegroup } from './roll-back.js';

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

/** The command that resumes this destroy. */
export function destroyCommand(cluster: string, force: boolean): string {
  return `eks-cidr destroy --cluster ${cluster} --yes${force ? ' --force' : ''}`;
}

/**
 * Reads what the snapshot lacks (the interfaces in the pod subnets; the launch template versions of
 * node groups eks-cidr did not create, to find those it rolled) and plans the whole undo.
 */
export async function planDestroy(
  snapshot: ClusterSnapshot,
  ports: Ports,
  retry: { clock: EngineClock; signal?: AbortSignal | undefined },
): Promise<DestroyPlan> {
  const cluster = snapshot.cluster.name;
  const owned = snapshot.subnets.filter((s) => isOwnedBy(s.tags, cluster)).map((s) => s.subnetId);
  if (owned.length === 0) return computeDestroy(snapshot, []);
  const interfaces = await withRetry(() => ports.ec2.networkInterfaces(owned), retry);
  const rolled: RolledNodegroup[] = [];
  for (const ng of snapshot.nodegroups) {
    const lt = ng.launchTemplate;
    if (!lt || isOwnedBy(ng.tags, cluster)) continue;
    const versions = await withRetry(
      () => ports.ec2.launchTemplateVersions({ id: lt.id, name: lt.name }),
      retry,
    );
    const found = findRolled(ng, versions);
    if (found) rolled.push(found);
  }
  return computeDestroy(snapshot, interfaces, undefined, rolled);
}

/** Refuses, before any write, what destroy cannot finish. */
export function checkDestroyable(plan: DestroyPlan, cluster: string, force: boolean): void {
  if (plan.blockers.length > 0) {
    throw new EksCidrError(
      'E_DESTROY_BLOCKED',
      `destroy would stop half-way: ${plan.blockers.length} thing(s) eks-cidr did not create use its pod subnets:\n` +
        plan.blockers.map((b) => `  - ${b.what}\n    what to do: ${b.todo}`).join('\n'),
      {
        exitCode: ExitCode.Usage,
        hint: `Nothing was changed. Deal with each item above, then run \`${destroyCommand(cluster, force)}\`.`,
        details: { blockers: plan.blockers },
      },
    );
  }
  if (plan.needsRotation && !force) {
    const pods = plan.podsInPodSubnets;
    throw new EksCidrError(
      'E_POD_SUBNETS_IN_USE',
      pods.length > 0
        ? `${pods.length} pod(s) still use eks-cidr's pod subnets: ${pods.slice(0, 10).join(', ')}${pods.length > 10 ? ', ...' : ''}`
        : `nodes of eks-cidr's node groups (${[...plan.ownedNodegroups, ...plan.rolledNodegroups.map((r) => r.nodegroup)].map((n) => n.name).join(', ')}) still have network interfaces in the pod subnets`,
      {
        exitCode: ExitCode.Usage,
        hint: `Run \`${destroyCommand(cluster, true)}\` to turn custom networking off and rotate the nodes back first (node groups eks-cidr rolled in place go back to their launch template version; pods are evicted, honouring PodDisruptionBudgets).`,
        details: { pods },
      },
    );
  }
}

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

/** "Already gone" answers: a re-run (or a re-sent call) finds the thing undone already. */
function alreadyGone(err: unknown): boolean {
  const code = errorCode(err);
  return (
    code === 'InvalidSubnetID.NotFound' ||
    code === 'InvalidAssociationID.NotFound' ||
    code === 'InvalidVpcCidrBlockAssociationID.NotFound' ||
    code === 'InvalidCidrBlock.NotFound'
  );
}

async function runAction(action: DestroyAction, options: DestroyOptions): Promise<void> {
  const { ports } = options;
  const call = async (fn: () => Promise<unknown>) => {
    try {
      await withRetry(fn, { clock: options.clock, signal: options.signal, random: options.random });
    } catch (err) {
      if (!alreadyGone(err)) throw err;
    }
  };
  switch (action.kind) {
    case 'revert-cni':
      return; // done through the configure-cni executor first
    case 'delete-eniconfig':
      return call(() => ports.kube.deleteEniConfig(action.name));
    case 'disassociate-route-table':
      return call(() => ports.ec2.disassociateRouteTable(action.associationId));
    case 'delete-subnet':
      return call(() => ports.ec2.deleteSubnet(action.subnetId));
    case 'disassociate-cidr': {
      const assocs = await withRetry(() => ports.ec2.vpcCidrAssociations(action.vpcId), options);
      const live = assocs.find((a) => a.associationId === action.associationId && /^associat/.test(a.state));
      if (live) await call(() => ports.ec2.disassociateVpcCidrBlock(action.associationId));
      return call(() => ports.ec2.untagVpc(action.vpcId, [cidrBlockTagKey(action.cidr)]));
    }
    case 'untag-vpc':
      return call(() => ports.ec2.untagVpc(action.vpcId, [action.key]));
  }
}

/** The error of a destroy that stopped, with the hint naming the command that finishes it. */
export function resumable(err: unknown, cluster: string, force: boolean): Error {
  if (isUserError(err) && err.exitCode !== ExitCode.Api) return err;
  const command = destroyCommand(cluster, force);
  const hint = `Fix the cause, then run \`${command}\`: destroy continues from what is left.`;
  if (isUserError(err)) {
    return new EksCidrError(err.code, err.message, {
      exitCode: err.exitCode,
      hint: err.hint ? `${err.hint} Then run \`${command}\` to finish.` : hint,
      cause: err,
      details: err.details,
    });
  }
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return new EksCidrError('E_API', `destroy stopped: ${code ? `${code}: ` : ''}${message}`, {
    exitCode: ExitCode.Api,
    hint,
    cause: err,
  });
}

export async function runDestroy(options: DestroyOptions, planned?: DestroyPlan): Promise<DestroyPlan> {
  const { snapshot, reporter } = options;
  const cluster = snapshot.cluster.name;
  const plan = planned ?? (await planDestroy(snapshot, options.ports, options));
  checkDestroyable(plan, cluster, options.force);
  const cni = cniStep(snapshot);
  const revert = plan.actions.some((a) => a.kind === 'revert-cni');
  const rotate = plan.needsRotation
    ? [
        ...rotateBackSteps(cluster, plan.ownedNodegroups, options.drainTimeoutSeconds ?? 600),
        ...rollBackSteps(cluster, plan.rolledNodegroups),
      ]
    : [];
  // The rotate-back steps depend on 'revert-cni', so it is always in the graph (a no-op when not needed).
  const steps: PlanStep[] = [];
  if (cni && (revert || rotate.length > 0)) steps.push(revert ? cni : { ...cni, action: 'no-op' }, ...rotate);
  reporter.emit({
    type: 'run-start',
    command: 'destroy',
    cluster,
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
  try {
    if (steps.length > 0) await runSteps(steps, options);
    for (const [i, action] of plan.actions.entries()) {
      if (action.kind === 'revert-cni') continue;
      options.signal.throwIfAborted(); // stopped (Ctrl-C): start no further deletion
      const id = `${action.kind}:${i}`;
      reporter.emit({ type: 'step-start', id, description: describeAction(action) });
      await runAction(action, options);
      reporter.emit({ type: 'step-done', id });
    }
  } catch (err) {
    throw resumable(err, cluster, options.force);
  }
  return plan;
}
