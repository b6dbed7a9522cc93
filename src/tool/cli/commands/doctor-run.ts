/** The body of `eks-cidr doctor`: discover (read-only, with ENIs and pod events), check, print. */
import pc from 'picocolors';
import type { CliContext } from '../../../shared/cli/context.js';
import { createAwsClients } from '../../adapters/aws.js';
import { discover } from '../../discover/discover.js';
import { formatDoctor } from '../../doctor/format.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { ExitCode } from '../../errors.js';
import type { ClusterFlags } from './apply-options.js';

const PAINT: Record<string, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.cyan };

export async function runDoctorCommand(ctx: CliContext, opts: ClusterFlags): Promise<number> {
  const aws = createAwsClients({ region: ctx.region, profile: ctx.profile });
  try {
    const snapshot = await discover({
      cluster: opts.cluster,
      aws,
      kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env },
      signal: ctx.signal,
      include: { networkInterfaces: true, podEvents: true },
    });
    const report = runDoctor(snapshot);
    ctx.stdout.write(
      ctx.output === 'json'
        ? JSON.stringify(report, null, 2) + '\n'
        : formatDoctor(report, (severity, text) => (ctx.color ? (PAINT[severity] ?? String)(text) : text)),
    );
    return report.ok ? ExitCode.Success : ExitCode.VerificationFailed;
  } finally {
    aws.destroy();
  }
}
