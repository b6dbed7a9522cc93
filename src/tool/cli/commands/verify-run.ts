import { retryingPorts } from '../../engine/retrying-ports.js';
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import type { ClusterFlags } from './apply-options.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { ExitCode } from '../../errors.js';
import { connect } from '../../steps/connect.js';
import { formatVerify } from '../../verify/format.js';
import { SMOKE_NAME, SMOKE_NAMESPACE, runVerify } from '../../verify/run-verify.js';
import { interruptedBy } from './interrupt.js';
import { checkImageReference } from '../../config/image-reference.js';

export interface VerifyCommandOptions extends ClusterFlags {
  smoke: boolean;
  smokeReplicas: number;
  smokeImage?: string | undefined;
  wait: number;
  pollInterval?: number | undefined;
}

export async function runVerifyCommand(
  ctx: CliContext,
  opts: VerifyCommandOptions,
  clock: EngineClock = systemEngineClock,
): Promise<number> {
  if (opts.smokeImage !== undefined) checkImageReference(opts.smokeImage, '--smoke-image');
  const conn = await connect({
    cluster: opts.cluster,
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env },
  });
  try {
    const report = await runVerify({
      ports: retryingPorts(conn.ports, ctx.signal),
      vpcId: conn.cluster.vpcId,
      cluster: opts.cluster,
      clock,
      signal: ctx.signal,
      waitMs: opts.wait * 1000,
      pollMs: opts.pollInterval ?? 2000,
      smoke: opts.smoke ? { replicas: opts.smokeReplicas, image: opts.smokeImage } : undefined,
    }).catch((err: unknown) => {
      const cleaned = opts.smoke
        ? `; its smoke-test deployment ${SMOKE_NAMESPACE}/${SMOKE_NAME} was deleted`
        : '';
      throw interruptedBy(ctx.signal, `verify stopped before it finished${cleaned}`) ?? err;
    });
    if (isStructured(ctx.output)) {
      ctx.stdout.write(formatStructured(ctx.output, { cluster: opts.cluster, ...report }));
    } else {
      ctx.stdout.write(formatVerify(opts.cluster, report));
    }
    return report.ok ? ExitCode.Success : ExitCode.VerificationFailed;
  } finally {
    conn.close();
  }
}
