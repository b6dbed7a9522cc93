/**
 * The commonest first-day mistake: a sandbox runs in ./.sandbox but the shell never loaded its
 * environment, so eks-cidr talks to AWS (no credentials, no cluster 'demo'). When a failure is about
 * reaching AWS or the cluster and such a sandbox runs, the message says how to point at it. Lives in
 * the composition root: only it may look at the sandbox's state directory.
 */
import { relative } from 'node:path';
import { UserError, isUserError } from '../shared/errors.js';
import { defaultStateDir, statePaths } from '../sandbox/state/paths.js';
import { runningSandbox } from '../sandbox/state/runtime-lock.js';

const ACCESS_CODES = new Set([
  'E_NO_REGION',
  'E_AWS_CREDENTIALS',
  'E_AWS_PROFILE_NOT_FOUND',
  'E_AWS_UNREACHABLE',
  'E_AWS_SIGNATURE',
  'E_AWS_TOKEN_EXPIRED',
  'E_CLUSTER_NOT_FOUND',
  'E_KUBECONFIG_NOT_FOUND',
  'E_KUBE_CONTEXT_MISMATCH',
  'E_KUBE_UNAUTHORIZED',
]);

export function withSandboxHint(err: unknown, env: Record<string, string | undefined>, cwd: string): unknown {
  if (!isUserError(err) || !ACCESS_CODES.has(err.code)) return err;
  const info = runningSandbox(statePaths(defaultStateDir(env, cwd)).runtime);
  if (!info || env.AWS_ENDPOINT_URL === info.endpoint) return err;
  const where = relative(cwd, info.stateDir);
  const shown = where === '' ? '.' : where.startsWith('..') ? info.stateDir : `./${where}`;
  const line = `A sandbox is running in ${shown} but this shell does not use it: eval "$(eks-cidr sandbox env)" points eks-cidr at it.`;
  return new UserError(err.code, err.message, {
    exitCode: err.exitCode,
    hint: err.hint ? `${err.hint}\n  ${line}` : line,
    cause: err.cause,
    details: err.details,
  });
}
