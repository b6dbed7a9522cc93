/**
 * EKS list pagination: `maxResults` 1..100 (default 100) and an opaque `nextToken`. The token names
 * the last item returned, so deleting items between pages neither skips nor repeats the others.
 */
import { InvalidParameterException } from '../../../services/eks/errors.js';
import type { EksErrorFields } from '../../../services/eks/errors.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function readMaxResults(query: URLSearchParams, fields: EksErrorFields = {}): number {
  const raw = query.get('maxResults');
  if (raw === null) return 100;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new InvalidParameterException(
      `Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must be an integer`,
      fields,
    );
  }
  if (value < 1 || value > 100) {
    const bound = value < 1 ? 'greater than or equal to 1' : 'less than or equal to 100';
    throw new InvalidParameterException(
      `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value ${bound}`,
      fields,
    );
  }
  return value;
}

function decodeToken(token: string, fields: EksErrorFields): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { after?: unknown }).after === 'string') {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through
  }
  throw new InvalidParameterException('The nextToken provided is invalid.', fields);
}

/**
 * Pages through `keys` (in the model's order: names sorted, updates oldest first) by the request's
 * maxResults/nextToken. A token whose item has gone resumes at the first name after it.
 */
export function paginate(keys: string[], query: URLSearchParams, fields: EksErrorFields = {}): Page<string> {
  const max = readMaxResults(query, fields);
  const token = query.get('nextToken');
  const sorted = keys;
  let from = 0;
  if (token) {
    const after = decodeToken(token, fields);
    const at = sorted.indexOf(after);
    const next = at >= 0 ? at + 1 : sorted.findIndex((k) => k > after);
    from = next < 0 ? sorted.length : next;
  }
  const items = sorted.slice(from, from + max);
  const last = items[items.length - 1];
  if (from + max < sorted.length && last !== undefined) {
    return { items, nextToken: Buffer.from(JSON.stringify({ after: last }), 'utf8').toString('base64url') };
  }
  return { items };
}
