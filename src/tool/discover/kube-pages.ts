/** Paged Kubernetes lists (limit/continue), each page under the retry policy, failures explained. */
import { withRetry } from '../engine/retry.js';
import { explainKubeFailure, type KubeIdentity } from '../adapters/explain-kube.js';

export const PAGE = 500;

export async function pages<T>(
  what: string,
  list: (cont: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
  who: KubeIdentity,
) {
  const items: T[] = [];
  let cont: string | undefined;
  try {
    do {
      const token = cont;
      const page = await withRetry(() => list(token));
      items.push(...page.items);
      cont = page.metadata?._continue || undefined;
    } while (cont);
  } catch (err) {
    throw explainKubeFailure(what, err, who);
  }
  return items;
}
