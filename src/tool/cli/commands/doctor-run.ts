/** The body of `eks-cidr doctor`: discover (read-only, with ENIs and pod events), check, print. */
import pc from 'picocolors';
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { createAwsClients } from '../../adapters/aws.js';
import { discover } from '../../discover/discover.js';
import { formatDoctor } from '../../doctor/format.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { ExitCode } from '../../errors.js';
import type { ClusterFlags } from './apply-options.js';

export async function runDoctorCommand(ctx: CliContext, opts: ClusterFlags): Promise<number> {
  const aws = createAwsClients({ region: ctx.region, profile: ctx.profile, readOnly: true });
  try {
    const snapshot = await discover({
      cluster: opts.cluster,
      aws,
      kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env, readOnly: true },
      signal: ctx.signal,
      include: { networkInterfaces: true, podEvents: true },
    });
    const report = runDoctor(snapshot);
    const c = pc.createColors(ctx.color);
    const paint: Record<string, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
    ctx.stdout.write(
      isStructured(ctx.output)
        ? formatStructured(ctx.output, report)
        : formatDoctor(report, (severity, text) => (paint[severity] ?? String)(text)),
    );
    return report.ok ? ExitCode.Success : ExitCode.VerificationFailed;
  } finally {
    aws.destroy();
  }
}
