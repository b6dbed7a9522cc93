/* eslint-disable @typescript-eslint/require-await -- fakes implement async ports synchronously */
/**
 * In-memory fakes of the ports for unit tests: enough state to run every executor, a log of mutating
 * calls, and fault injection (fail the next N calls of an operation with a given error).
 */
import { gatewayCall } from '../../gateway/retry-layer.js';
import type { LeasePort, LeaseRecord } from '../../engine/lease-lock.js';
import type { Tag } from '../../planner/types.js';
import type {
  AddonInfo,
  CidrAssociation,
  CreateNodegroupInput,
  Ec2Port,
  EksPort,
  EniConfigObject,
  EvictionResult,
  KubePort,
  LaunchTemplateVersionInfo,
  NetworkInterfaceInfo,
  NodeInfo,
  NodegroupInfo,
  NodegroupUpdateInfo,
  PdbInfo,
  DeploymentInfo,
  PodInfo,
  Ports,
  RouteTableInfo,
  SubnetInfo,
} from '../ports.js';

export class AwsLikeError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, status: number, message = code) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

export class KubeLikeError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class FakeState {
  associations: CidrAssociation[] = [
    { associationId: 'vpc-cidr-assoc-primary', cidr: '10.0.0.0/16', state: 'associated' },
  ];
  subnets: SubnetInfo[] = [];
  vpcTags: Tag[] = [];
  networkInterfaces: NetworkInterfaceInfo[] = [];
  routeTables: RouteTableInfo[] = [
    { routeTableId: 'rtb-private-a', main: false, associations: [], tags: [] },
    {
      routeTableId: 'rtb-main',
      main: true,
      associations: [{ associationId: 'rtbassoc-main', main: true }],
      tags: [],
    },
  ];
  launchTemplates: LaunchTemplateVersionInfo[] = [];
  nodegroups = new Map<string, NodegroupInfo & { input?: CreateNodegroupInput }>();
  addon: AddonInfo | undefined;
  daemonSetEnv: Record<string, string> = { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' };
  crdVersions: { name: string; served: boolean }[] | undefined = [{ name: 'v1alpha1', served: true }];
  eniConfigs = new Map<string, EniConfigObject>();
  nodes: NodeInfo[] = [];
  pods: PodInfo[] = [];
  pdbs: PdbInfo[] = [];
  deployments: DeploymentInfo[] = [];
  lease: (LeaseRecord & { resourceVersion: string }) | undefined;
  updates = new Map<string, NodegroupUpdateInfo>();
  /** The status UpdateNodegroupVersion's update ends in. */
  nextUpdateStatus: 'Successful' | 'Failed' = 'Successful';
  mutations: string[] = [];
  faults = new Map<string, unknown[]>();
  /** Calls of describe-like operations that report "associating"/"CREATING" before settling. */
  pendingPolls = 1;
  private seq = 0;

  id(prefix: string): string {
    return `${prefix}-${(++this.seq).toString(16).padStart(8, '0')}`;
  }
  /** Throws the next queued fault for `op`, if any. */
  hit(op: string): void {
    const queue = this.faults.get(op);
    if (queue && queue.length > 0) throw queue.shift();
  }
  inject(op: string, ...errors: unknown[]): void {
    this.faults.set(op, [...(this.faults.get(op) ?? []), ...errors]);
  }
  mutate(what: string): void {
    this.mutations.push(what);
  }
}

export function fakePorts(state: FakeState): Ports {
  const ec2: Ec2Port = {
    async vpcCidrAssociations() {
      state.hit('vpcCidrAssociations');
      const out = state.associations.map((a) => ({ ...a }));
      for (const a of state.associations) if (a.state === 'associating') a.state = 'associated';
      return out;
    },
    async vpcTags() {
      state.hit('vpcTags');
      return state.vpcTags.map((t) => ({ ...t }));
    },
    async tagVpc(_vpc, tags) {
      state.hit('tagVpc');
      state.mutate(`CreateTags ${tags.map((t) => `${t.key}=${t.value}`).join(',')}`);
      const keys = new Set(tags.map((t) => t.key));
      state.vpcTags = [...state.vpcTags.filter((t) => !keys.has(t.key)), ...tags];
    },
    async tagSubnets(ids, tags) {
      state.mutate(`CreateTags ${ids.join(',')} ${tags.map((t) => `${t.key}=${t.value}`).join(',')}`);
      const keys = new Set(tags.map((t) => t.key));
      for (const s of state.subnets) {
        if (ids.includes(s.subnetId)) s.tags = [...s.tags.filter((t) => !keys.has(t.key)), ...tags];
      }
    },
    async untagVpc(_vpc, keys) {
      state.mutate(`DeleteTags ${keys.join(',')}`);
      state.vpcTags = state.vpcTags.filter((t) => !keys.includes(t.key));
    },
    async untagSubnets(ids, keys) {
      state.mutate(`DeleteTags ${ids.join(',')} ${keys.join(',')}`);
      for (const s of state.subnets)
        if (ids.includes(s.subnetId)) s.tags = s.tags.filter((t) => !keys.includes(t.key));
    },
    async terminateInstances(ids) {
      state.mutate(`TerminateInstances ${ids.join(',')}`);
      state.networkInterfaces = state.networkInterfaces.filter(
        (e) => !e.instanceId || !ids.includes(e.instanceId),
      );
      // A managed node group's instance: the group launches a replacement, a new instance that may
      // get the same address, and so the same node name.
      for (const id of ids) {
        const node = state.nodes.find((n) => n.providerId?.endsWith(`/${id}`));
        if (!node) continue;
        state.nodes = state.nodes.filter((n) => n !== node);
        state.pods = state.pods.filter((p) => p.nodeName !== node.name);
        if (node.labels['eks.amazonaws.com/nodegroup']) {
          const fresh = state.id('i');
          state.nodes.push({
            ...node,
            providerId: `aws:///z/${fresh}`,
            unschedulable: false,
          });
        }
      }
    },
    async networkInterfaces(subnetIds) {
      return state.networkInterfaces.filter((e) => subnetIds.includes(e.subnetId));
    },
    async associateVpcCidrBlock(_vpc, cidr) {
      state.hit('associateVpcCidrBlock');
      state.mutate(`AssociateVpcCidrBlock ${cidr}`);
      const a = { associationId: state.id('vpc-cidr-assoc'), cidr, state: 'associating' };
      state.associations.push(a);
      return { ...a };
    },
    async disassociateVpcCidrBlock(id) {
      state.mutate(`DisassociateVpcCidrBlock ${id}`);
      state.associations = state.associations.filter((a) => a.associationId !== id);
    },
    async listSubnets() {
      state.hit('listSubnets');
      return state.subnets.map((s) => ({ ...s }));
    },
    async createSubnet({ vpcId, zone, cidr, tags }) {
      state.hit('createSubnet');
      state.mutate(`CreateSubnet ${cidr}`);
      const s: SubnetInfo = {
        subnetId: state.id('subnet'),
        vpcId,
        cidr,
        zone,
        availableIpAddressCount: 8187,
        tags,
      };
      state.subnets.push(s);
      return { ...s };
    },
    async deleteSubnet(id) {
      state.mutate(`DeleteSubnet ${id}`);
      state.subnets = state.subnets.filter((s) => s.subnetId !== id);
    },
    async listRouteTables() {
      state.hit('listRouteTables');
      return structuredClone(state.routeTables);
    },
    async associateRouteTable(rtb, subnetId) {
      state.hit('associateRouteTable');
      state.mutate(`AssociateRouteTable ${rtb} ${subnetId}`);
      const associationId = state.id('rtbassoc');
      state.routeTables
        .find((t) => t.routeTableId === rtb)!
        .associations.push({ associationId, subnetId, main: false });
      return associationId;
    },
    async disassociateRouteTable(id) {
      state.mutate(`DisassociateRouteTable ${id}`);
      for (const t of state.routeTables)
        t.associations = t.associations.filter((a) => a.associationId !== id);
    },
    async launchTemplateVersions(ref) {
      return state.launchTemplates.filter((v) => v.launchTemplateId === ref.id).map((v) => ({ ...v }));
    },
    async createLaunchTemplateVersion({ ref, userData, description }) {
      state.mutate(`CreateLaunchTemplateVersion ${ref.id}`);
      const versions = state.launchTemplates.filter((v) => v.launchTemplateId === ref.id);
      const source = versions[versions.length - 1];
      const v: LaunchTemplateVersionInfo = {
        launchTemplateId: ref.id!,
        version: versions.length + 1,
        userData,
        imageId: source?.imageId,
        description,
      };
      state.launchTemplates.push(v);
      return { ...v };
    },
  };

  const eks: EksPort = {
    async describeNodegroup(_c, name) {
      state.hit('describeNodegroup');
      const ng = state.nodegroups.get(name);
      if (!ng) return undefined;
      const out = { ...ng };
      if (ng.status === 'CREATING') ng.status = 'ACTIVE';
      if (ng.status === 'DELETING') {
        state.nodegroups.delete(name);
        state.nodes = state.nodes.filter((n) => n.labels['eks.amazonaws.com/nodegroup'] !== name);
      }
      return out;
    },
    async listNodegroups() {
      return [...state.nodegroups.keys()];
    },
    async createNodegroup(input) {
      state.hit('createNodegroup');
      state.mutate(`CreateNodegroup ${input.nodegroupName}`);
      state.nodegroups.set(input.nodegroupName, {
        name: input.nodegroupName,
        status: 'CREATING',
        instanceTypes: input.instanceTypes ?? [],
        subnets: input.subnets,
        desiredSize: input.scaling.desiredSize,
        launchTemplate: input.launchTemplate,
        tags: input.tags,
        labels: input.labels,
        input,
      });
      for (let i = 0; i < input.scaling.desiredSize; i++) {
        state.nodes.push({
          name: `${input.nodegroupName}-node-${i}`,
          labels: { 'eks.amazonaws.com/nodegroup': input.nodegroupName },
          unschedulable: false,
          ready: true,
        });
      }
    },
    async updateNodegroupScaling({ nodegroup, scaling }) {
      state.hit('updateNodegroupScaling');
      state.mutate(
        `UpdateNodegroupConfig ${nodegroup} ${scaling.minSize}/${scaling.maxSize}/${scaling.desiredSize}`,
      );
      const ng = state.nodegroups.get(nodegroup);
      if (ng) Object.assign(ng, { scaling: { ...scaling }, desiredSize: scaling.desiredSize });
      const id = state.id('update');
      state.updates.set(id, { id, status: 'Successful', type: 'ConfigUpdate', errors: [], params: {} });
      return { updateId: id };
    },
    async updateNodegroupVersion({ nodegroup, launchTemplate, force }) {
      state.hit('updateNodegroupVersion');
      state.mutate(`UpdateNodegroupVersion ${nodegroup} ${launchTemplate.version}${force ? ' force' : ''}`);
      const ng = state.nodegroups.get(nodegroup);
      if (ng) ng.launchTemplate = { ...ng.launchTemplate, version: launchTemplate.version };
      const id = state.id('update');
      state.updates.set(id, {
        id,
        status: state.nextUpdateStatus,
        type: 'VersionUpdate',
        errors:
          state.nextUpdateStatus === 'Failed'
            ? ['PodEvictionFailure: Reached max retries while trying to evict pods from nodes in node group']
            : [],
        params: { LaunchTemplateVersion: launchTemplate.version },
      });
      return { updateId: id };
    },
    async describeNodegroupUpdate(_c, _n, updateId) {
      const u = state.updates.get(updateId);
      if (!u) throw new AwsLikeError('ResourceNotFoundException', 404, `No update found for ID: ${updateId}`);
      return { ...u };
    },
    async listNodegroupUpdates() {
      return [...state.updates.keys()];
    },
    async deleteNodegroup(_c, name) {
      state.mutate(`DeleteNodegroup ${name}`);
      const ng = state.nodegroups.get(name);
      if (ng) ng.status = 'DELETING';
    },
    async describeAddon() {
      return state.addon ? { ...state.addon } : undefined;
    },
    async updateAddon({ configurationValues, addonVersion }) {
      state.mutate(
        `UpdateAddon ${addonVersion !== undefined ? `version ${addonVersion}` : ''}${configurationValues ?? ''}`,
      );
      state.addon = {
        ...state.addon!,
        ...(configurationValues !== undefined ? { configurationValues } : {}),
        ...(addonVersion !== undefined ? { version: addonVersion } : {}),
      };
      return { updateId: state.id('update') };
    },
    async describeAddonUpdate() {
      return { status: 'Successful', errors: [] };
    },
  };

  const lease: LeasePort = {
    async read() {
      return state.lease ? { ...state.lease } : undefined;
    },
    async create(l) {
      state.mutate('create Lease');
      if (state.lease) throw new KubeLikeError(409, 'AlreadyExists');
      state.lease = { ...l, resourceVersion: state.id('rv') };
      return { ...state.lease };
    },
    async replace(l) {
      state.mutate('replace Lease');
      if (!state.lease || state.lease.resourceVersion !== l.resourceVersion)
        throw new KubeLikeError(409, 'Conflict');
      state.lease = { ...l, resourceVersion: state.id('rv') };
      return { ...state.lease };
    },
    async delete() {
      state.mutate('delete Lease');
      state.lease = undefined;
    },
  };

  const kube: KubePort = {
    lease,
    async readDaemonSetEnv() {
      return { ...state.daemonSetEnv };
    },
    async patchDaemonSetEnv(_ns, _name, _c, env) {
      state.mutate(`patch DaemonSet aws-node ${JSON.stringify(env)}`);
      state.daemonSetEnv = { ...state.daemonSetEnv, ...env };
    },
    async readCrdVersions() {
      return state.crdVersions;
    },
    async getEniConfig(name) {
      const e = state.eniConfigs.get(name);
      return e ? structuredClone(e) : undefined;
    },
    async listEniConfigs() {
      return [...state.eniConfigs.values()].map((e) => structuredClone(e));
    },
    async createEniConfig(obj) {
      state.mutate(`create ENIConfig ${obj.name}`);
      if (state.eniConfigs.has(obj.name)) throw new KubeLikeError(409, 'AlreadyExists');
      state.eniConfigs.set(obj.name, structuredClone(obj));
    },
    async mergePatchEniConfig(name, patch) {
      state.mutate(`patch ENIConfig ${name}`);
      const e = state.eniConfigs.get(name)!;
      const p = patch as {
        metadata?: { labels?: Record<string, string> };
        spec?: { subnet?: string; securityGroups?: string[] };
      };
      e.labels = { ...e.labels, ...p.metadata?.labels };
      if (p.spec?.subnet) e.subnet = p.spec.subnet;
      if (p.spec?.securityGroups) e.securityGroups = p.spec.securityGroups;
    },
    async deleteEniConfig(name) {
      state.mutate(`delete ENIConfig ${name}`);
      state.eniConfigs.delete(name);
    },
    async listNodes(selector) {
      const [k, v] = (selector ?? '').split('=');
      return state.nodes.filter((n) => !selector || n.labels[k!] === v).map((n) => ({ ...n }));
    },
    async setUnschedulable(name, flag) {
      state.mutate(`cordon ${name}`);
      state.nodes.find((n) => n.name === name)!.unschedulable = flag;
    },
    async listPods(o) {
      return state.pods.filter((p) => !o?.nodeName || p.nodeName === o.nodeName).map((p) => ({ ...p }));
    },
    async evictPod(ns, name): Promise<EvictionResult> {
      const pod = state.pods.find((p) => p.namespace === ns && p.name === name);
      if (!pod) return { outcome: 'gone' };
      const pdb = state.pdbs.find((b) => Object.entries(b.selector).every(([k, v]) => pod.labels[k] === v));
      if (pdb && pdb.disruptionsAllowed <= 0) {
        return {
          outcome: 'blocked',
          message: "Cannot evict pod as it would violate the pod's disruption budget.",
        };
      }
      state.mutate(`evict ${ns}/${name}`);
      state.pods = state.pods.filter((p) => p !== pod);
      return { outcome: 'evicted' };
    },
    async listPdbs() {
      return state.pdbs.map((p) => ({ ...p }));
    },
    async podEvents() {
      return [];
    },
    async listDeployments() {
      return state.deployments.map((d) => ({ ...d, annotations: { ...d.annotations } }));
    },
    async scaleDeployment(namespace, name, replicas, annotations) {
      state.mutate(`scale Deployment ${namespace}/${name} ${replicas}`);
      const d = state.deployments.find((x) => x.namespace === namespace && x.name === name);
      if (!d) return;
      d.replicas = replicas;
      d.readyReplicas = replicas;
      for (const [k, v] of Object.entries(annotations)) {
        if (v === null) delete d.annotations[k];
        else d.annotations[k] = v;
      }
    },
    async createPdb({ namespace, name, selector }) {
      state.mutate(`create PodDisruptionBudget ${namespace}/${name}`);
      state.pdbs.push({ namespace, name, selector, disruptionsAllowed: 1 });
    },
    async deletePdb(namespace, name) {
      state.mutate(`delete PodDisruptionBudget ${namespace}/${name}`);
      state.pdbs = state.pdbs.filter((p) => !(p.namespace === namespace && p.name === name));
    },
    async createDeployment({ name }) {
      state.mutate(`create Deployment ${name}`);
    },
    async deleteDeployment(_ns, name) {
      state.mutate(`delete Deployment ${name}`);
    },
  };
  return {
    ec2: behindGateway(ec2),
    eks: behindGateway(eks),
    kube: { ...behindGateway(kube), lease: kube.lease },
  };
}

/**
 * Each fake call as the real ports' calls reach the backend: through the gateway's retry layer, so a
 * fault injected once is retried as a throttled send would be.
 */
function behindGateway<T extends object>(port: T): T {
  return Object.fromEntries(
    Object.entries(port).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => gatewayCall(() => (value as (...a: unknown[]) => Promise<unknown>)(...args))
        : value,
    ]),
  ) as T;
}

export const tag = (key: string, value: string): Tag => ({ key, value });
