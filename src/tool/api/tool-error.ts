/** A failure of a step as the library throws it: AWS and Kubernetes failures explained, the rest named. */
import { awsErrorCode } from '../adapters/aws.js';
import { explainAwsFailure } from '../adapters/explain.js';
import { explainKubeFailure, isKubeAuthFailure } from '../adapters/explain-kube.js';
import { errorCode } from '../engine/retry.js';
import { apiError } from '../errors.js';
import { isUserError } from '../../shared/errors.js';

export function toToolError(err: unknown, command: 'apply' | 'destroy' = 'apply'): Error {
  if (isUserError(err)) return err;
  if (isKubeAuthFailure(err)) return explainKubeFailure('call', err);
  const code = errorCode(err);
  if (awsErrorCode(err) !== undefined || (code !== undefined && /^E[A-Z]+$/.test(code)))
    return explainAwsFailure(`${command}: an AWS call`, err);
  const message = err instanceof Error ? err.message : String(err);
  return apiError(
    'E_API',
    `${code ? `${code}: ` : ''}${message}`,
    `Fix the cause, then re-run: ${command} continues from what exists.`,
    err,
  );
}
