import { retryingPorts } from '../../engine/retrying-ports.js';
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import type { ClusterFlags } from './apply-options.js';
import { ExitCode } from '../../errors.js';
import { buildReport, formatReport } from '../../report/build-report.js';
import { collectReportInput } from '../../report/collect.js';
import { connect } from '../../steps/connect.js';

export async function runReportCommand(ctx: CliContext, opts: ClusterFlags): Promise<number> {
  const conn = await connect({
    cluster: opts.cluster,
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env },
  });
  try {
    const report = buildReport(
      await collectReportInput(retryingPorts(conn.ports, ctx.signal), {
        name: conn.cluster.name,
        vpcId: conn.cluster.vpcId,
        subnetIds: conn.cluster.subnetIds,
      }),
    );
    ctx.stdout.write(isStructured(ctx.output) ? formatStructured(ctx.output, report) : formatReport(report));
    return ExitCode.Success;
  } finally {
    conn.close();
  }
}
