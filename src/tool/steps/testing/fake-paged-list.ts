/**
 * For tests: a fake API server's list call, serving `total` items `limit` at a time with numeric
 * continue tokens; the token `expireAt` is answered once with 410 Gone. Records every call's params.
 */
export interface ListParams {
  limit?: number;
  _continue?: string;
  labelSelector?: string;
  fieldSelector?: string;
  namespace?: string;
}

export function fakePagedList<T, P extends ListParams = ListParams>(
  total: number,
  make: (i: number) => T,
  expireAt?: string,
) {
  const calls: P[] = [];
  let expired = false;
  const list = (params: P): Promise<{ items: T[]; metadata: { _continue?: string } }> => {
    calls.push(params);
    if (params._continue !== undefined && params._continue === expireAt && !expired) {
      expired = true;
      return Promise.reject(Object.assign(new Error('Gone: the continue token expired'), { code: 410 }));
    }
    const from = params._continue ? Number(params._continue) : 0;
    const to = Math.min(total, from + (params.limit ?? total));
    return Promise.resolve({
      items: Array.from({ length: to - from }, (_, k) => make(from + k)),
      metadata: to < total ? { _continue: String(to) } : {},
    });
  };
  return { list, calls };
}
