/**
 * A twin of a real cluster from its snapshot file (`eks-cidr sandbox up --from FILE`), built through
 * the models' public methods like any scenario, with the real ids, CIDRs, zones and tags, so a plan
 * on the twin reads like the plan on the real cluster. Other tenants' addresses become ENIs so every
 * subnet's free count matches; node instances are launched with their ids and addresses; workloads
 * are recreated so the simulation schedules their pods. What cannot be reproduced exactly is in the
 * returned report, not approximated silently.
 */
import type { SnapshotFile } from '../../shared/snapshot/schema.js';
import { buildEks, buildNodegroups } from './from-snapshot-cluster.js';
import { configureKube, createWorkloads, matchNodes } from './from-snapshot-kube.js';
import { buildNetwork, buildSecurityGroups, givenIds } from './from-snapshot-network.js';
import { TwinReport } from './from-snapshot-report.js';
import { settle } from './settle.js';
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
function occupyOthers(world: ScenarioWorld, file: SnapshotFile, instanceIds: Set<string>): void {
  const now = clusterUse(world, instanceIds);
  for (const s of file.subnets) {
    const use = file.addressUse.subnets.find((u) => u.subnetId === s.subnetId);
    const mine = now.get(s.subnetId) ?? { addresses: 0, prefixes: 0 };
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

export function buildTwin(world: ScenarioWorld, file: SnapshotFile): TwinReport {
  const report = new TwinReport();
  if (world.env.region !== file.region)
    report.note('error', 'twin', `runs in ${world.env.region}, the snapshot is of ${file.region}`);
  if (file.accountId !== undefined && world.env.accountId !== file.accountId)
    report.note('warning', 'twin', `account ${world.env.accountId}, the snapshot's is ${file.accountId}`);
  const withIds = givenIds(world);
  buildNetwork(world, file, report);
  // Groups other than the cluster's own (EKS creates that one, with its id given), before the cluster.
  withIds({}, () =>
    buildSecurityGroups(
      world,
      {
        ...file,
        securityGroups: file.securityGroups.filter((g) => g.groupId !== file.cluster.clusterSecurityGroupId),
      },
      report,
    ),
  );
  buildEks(world, file, report);
  buildSecurityGroups(world, file, report);
  configureKube(world, file, report);
  buildNodegroups(world, file, report);
  const instanceIds = new Set(
    world.eks
      .listNodegroups(file.cluster.name)
      .flatMap((ng) => world.eks.describeNodegroup(file.cluster.name, ng).instances.map((i) => i.instanceId)),
  );
  occupyOthers(world, file, instanceIds);
  createWorkloads(world, file, report);
  settle(world, 60_000);
  matchNodes(world, file, report);
  settle(world, 30_000);
  matchFreeCounts(world, file, report);
  return report;
}
