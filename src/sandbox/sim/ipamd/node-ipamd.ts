/**
 * ipamd on one node for one pass: builds the node's pool state from EC2 (the ENIs attached to the
 * instance) and the pods' addresses, applies the pure decisions of pool.ts through the EC2 port
 * (ENIs described `aws-K8S-<instance-id>` and tagged `node.k8s.amazonaws.com/instance_id`), and hands
 * addresses to pods. Failures are logged as ipamd logs them and start its 2-minute cooldown.
 */
import { discoveryRules } from './subnet-selection.js';
import type { ClusterContext } from '../engine.js';
import { ENICONFIGS, type EniConfig, type Node } from '../kube-types.js';
import type { SimEni, SimInstance, SimSubnet } from '../ports.js';
import { ipamdLog, type SimNodeRecord } from '../sim-state.js';
import { kubeTime, parseKubeTime } from '../time.js';
import { eniConfigNameFor } from './config.js';
import { usesPrefixes } from './prefixes.js';
import { placeEni } from './eni-placement.js';
import {
  DECREASE_INTERVAL_MS,
  ENI_MIN_LIFETIME_MS,
  INSUFFICIENT_CIDR_COOLDOWN_MS,
  type EniState,
  type NodePoolState,
  pickPodIp,
  planDecrease,
  planFreeEni,
  planIncrease,
} from './pool.js';

export const ENI_DESCRIPTION_PREFIX = 'aws-K8S-';
export const ENI_NODE_TAG = 'node.k8s.amazonaws.com/instance_id';
export const ENI_CREATED_AT_TAG = 'node.k8s.amazonaws.com/createdAt';
export const ENI_CLUSTER_TAG = 'cluster.k8s.amazonaws.com/name';

const INSUFFICIENT = new Set(['InsufficientFreeAddressesInSubnet', 'InsufficientCidrBlocks']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: unknown): string {
  return `${errorCode(error) ?? 'Error'}: ${error instanceof Error ? error.message : String(error)}`;
}

function toEniState(eni: SimEni, instance: SimInstance, now: number): EniState {
  const created = parseKubeTime(eni.tags.find((t) => t.key === ENI_CREATED_AT_TAG)?.value);
  const deviceIndex = eni.attachment?.deviceIndex ?? 0;
  const state: EniState = {
    eniId: eni.networkInterfaceId,
    deviceIndex,
    primary: eni.networkInterfaceId === instance.primaryNetworkInterfaceId || deviceIndex === 0,
    subnetId: eni.subnetId,
    primaryIp: eni.primaryIp,
    ips: [...eni.secondaryIps],
  };
  if (eni.prefixes && eni.prefixes.length > 0) state.prefixes = [...eni.prefixes];
  // Created "in the future" (see the constructor): as if just now.
  if (created !== undefined) state.createdAt = Math.min(created, now);
  return state;
}

export class NodeIpamd {
  private readonly enis: EniState[];
  private readonly assigned: Set<string>;
  writes = 0;

  constructor(
    private readonly ctx: ClusterContext,
    private readonly record: SimNodeRecord,
    private readonly instance: SimInstance,
    private readonly node: Node,
    enis: SimEni[],
    podIps: Iterable<string>,
    /** The subnets (for discovery and the ENIConfig's zone), listed at most once per reconcile. */
    private readonly subnets: () => SimSubnet[] = () => ctx.ec2.listSubnets(),
  ) {
    // A stamp from the future counts as now, so a timer never holds longer than its period: a
    // scenario settles by ticking instants ahead of the system clock (settle.ts), and a clock can
    // step back. Without this, a freshly built `exhausted` held ipamd's retry ~30 s past its cooldown.
    if (record.lastInsufficientCidrAt !== undefined && record.lastInsufficientCidrAt > ctx.now)
      record.lastInsufficientCidrAt = ctx.now;
    if (record.lastDecreaseAt !== undefined && record.lastDecreaseAt > ctx.now)
      record.lastDecreaseAt = ctx.now;
    const excluded = new Set(record.excludedEnis ?? []);
    this.enis = enis
      .filter((e) => e.attachment?.instanceId === instance.instanceId)
      .map((e) => toEniState(e, instance, ctx.now))
      .map((e) => (excluded.has(e.eniId) ? { ...e, excluded: true } : e));
    this.assigned = new Set(podIps);
  }

  private limits() {
    const l = this.ctx.facts.networkLimits(this.instance.instanceType);
    return { maxEnis: l?.maxEnis ?? 3, ipv4PerEni: l?.ipv4PerEni ?? 10, nitro: l?.nitro ?? false };
  }

  state(): NodePoolState {
    const { maxEnis, ipv4PerEni, nitro } = this.limits();
    const s: NodePoolState = {
      config: this.record.ipamd,
      maxEnis,
      ipv4PerEni,
      prefixDelegation: usesPrefixes(this.record.ipamd, nitro),
      maxPods: this.record.maxPods,
      enis: this.enis,
      assigned: this.assigned,
      schedulable: !this.node.spec.unschedulable,
      now: this.ctx.now,
      cooldownMs: this.cooldownMs(),
      fullEnis: this.fullEnis,
    };
    if (this.record.lastInsufficientCidrAt !== undefined)
      s.lastInsufficientCidrAt = this.record.lastInsufficientCidrAt;
    if (this.record.lastDecreaseAt !== undefined) s.lastDecreaseAt = this.record.lastDecreaseAt;
    return s;
  }

  private cooldownMs(): number {
    return this.ctx.env.timing.insufficientCidrCooldown ?? INSUFFICIENT_CIDR_COOLDOWN_MS;
  }

  private log(line: string): void {
    ipamdLog(this.record, line);
  }

  private insufficient(error: unknown): void {
    this.record.lastInsufficientCidrAt = this.ctx.now;
    this.log(
      `${errorText(error)}; Unable to attach IPs/Prefixes for the ENI, subnet doesn't seem to have enough IPs/Prefixes. Consider using new subnet or carve a reserved range using create-subnet-cidr-reservation`,
    );
  }

  /** ENIs whose subnet had no room in this round of grow() (subnet discovery only; see NodePoolState). */
  private fullEnis = new Set<string>();

  /** increaseDatastorePool, repeated until the pool is not low or a step makes no progress. */
  grow(): void {
    this.fullEnis = new Set();
    for (let step = 0; step < 2 * this.limits().maxEnis + 2; step++) {
      const action = planIncrease(this.state());
      if (action.kind === 'none') return;
      const ok =
        action.kind === 'assign-ips'
          ? this.assignIps(action.eniId, action.count)
          : action.kind === 'assign-prefixes'
            ? this.assignPrefixes(action.eniId, action.count)
            : this.createEni(action.deviceIndex, action.ipCount, action.prefixCount ?? 0);
      if (ok === 'skip') continue;
      if (!ok) return;
    }
  }

  /**
   * The last one-address (or one-prefix) try on an ENI found its subnet full: under subnet discovery
   * ipamd moves on to the next ENI, then to a new ENI in a tagged subnet, and no cooldown starts;
   * otherwise the cooldown starts.
   */
  private subnetFull(eniId: string, error: unknown): 'skip' | false {
    const config = this.record.ipamd;
    if (config.subnetDiscovery && discoveryRules(config) !== 'none') {
      this.fullEnis.add(eniId);
      this.log(
        `failed to allocate an IP address on ENI ${eniId}: ${errorText(error)}; subnet discovery is on: trying the next ENI or a new one`,
      );
      return 'skip';
    }
    this.insufficient(error);
    return false;
  }

  private assignIps(eniId: string, count: number): boolean | 'skip' {
    const eni = this.enis.find((e) => e.eniId === eniId)!;
    for (const n of count > 1 ? [count, 1] : [count]) {
      try {
        eni.ips.push(...this.ctx.ec2.assignPrivateIpAddresses(eniId, n));
        this.writes++;
        return true;
      } catch (error) {
        if (!INSUFFICIENT.has(errorCode(error) ?? '')) {
          this.log(`failed to allocate one IP addresses on ENI ${eniId}, err : ${errorText(error)}`);
          return false;
        }
        if (n === 1) return this.subnetFull(eniId, error);
      }
    }
    return false;
  }

  /** tryAssignPrefixes: all or nothing, then one prefix, as ipamd retries after a partial failure. */
  private assignPrefixes(eniId: string, count: number): boolean | 'skip' {
    const eni = this.enis.find((e) => e.eniId === eniId)!;
    for (const n of count > 1 ? [count, 1] : [count]) {
      try {
        const prefixes = this.ctx.ec2.assignIpv4Prefixes?.(eniId, n) ?? [];
        eni.prefixes = [...(eni.prefixes ?? []), ...prefixes];
        this.writes++;
        return prefixes.length > 0;
      } catch (error) {
        if (!INSUFFICIENT.has(errorCode(error) ?? '')) {
          this.log(`failed to allocate a prefix on ENI ${eniId}, err : ${errorText(error)}`);
          return false;
        }
        if (n === 1) return this.subnetFull(eniId, error);
      }
    }
    return false;
  }

  private createEni(deviceIndex: number, ipCount: number, prefixCount: number): boolean {
    const config = this.record.ipamd;
    const eniConfigName = eniConfigNameFor(this.node.metadata, config);
    const eniConfig = config.customNetworking
      ? (this.ctx.store.get(ENICONFIGS, undefined, eniConfigName) as EniConfig | undefined)
      : undefined;
    const primary = this.enis.find((e) => e.primary);
    const subnets = this.subnets();
    const primarySubnet = subnets.find((s) => s.subnetId === this.instance.subnetId);
    const placement = placeEni({
      config,
      nodeZone: this.record.zone,
      primarySubnet,
      primarySubnetId: primary?.subnetId ?? this.instance.subnetId,
      primaryGroups: this.instance.securityGroupIds,
      eniConfigName,
      eniConfig: eniConfig ? (eniConfig.spec ?? {}) : undefined,
      subnets,
    });
    if (!placement.ok) {
      this.log(placement.log);
      return false;
    }
    const tags = [
      { key: ENI_NODE_TAG, value: this.instance.instanceId },
      { key: ENI_CREATED_AT_TAG, value: kubeTime(this.ctx.now) },
    ];
    if (config.clusterName) tags.push({ key: ENI_CLUSTER_TAG, value: config.clusterName });
    let eni: SimEni | undefined;
    let lastError: unknown;
    // createENI: one CreateNetworkInterface call per subnet, all or nothing, the next subnet on failure.
    for (const subnetId of placement.subnetIds) {
      if (config.customNetworking)
        this.log(`ipamd: using custom network config: [${placement.groups.join(' ')}], ${subnetId}`);
      try {
        eni = this.ctx.ec2.createNetworkInterface({
          subnetId,
          groups: placement.groups,
          description: `${ENI_DESCRIPTION_PREFIX}${this.instance.instanceId}`,
          tags,
          secondaryPrivateIpAddressCount: ipCount,
          ...(prefixCount > 0 ? { ipv4PrefixCount: prefixCount } : {}),
        });
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (!eni) {
      if (INSUFFICIENT.has(errorCode(lastError) ?? '')) this.insufficient(lastError);
      else
        this.log(
          `Failed to increase pool size due to not able to allocate ENI AllocENI: failed to create ENI: ${errorText(lastError)}`,
        );
      return false;
    }
    this.writes++;
    const ips = [...eni.secondaryIps];
    const prefixes = [...(eni.prefixes ?? [])];
    try {
      this.ctx.ec2.attachNetworkInterface(eni.networkInterfaceId, this.instance.instanceId, deviceIndex);
    } catch (error) {
      try {
        this.ctx.ec2.deleteNetworkInterface(eni.networkInterfaceId);
      } catch {
        // Left for ipamd's leaked-ENI cleanup in reality; nothing more to do here.
      }
      this.log(
        `Failed to increase pool size due to not able to allocate ENI AllocENI: error attaching ENI: ${errorText(error)}`,
      );
      return false;
    }
    this.enis.push({
      eniId: eni.networkInterfaceId,
      deviceIndex,
      primary: false,
      subnetId: eni.subnetId,
      primaryIp: eni.primaryIp,
      ips,
      ...(prefixes.length > 0 ? { prefixes } : {}),
      createdAt: this.ctx.now,
    });
    this.log(`Successfully created and attached a new ENI ${eni.networkInterfaceId} to instance`);
    return true;
  }

  /** Returns surplus addresses and ENIs (WARM_IP_TARGET / MINIMUM_IP_TARGET, WARM_ENI_TARGET + 1). */
  shrink(): void {
    const decrease = planDecrease(this.state());
    for (const { eniId, ips } of decrease) {
      try {
        this.ctx.ec2.unassignPrivateIpAddresses(eniId, ips);
        const eni = this.enis.find((e) => e.eniId === eniId)!;
        eni.ips = eni.ips.filter((ip) => !ips.includes(ip));
        this.writes++;
      } catch (error) {
        this.log(`Failed to free IPs ${ips.join(',')} from ENI ${eniId}: ${errorText(error)}`);
      }
    }
    if (decrease.length > 0) this.record.lastDecreaseAt = this.ctx.now;
    const free = planFreeEni(this.state());
    if (!free) return;
    try {
      this.ctx.ec2.detachNetworkInterface?.(free);
      this.ctx.ec2.deleteNetworkInterface(free);
      this.enis.splice(
        this.enis.findIndex((e) => e.eniId === free),
        1,
      );
      this.writes++;
    } catch (error) {
      this.log(`Failed to free ENI ${free}, err: ${errorText(error)}`);
    }
  }

  /** Asks the engine to come back when a timer that holds ipamd back runs out. */
  requeueTimers(): void {
    const r = this.record;
    if (
      r.lastInsufficientCidrAt !== undefined &&
      this.ctx.now - r.lastInsufficientCidrAt <= this.cooldownMs()
    ) {
      this.ctx.requeueAt(r.lastInsufficientCidrAt + this.cooldownMs() + 1);
    }
    const warmIp = r.ipamd.warmIpTarget !== 0 || r.ipamd.minimumIpTarget !== 0;
    if (warmIp && r.lastDecreaseAt !== undefined && this.ctx.now - r.lastDecreaseAt <= DECREASE_INTERVAL_MS) {
      this.ctx.requeueAt(r.lastDecreaseAt + DECREASE_INTERVAL_MS + 1);
    }
    for (const eni of this.enis) {
      if (eni.createdAt !== undefined && this.ctx.now - eni.createdAt < ENI_MIN_LIFETIME_MS) {
        this.ctx.requeueAt(eni.createdAt + ENI_MIN_LIFETIME_MS);
      }
    }
  }

  /** CNI ADD: an address for a pod, or undefined ("failed to assign an IP address to container"). */
  assign(): string | undefined {
    let pick = pickPodIp(this.state());
    if (!pick) {
      this.grow();
      pick = pickPodIp(this.state());
    }
    if (!pick) return undefined;
    this.assigned.add(pick.ip);
    return pick.ip;
  }

  /** ipamd is serving: under custom networking only once an ENI for pods is attached. */
  cniUp(): boolean {
    return !this.record.ipamd.customNetworking || this.enis.some((e) => !e.primary);
  }

  hasAddresses(): boolean {
    return this.enis.some(
      (e) =>
        !(this.record.ipamd.customNetworking && e.primary) &&
        !e.excluded &&
        (e.ips.length > 0 || (e.prefixes?.length ?? 0) > 0),
    );
  }
}
