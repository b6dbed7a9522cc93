/** `eks-cidr verify`: the library's verify (src/tool/api/verify.ts), printed as text or data. */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { connectionFrom, type ClusterFlags } from './apply-options.js';
import { systemEngineClock, type EngineClock } from '../../engine/clock.js';
import { ExitCode } from '../../errors.js';
import { formatVerify } from '../../verify/format.js';
import { SMOKE_NAME, SMOKE_NAMESPACE } from '../../verify/run-verify.js';
import { verify } from '../../api/verify.js';
import { interruptedBy } from '../../api/interrupt.js';
import { checkImageReference } from '../../config/image-reference.js';

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
  const { cluster: _cluster, ...report } = await verify(
    {
      ...connectionFrom(ctx, opts),
      smoke: opts.smoke ? { replicas: opts.smokeReplicas, image: opts.smokeImage } : undefined,
      waitSeconds: opts.wait,
      pollIntervalMs: opts.pollInterval,
    },
    {
      clock,
      // What it waits for, on stderr (stdout keeps the result, and -o json a single document).
      onProgress: isStructured(ctx.output)
        ? undefined
        : (line) =>
            ctx.stderr.write(`${new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')}  ${line}\n`),
    },
  ).catch((err: unknown) => {
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
}
