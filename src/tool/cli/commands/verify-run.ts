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

/** verify's default wait, and under subnet discovery: ipamd's 2-minute cooldown after a failed ENI allocation, and a minute more. */
const DEFAULT_WAIT_SECONDS = 120;
const DEFAULT_DISCOVERY_WAIT_SECONDS = 180;

export interface VerifyCommandOptions extends ClusterFlags {
  smoke: boolean;
  /** Undefined: one per schedulable node. */
  smokeReplicas?: number | undefined;
  smokeImage?: string | undefined;
  /** Seconds; undefined: 120, or 180 under subnet discovery. */
  wait?: number | undefined;
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
      waitMs: (opts.wait ?? DEFAULT_WAIT_SECONDS) * 1000,
      discoveryWaitMs: opts.wait === undefined ? DEFAULT_DISCOVERY_WAIT_SECONDS * 1000 : undefined,
      pollMs: opts.pollInterval ?? 2000,
      smoke: opts.smoke ? { replicas: opts.smokeReplicas, image: opts.smokeImage } : undefined,
      // What it waits for, on stderr (stdout keeps the result, and -o json a single document).
      onProgress: isStructured(ctx.output)
        ? undefined
        : (line) =>
            ctx.stderr.write(`${new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')}  ${line}\n`),
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
