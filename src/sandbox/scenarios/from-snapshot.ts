/**
 * A twin of a real cluster from its snapshot file (`eks-cidr sandbox up --from FILE`), built through
 * the models' public methods like any scenario, with the real ids, CIDRs, zones and tags, so a plan
 * on the twin reads like the plan on the real cluster. Other tenants' addresses become ENIs so every
 * subnet's free count matches; node instances are launched with their ids and addresses; workloads
 * are recreated so the simulation schedules their pods. What cannot be reproduced exactly is in the
 * returned report, not approximated silently.
 */
import type { SnapshotFile } from '../../shared/snapshot/schema.js';
import { applySnapshotCni, buildEks, buildNodegroups, legacyNodegroups } from './from-snapshot-cluster.js';
import { configureKube, createBarePods, createWorkloads, matchNodes } from './from-snapshot-kube.js';
import { buildNetwork, buildSecurityGroups } from './from-snapshot-network.js';
import { TwinReport } from './from-snapshot-report.js';
import { settle, unbudgeted } from './settle.js';
import type { ScenarioWorld } from './types.js';

export { TwinReport, type TwinNote } from './from-snapshot-report.js';

const TENANT_DESCRIPTION = 'other tenant (eks-cidr twin)';
/** The most addresses one tenant ENI takes (the largest instance types' per-ENI limit). */
const ADDRESSES_PER_ENI = 50;

/** Addresses (and /28 prefixes) the twin's node instances hold in each subnet now. */
function clusterUse(
  world: ScenarioWorld,
  instanceIds: Set<string>,
): Map<string, { addresses: number; prefixes: number }> {
  const out = new Map<string, { addresses: number; prefixes: number }>();
  for (const eni of world.ec2.describeNetworkInterfaces({})) {
    const instanceId = eni.attachment?.instanceId;
    if (!instanceId || !instanceIds.has(instanceId)) continue;
    const use = out.get(eni.subnetId) ?? { addresses: 0, prefixes: 0 };
    use.addresses += eni.privateIpAddresses.length;
    use.prefixes += eni.ipv4Prefixes.length;
    out.set(eni.subnetId, use);
  }
  return out;
}

/** Takes addresses in a subnet with tenant ENIs until `leave` are free; prefixes first when asked. */
function occupy(world: ScenarioWorld, subnetId: string, leave: number, prefixes = 0): void {
  const { ec2 } = world;
  const tag = [{ key: 'eks-cidr.io/twin', value: 'other-tenant' }];
  if (prefixes > 0) {
    const eni = ec2.createNetworkInterface({ subnetId, description: TENANT_DESCRIPTION, tags: tag });
    ec2.assignIpv4Prefixes(eni.networkInterfaceId, prefixes);
  }
  for (;;) {
    const free = ec2.getSubnet(subnetId)?.availableIpAddressCount ?? 0;
    const take = Math.min(free - leave, ADDRESSES_PER_ENI);
    if (take <= 0) return;
    ec2.createNetworkInterface({
      subnetId,
      description: TENANT_DESCRIPTION,
      secondaryPrivateIpAddressCount: take - 1,
      tags: tag,
    });
  }
}

/**
 * Before the nodes start: other tenants take what the snapshot says they hold, leaving room for the
 * nodes to take what the real ones held.
 */
function occupyOthers(
  world: ScenarioWorld,
  file: SnapshotFile,
  instanceIds: Set<string>,
  held: readonly string[],
): void {
  const now = clusterUse(world, instanceIds);
  const heldBySubnet = new Map<string, number>();
  for (const id of held) {
    const subnetId = world.ec2.getNetworkInterface(id)?.subnetId;
    if (subnetId) heldBySubnet.set(subnetId, (heldBySubnet.get(subnetId) ?? 0) + 1);
  }
  for (const s of file.subnets) {
    const use = file.addressUse.subnets.find((u) => u.subnetId === s.subnetId);
    const base = now.get(s.subnetId) ?? { addresses: 0, prefixes: 0 };
    const mine = { addresses: base.addresses + (heldBySubnet.get(s.subnetId) ?? 0), prefixes: base.prefixes };
    const nodesStillToTake =
      Math.max(0, (use?.clusterAddresses ?? 0) - mine.addresses) +
      16 * Math.max(0, (use?.clusterPrefixes ?? 0) - mine.prefixes);
    const otherPrefixes = Math.max(0, (use?.prefixes ?? 0) - (use?.clusterPrefixes ?? 0));
    occupy(world, s.subnetId, s.availableIpAddressCount + nodesStillToTake, otherPrefixes);
  }
}

/** After the nodes settled: top up to the snapshot's free counts, and say where the twin holds more. */
function matchFreeCounts(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  for (const s of file.subnets) {
    const free = world.ec2.getSubnet(s.subnetId)?.availableIpAddressCount ?? 0;
    if (free > s.availableIpAddressCount) occupy(world, s.subnetId, s.availableIpAddressCount);
    const after = world.ec2.getSubnet(s.subnetId)?.availableIpAddressCount ?? 0;
    if (after !== s.availableIpAddressCount) {
      report.note(
        'error',
        `subnet/${s.subnetId}`,
        `${after} free addresses in the twin, ${s.availableIpAddressCount} in the snapshot (the twin's nodes hold more)`,
      );
    }
  }
}

/**
 * Holds the addresses nodes launched later will take as their primary ones, so other tenants' ENIs
 * cannot take them first; returns the ENIs to delete just before those nodes launch.
 */
function reserveAddresses(world: ScenarioWorld, file: SnapshotFile, nodegroups: (name: string) => boolean) {
  const held: string[] = [];
  const ids = new Set(
    file.kube.nodes
      .filter((n) => n.nodegroup && nodegroups(n.nodegroup))
      .flatMap((n) => (n.instanceId ? [n.instanceId] : [])),
  );
  for (const inst of file.addressUse.instances) {
    const eni = inst.networkInterfaces.find((e) => e.deviceIndex === 0);
    if (!ids.has(inst.instanceId) || !eni?.primaryAddress) continue;
    try {
      held.push(
        world.ec2.createNetworkInterface({
          subnetId: eni.subnetId,
          privateIpAddress: eni.primaryAddress,
          description: TENANT_DESCRIPTION,
        }).networkInterfaceId,
      );
    } catch {
      // Taken already: the node's launch reports it.
    }
  }
  return held;
}

const instancesOf = (world: ScenarioWorld, cluster: string) =>
  new Set(
    world.eks
      .listNodegroups(cluster)
      .flatMap((ng) => world.eks.describeNodegroup(cluster, ng).instances.map((i) => i.instanceId)),
  );

export function buildTwin(world: ScenarioWorld, file: SnapshotFile): TwinReport {
  // No request waits on the build: the simulation may write as much per tick as there is to do.
  return unbudgeted(world, () => buildTwinUnbudgeted(world, file));
}

function buildTwinUnbudgeted(world: ScenarioWorld, file: SnapshotFile): TwinReport {
  const report = new TwinReport();
  if (world.env.region !== file.region)
    report.note('error', 'twin', `runs in ${world.env.region}, the snapshot is of ${file.region}`);
  if (file.accountId !== undefined && world.env.accountId !== file.accountId)
    report.note('warning', 'twin', `account ${world.env.accountId}, the snapshot's is ${file.accountId}`);
  const cluster = file.cluster.name;
  // Node groups whose nodes started before custom networking was switched on start so in the twin too.
  const legacy = legacyNodegroups(file);
  const isLegacy = (name: string) => legacy.has(name);
  buildNetwork(world, file, report);
  // Groups other than the cluster's own (EKS creates that one, with its id given), before the cluster.
  buildSecurityGroups(
    world,
    {
      ...file,
      securityGroups: file.securityGroups.filter((g) => g.groupId !== file.cluster.clusterSecurityGroupId),
    },
    report,
  );
  buildEks(world, file, report, { legacyCni: legacy.size > 0 });
  buildSecurityGroups(world, file, report);
  configureKube(world, file, report, legacy.size > 0 ? { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' } : {});
  const held = reserveAddresses(world, file, (name) => !isLegacy(name));
  buildNodegroups(world, file, report, isLegacy);
  // Other tenants take what the snapshot says they hold; the held addresses are the later nodes'.
  occupyOthers(world, file, instancesOf(world, cluster), held);
  // Workloads arrive once their nodes are there (and carry the snapshot's labels and cordons), so the
  // scheduler places each pod once instead of finding no node for every pod on every pass; only
  // legacy groups' nodes, which started before the others, take their pods first.
  if (legacy.size > 0) createWorkloads(world, file);
  settle(world, 60_000);
  if (legacy.size > 0) {
    applySnapshotCni(world, file);
    configureKube(
      world,
      { ...file, kube: { ...file.kube, eniConfigs: [], podDisruptionBudgets: [], workloads: [] } },
      report,
    );
    settle(world, 30_000);
  }
  for (const eni of held) world.ec2.deleteNetworkInterface(eni);
  buildNodegroups(world, file, report, (name) => !isLegacy(name));
  settle(world, 60_000);
  matchNodes(world, file, report);
  if (legacy.size === 0) createWorkloads(world, file);
  createBarePods(world, file, report);
  settle(world, legacy.size === 0 ? 60_000 : 30_000);
  matchFreeCounts(world, file, report);
  comparePods(world, file, report);
  return report;
}

/** Pods that run with an address, in the twin and in the snapshot: said when they differ. */
function comparePods(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  type Pod = { spec?: { hostNetwork?: boolean }; status?: { phase?: string; podIP?: string } };
  const pods = world.kube.ensure(file.cluster.name).list({ group: '', version: 'v1', resource: 'pods' })
    .items as unknown as Pod[];
  const twin = pods.filter(
    (p) => !p.spec?.hostNetwork && p.status?.phase === 'Running' && p.status.podIP,
  ).length;
  const real = file.kube.pods.filter((p) => !p.hostNetwork && p.phase === 'Running' && p.hasAddress).length;
  if (twin !== real)
    report.note(
      'warning',
      `cluster/${file.cluster.name}`,
      `${twin} pods run with an address in the twin, ${real} in the snapshot`,
    );
}
