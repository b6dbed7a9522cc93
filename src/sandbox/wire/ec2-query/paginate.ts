/**
 * MaxResults/NextToken paging of EC2 Describe* results. The token is opaque to clients (base64 of
 * the next offset); EC2 refuses a MaxResults outside the operation's range and, for some operations,
 * MaxResults together with explicit IDs.
 */
import { AwsError } from '../../services/aws-error.js';
import type { QueryParams } from './params.js';

export class InvalidPaginationTokenError extends AwsError {
  constructor() {
    super('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.', 400);
  }
}

export interface PageOptions {
  /** Smallest and largest MaxResults the operation accepts (EC2: usually 5..1000). */
  min?: number;
  max?: number;
  /** Request names of the paging parameters (`MaxResults`, `NextToken` unless told). */
  maxResultsName?: string;
  nextTokenName?: string;
  /** Name of an ID list parameter that may not be combined with MaxResults (e.g. `SubnetId`). */
  idsParameter?: { query: string; element: string };
}

export interface Page<T> {
  items: T[];
  nextToken?: string | undefined;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new InvalidPaginationTokenError();
}

export interface Paging {
  page<T>(items: readonly T[]): Page<T>;
}

/**
 * Checks the paging parameters before the operation runs (EC2 refuses a bad MaxResults even when
 * the IDs asked for do not exist) and returns the slicer for its result.
 */
export function pagingOf(params: QueryParams, options: PageOptions = {}): Paging {
  const maxName = options.maxResultsName ?? 'MaxResults';
  const tokenName = options.nextTokenName ?? 'NextToken';
  const maxResults = params.int(maxName);
  const token = params.get(tokenName);
  if (maxResults !== undefined) {
    const min = options.min ?? 5;
    const max = options.max ?? 1000;
    if (maxResults < min || maxResults > max) {
      throw new AwsError(
        'InvalidParameterValue',
        `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`,
      );
    }
    const ids = options.idsParameter;
    if (ids && params.list(ids.query).length > 0) {
      throw new AwsError(
        'InvalidParameterCombination',
        `The parameter ${ids.element} cannot be used with the parameter maxResults`,
      );
    }
  }
  const start = token === undefined || token === '' ? 0 : decodeToken(token);
  return {
    page<T>(items: readonly T[]): Page<T> {
      if (start > items.length) throw new InvalidPaginationTokenError();
      if (maxResults === undefined && start === 0) return { items: [...items] };
      const end = maxResults === undefined ? items.length : start + maxResults;
      return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(end) : undefined };
    },
  };
}

export function paginate<T>(items: readonly T[], params: QueryParams, options: PageOptions = {}): Page<T> {
  return pagingOf(params, options).page(items);
}
