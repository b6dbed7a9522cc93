/**
 * The twin's network, from a snapshot file: the VPC with its blocks, subnets, route tables with their
 * routes and associations, and the cluster's security groups with their rules, each with the real
 * id (the models' ordinary create methods, with the ids given), and other tenants' address use.
 */
import type { SnapshotFile } from '../../shared/snapshot/schema.js';
import { SeededIds } from '../core/ids.js';
import { settle } from './settle.js';
import type { ScenarioWorld } from './types.js';
import type { TwinReport } from './from-snapshot-report.js';

export function givenIds(world: ScenarioWorld): SeededIds['withGiven'] {
  const ids = world.env.ids;
  if (!(ids instanceof SeededIds)) throw new Error('A twin needs the sandbox id source.');
  return (given, fn) => ids.withGiven(given, fn);
}

const isReservedTag = (t: { key: string }) => t.key.startsWith('aws:');

/** Creates with the ordinary tags, then adds the `aws:` ones as AWS itself writes them. */
function reservedTags(world: ScenarioWorld, id: string, tags: { key: string; value: string }[]): void {
  const reserved = tags.filter(isReservedTag);
  if (reserved.length > 0) world.ec2.createTags([id], reserved, { allowReserved: true });
}

export function buildNetwork(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  const { ec2 } = world;
  const withIds = givenIds(world);
  const [primary, ...others] = file.vpc.cidrAssociations;
  if (!primary) throw new Error('The snapshot has no VPC block.');
  const main = file.routeTables.find((t) => t.main);
  const mainAssociation = main?.associations.find((a) => a.main);
  withIds(
    {
      vpc: file.vpc.vpcId,
      'vpc-cidr-assoc': primary.associationId,
      rtb: main?.routeTableId,
      rtbassoc: mainAssociation?.associationId,
    },
    () => ec2.createVpc({ cidrBlock: primary.cidr, tags: file.vpc.tags.filter((t) => !isReservedTag(t)) }),
  );
  reservedTags(world, file.vpc.vpcId, file.vpc.tags);
  for (const block of others) {
    if (block.state !== 'associated' && block.state !== 'associating') {
      report.note('info', `vpc/${file.vpc.vpcId}`, `block ${block.cidr} (${block.state}) left out`);
      continue;
    }
    withIds({ 'vpc-cidr-assoc': block.associationId }, () =>
      ec2.associateVpcCidrBlock({ vpcId: file.vpc.vpcId, cidrBlock: block.cidr }),
    );
  }
  settle(world, 5_000);

  for (const s of file.subnets) {
    withIds({ subnet: s.subnetId }, () =>
      ec2.createSubnet({
        vpcId: file.vpc.vpcId,
        cidrBlock: s.cidr,
        availabilityZone: s.zone,
        tags: s.tags.filter((t) => !isReservedTag(t)),
      }),
    );
    reservedTags(world, s.subnetId, s.tags);
  }
  buildRouteTables(world, file, report);
}

function buildRouteTables(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  const { ec2 } = world;
  const withIds = givenIds(world);
  for (const t of file.routeTables) {
    if (!t.main) withIds({ rtb: t.routeTableId }, () => ec2.createRouteTable({ vpcId: file.vpc.vpcId }));
  }
  // NAT gateways the routes name: the snapshot does not say where they are, so each goes in a subnet
  // whose table routes to an internet gateway (else the first subnet); it holds one address there.
  const publicSubnet =
    file.routeTables
      .filter((t) => t.routes.some((r) => r.destination === '0.0.0.0/0' && r.target.startsWith('igw-')))
      .flatMap((t) => t.associations.flatMap((a) => (a.subnetId ? [a.subnetId] : [])))[0] ??
    file.subnets[0]?.subnetId;
  const nats = new Set(
    file.routeTables.flatMap((t) => t.routes.map((r) => r.target)).filter((x) => x.startsWith('nat-')),
  );
  for (const nat of nats) {
    if (!publicSubnet) break;
    withIds({ nat }, () => ec2.createNatGateway({ subnetId: publicSubnet, connectivityType: 'private' }));
    report.note(
      'info',
      `natgateway/${nat}`,
      `placed in ${publicSubnet} (a snapshot does not record where it is)`,
    );
  }
  for (const t of file.routeTables) {
    for (const r of t.routes) {
      if (r.target === 'local' || r.target === '') continue;
      const target = routeTarget(r.target);
      if (!target) {
        report.note(
          'warning',
          `routetable/${t.routeTableId}`,
          `route ${r.destination} -> ${r.target} left out (unknown target kind)`,
        );
        continue;
      }
      try {
        ec2.createRoute({ routeTableId: t.routeTableId, destinationCidrBlock: r.destination, ...target });
      } catch (err) {
        report.note(
          'warning',
          `routetable/${t.routeTableId}`,
          `route ${r.destination} -> ${r.target}: ${String(err)}`,
        );
      }
    }
    for (const a of t.associations) {
      if (a.main || !a.subnetId) continue;
      const subnetId = a.subnetId;
      withIds({ rtbassoc: a.associationId }, () =>
        ec2.associateRouteTable({ routeTableId: t.routeTableId, subnetId }),
      );
    }
  }
}

function routeTarget(target: string) {
  if (target.startsWith('igw-') || target.startsWith('vgw-')) return { gatewayId: target };
  if (target.startsWith('nat-')) return { natGatewayId: target };
  if (target.startsWith('tgw-')) return { transitGatewayId: target };
  if (target.startsWith('pcx-')) return { vpcPeeringConnectionId: target };
  return undefined;
}

/** The security groups besides the cluster's (which EKS creates), then every group's rules. */
export function buildSecurityGroups(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  const { ec2 } = world;
  const withIds = givenIds(world);
  for (const g of file.securityGroups) {
    if (ec2.describeSecurityGroups({ filters: [{ name: 'group-id', values: [g.groupId] }] }).length > 0)
      continue;
    withIds({ sg: g.groupId }, () =>
      ec2.createSecurityGroup({ groupName: g.groupName, description: g.groupName, vpcId: file.vpc.vpcId }),
    );
  }
  for (const g of file.securityGroups) {
    for (const rule of g.rules) {
      const known = !rule.groupId || file.securityGroups.some((x) => x.groupId === rule.groupId);
      if (!known) {
        report.note(
          'info',
          `securitygroup/${g.groupId}`,
          `rule naming ${rule.groupId} left out (that group is not the cluster's)`,
        );
        continue;
      }
      try {
        ec2.authorizeSecurityGroupRules({
          groupId: g.groupId,
          isEgress: rule.isEgress,
          permissions: [
            {
              ipProtocol: rule.protocol,
              ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
              ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
              ipRanges: rule.cidr ? [{ cidrIp: rule.cidr }] : [],
              groups: rule.groupId ? [{ groupId: rule.groupId }] : [],
            },
          ],
        });
      } catch {
        // Already there: a group's default egress, or EKS's own rule on the cluster group.
      }
    }
  }
}
