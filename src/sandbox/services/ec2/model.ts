/**
 * The EC2 model: all of the sandbox's EC2 state in one JSON object and AWS's rules over it, composed
 * from one module per resource. The wire handlers call the control-plane methods; EKS and the
 * simulation use the data-plane port (runInstances, ENIs, private addresses, launch template
 * versions). The network half lives in network-model.ts.
 */
import type { InstanceNetworkLimits } from '../../../shared/aws-facts/index.js';
import { catalogInstanceTypes } from './instance-type-catalog.js';
import { describeAvailabilityZones, type AvailabilityZoneView } from './availability-zones.js';
import { InvalidInstanceType } from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import {
  describeInstances,
  instanceSummary,
  instanceView,
  runInstance,
  terminateInstances,
  type InstanceStateChange,
  type InstanceSummary,
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
import type { NatGatewayView } from './nat-gateways.js';
import { Ec2NetworkModel } from './network-model.js';
import { assignIpv4Prefixes, unassignIpv4Prefixes } from './ipv4-prefixes.js';
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
import type { RouteTableView } from './route-tables.js';
import type { SecurityGroupView } from './security-groups.js';
import type { PageSlicer, SubnetView } from './subnets.js';
import type { TagDescription } from './tags.js';
import type { LaunchTemplateData, Tag } from './types.js';
import type { VpcView } from './vpcs.js';

export type { Ec2State } from './types.js';
export type { Filter } from './filters.js';
export type { PermissionInput, SecurityGroupRuleView } from './security-group-rules.js';
export type { Flow, FlowEnd } from './security-group-flow.js';
export type { VpcView, SubnetView, RouteTableView, SecurityGroupView, NetworkInterfaceView, InstanceView };
export type {
  NatGatewayView,
  LaunchTemplateView,
  LaunchTemplateVersionView,
  AvailabilityZoneView,
  TagDescription,
};
export type {
  InstanceStateChange,
  InstanceSummary,
  RunInstanceInput,
  CreateNetworkInterfaceInput,
  PageSlicer,
};

/** Instance, as the data-plane port returns it. */
export type Instance = InstanceView;
export type NetworkInterface = NetworkInterfaceView;

export class Ec2Model extends Ec2NetworkModel {
  // Zones and instance types
  describeAvailabilityZones(
    input: { zoneNames?: string[]; zoneIds?: string[]; filters?: Filter[] } = {},
  ): AvailabilityZoneView[] {
    return describeAvailabilityZones(this.ctx.env, input);
  }
  describeInstanceTypes(
    input: { instanceTypes?: string[]; filters?: Filter[] } = {},
  ): InstanceNetworkLimits[] {
    const all = catalogInstanceTypes();
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
  describeInstances(
    input: { instanceIds?: string[]; filters?: Filter[]; page?: PageSlicer | undefined } = {},
  ): InstanceView[] {
    return this.settled((ctx) => describeInstances(ctx, input));
  }
  getInstance(instanceId: string): Instance | undefined {
    return this.settled((ctx) => {
      const instance = ctx.state.instances[instanceId];
      return instance && instanceView(ctx, instance);
    });
  }
  /** The state name alone, without settling or building a view: O(1) for EKS's per-tick node checks. */
  instanceState(instanceId: string): string | undefined {
    return this.ctx.state.instances[instanceId]?.state;
  }
  /** Changes whenever an instance is launched, changes state or goes away: O(1), after settling. */
  instanceGeneration(): number {
    return this.settled((ctx) => ctx.state.instanceGeneration ?? 0);
  }
  /** Every instance without its ENI views: for per-tick listings (the simulation's), O(instances). */
  listInstanceSummaries(): InstanceSummary[] {
    return this.settled((ctx) => Object.values(ctx.state.instances).map((i) => instanceSummary(ctx, i)));
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
  /** Delegates `count` /28 prefixes (or exactly the given ones); `InsufficientCidrBlocks` when none is free. */
  assignIpv4Prefixes(networkInterfaceId: string, countOrPrefixes: number | string[]): string[] {
    return this.settled((ctx) =>
      assignIpv4Prefixes(
        ctx,
        typeof countOrPrefixes === 'number'
          ? { networkInterfaceId, count: countOrPrefixes }
          : { networkInterfaceId, prefixes: countOrPrefixes },
      ),
    );
  }
  unassignIpv4Prefixes(networkInterfaceId: string, prefixes: string[]): void {
    this.settled((ctx) => unassignIpv4Prefixes(ctx, { networkInterfaceId, prefixes }));
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
  // The instance's total over its network cards, as EC2 reports MaximumNetworkInterfaces.
  'network-info.maximum-network-interfaces': (t) => t.maxEnis * t.networkCards,
  'network-info.maximum-network-cards': (t) => t.networkCards,
  'bare-metal': (t) => t.bareMetal,
  'network-info.ipv4-addresses-per-interface': (t) => t.ipv4PerEni,
  'current-generation': () => true,
};
