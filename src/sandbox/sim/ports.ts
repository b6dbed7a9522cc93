/**
 * The narrow ports the simulation uses: exactly what it reads from and writes to the EC2, EKS and
 * Kubernetes models, in the simulation's own terms. The real models (`services/ec2`, `eks`, `kube`)
 * are bridged to these in `adapters.ts`; tests use the in-memory fakes in `testing/`. Keeping the
 * ports narrow lets the sim compile and be tested before, and independently of, those models.
 */
import type { Clock } from '../core/clock.js';
import type { IdSource } from '../core/ids.js';
import type { KubeObject, ResourceRef } from './kube-types.js';

export interface SimEnv {
  clock: Clock;
  ids: IdSource;
  region: string;
  accountId: string;
  /** Delays in ms (the sandbox's `Timing` carries these among others). */
  timing: { nodeReady: number; podStart: number; insufficientCidrCooldown?: number | undefined };
}

export interface SimTag {
  key: string;
  value: string;
}

export interface SimInstance {
  instanceId: string;
  instanceType: string;
  /** pending | running | shutting-down | terminated | stopping | stopped */
  state: string;
  subnetId: string;
  availabilityZone: string;
  privateIpAddress: string;
  /** `ip-10-0-1-23.ec2.internal`; derived from the IP when the model has none. */
  privateDnsName?: string;
  imageId?: string;
  primaryNetworkInterfaceId: string;
  securityGroupIds: string[];
  launchTemplate?: { launchTemplateId: string; version: string };
  /** Decoded user data, when the instance was launched with its own. */
  userData?: string;
  tags: SimTag[];
  launchTime?: number;
}

export interface SimEni {
  networkInterfaceId: string;
  subnetId: string;
  availabilityZone?: string;
  description: string;
  groups: string[];
  primaryIp: string;
  /** Secondary private IPv4 addresses, in the order EC2 assigned them. */
  secondaryIps: string[];
  /** Delegated /28 IPv4 prefixes (prefix delegation). */
  prefixes?: string[];
  attachment?: { instanceId: string; deviceIndex: number };
  tags: SimTag[];
}

export interface SimSubnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId?: string;
  availableIpAddressCount: number;
  tags: SimTag[];
}

/** What the simulation needs of EC2: instances to watch, ENIs and addresses to manage. */
export interface SimEc2 {
  listInstances(): SimInstance[];
  /** Changes whenever an instance is launched, changes state or goes away (so idle ticks need no list). */
  instanceGeneration?(): number;
  getSubnet(subnetId: string): SimSubnet | undefined;
  listSubnets(): SimSubnet[];
  /** Decoded user data of a launch template version, if the template and version exist. */
  launchTemplateUserData(launchTemplateId: string, version: string): string | undefined;
  listNetworkInterfaces(): SimEni[];
  /**
   * Creates an ENI (its primary IP, and `secondaryPrivateIpAddressCount` more, taken from the subnet
   * in one call: all or nothing). Throws AwsError codes as EC2 does.
   */
  createNetworkInterface(input: {
    subnetId: string;
    groups: string[];
    description: string;
    tags: SimTag[];
    secondaryPrivateIpAddressCount?: number;
    /** /28 prefixes taken in the same call (prefix delegation). */
    ipv4PrefixCount?: number;
  }): SimEni;
  attachNetworkInterface(eniId: string, instanceId: string, deviceIndex: number): void;
  /** Throws AwsError `InsufficientFreeAddressesInSubnet` when the subnet is full. */
  assignPrivateIpAddresses(eniId: string, count: number): string[];
  unassignPrivateIpAddresses(eniId: string, ips: string[]): void;
  /** Delegates `count` /28 prefixes; throws AwsError `InsufficientCidrBlocks` when none is free. */
  assignIpv4Prefixes?(eniId: string, count: number): string[];
  /** EC2 refuses to delete an attached ENI; ipamd detaches first. */
  detachNetworkInterface?(eniId: string): void;
  deleteNetworkInterface(eniId: string): void;
  /**
   * Whether the security groups of both ends admit a flow (source egress, destination ingress).
   * Absent in fakes without groups: everything passes.
   */
  securityGroupsAllow?(flow: {
    protocol: string;
    port: number;
    from: { ip: string; groupIds: readonly string[] };
    to: { ip: string; groupIds: readonly string[] };
  }): boolean;
}

export interface SimNodegroup {
  nodegroupName: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  capacityType?: string;
  amiType?: string;
  releaseVersion?: string;
  launchTemplate?: { id?: string; name?: string; version?: string };
}

export interface SimCluster {
  name: string;
  version: string;
  status: string;
}

/** What the simulation needs of EKS: clusters and the node groups whose labels nodes carry. */
export interface SimEks {
  listClusters(): string[];
  getCluster(name: string): SimCluster | undefined;
  getNodegroup(cluster: string, nodegroup: string): SimNodegroup | undefined;
}

export interface ListOptions {
  namespace?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
}

/** One cluster's Kubernetes object store, as the simulation uses it. Objects are plain JSON. */
export interface SimKubeStore {
  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
  list(ref: ResourceRef, options?: ListOptions): KubeObject[];
  create(ref: ResourceRef, obj: KubeObject): KubeObject;
  /** Replaces the object (spec and status); 409 when its resourceVersion is stale. */
  update(ref: ResourceRef, obj: KubeObject): KubeObject;
  /**
   * Writes `status` (the /status subresource), when the store keeps it apart from update; returns the
   * stored object (read only, like what `list` returns).
   */
  updateStatus?(ref: ResourceRef, obj: KubeObject): KubeObject;
  delete(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): void;
  /** Optional change feed: lets the simulation skip idle clusters. */
  watch?(ref: ResourceRef, listener: (type: string, obj: KubeObject) => void): () => void;
}

export interface SimKube {
  get(cluster: string): SimKubeStore | undefined;
}

export interface SimNetworkLimits {
  vcpus: number;
  memoryMib?: number;
  maxEnis: number;
  ipv4PerEni: number;
  nitro: boolean;
}

/** The AWS facts the simulation needs (`src/shared/aws-facts` provides them). */
export interface SimFacts {
  networkLimits(instanceType: string): SimNetworkLimits | undefined;
  /** EKS's / max-pods-calculator.sh's value, capped at 110/250. */
  maxPods(input: {
    instanceType: string;
    customNetworking?: boolean;
    prefixDelegation?: boolean;
    cniVersion?: string;
  }): number;
  /** The uncapped standard value of eni-max-pods.txt, what AL2's bootstrap.sh uses by default. */
  eniMaxPods(instanceType: string): number;
  zoneId(region: string, zoneName: string): string | undefined;
}
