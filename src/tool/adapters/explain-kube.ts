/**
 * A way out of a failed Kubernetes call: 401 (the kubeconfig's credentials were refused: refresh them)
 * and 403 (this identity may not do it: an EKS access entry or an RBAC binding), naming the context,
 * the kubeconfig user and, for 403, the identity the API server saw.
 */
import { EksCidrError, ExitCode } from '../errors.js';

export interface KubeIdentity {
  cluster: string;
  context?: string | undefined;
  user?: string | undefined;
}

function statusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** The Status `message` of a client-node ApiException body (a string or a parsed object). */
export function kubeStatusMessage(err: unknown): string | undefined {
  const body = (err as { body?: unknown } | null)?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** `User "arn:aws:iam::1:user/x" cannot list resource ...`: the identity Kubernetes saw. */
function deniedIdentity(message: string | undefined): string | undefined {
  return message ? /[Uu]ser "([^"]+)"/.exec(message)?.[1] : undefined;
}

export function isKubeAuthFailure(err: unknown): boolean {
  const status = statusOf(err);
  return status === 401 || status === 403;
}

/** The tool's error for a failed Kubernetes call `what` (exit 3). */
export function explainKubeFailure(what: string, err: unknown, who?: KubeIdentity): EksCidrError {
  const status = statusOf(err);
  const detail = kubeStatusMessage(err) ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
  const cluster = who?.cluster ?? '<cluster>';
  const via = who?.context
    ? `kubeconfig context '${who.context}'${who.user ? ` (user '${who.user}')` : ''}`
    : 'the kubeconfig';
  const refresh = `aws eks update-kubeconfig --name ${cluster}`;
  if (status === 401) {
    return new EksCidrError(
      'E_KUBE_UNAUTHORIZED',
      `Kubernetes ${what} failed (HTTP 401 Unauthorized): the API server of cluster ${cluster} refused the credentials of ${via}.`,
      {
        exitCode: ExitCode.Api,
        cause: err,
        hint: `The token is missing, wrong or expired: refresh the kubeconfig with '${refresh}' (add --region/--profile as for eks-cidr; its exec plugin renews EKS tokens), or pass --context for another one, then re-run.`,
      },
    );
  }
  if (status === 403) {
    const identity = deniedIdentity(detail);
    const principal = identity?.startsWith('arn:') ? identity : '<your IAM role or user ARN>';
    return new EksCidrError(
      'E_KUBE_FORBIDDEN',
      `Kubernetes ${what} failed (HTTP 403 Forbidden): ${identity ? `identity '${identity}'` : via} may not do it${detail ? ` (${detail})` : ''}.`,
      {
        exitCode: ExitCode.Api,
        cause: err,
        hint:
          `Give that identity cluster-admin access: aws eks create-access-entry --cluster-name ${cluster} --principal-arn ${principal}; ` +
          `aws eks associate-access-policy --cluster-name ${cluster} --principal-arn ${principal} --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy --access-scope type=cluster ` +
          `(or map it in the aws-auth ConfigMap / an RBAC binding). 'aws sts get-caller-identity' shows which identity you use.`,
      },
    );
  }
  return new EksCidrError(
    'E_KUBE_API',
    `Kubernetes ${what} failed${status ? ` (HTTP ${status})` : ''}: ${detail ?? ''}`,
    {
      exitCode: ExitCode.Api,
      cause: err,
      hint: `Check that the API server at ${via} is reachable (kubectl cluster-info), then re-run.`,
    },
  );
}
