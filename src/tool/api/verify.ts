/**
 * verify(): per mode, whether every pod has its address where it should and every node runs the new
 * networking; with `smoke`, a test deployment proves new pods get addresses from the new block (it is
 * deleted whatever the outcome). Returns the verdict; `ok: false` is a result, not an error.
 */
import { systemEngineClock, type EngineClock } from '../engine/clock.js';
import { withCallScope } from '../gateway/retry-layer.js';
import { checkImageReference } from '../config/image-reference.js';
import { runVerify, type VerifyReport } from '../verify/run-verify.js';
import { eventEmitter, openConnection, type ConnectionOptions, type EventOptions } from './connection.js';

export interface VerifyOptions extends ConnectionOptions, EventOptions {
  /** Deploy a smoke-test deployment first (true: one replica per schedulable node, public.ecr.aws/nginx/nginx:stable). */
  smoke?: boolean | { replicas?: number | undefined; image?: string | undefined } | undefined;
  /** How long pods still starting may take, seconds (default 120; 180 under subnet discovery, ipamd's 2-minute cooldown and a minute more). */
  waitSeconds?: number | undefined;
  /** How often pods are listed again while waiting, ms (default 2000). */
  pollIntervalMs?: number | undefined;
}

export type VerifyResult = VerifyReport & { cluster: string };

const DEFAULT_WAIT_SECONDS = 120;
const DEFAULT_DISCOVERY_WAIT_SECONDS = 180;

export async function verify(
  options: VerifyOptions,
  internals: { clock?: EngineClock | undefined; onProgress?: ((line: string) => void) | undefined } = {},
): Promise<VerifyResult> {
  const clock = internals.clock ?? systemEngineClock;
  const smoke =
    options.smoke === true
      ? {}
      : options.smoke === false || options.smoke === undefined
        ? undefined
        : options.smoke;
  if (smoke?.image !== undefined) checkImageReference(smoke.image, 'smoke image');
  const emit = eventEmitter(options.events, () => clock.now());
  emit({
    type: 'verify-start',
    cluster: options.cluster,
    smoke: smoke !== undefined,
    waitSeconds: options.waitSeconds ?? DEFAULT_WAIT_SECONDS,
  });
  const conn = await openConnection(options);
  try {
    // Every call is retried by the gateway; the scope stops its backoff on the signal.
    const report = await withCallScope({ signal: options.signal }, () =>
      runVerify({
        ports: conn.ports,
        vpcId: conn.cluster.vpcId,
        cluster: options.cluster,
        clock,
        signal: options.signal,
        waitMs: (options.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000,
        discoveryWaitMs:
          options.waitSeconds === undefined ? DEFAULT_DISCOVERY_WAIT_SECONDS * 1000 : undefined,
        pollMs: options.pollIntervalMs ?? 2000,
        smoke: smoke ? { replicas: smoke.replicas, image: smoke.image } : undefined,
        onEvent: (event) => {
          emit(event);
          // The CLI's lines on stderr: what it waits for, and the smoke test's deployment.
          if (
            event.type === 'verify-progress' ||
            (event.type === 'smoke-progress' && event.stage === 'deployed')
          )
            internals.onProgress?.(event.message);
        },
      }),
    );
    emit({ type: 'verify-done', ok: report.ok, mode: report.mode, problems: report.problems.length });
    return { cluster: options.cluster, ...report };
  } finally {
    conn.close();
  }
}
