/**
 * Plans and executes a destroy. The whole undo is planned before the first write, blockers included:
 * destroy refuses up front while anything it will not remove keeps the pod subnets in use, and while
 * pods, or nodes holding network interfaces there, use them without --force. Subnets opted in for
 * subnet discovery are first tagged `kubernetes.io/role/cni=0` (no new ENI goes there). With --force
 * it turns the CNI back to default networking, rotates eks-cidr's node groups back, and replaces the
 * other groups' nodes that hold interfaces in the subnets one at a time; then it undoes the rest
 * phase by phase. Every action tolerates "already gone", so a destroy stopped anywhere is finished by
 * running it again; its errors say so with the exact command.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { EngineClock } from '../engine/clock.js';
import { executePlan, type StepGraph } from '../engine/execute-plan.js';
import type { ProgressReporter } from '../engine/progress/events.js';
import { errorCode } from '../engine/retry.js';
import { withCallScope } from '../gateway/retry-layer.js';
import { EksCidrError, ExitCode } from '../errors.js';
import { cidrBlockTagKey, isOwnedBy } from '../planner/ownership.js';
import { CNI_ROLE_ABSENT, cniRoleWasTag } from '../planner/stop-node-subnets.js';
import type { PlanStep } from '../planner/types.js';
import type { StepTimeouts } from '../steps/context.js';
import type { Ports } from '../steps/ports.js';
import { isUserError } from '../../shared/errors.js';
import { SUBNET_DISCOVERY_TAG } from '../../shared/aws-facts/index.js';
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
  const interfaces = await withCallScope(retry, () => ports.ec2.networkInterfaces(owned));
  const rolled: RolledNodegroup[] = [];
  for (const ng of snapshot.nodegroups) {
    const lt = ng.launchTemplate;
    if (!lt || isOwnedBy(ng.tags, cluster)) continue;
    const versions = await withCallScope(retry, () =>
      ports.ec2.launchTemplateVersions({ id: lt.id, name: lt.name }),
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
  if ((plan.needsRotation || plan.foreignNodes.length > 0) && !force) {
    const pods = plan.podsInPodSubnets;
    const nodes = plan.foreignNodes.map((n) => `${n.nodeName} (${n.instanceId}, ${n.nodegroup})`);
    const what = [
      ...(pods.length > 0
        ? [
            `${pods.length} pod(s) still use eks-cidr's pod subnets: ${pods.slice(0, 10).join(', ')}${pods.length > 10 ? ', ...' : ''}`,
          ]
        : []),
      ...(nodes.length > 0
        ? [
            `node(s) ${nodes.join(', ')} hold network interfaces in them, which the VPC CNI keeps until the node goes (tagging a subnet does not release them), so the subnets cannot be deleted`,
          ]
        : pods.length > 0
          ? []
          : [
              `nodes of eks-cidr's node groups (${[...plan.ownedNodegroups, ...plan.rolledNodegroups.map((r) => r.nodegroup)].map((n) => n.name).join(', ')}) still have network interfaces in the pod subnets`,
            ]),
    ];
    throw new EksCidrError('E_POD_SUBNETS_IN_USE', what.join('; '), {
      exitCode: ExitCode.Usage,
      hint: `Nothing was changed. Run \`${destroyCommand(cluster, true)}\` to ${forceSteps(plan).join(', then ')}; pods are evicted honouring PodDisruptionBudgets.`,
      details: { pods, nodes },
    });
  }
}

/** What --force does before deleting, in order, for the refusal's hint. */
function forceSteps(plan: DestroyPlan): string[] {
  const out: string[] = [];
  if (plan.actions.some((a) => a.kind === 'revert-cni')) out.push('turn custom networking off');
  if (plan.discoverySubnets.length > 0)
    out.push(
      plan.discoveryOff === 'tag-0'
        ? 'tag the pod subnets kubernetes.io/role/cni=0'
        : 'remove their kubernetes.io/role/cni tag (this VPC CNI reads only the key)',
    );
  if (plan.needsRotation && plan.ownedNodegroups.length > 0)
    out.push(`rotate ${plan.ownedNodegroups.map((n) => n.name).join(', ')} back`);
  if (plan.rolledNodegroups.length > 0)
    out.push(
      `roll ${plan.rolledNodegroups.map((r) => r.nodegroup.name).join(', ')} back to their launch template version`,
    );
  if (plan.foreignNodes.length > 0) {
    const groups = [...new Set(plan.foreignNodes.map((n) => n.nodegroup))].join(', ');
    out.push(
      `replace those ${plan.foreignNodes.length} node(s) one at a time (cordon, evict, terminate; ${groups} launches each replacement, the group itself is not changed)`,
    );
  }
  out.push('delete the subnets and the block');
  return out;
}

/**
 * Node subnets eks-cidr tagged `kubernetes.io/role/cni=0` get back the tag they had (or none), and lose
 * the marker: first, before any node is rotated back.
 */
function restoreNodeSubnetSteps(cluster: string, plan: DestroyPlan): PlanStep[] {
  const marker = cniRoleWasTag(cluster);
  return plan.restoredNodeSubnets.map(({ subnetId, zone, was }) => ({
    id: `node-subnet-restore:${subnetId}`,
    kind: 'tag-subnet',
    action: 'update',
    reason:
      was === CNI_ROLE_ABSENT
        ? `node subnet ${subnetId} feeds pods again: remove the ${SUBNET_DISCOVERY_TAG}=0 eks-cidr added`
        : `node subnet ${subnetId} gets back ${SUBNET_DISCOVERY_TAG}=${was}`,
    dependsOn: [],
    target: { subnet: { stepId: '', zone, subnetId } },
    desired:
      was === CNI_ROLE_ABSENT
        ? { tags: [], removeKeys: [SUBNET_DISCOVERY_TAG, marker] }
        : { tags: [{ key: SUBNET_DISCOVERY_TAG, value: was }], removeKeys: [marker] },
  }));
}

/**
 * Each subnet opted in for discovery is taken out first, so no new ENI goes there:
 * `kubernetes.io/role/cni=0`, or the key removed where the CNI reads only the key.
 */
function discoveryOffSteps(snapshot: ClusterSnapshot, plan: DestroyPlan, after: string[]): PlanStep[] {
  return plan.discoverySubnets.map((subnetId) => ({
    id: `cni-tag-off:${subnetId}`,
    kind: 'tag-subnet',
    action: 'update',
    reason: 'no new ENI in a subnet about to be deleted',
    dependsOn: after,
    target: {
      subnet: {
        stepId: '',
        zone: snapshot.subnets.find((s) => s.subnetId === subnetId)?.zone ?? '',
        subnetId,
      },
    },
    desired:
      plan.discoveryOff === 'tag-0'
        ? { tags: [{ key: SUBNET_DISCOVERY_TAG, value: '0' }] }
        : { tags: [], removeKeys: [SUBNET_DISCOVERY_TAG] },
  }));
}

function replaceNodesStep(
  cluster: string,
  plan: DestroyPlan,
  after: string[],
  drainTimeoutSeconds: number,
): PlanStep {
  return {
    id: 'replace-nodes',
    kind: 'replace-nodes',
    action: 'update',
    reason: 'their network interfaces keep the pod subnets in use',
    dependsOn: after,
    target: { clusterName: cluster, subnetIds: plan.podSubnetIds },
    desired: {
      nodegroups: [...new Set(plan.foreignNodes.map((n) => n.nodegroup))],
      nodes: plan.foreignNodes.map((n) => `${n.nodeName} (${n.instanceId})`),
      timeoutSeconds: drainTimeoutSeconds,
    },
  };
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
  const graph: StepGraph = {
    cluster: options.snapshot.cluster.name,
    region: options.snapshot.region,
    vpcId: options.snapshot.cluster.vpcId,
    steps,
  };
  const result = await executePlan({ ...options, graph, concurrency: 4 });
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
      await withCallScope({ clock: options.clock, signal: options.signal, random: options.random }, fn);
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
      const assocs = await withCallScope(
        { clock: options.clock, signal: options.signal, random: options.random },
        () => ports.ec2.vpcCidrAssociations(action.vpcId),
      );
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
    if (err.hint?.includes(command)) return err; // said already (an error wrapped twice)
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
  // Node subnets feed pods again before anything else (the nodes rotated back start with them).
  const restored = restoreNodeSubnetSteps(cluster, plan);
  const first = restored.map((s) => s.id);
  // The rotate-back steps depend on 'revert-cni', so it is always in the graph (a no-op when not needed).
  const steps: PlanStep[] = [...restored];
  if (cni && (revert || rotate.length > 0))
    steps.push({ ...(revert ? cni : { ...cni, action: 'no-op' as const }), dependsOn: first }, ...rotate);
  const tagged = discoveryOffSteps(
    snapshot,
    plan,
    steps.some((s) => s.id === 'revert-cni') ? ['revert-cni'] : first,
  );
  steps.push(...tagged);
  if (plan.foreignNodes.length > 0) {
    const after = steps.filter(
      (s) =>
        s.kind === 'tag-subnet' ||
        s.kind === 'delete-nodegroup' ||
        s.kind === 'roll-nodegroup' ||
        s.id === 'revert-cni',
    );
    steps.push(
      replaceNodesStep(
        cluster,
        plan,
        after.map((s) => s.id),
        options.drainTimeoutSeconds ?? 600,
      ),
    );
  }
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
