/**
 * Instances, as far as EKS node groups and the CNI need them: launched into a subnet (optionally from
 * a launch template) with a primary ENI and private address, `pending` -> `running` after
 * `timing.instanceBoot`, `shutting-down` -> `terminated` after `timing.instanceTerminate`, when their
 * ENIs are released. Terminated instances stay visible for an hour, as in EC2.
 */
import { findCatalogInstanceType } from './instance-type-catalog.js';
import {
  InvalidAmiIdMalformed,
  InvalidGroupNotFound,
  InvalidInstanceIdNotFound,
  InvalidParameterValue,
  MissingParameter,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { resolveLaunchTemplateVersion } from './launch-templates.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
  networkInterfaceView,
  privateDnsNameOf,
  type NetworkInterfaceView,
} from './network-interfaces.js';
import { addressesReleased, forgetIndexed, networkInterfacesOfInstance } from './state-index.js';
import { instanceDueAt, noteDue, TERMINATED_VISIBLE_MS } from './due-transitions.js';
import { requireInstance, requireSubnet } from './lookups.js';
import type { PageSlicer } from './subnets.js';
import { setTags, tagsForResourceType, tagsOf, validateTags } from './tags.js';
import type { Ec2Context, Ec2State, InstanceRecord, InstanceStateName, Tag } from './types.js';

/** EC2's numeric state codes (low byte of `instanceState.code`). */
export const INSTANCE_STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** An EKS-optimised-looking AMI for launches that name none (EKS picks the AMI itself). */
export const DEFAULT_IMAGE_ID = 'ami-0c2b8ca1dad447f8a';

export interface InstanceView extends InstanceRecord {
  ownerId: string;
  stateCode: number;
  privateDnsName: string;
  hypervisor: string;
  groups: { groupId: string; groupName: string }[];
  networkInterfaces: NetworkInterfaceView[];
  tags: Tag[];
}

export interface RunInstanceInput {
  subnetId?: string | undefined;
  instanceType?: string | undefined;
  imageId?: string | undefined;
  securityGroupIds?: string[] | undefined;
  launchTemplate?: { launchTemplateId?: string; launchTemplateName?: string; version?: string } | undefined;
  userData?: string | undefined;
  tags?: Tag[] | undefined;
  keyName?: string | undefined;
  iamInstanceProfileArn?: string | undefined;
  /** EKS and Auto Scaling launch with `aws:` tags; API callers may not. */
  allowReservedTags?: boolean | undefined;
  clientToken?: string | undefined;
  /** The primary private address (RunInstances' PrivateIpAddress); must be free in the subnet. */
  privateIpAddress?: string | undefined;
  /** A given instance id (a twin rebuilt from a snapshot keeps the real ids); must be unused. */
  instanceId?: string | undefined;
}

export { requireInstance } from './lookups.js';

/** Launches one instance (the data-plane port EKS node groups use). */
export function runInstance(
  ctx: Ec2Context,
  input: RunInstanceInput,
  reservationId?: string,
  launchIndex = 0,
): InstanceRecord {
  const { env, state } = ctx;
  const template = input.launchTemplate
    ? resolveLaunchTemplateVersion(state, input.launchTemplate)
    : undefined;
  const data = template?.version.data;
  const instanceType = input.instanceType ?? data?.instanceType;
  if (!instanceType) throw new MissingParameter('The request must contain the parameter InstanceType');
  if (!findCatalogInstanceType(instanceType))
    throw new InvalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  const imageId = input.imageId ?? data?.imageId ?? DEFAULT_IMAGE_ID;
  if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw new InvalidAmiIdMalformed(imageId);
  const templateInterface = data?.networkInterfaces.find((n) => (n.deviceIndex ?? 0) === 0);
  const subnetId = input.subnetId ?? templateInterface?.subnetId;
  if (!subnetId) throw new MissingParameter('The request must contain the parameter SubnetId');
  const subnet = requireSubnet(state, subnetId);
  const groups = input.securityGroupIds?.length
    ? input.securityGroupIds
    : data?.securityGroupIds.length
      ? data.securityGroupIds
      : (templateInterface?.groupIds ?? []);
  const unknownGroups = groups.filter((g) => state.securityGroups[g]?.vpcId !== subnet.vpcId);
  if (unknownGroups.length > 0) throw new InvalidGroupNotFound(...unknownGroups);
  const tags = [...(data ? tagsForTemplate(data.tagSpecifications) : []), ...(input.tags ?? [])];
  validateTags(tags, { allowReserved: input.allowReservedTags ?? false });

  if (input.instanceId !== undefined && state.instances[input.instanceId])
    throw new InvalidParameterValue(`The instance ID '${input.instanceId}' is already in use.`);
  const instanceId = input.instanceId ?? env.ids.next('i');
  const eni = createNetworkInterface(ctx, {
    subnetId: subnet.subnetId,
    groups,
    description: '',
    requesterManaged: false,
    ...(input.privateIpAddress !== undefined ? { privateIpAddress: input.privateIpAddress } : {}),
  });
  const now = env.clock.now();
  const instance: InstanceRecord = {
    instanceId,
    reservationId: reservationId ?? env.ids.next('r'),
    imageId,
    instanceType,
    state: 'pending',
    stateDueAt: now + env.timing.instanceBoot,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    privateIpAddress: eni.privateIpAddresses[0]?.privateIpAddress ?? '',
    primaryNetworkInterfaceId: eni.networkInterfaceId,
    securityGroupIds: eni.groupIds,
    launchTime: now,
    launchTemplate: template && {
      launchTemplateId: template.template.launchTemplateId,
      launchTemplateName: template.template.launchTemplateName,
      version: String(template.version.versionNumber),
    },
    userData: input.userData ?? data?.userData,
    iamInstanceProfileArn: input.iamInstanceProfileArn ?? data?.iamInstanceProfile?.arn,
    keyName: input.keyName ?? data?.keyName,
    amiLaunchIndex: launchIndex,
    clientToken: input.clientToken,
  };
  state.instances[instanceId] = instance;
  instancesMoved(state);
  noteDue(state, 'instance', instanceId, instance.stateDueAt);
  attachNetworkInterface(ctx, {
    networkInterfaceId: eni.networkInterfaceId,
    instanceId,
    deviceIndex: 0,
    deleteOnTermination: true,
  });
  setTags(ctx, instanceId, tags, { allowReserved: true });
  return instance;
}

function tagsForTemplate(specs: { resourceType: string; tags: Tag[] }[]): Tag[] {
  return tagsForResourceType(
    specs.filter((s) => s.resourceType === 'instance'),
    'instance',
  );
}

export interface InstanceStateChange {
  instanceId: string;
  previousState: InstanceStateName;
  currentState: InstanceStateName;
}

export function terminateInstances(ctx: Ec2Context, instanceIds: readonly string[]): InstanceStateChange[] {
  const { env, state } = ctx;
  const missing = instanceIds.filter((id) => !state.instances[id]);
  if (missing.length > 0) throw new InvalidInstanceIdNotFound(...missing);
  return [...new Set(instanceIds)].map((id) => {
    const instance = requireInstance(state, id);
    const previousState = instance.state;
    if (previousState !== 'terminated' && previousState !== 'shutting-down') {
      instance.state = 'shutting-down';
      instancesMoved(state);
      instance.stateDueAt = env.clock.now() + (env.timing.instanceTerminate ?? env.timing.instanceBoot);
      noteDue(state, 'instance', id, instance.stateDueAt);
      instance.stateReason = {
        code: 'Client.UserInitiatedShutdown',
        message: 'Client.UserInitiatedShutdown: User initiated shutdown',
      };
    }
    return { instanceId: id, previousState, currentState: instance.state };
  });
}

/** Notes that the set of instances or a state changed (`instanceGeneration`). */
function instancesMoved(state: Ec2State): void {
  state.instanceGeneration = (state.instanceGeneration ?? 0) + 1;
}

/** Deletes the instance's delete-on-termination ENIs and detaches the others. */
function releaseInterfaces(state: Ec2State, instanceId: string): void {
  for (const eni of networkInterfacesOfInstance(state, instanceId)) {
    if (eni.attachment?.deleteOnTermination) {
      delete state.networkInterfaces[eni.networkInterfaceId];
      delete state.tags[eni.networkInterfaceId];
      addressesReleased(state, eni);
    } else {
      eni.attachment = undefined;
    }
  }
}

/** Completes the instance's transition if due by `now` (its key came off the due queue). */
export function tickInstance(ctx: Ec2Context, instanceId: string, now: number): boolean {
  const { state } = ctx;
  const instance = state.instances[instanceId];
  if (!instance) return false;
  let changed = false;
  if (instance.stateDueAt !== undefined && instance.stateDueAt <= now) {
    instancesMoved(state);
    if (instance.state === 'pending') instance.state = 'running';
    else if (instance.state === 'shutting-down') {
      instance.state = 'terminated';
      instance.terminatedAt = instance.stateDueAt;
      releaseInterfaces(state, instance.instanceId);
    }
    instance.stateDueAt = undefined;
    changed = true;
  }
  if (instance.state === 'terminated' && (instance.terminatedAt ?? now) + TERMINATED_VISIBLE_MS <= now) {
    delete state.instances[instance.instanceId];
    instancesMoved(state);
    delete state.tags[instance.instanceId];
    forgetIndexed(state, instance.instanceId);
    return true;
  }
  noteDue(state, 'instance', instanceId, instanceDueAt(instance));
  return changed;
}

/** An instance's view without its network interfaces: enough for per-tick listings. */
export type InstanceSummary = Omit<InstanceView, 'networkInterfaces'>;

export function instanceSummary(ctx: Ec2Context, instance: InstanceRecord): InstanceSummary {
  const { env, state } = ctx;
  const gone = instance.state === 'terminated';
  return {
    ...instance,
    ownerId: env.accountId,
    stateCode: INSTANCE_STATE_CODES[instance.state],
    privateDnsName: gone ? '' : privateDnsNameOf(env, instance.privateIpAddress),
    // EC2 reports `xen` for Nitro instances too (the enum is ovm|xen).
    hypervisor: 'xen',
    groups: instance.securityGroupIds.map((groupId) => ({
      groupId,
      groupName: state.securityGroups[groupId]?.groupName ?? '',
    })),
    tags: tagsOf(state, instance.instanceId),
  };
}

export function instanceView(ctx: Ec2Context, instance: InstanceRecord): InstanceView {
  const enis = networkInterfacesOfInstance(ctx.state, instance.instanceId)
    .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0))
    .map((e) => networkInterfaceView(ctx, e));
  const { tags, ...rest } = instanceSummary(ctx, instance);
  return { ...rest, networkInterfaces: enis, tags };
}

const instanceFilters: FilterSpec<InstanceView> = {
  'instance-id': (i) => i.instanceId,
  'instance-state-name': (i) => i.state,
  'instance-state-code': (i) => i.stateCode,
  'instance-type': (i) => i.instanceType,
  'image-id': (i) => i.imageId,
  'subnet-id': (i) => i.subnetId,
  'vpc-id': (i) => i.vpcId,
  'availability-zone': (i) => i.availabilityZone,
  'private-ip-address': (i) => i.privateIpAddress,
  'private-dns-name': (i) => i.privateDnsName,
  'reservation-id': (i) => i.reservationId,
  'owner-id': (i) => i.ownerId,
  'instance.group-id': (i) => i.securityGroupIds,
  'instance.group-name': (i) => i.groups.map((g) => g.groupName),
  'network-interface.network-interface-id': (i) => i.networkInterfaces.map((e) => e.networkInterfaceId),
  'network-interface.subnet-id': (i) => i.networkInterfaces.map((e) => e.subnetId),
  'network-interface.addresses.private-ip-address': (i) =>
    i.networkInterfaces.flatMap((e) => e.privateIpAddresses.map((a) => a.privateIpAddress)),
  'key-name': (i) => i.keyName,
};

export function describeInstances(
  ctx: Ec2Context,
  input: { instanceIds?: string[]; filters?: Filter[]; page?: PageSlicer | undefined },
): InstanceView[] {
  const { state } = ctx;
  const ids = [...new Set(input.instanceIds ?? [])];
  const missing = ids.filter((id) => !state.instances[id]);
  if (missing.length > 0) throw new InvalidInstanceIdNotFound(...missing);
  const instances =
    ids.length > 0 ? ids.map((id) => requireInstance(state, id)) : Object.values(state.instances);
  const page = input.page ?? ((items) => [...items]);
  // Without filters the page is cut first, so only its items' views are built.
  if (!input.filters || input.filters.length === 0) return page(instances).map((i) => instanceView(ctx, i));
  return page(
    applyFilters(
      instances.map((i) => instanceView(ctx, i)),
      input.filters,
      instanceFilters,
      (i) => i.tags,
    ),
  );
}
