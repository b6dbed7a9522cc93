/** Resolving the state directory of a sandbox command, and the shell lines that point clients at it. */
import type { CliContext } from '../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../shared/cli/structured.js';
import { defaultStateDir, statePaths, type StatePaths } from '../state/paths.js';
import type { RuntimeInfo } from '../state/runtime-lock.js';
import type { StateDirOptions } from './options.js';

export function resolvePaths(opts: StateDirOptions, ctx: CliContext): StatePaths {
  return statePaths(opts.stateDir ?? opts.state ?? defaultStateDir(ctx.env, process.cwd()));
}

/** Values a shell needs; the AWS CLI v2 ignores AWS_ENDPOINT_URL, so pass --endpoint-url to it. */
export function envFor(info: RuntimeInfo): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: info.endpoint,
    AWS_ACCESS_KEY_ID: info.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.secretAccessKey,
    AWS_REGION: info.region,
    AWS_DEFAULT_REGION: info.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(info.kubeconfig ? { KUBECONFIG: info.kubeconfig } : {}),
    EKS_CIDR_SANDBOX_DIR: info.stateDir,
  };
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function exportLines(info: RuntimeInfo): string {
  return Object.entries(envFor(info))
    .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
    .join('');
}

/** Prints the environment: export lines on stdout (for eval), or one JSON object with --output json. */
export function printEnv(info: RuntimeInfo, ctx: CliContext): void {
  if (isStructured(ctx.output)) {
    const body = {
      pid: info.pid,
      endpoint: info.endpoint,
      kubeEndpoint: info.kubeEndpoint ?? null,
      stateDir: info.stateDir,
      env: envFor(info),
    };
    ctx.stdout.write(formatStructured(ctx.output, body, { compact: true }));
  } else ctx.stdout.write(exportLines(info));
}
