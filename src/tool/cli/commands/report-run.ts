import { retryingPorts } from '../../engine/retrying-ports.js';
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import type { ClusterFlags } from './apply-options.js';
import { discover } from '../../discover/discover.js';
import { ExitCode } from '../../errors.js';
import { buildReport, formatReport, table } from '../../report/build-report.js';
import { buildCapacity } from '../../report/capacity.js';
import { formatCapacity } from '../../report/capacity-format.js';
import { collectReportInput } from '../../report/collect.js';
import { checkHtmlTarget, writeHtmlReport } from '../../report/html/write-html.js';
import { connect } from '../../steps/connect.js';

export async function runReportCommand(
  ctx: CliContext,
  opts: ClusterFlags & { html?: string | undefined },
): Promise<number> {
  // A path that cannot be written is refused before anything is read.
  const htmlPath = opts.html === undefined ? undefined : checkHtmlTarget(opts.html);
  const kube = { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env };
  const conn = await connect({
    cluster: opts.cluster,
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    kube,
  });
  try {
    const [input, snapshot] = await Promise.all([
      collectReportInput(retryingPorts(conn.ports, ctx.signal), {
        name: conn.cluster.name,
        vpcId: conn.cluster.vpcId,
        subnetIds: conn.cluster.subnetIds,
      }),
      // The capacity view reads the VPC's ENIs (warm pools, /28 prefixes) and the pods' events.
      discover({
        cluster: conn.cluster.name,
        aws: conn.aws,
        kube,
        signal: ctx.signal,
        include: { networkInterfaces: true, podEvents: true },
      }),
    ]);
    const report = { ...buildReport(input), capacity: buildCapacity(snapshot) };
    const written = htmlPath ? writeHtmlReport(htmlPath, snapshot, report.capacity) : undefined;
    ctx.stdout.write(
      isStructured(ctx.output)
        ? formatStructured(ctx.output, report)
        : formatReport(report) +
            '\n' +
            formatCapacity(report.capacity, table).join('\n') +
            '\n' +
            (written ? `\nHTML report written to ${written.path} (${written.bytes} bytes)\n` : ''),
    );
    return ExitCode.Success;
  } finally {
    conn.close();
  }
}
