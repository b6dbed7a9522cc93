/**
 * EC2's asynchronous transitions on one due-time queue: an instance's boot or shutdown and the end of
 * its visibility once terminated, a VPC's CIDR blocks associating or disassociating, a NAT gateway
 * becoming available. The functions that set a due time note it here (`noteDue`); the model's tick
 * takes only what is due (`takeDue`), so an idle world of thousands of instances costs O(1) per tick.
 * Never persisted: the queue hangs off its state object and is rebuilt from the records' due times on
 * first use (a model restored from a snapshot gets a fresh one).
 */
import { DueQueue } from '../../core/due-queue.js';
import type { Ec2State } from './types.js';

/** How long a terminated instance stays in DescribeInstances. */
export const TERMINATED_VISIBLE_MS = 60 * 60 * 1000;

export type DueKind = 'instance' | 'vpc' | 'nat';

const queues = new WeakMap<Ec2State, DueQueue>();

/** The next time the instance has something due (a transition, or leaving the list once terminated). */
export function instanceDueAt(instance: Ec2State['instances'][string]): number | undefined {
  if (instance.stateDueAt !== undefined) return instance.stateDueAt;
  if (instance.state === 'terminated' && instance.terminatedAt !== undefined)
    return instance.terminatedAt + TERMINATED_VISIBLE_MS;
  return undefined;
}

/** The earliest due CIDR transition of the VPC. */
export function vpcDueAt(vpc: Ec2State['vpcs'][string]): number | undefined {
  let at: number | undefined;
  for (const a of vpc.cidrAssociations)
    if (a.dueAt !== undefined && (at === undefined || a.dueAt < at)) at = a.dueAt;
  return at;
}

function queueOf(state: Ec2State): DueQueue {
  let queue = queues.get(state);
  if (!queue) {
    queue = new DueQueue();
    for (const instance of Object.values(state.instances)) {
      const at = instanceDueAt(instance);
      if (at !== undefined) queue.schedule(`instance:${instance.instanceId}`, at);
    }
    for (const vpc of Object.values(state.vpcs)) {
      const at = vpcDueAt(vpc);
      if (at !== undefined) queue.schedule(`vpc:${vpc.vpcId}`, at);
    }
    for (const gateway of Object.values(state.natGateways))
      if (gateway.dueAt !== undefined) queue.schedule(`nat:${gateway.natGatewayId}`, gateway.dueAt);
    queues.set(state, queue);
  }
  return queue;
}

/** The resource has something due at `at` (its record already carries that due time). */
export function noteDue(state: Ec2State, kind: DueKind, id: string, at: number | undefined): void {
  if (at !== undefined) queueOf(state).schedule(`${kind}:${id}`, at);
}

/** The resources with something due by `now`, earliest first; each must be noted again if still pending. */
export function takeDue(state: Ec2State, now: number): { kind: DueKind; id: string }[] {
  return queueOf(state)
    .takeDue(now)
    .map((key) => {
      const at = key.indexOf(':');
      return { kind: key.slice(0, at) as DueKind, id: key.slice(at + 1) };
    });
}
