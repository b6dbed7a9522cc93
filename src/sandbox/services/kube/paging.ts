/**
 * resourceVersion parsing and the opaque `continue` tokens of paged lists (the key to resume after).
 */
import { badRequest } from './errors.js';

export function parseResourceVersion(rv: string): number {
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version: ${rv}`);
  return n;
}

export function encodeContinue(key: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: key })).toString('base64url');
}

export function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: illegal base64 data');
}

export function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? '') < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
