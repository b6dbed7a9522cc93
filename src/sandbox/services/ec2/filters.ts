/**
 * EC2's Describe* filters: `Name` with one or more `Value`s. Values of one filter are ORed, filters
 * are ANDed, values may use the `*` and `?` wildcards, and `tag:<key>`, `tag-key` and `tag-value`
 * work on every taggable resource. An unknown filter name is refused as EC2 does.
 */
import { InvalidFilter } from './errors.js';
import type { Tag } from './types.js';

export interface Filter {
  name: string;
  values: string[];
}

type FieldValue = string | number | boolean | undefined;

/** How to read each supported filter name off a resource (a boolean or number reads as text). */
export type FilterSpec<T> = Record<string, (item: T) => FieldValue | readonly FieldValue[]>;

const patternCache = new Map<string, RegExp>();

function patternOf(value: string): RegExp {
  let re = patternCache.get(value);
  if (!re) {
    const body = value.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
    re = new RegExp(`^${body}$`, 's');
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(value, re);
  }
  return re;
}

/** EC2 filter value matching: exact, or with `*` (any run) and `?` (any one character). */
export function matchesValue(actual: string, wanted: string): boolean {
  if (!wanted.includes('*') && !wanted.includes('?')) return actual === wanted;
  return patternOf(wanted).test(actual);
}

function valuesOf(field: FieldValue | readonly FieldValue[]): string[] {
  const list: readonly FieldValue[] = Array.isArray(field) ? field : [field as FieldValue];
  return list.filter((v) => v !== undefined).map((v) => String(v));
}

function tagValues(name: string, tags: readonly Tag[]): string[] | undefined {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return tags.filter((t) => t.key === key).map((t) => t.value);
  }
  if (name === 'tag-key') return tags.map((t) => t.key);
  if (name === 'tag-value') return tags.map((t) => t.value);
  return undefined;
}

/**
 * Keeps the items that pass every filter. Throws `InvalidParameterValue` for a filter name the
 * resource kind does not support (tag filters only where `tagsOf` is given).
 */
export function applyFilters<T>(
  items: readonly T[],
  filters: readonly Filter[] | undefined,
  spec: FilterSpec<T>,
  tagsOf?: (item: T) => readonly Tag[],
): T[] {
  if (!filters || filters.length === 0) return [...items];
  for (const filter of filters) {
    const isTag = filter.name.startsWith('tag:') || filter.name === 'tag-key' || filter.name === 'tag-value';
    if (isTag ? !tagsOf : !Object.hasOwn(spec, filter.name)) throw new InvalidFilter(filter.name);
  }
  return items.filter((item) =>
    filters.every((filter) => {
      const actual = (tagsOf && tagValues(filter.name, tagsOf(item))) ?? valuesOf(spec[filter.name]?.(item));
      return filter.values.some((wanted) => actual.some((a) => matchesValue(a, wanted)));
    }),
  );
}
