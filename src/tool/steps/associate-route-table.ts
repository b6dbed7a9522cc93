/**
 * Associates the zone's pod subnet with the route table its node subnets use, so pod traffic leaves
 * through the same NAT gateway. When that table is the VPC's main table the subnet already uses it
 * implicitly and nothing is called.
 */
import type { StepExecutor } from './context.js';
import { resolveSubnet } from './context.js';
import { EksCidrError, ExitCode } from '../errors.js';

export const associateRouteTable: StepExecutor<'associate-route-table'> = {
  describe: (step) =>
    `associate ${step.target.subnet.subnetId ?? `the ${step.target.subnet.zone} pod subnet`} with ${step.desired.routeTableId}`,
  async execute(step, ctx) {
    const subnetId = resolveSubnet(step.target.subnet, ctx);
    const tables = await ctx.call(() => ctx.ports.ec2.listRouteTables(ctx.vpcId), { afterCreate: true });
    const explicit = tables
      .flatMap((t) => t.associations.map((a) => ({ table: t.routeTableId, ...a })))
      .find((a) => a.subnetId === subnetId);
    if (explicit) {
      if (explicit.table === step.desired.routeTableId) return { associationId: explicit.associationId };
      throw new EksCidrError(
        'E_ROUTE_TABLE_CONFLICT',
        `subnet ${subnetId} is already associated with ${explicit.table}, not ${step.desired.routeTableId}`,
        { exitCode: ExitCode.Api, hint: 'Someone changed the subnet meanwhile; re-run `eks-cidr plan`.' },
      );
    }
    if (step.desired.main) {
      ctx.progress(`${subnetId} uses the main route table ${step.desired.routeTableId} implicitly`);
      return undefined;
    }
    try {
      const associationId = await ctx.call(
        () => ctx.ports.ec2.associateRouteTable(step.desired.routeTableId, subnetId),
        { afterCreate: true },
      );
      return { associationId };
    } catch (err) {
      // `Resource.AlreadyAssociated` on a re-send whose first response was lost: done if the subnet
      // is now associated with the table we asked for.
      const now = await ctx.call(() => ctx.ports.ec2.listRouteTables(ctx.vpcId));
      const done = now
        .find((t) => t.routeTableId === step.desired.routeTableId)
        ?.associations.find((a) => a.subnetId === subnetId);
      if (!done) throw err;
      return { associationId: done.associationId };
    }
  },
};
