/**
 * Building blocks of the server-side Table columns: a column definition with its cell function,
 * field access by dotted path, and the NAME/AGE columns every kind shares.
 */
import { age } from './human-duration.js';

export type Obj = Record<string, unknown>;
type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  format?: string;
  description: string;
  priority: number;
  cell: (o: Obj, now: number) => Cell;
}

export const get = (o: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Obj)[k] : undefined), o);
export const str = (o: unknown, path: string, fallback = '<none>'): string => {
  const v = get(o, path);
  return v === undefined || v === null || v === '' ? fallback : typeof v === 'string' ? v : JSON.stringify(v);
};
export const num = (o: unknown, path: string): number => {
  const v = get(o, path);
  return typeof v === 'number' ? v : 0;
};

export const col = (
  name: string,
  type: Column['type'],
  description: string,
  cell: Column['cell'],
  priority = 0,
  format?: string,
): Column => ({
  name,
  type,
  ...(format ? { format } : {}),
  description,
  priority,
  cell,
});

export const NAME = col(
  'Name',
  'string',
  'Name must be unique within a namespace.',
  (o) => str(o, 'metadata.name', ''),
  0,
  'name',
);
export const AGE = col(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
  (o, now) => age(get(o, 'metadata.creationTimestamp') as string | undefined, now),
);

export function selectorText(sel: unknown): string {
  const s = (sel ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

export const containers = (path: string) => (o: Obj) =>
  ((get(o, path) as { name?: string }[] | undefined) ?? []).map((c) => c.name).join(',');
export const images = (path: string) => (o: Obj) =>
  ((get(o, path) as { image?: string }[] | undefined) ?? []).map((c) => c.image).join(',');

export const workloadWide = (path: string): Column[] => [
  col(
    'Containers',
    'string',
    'Names of each container in the template.',
    containers(`${path}.containers`),
    1,
  ),
  col(
    'Images',
    'string',
    'Images referenced by each container in the template.',
    images(`${path}.containers`),
    1,
  ),
  col('Selector', 'string', 'Label selector for pods.', (o) => selectorText(get(o, 'spec.selector')), 1),
];
