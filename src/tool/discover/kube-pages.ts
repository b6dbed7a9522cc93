/** Discovery's paged Kubernetes lists: the gateway's pager (gateway/kube-pages.ts), failures explained. */
import { explainKubeFailure, type KubeIdentity } from '../adapters/explain-kube.js';
import { KUBE_PAGE_SIZE, listAllKube, type KubeList } from '../gateway/kube-pages.js';

export const PAGE = KUBE_PAGE_SIZE;

/**
 * Every item of a list; `list(cont)` sends one page request (`limit: PAGE` and `_continue: cont`).
 * A continue token that expired between pages (410) restarts the list once.
 */
export async function pages<T>(
  what: string,
  list: (cont: string | undefined) => Promise<KubeList<T>>,
  who: KubeIdentity,
): Promise<T[]> {
  try {
    return await listAllKube(
      (page) => list(page._continue),
      (item: T) => item,
    );
  } catch (err) {
    throw explainKubeFailure(what, err, who);
  }
}
