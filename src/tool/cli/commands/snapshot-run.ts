/** The body of `eks-cidr snapshot`: capture (read-only), then write the JSON to --out or stdout. */
import { writeFileSync } from 'node:fs';
import type { CliContext } from '../../../shared/cli/context.js';
import { createAwsClients } from '../../adapters/aws.js';
import { ExitCode, usageError } from '../../errors.js';
import { captureSnapshot, describeSnapshot } from '../../snapshot/capture.js';
import type { ClusterFlags } from './apply-options.js';

export interface SnapshotCommandOptions extends ClusterFlags {
  out?: string | undefined;
  anonymize?: boolean | undefined;
}

export async function runSnapshotCommand(ctx: CliContext, opts: SnapshotCommandOptions): Promise<number> {
  const aws = createAwsClients({
    region: ctx.region,
    profile: ctx.profile,
    verbose: ctx.verbose,
    readOnly: true,
  });
  try {
    const file = await captureSnapshot({
      cluster: opts.cluster,
      aws,
      kube: { kubeconfig: opts.kubeconfig, context: opts.context, env: ctx.env, readOnly: true },
      anonymize: opts.anonymize,
      signal: ctx.signal,
    });
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (opts.out) {
      try {
        writeFileSync(opts.out, text, { mode: 0o600 });
      } catch (err) {
        throw usageError(
          'E_SNAPSHOT_WRITE',
          `Cannot write the snapshot to ${opts.out}: ${err instanceof Error ? err.message : String(err)}`,
          'Choose a writable path for --out.',
        );
      }
      ctx.stderr.write(`Snapshot of ${describeSnapshot(file)} written to ${opts.out}.\n`);
    } else {
      ctx.stdout.write(text);
    }
    return ExitCode.Success;
  } finally {
    aws.destroy();
  }
}
