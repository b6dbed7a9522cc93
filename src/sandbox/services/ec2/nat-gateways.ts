/**
 * NAT gateways: created in a subnet with an ENI of their own (so they take one of its addresses),
 * `pending` -> `available` after `timing.natGatewayCreate`. A public gateway needs an Elastic IP
 * allocation; the sandbox has no EIP API, so any `eipalloc-` ID is accepted and given a public address.
 */
import { InvalidParameterValue, MissingParameter, NatGatewayNotFound } from './errors.js';
import { noteDue } from './due-transitions.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { createNetworkInterface } from './network-interfaces.js';
import { requireSubnet } from './subnets.js';
import { setTags, tagsOf, validateTags } from './tags.js';
import type { Ec2Context, NatGatewayRecord, Tag } from './types.js';

export interface NatGatewayView extends NatGatewayRecord {
  tags: Tag[];
}

export function createNatGateway(
  ctx: Ec2Context,
  input: {
    subnetId: string;
    connectivityType?: string | undefined;
    allocationId?: string | undefined;
    privateIpAddress?: string | undefined;
    tags?: Tag[] | undefined;
  },
): NatGatewayRecord {
  const { env, state } = ctx;
  const connectivityType = input.connectivityType ?? 'public';
  if (connectivityType !== 'public' && connectivityType !== 'private') {
    throw new InvalidParameterValue(
      `Value (${connectivityType}) for parameter connectivityType is invalid. Valid values: public, private`,
    );
  }
  if (connectivityType === 'public' && input.allocationId === undefined) {
    throw new MissingParameter(
      'The request must include the AllocationId parameter. Add the required parameter and retry the request.',
    );
  }
  if (input.allocationId !== undefined && !/^eipalloc-[0-9a-f]{8,17}$/.test(input.allocationId)) {
    throw new InvalidParameterValue(`The allocation ID '${input.allocationId}' is malformed`);
  }
  const subnet = requireSubnet(state, input.subnetId);
  if (input.tags) validateTags(input.tags);
  const natGatewayId = env.ids.next('nat');
  const eni = createNetworkInterface(ctx, {
    subnetId: subnet.subnetId,
    description: `Interface for NAT Gateway ${natGatewayId}`,
    privateIpAddress: input.privateIpAddress,
    interfaceType: 'nat_gateway',
    requesterManaged: true,
    requesterId: 'amazon-vpc',
  });
  const now = env.clock.now();
  const gateway: NatGatewayRecord = {
    natGatewayId,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    connectivityType,
    allocationId: input.allocationId,
    // A documentation-range public address, stable per gateway.
    publicIp:
      connectivityType === 'public'
        ? `203.0.113.${(Number.parseInt(env.ids.hex(2), 16) % 254) + 1}`
        : undefined,
    networkInterfaceId: eni.networkInterfaceId,
    privateIp: eni.privateIpAddresses[0]?.privateIpAddress ?? '',
    state: 'pending',
    dueAt: now + (env.timing.natGatewayCreate ?? 0),
    createTime: now,
  };
  state.natGateways[natGatewayId] = gateway;
  noteDue(state, 'nat', natGatewayId, gateway.dueAt);
  if (input.tags) setTags(ctx, natGatewayId, input.tags);
  return gateway;
}

/** Completes the gateway's transition if due by `now` (its key came off the due queue). */
export function tickNatGateway(ctx: Ec2Context, natGatewayId: string, now: number): boolean {
  const gateway = ctx.state.natGateways[natGatewayId];
  if (!gateway || gateway.dueAt === undefined) return false;
  if (gateway.dueAt > now) {
    noteDue(ctx.state, 'nat', natGatewayId, gateway.dueAt);
    return false;
  }
  if (gateway.state === 'pending') gateway.state = 'available';
  gateway.dueAt = undefined;
  return true;
}

const natFilters: FilterSpec<NatGatewayView> = {
  'nat-gateway-id': (n) => n.natGatewayId,
  'subnet-id': (n) => n.subnetId,
  'vpc-id': (n) => n.vpcId,
  state: (n) => n.state,
};

export function natGatewayView(ctx: Ec2Context, gateway: NatGatewayRecord): NatGatewayView {
  return { ...gateway, tags: tagsOf(ctx.state, gateway.natGatewayId) };
}

export function describeNatGateways(
  ctx: Ec2Context,
  input: { natGatewayIds?: string[]; filters?: Filter[] },
): NatGatewayView[] {
  const { state } = ctx;
  const ids = [...new Set(input.natGatewayIds ?? [])];
  const missing = ids.find((id) => !state.natGateways[id]);
  if (missing !== undefined) throw new NatGatewayNotFound(missing);
  const gateways =
    ids.length > 0 ? ids.flatMap((id) => state.natGateways[id] ?? []) : Object.values(state.natGateways);
  return applyFilters(
    gateways.map((g) => natGatewayView(ctx, g)),
    input.filters,
    natFilters,
    (g) => g.tags,
  );
}
