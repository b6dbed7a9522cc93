/**
 * An in-memory EC2 for the simulation's tests: subnets that hand out addresses (5 reserved per
 * subnet) and refuse with InsufficientFreeAddressesInSubnet when full, instances, and ENIs.
 */
import { formatIPv4, parseCidr, sizeOf } from '../../../shared/cidr/index.js';
import { AwsError } from '../../services/aws-error.js';
import type { SimEc2, SimEni, SimInstance, SimSubnet, SimTag } from '../ports.js';

interface FakeSubnet extends SimSubnet {
  used: Set<string>;
}

export class FakeEc2 implements SimEc2 {
  readonly subnets = new Map<string, FakeSubnet>();
  readonly instances = new Map<string, SimInstance>();
  readonly enis = new Map<string, SimEni>();
  readonly launchTemplates = new Map<string, string>();
  private counter = 0;

  private id(prefix: string): string {
    return `${prefix}-${(++this.counter).toString(16).padStart(17, '0')}`;
  }

  addSubnet(input: {
    subnetId: string;
    cidrBlock: string;
    availabilityZone: string;
    vpcId?: string;
    tags?: SimTag[];
    fill?: number;
  }): FakeSubnet {
    const subnet: FakeSubnet = {
      subnetId: input.subnetId,
      vpcId: input.vpcId ?? 'vpc-1',
      cidrBlock: input.cidrBlock,
      availabilityZone: input.availabilityZone,
      availableIpAddressCount: sizeOf(parseCidr(input.cidrBlock)) - 5,
      tags: input.tags ?? [],
      used: new Set(),
    };
    this.subnets.set(subnet.subnetId, subnet);
    for (let i = 0; i < (input.fill ?? 0); i++) this.takeIp(subnet);
    return subnet;
  }

  private takeIp(subnet: FakeSubnet): string {
    const block = parseCidr(subnet.cidrBlock);
    for (let i = 4; i < sizeOf(block) - 1; i++) {
      const ip = formatIPv4(block.network + i);
      if (!subnet.used.has(ip)) {
        subnet.used.add(ip);
        subnet.availableIpAddressCount--;
        return ip;
      }
    }
    throw new AwsError(
      'InsufficientFreeAddressesInSubnet',
      'There are not enough free addresses in subnet to satisfy the requested number of IP addresses.',
    );
  }

  private subnet(id: string): FakeSubnet {
    const s = this.subnets.get(id);
    if (!s) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
    return s;
  }

  launch(input: {
    subnetId: string;
    instanceType: string;
    tags: SimTag[];
    userData?: string;
    launchTemplate?: { launchTemplateId: string; version: string };
  }): SimInstance {
    const subnet = this.subnet(input.subnetId);
    const primary = this.createNetworkInterface({
      subnetId: subnet.subnetId,
      groups: ['sg-node'],
      description: '',
      tags: [],
    });
    const instance: SimInstance = {
      instanceId: this.id('i'),
      instanceType: input.instanceType,
      state: 'running',
      subnetId: subnet.subnetId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: primary.primaryIp,
      primaryNetworkInterfaceId: primary.networkInterfaceId,
      securityGroupIds: ['sg-node'],
      tags: input.tags,
      ...(input.userData ? { userData: input.userData } : {}),
      ...(input.launchTemplate ? { launchTemplate: input.launchTemplate } : {}),
    };
    this.enis.get(primary.networkInterfaceId)!.attachment = {
      instanceId: instance.instanceId,
      deviceIndex: 0,
    };
    this.instances.set(instance.instanceId, instance);
    return instance;
  }

  terminate(instanceId: string): void {
    const instance = this.instances.get(instanceId);
    if (!instance) return;
    instance.state = 'terminated';
    for (const eni of [...this.enis.values()]) {
      if (eni.attachment?.instanceId === instanceId)
        this.deleteNetworkInterface(eni.networkInterfaceId, true);
    }
  }

  listInstances(): SimInstance[] {
    return [...this.instances.values()].map((i) => structuredClone(i));
  }
  getSubnet(subnetId: string): SimSubnet | undefined {
    const s = this.subnets.get(subnetId);
    if (!s) return undefined;
    const { used: _used, ...rest } = s;
    return structuredClone(rest);
  }
  listSubnets(): SimSubnet[] {
    return [...this.subnets.keys()].map((id) => this.getSubnet(id)!);
  }
  launchTemplateUserData(id: string, version: string): string | undefined {
    return this.launchTemplates.get(`${id}:${version}`);
  }
  listNetworkInterfaces(): SimEni[] {
    return [...this.enis.values()].map((e) => structuredClone(e));
  }
  createNetworkInterface(input: {
    subnetId: string;
    groups: string[];
    description: string;
    tags: SimTag[];
    secondaryPrivateIpAddressCount?: number;
  }): SimEni {
    const subnet = this.subnet(input.subnetId);
    const secondary = input.secondaryPrivateIpAddressCount ?? 0;
    if (subnet.availableIpAddressCount < 1 + secondary) {
      throw new AwsError(
        'InsufficientFreeAddressesInSubnet',
        'There are not enough free addresses in subnet to satisfy the requested number of IP addresses.',
      );
    }
    const eni: SimEni = {
      networkInterfaceId: this.id('eni'),
      subnetId: subnet.subnetId,
      availabilityZone: subnet.availabilityZone,
      description: input.description,
      groups: [...input.groups],
      primaryIp: this.takeIp(subnet),
      secondaryIps: Array.from({ length: secondary }, () => this.takeIp(subnet)),
      tags: [...input.tags],
    };
    this.enis.set(eni.networkInterfaceId, eni);
    return structuredClone(eni);
  }
  attachNetworkInterface(eniId: string, instanceId: string, deviceIndex: number): void {
    const eni = this.enis.get(eniId)!;
    eni.attachment = { instanceId, deviceIndex };
  }
  assignPrivateIpAddresses(eniId: string, count: number): string[] {
    const eni = this.enis.get(eniId)!;
    const subnet = this.subnet(eni.subnetId);
    if (subnet.availableIpAddressCount < count) {
      throw new AwsError(
        'InsufficientFreeAddressesInSubnet',
        'There are not enough free addresses in subnet to satisfy the requested number of IP addresses.',
      );
    }
    const ips = Array.from({ length: count }, () => this.takeIp(subnet));
    eni.secondaryIps.push(...ips);
    return ips;
  }
  unassignPrivateIpAddresses(eniId: string, ips: string[]): void {
    const eni = this.enis.get(eniId)!;
    const subnet = this.subnet(eni.subnetId);
    for (const ip of ips) {
      subnet.used.delete(ip);
      subnet.availableIpAddressCount++;
    }
    eni.secondaryIps = eni.secondaryIps.filter((ip) => !ips.includes(ip));
  }
  detachNetworkInterface(eniId: string): void {
    const eni = this.enis.get(eniId);
    if (eni) delete eni.attachment;
  }
  deleteNetworkInterface(eniId: string, force = false): void {
    const eni = this.enis.get(eniId);
    if (!eni)
      throw new AwsError(
        'InvalidNetworkInterfaceID.NotFound',
        `The networkInterface ID '${eniId}' does not exist`,
      );
    if (eni.attachment && !force)
      throw new AwsError('InvalidNetworkInterface.InUse', `Interface: [${eniId}] in use.`);
    this.unassignPrivateIpAddresses(eniId, [...eni.secondaryIps]);
    const subnet = this.subnet(eni.subnetId);
    subnet.used.delete(eni.primaryIp);
    subnet.availableIpAddressCount++;
    this.enis.delete(eniId);
  }
}
