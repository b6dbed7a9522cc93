/**
 * Bridges from the sandbox's real models (EC2, EKS, Kubernetes) to the simulation's ports,
 * and `createSimulation`, the one line `world.ts` calls. The ports stay narrow so the simulation is
 * testable with in-memory fakes; these functions are the only place that knows the models' shapes.
 */
import type { Ec2Model, InstanceSummary, NetworkInterfaceView, SubnetView } from '../services/ec2/model.js';
import type { EksModel } from '../services/eks/model.js';
import type { KubeClusters } from '../services/kube/clusters.js';
import type { KubeStore } from '../services/kube/kube-store.js';
import type { KubeObject as StoreObject } from '../services/kube/types.js';
import type { KubeObject, ResourceRef } from './kube-types.js';
import type {
  SimEc2,
  SimEks,
  SimEni,
  SimEnv,
  SimInstance,
  SimKube,
  SimKubeStore,
  SimSubnet,
} from './ports.js';
import type { SimState } from './sim-state.js';
import { Simulation } from './simulation.js';
import { findCatalogInstanceType } from '../services/ec2/instance-type-catalog.js';
import { factsFor } from './facts.js';

function toInstance(i: InstanceSummary): SimInstance {
  const out: SimInstance = {
    instanceId: i.instanceId,
    instanceType: i.instanceType,
    state: i.state,
    subnetId: i.subnetId,
    availabilityZone: i.availabilityZone,
    privateIpAddress: i.privateIpAddress,
    privateDnsName: i.privateDnsName,
    imageId: i.imageId,
    primaryNetworkInterfaceId: i.primaryNetworkInterfaceId,
    securityGroupIds: [...i.securityGroupIds],
    tags: i.tags.map((t) => ({ key: t.key, value: t.value })),
    launchTime: i.launchTime,
  };
  if (i.launchTemplate) {
    out.launchTemplate = {
      launchTemplateId: i.launchTemplate.launchTemplateId,
      version: i.launchTemplate.version,
    };
  }
  if (i.userData) out.userData = i.userData;
  return out;
}

function toSubnet(s: SubnetView): SimSubnet {
  return {
    subnetId: s.subnetId,
    vpcId: s.vpcId,
    cidrBlock: s.cidrBlock,
    availabilityZone: s.availabilityZone,
    availabilityZoneId: s.availabilityZoneId,
    availableIpAddressCount: s.availableIpAddressCount,
    tags: s.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

function toEni(e: NetworkInterfaceView): SimEni {
  const out: SimEni = {
    networkInterfaceId: e.networkInterfaceId,
    subnetId: e.subnetId,
    availabilityZone: e.availabilityZone,
    description: e.description,
    groups: [...e.groupIds],
    primaryIp: e.privateIpAddresses.find((a) => a.primary)?.privateIpAddress ?? e.privateIpAddress,
    secondaryIps: e.privateIpAddresses.filter((a) => !a.primary).map((a) => a.privateIpAddress),
    prefixes: [...e.ipv4Prefixes],
    tags: e.tags.map((t) => ({ key: t.key, value: t.value })),
  };
  if (e.attachment)
    out.attachment = { instanceId: e.attachment.instanceId, deviceIndex: e.attachment.deviceIndex };
  return out;
}

export function simEc2(ec2: Ec2Model): SimEc2 {
  return {
    listInstances: () => ec2.listInstanceSummaries().map(toInstance),
    instanceGeneration: () => ec2.instanceGeneration(),
    getSubnet: (id) => {
      const s = ec2.getSubnet(id);
      return s && toSubnet(s);
    },
    listSubnets: () => ec2.listSubnets().map(toSubnet),
    launchTemplateUserData: (id, version) => {
      try {
        return ec2.getLaunchTemplateVersion(id, version).userDataText;
      } catch {
        return undefined;
      }
    },
    listNetworkInterfaces: () => ec2.describeNetworkInterfaces().map(toEni),
    securityGroupsAllow: (flow) => ec2.securityGroupsAllow(flow),
    createNetworkInterface: (input) =>
      toEni(
        ec2.createNetworkInterface({
          subnetId: input.subnetId,
          groups: input.groups,
          description: input.description,
          tags: input.tags,
          ...(input.secondaryPrivateIpAddressCount
            ? { secondaryPrivateIpAddressCount: input.secondaryPrivateIpAddressCount }
            : {}),
          ...(input.ipv4PrefixCount ? { ipv4PrefixCount: input.ipv4PrefixCount } : {}),
        }),
      ),
    attachNetworkInterface: (eniId, instanceId, deviceIndex) => {
      ec2.attachNetworkInterface(eniId, instanceId, deviceIndex);
    },
    assignPrivateIpAddresses: (eniId, count) => ec2.assignPrivateIpAddresses(eniId, count),
    unassignPrivateIpAddresses: (eniId, ips) => ec2.unassignPrivateIpAddresses(eniId, ips),
    assignIpv4Prefixes: (eniId, count) => ec2.assignIpv4Prefixes(eniId, count),
    detachNetworkInterface: (eniId) => ec2.detachNetworkInterface(eniId),
    deleteNetworkInterface: (eniId) => ec2.deleteNetworkInterface(eniId),
  };
}

export function simEks(eks: EksModel): SimEks {
  return {
    listClusters: () => eks.listClusters(),
    getCluster: (name) => {
      const c = eks.getCluster(name);
      return c && { name: c.name, version: c.version, status: c.status };
    },
    getNodegroup: (cluster, name) => {
      const ng = eks.getNodegroup(cluster, name);
      if (!ng) return undefined;
      return {
        nodegroupName: ng.nodegroupName,
        labels: { ...ng.labels },
        taints: ng.taints.map((t) => ({ ...t })),
        capacityType: ng.capacityType,
        amiType: ng.amiType,
        releaseVersion: ng.releaseVersion,
        ...(ng.launchTemplate ? { launchTemplate: { ...ng.launchTemplate } } : {}),
      };
    },
  };
}

const asStore = (o: KubeObject) => o as unknown as StoreObject;
const asSim = (o: StoreObject) => o as unknown as KubeObject;

function simStore(store: KubeStore): SimKubeStore {
  return {
    get: (ref: ResourceRef, ns, name) => {
      const o = store.tryGet(ref, ns, name);
      return o && asSim(o);
    },
    // Shared, not copied: the controllers only read what they list (TickStore's contract).
    list: (ref, opts = {}) => store.listShared(ref, opts.namespace).map(asSim),
    create: (ref, obj) => asSim(store.create(ref, asStore(obj))),
    update: (ref, obj) => asSim(store.update(ref, asStore(obj))),
    updateStatus: (ref, obj) =>
      asSim(store.update(ref, asStore(obj), { subresource: 'status', shareResult: true })),
    delete: (ref, ns, name, opts = {}) => {
      store.delete(
        ref,
        ns,
        name,
        opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds },
      );
    },
    watch: (ref, listener) => {
      const from = store.list(ref, { limit: 1 }).resourceVersion;
      return store.watch(ref, { resourceVersion: from }, (e) => listener(e.type, asSim(e.object)));
    },
  };
}

export function simKube(kube: KubeClusters): SimKube {
  const adapters = new WeakMap<KubeStore, SimKubeStore>();
  // With a data plane, pods on nodes terminate gracefully and the simulated kubelet finishes them.
  kube.gracefulPodDeletion = true;
  return {
    get(cluster) {
      const store = kube.get(cluster);
      if (!store) return undefined;
      let adapter = adapters.get(store);
      if (!adapter) {
        adapter = simStore(store);
        adapters.set(store, adapter);
      }
      return adapter;
    },
  };
}

/** The simulation over the sandbox's real models: the line `world.ts` calls. */
export function createSimulation(
  env: SimEnv,
  ec2: Ec2Model,
  eks: EksModel,
  kube: KubeClusters,
  state?: SimState,
): Simulation {
  // Instance types from EC2's catalog: every type RunInstances accepts has its limits and max-pods.
  return new Simulation(
    env,
    simEc2(ec2),
    simEks(eks),
    simKube(kube),
    state,
    factsFor(findCatalogInstanceType),
  );
}
