/**
 * The EC2 model: all of the sandbox's EC2 state in one JSON object and AWS's rules over it, composed
 * from one module per resource. The wire handlers call the control-plane methods; EKS and the
 * simulation use the data-plane port (runInstances, ENIs, private addresses). Every call first
 * settles due transitions, so reads never see a stale `associating` or `pending`.
 */
import { listInstanceTypes, type InstanceNetworkLimits } from '../../../shared/aws-facts/index.js';
import { describeAvailabilityZones, type AvailabilityZoneView } from './availability-zones.js';
import { InvalidInstanceType } from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import {
  describeInstances,
  instanceView,
  runInstance,
  terminateInstances,
  tickInstances,
  type InstanceStateChange,
  type InstanceView,
  type RunInstanceInput,
} from './instances.js';
import {
  createLaunchTemplate,
  createLaunchTemplateVersion,
  describeLaunchTemplates,
  describeLaunchTemplateVersions,
  launchTemplateVersionView,
  launchTemplateView,
  resolveLaunchTemplateVersion,
  type LaunchTemplateRef,
  type LaunchTemplateVersionView,
  type LaunchTemplateView,
} from './launch-templates.js';
import {
  createNatGateway,
  describeNatGateways,
  natGatewayView,
  tickNatGateways,
  type NatGatewayView,
} from './nat-gateways.js';
import {
  assignPrivateIpAddresses,
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  detachNetworkInterface,
  networkInterfaceView,
  unassignPrivateIpAddresses,
  type CreateNetworkInterfaceInput,
  type NetworkInterfaceView,
} from './network-interfaces.js';
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRouteTable,
  describeRouteTables,
  disassociateRouteTable,
  effectiveRouteTable,
  replaceRouteTableAssociation,
  routeTableView,
  type RouteTableView,
  type RouteTarget,
} from './route-tables.js';
import {
  createSecurityGroup,
  describeSecurityGroups,
  securityGroupView,
  type SecurityGroupView,
} from './security-groups.js';
import { createSubnet, deleteSubnet, describeSubnets, subnetView, type SubnetView } from './subnets.js';
import { createTags, deleteTags, describeTags, type TagDescription, type TagOptions } from './tags.js';
import {
  emptyEc2State,
  type CidrAssociation,
  type Ec2Context,
  type Ec2Env,
  type Ec2State,
  type LaunchTemplateData,
  type RouteTableAssociationRecord,
  type Tag,
} from './types.js';
import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  describeVpcs,
  disassociateVpcCidrBlock,
  tickVpcs,
  vpcView,
  type VpcView,
} from './vpcs.js';

export type { Ec2State } from './types.js';
export type { VpcView, SubnetView, RouteTableView, SecurityGroupView, NetworkInterfaceView, InstanceView };
export type {
  NatGatewayView,
  LaunchTemplateView,
  LaunchTemplateVersionView,
  AvailabilityZoneView,
  TagDescription,
};
export type { InstanceStateChange, RunInstanceInput, CreateNetworkInterfaceInput };

/** Instance, as the data-plane port returns it. */
export type Instance = InstanceView;
export type NetworkInterface = NetworkInterfaceView;

export class Ec2Model {
  private readonly ctx: Ec2Context;

  constructor(env: Ec2Env, state?: Ec2State) {
    this.ctx = { env, state: state ? structuredClone({ ...emptyEc2State(), ...state }) : emptyEc2State() };
  }

  snapshot(): Ec2State {
    return structuredClone(this.ctx.state);
  }

  /** Completes every transition due by `now`; true when anything changed. */
  tick(now: number = this.ctx.env.clock.now()): boolean {
    const vpcs = tickVpcs(this.ctx, now);
    const instances = tickInstances(this.ctx, now);
    const nats = tickNatGateways(this.ctx, now);
    return vpcs || instances || nats;
  }

  /** Runs `fn` on settled state. */
  private settled<T>(fn: (ctx: Ec2Context) => T): T {
    this.tick();
    return fn(this.ctx);
  }

  // VPCs and CIDR blocks
  createVpc(input: { cidrBlock: string; instanceTenancy?: string; tags?: Tag[] }): VpcView {
    return this.settled((ctx) => vpcView(ctx, createVpc(ctx, input)));
  }
  deleteVpc(vpcId: string): void {
    this.settled((ctx) => deleteVpc(ctx, vpcId));
  }
  describeVpcs(input: { vpcIds?: string[]; filters?: Filter[] } = {}): VpcView[] {
    return this.settled((ctx) => describeVpcs(ctx, input));
  }
  getVpc(vpcId: string): VpcView | undefined {
    return this.settled((ctx) => {
      const vpc = ctx.state.vpcs[vpcId];
      return vpc && vpcView(ctx, vpc);
    });
  }
  associateVpcCidrBlock(input: { vpcId: string; cidrBlock: string }): {
    vpcId: string;
    association: CidrAssociation;
  } {
    return this.settled((ctx) => associateVpcCidrBlock(ctx, input));
  }
  disassociateVpcCidrBlock(associationId: string): { vpcId: string; association: CidrAssociation } {
    return this.settled((ctx) => disassociateVpcCidrBlock(ctx, associationId));
  }

  // Subnets
  createSubnet(input: {
    vpcId: string;
    cidrBlock: string;
    availabilityZone?: string | undefined;
    availabilityZoneId?: string | undefined;
    tags?: Tag[] | undefined;
  }): SubnetView {
    return this.settled((ctx) => subnetView(ctx, createSubnet(ctx, input)));
  }
  deleteSubnet(subnetId: string): void {
    this.settled((ctx) => deleteSubnet(ctx, subnetId));
  }
  describeSubnets(input: { subnetIds?: string[]; filters?: Filter[] } = {}): SubnetView[] {
    return this.settled((ctx) => describeSubnets(ctx, input));
  }
  getSubnet(subnetId: string): SubnetView | undefined {
    return this.settled((ctx) => {
      const subnet = ctx.state.subnets[subnetId];
      return subnet && subnetView(ctx, subnet);
    });
  }
  listSubnets(): SubnetView[] {
    return this.describeSubnets();
  }

  // Tags
  createTags(resourceIds: string[], tags: Tag[], options: TagOptions = {}): void {
    this.settled((ctx) => createTags(ctx, resourceIds, tags, options));
  }
  deleteTags(
    resourceIds: string[],
    tags: { key: string; value?: string | undefined }[],
    options: TagOptions = {},
  ): void {
    this.settled((ctx) => deleteTags(ctx, resourceIds, tags, options));
  }
  describeTags(filters?: Filter[]): TagDescription[] {
    return this.settled((ctx) => describeTags(ctx.state, filters));
  }

  // Route tables
  createRouteTable(input: { vpcId: string; tags?: Tag[] | undefined }): RouteTableView {
    return this.settled((ctx) => routeTableView(ctx, createRouteTable(ctx, input)));
  }
  deleteRouteTable(routeTableId: string): void {
    this.settled((ctx) => deleteRouteTable(ctx, routeTableId));
  }
  describeRouteTables(input: { routeTableIds?: string[]; filters?: Filter[] } = {}): RouteTableView[] {
    return this.settled((ctx) => describeRouteTables(ctx, input));
  }
  associateRouteTable(input: { routeTableId: string; subnetId: string }): RouteTableAssociationRecord {
    return this.settled((ctx) => associateRouteTable(ctx, input));
  }
  disassociateRouteTable(associationId: string): void {
    this.settled((ctx) => disassociateRouteTable(ctx, associationId));
  }
  replaceRouteTableAssociation(input: {
    associationId: string;
    routeTableId: string;
  }): RouteTableAssociationRecord {
    return this.settled((ctx) => replaceRouteTableAssociation(ctx, input));
  }
  createRoute(input: { routeTableId: string; destinationCidrBlock: string } & RouteTarget): void {
    this.settled((ctx) => createRoute(ctx, input));
  }
  /** The table a subnet routes by (explicit association, else the VPC's main table). */
  routeTableForSubnet(subnetId: string): RouteTableView | undefined {
    return this.settled((ctx) => {
      const table = effectiveRouteTable(ctx.state, subnetId);
      return table && routeTableView(ctx, table);
    });
  }

  // NAT gateways
  createNatGateway(input: {
    subnetId: string;
    connectivityType?: string | undefined;
    allocationId?: string | undefined;
    privateIpAddress?: string | undefined;
    tags?: Tag[] | undefined;
  }): NatGatewayView {
    return this.settled((ctx) => natGatewayView(ctx, createNatGateway(ctx, input)));
  }
  describeNatGateways(input: { natGatewayIds?: string[]; filters?: Filter[] } = {}): NatGatewayView[] {
    return this.settled((ctx) => describeNatGateways(ctx, input));
  }

  // Security groups
  createSecurityGroup(input: {
    groupName: string;
    description: string;
    vpcId: string;
    tags?: Tag[] | undefined;
  }): SecurityGroupView {
    return this.settled((ctx) => securityGroupView(ctx, createSecurityGroup(ctx, input)));
  }
  describeSecurityGroups(
    input: { groupIds?: string[]; groupNames?: string[]; filters?: Filter[] } = {},
  ): SecurityGroupView[] {
    return this.settled((ctx) => describeSecurityGroups(ctx, input));
  }

  // Zones and instance types
  describeAvailabilityZones(
    input: { zoneNames?: string[]; zoneIds?: string[]; filters?: Filter[] } = {},
  ): AvailabilityZoneView[] {
    return describeAvailabilityZones(this.ctx.env, input);
  }
  describeInstanceTypes(
    input: { instanceTypes?: string[]; filters?: Filter[] } = {},
  ): InstanceNetworkLimits[] {
    const all = listInstanceTypes();
    const names = input.instanceTypes ?? [];
    const unknown = names.filter((n) => !all.some((t) => t.instanceType === n));
    if (unknown.length > 0) throw new InvalidInstanceType(unknown.join(', '));
    const picked = names.length > 0 ? all.filter((t) => names.includes(t.instanceType)) : all;
    return applyFilters(picked, input.filters, instanceTypeFilters);
  }

  // Instances (control plane and data-plane port)
  /** Launches one instance with its primary ENI; `pending` until `timing.instanceBoot` has passed. */
  runInstances(input: RunInstanceInput): Instance {
    return this.settled((ctx) => instanceView(ctx, runInstance(ctx, { allowReservedTags: true, ...input })));
  }
  /** RunInstances over the API: `count` instances in one reservation, user tags only. */
  runInstancesBatch(
    input: RunInstanceInput,
    count: number,
  ): { reservationId: string; instances: Instance[] } {
    return this.settled((ctx) => {
      const reservationId = ctx.env.ids.next('r');
      const instances = Array.from({ length: count }, (_, i) =>
        instanceView(ctx, runInstance(ctx, { ...input, allowReservedTags: false }, reservationId, i)),
      );
      return { reservationId, instances };
    });
  }
  terminateInstances(instanceIds: string[]): InstanceStateChange[] {
    return this.settled((ctx) => terminateInstances(ctx, instanceIds));
  }
  describeInstances(input: { instanceIds?: string[]; filters?: Filter[] } = {}): InstanceView[] {
    return this.settled((ctx) => describeInstances(ctx, input));
  }
  getInstance(instanceId: string): Instance | undefined {
    return this.settled((ctx) => {
      const instance = ctx.state.instances[instanceId];
      return instance && instanceView(ctx, instance);
    });
  }
  /** Instances passing EC2-style filters (`tag:eks:nodegroup-name`...) or a predicate. */
  listInstances(filter?: Filter[] | ((instance: Instance) => boolean)): Instance[] {
    if (typeof filter === 'function') return this.describeInstances().filter(filter);
    return this.describeInstances({ filters: filter ?? [] });
  }

  // Network interfaces
  createNetworkInterface(input: CreateNetworkInterfaceInput): NetworkInterface {
    return this.settled((ctx) =>
      networkInterfaceView(
        ctx,
        createNetworkInterface(ctx, { tagOptions: { allowReserved: true }, ...input }),
      ),
    );
  }
  attachNetworkInterface(networkInterfaceId: string, instanceId: string, deviceIndex: number): string {
    return this.settled((ctx) =>
      attachNetworkInterface(ctx, {
        networkInterfaceId,
        instanceId,
        deviceIndex,
        deleteOnTermination: false,
      }),
    );
  }
  detachNetworkInterface(networkInterfaceId: string): void {
    this.settled((ctx) => detachNetworkInterface(ctx, networkInterfaceId));
  }
  /** Assigns `count` secondary addresses (or exactly the given ones); `InsufficientFreeAddressesInSubnet` when full. */
  assignPrivateIpAddresses(networkInterfaceId: string, countOrAddresses: number | string[]): string[] {
    return this.settled((ctx) =>
      assignPrivateIpAddresses(
        ctx,
        typeof countOrAddresses === 'number'
          ? { networkInterfaceId, count: countOrAddresses }
          : { networkInterfaceId, addresses: countOrAddresses },
      ),
    );
  }
  unassignPrivateIpAddresses(networkInterfaceId: string, addresses: string[]): void {
    this.settled((ctx) => unassignPrivateIpAddresses(ctx, { networkInterfaceId, addresses }));
  }
  deleteNetworkInterface(networkInterfaceId: string): void {
    this.settled((ctx) => deleteNetworkInterface(ctx, networkInterfaceId));
  }
  describeNetworkInterfaces(
    input: { networkInterfaceIds?: string[]; filters?: Filter[] } = {},
  ): NetworkInterface[] {
    return this.settled((ctx) => describeNetworkInterfaces(ctx, input));
  }
  getNetworkInterface(networkInterfaceId: string): NetworkInterface | undefined {
    return this.settled((ctx) => {
      const eni = ctx.state.networkInterfaces[networkInterfaceId];
      return eni && networkInterfaceView(ctx, eni);
    });
  }

  // Launch templates
  createLaunchTemplate(input: {
    launchTemplateName: string;
    versionDescription?: string | undefined;
    data: Partial<LaunchTemplateData> | undefined;
    tags?: Tag[] | undefined;
  }): LaunchTemplateView {
    return this.settled((ctx) => launchTemplateView(ctx, createLaunchTemplate(ctx, input)));
  }
  createLaunchTemplateVersion(
    input: LaunchTemplateRef & {
      sourceVersion?: string | undefined;
      versionDescription?: string | undefined;
      data: Partial<LaunchTemplateData> | undefined;
    },
  ): LaunchTemplateVersionView {
    return this.settled((ctx) => {
      const { template, version } = createLaunchTemplateVersion(ctx, input);
      return launchTemplateVersionView(template, version);
    });
  }
  describeLaunchTemplates(
    input: { launchTemplateIds?: string[]; launchTemplateNames?: string[]; filters?: Filter[] } = {},
  ): LaunchTemplateView[] {
    return this.settled((ctx) => describeLaunchTemplates(ctx, input));
  }
  describeLaunchTemplateVersions(
    input: LaunchTemplateRef & {
      versions?: string[];
      minVersion?: number;
      maxVersion?: number;
      filters?: Filter[];
    },
  ): LaunchTemplateVersionView[] {
    return this.settled((ctx) => describeLaunchTemplateVersions(ctx, input));
  }
  /** A version by template ID (`lt-...`) or name, and `$Latest`/`$Default`/number, with decoded user data. */
  getLaunchTemplateVersion(
    idOrName: string,
    version: string | number = '$Default',
  ): LaunchTemplateVersionView {
    return this.settled((ctx) => {
      const ref = /^lt-[0-9a-f]+$/.test(idOrName)
        ? { launchTemplateId: idOrName }
        : { launchTemplateName: idOrName };
      const found = resolveLaunchTemplateVersion(ctx.state, { ...ref, version: String(version) });
      return launchTemplateVersionView(found.template, found.version);
    });
  }
}

const instanceTypeFilters: FilterSpec<InstanceNetworkLimits> = {
  'instance-type': (t) => t.instanceType,
  hypervisor: (t) => t.hypervisor,
  'vcpu-info.default-vcpus': (t) => t.vcpus,
  'network-info.maximum-network-interfaces': (t) => t.maxEnis,
  'network-info.ipv4-addresses-per-interface': (t) => t.ipv4PerEni,
  'current-generation': () => true,
};
