/**
 * Server-side printing: `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` turns a get or list
 * into a meta.k8s.io Table with the kind's columns (custom resources: the CRD's
 * additionalPrinterColumns), and rows carrying the object or its metadata as `includeObject` says.
 */
import type { PrinterColumn, ResourceInfo } from '../../services/kube/resources.js';
import type { KubeObject } from '../../services/kube/types.js';
import { age } from './human-duration.js';
import { AGE, DEFAULT_COLUMNS, KIND_COLUMNS, NAME, type Column } from './table-columns.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A small JSONPath subset as CRD printer columns use it: `.spec.subnet`, `.a[0].b`, `.a[*].b`. */
export function evalJsonPath(o: unknown, path: string): unknown[] {
  const tokens = path
    .replace(/^\{|\}$/g, '')
    .replace(/^\$/, '')
    .split(/\.|(?=\[)/)
    .filter((t) => t.length > 0);
  let current: unknown[] = [o];
  for (const t of tokens) {
    const index = /^\[(\d+|\*)\]$/.exec(t)?.[1];
    const next: unknown[] = [];
    for (const c of current) {
      if (index !== undefined) {
        if (!Array.isArray(c)) continue;
        if (index === '*') next.push(...(c as unknown[]));
        else if (c[Number(index)] !== undefined) next.push(c[Number(index)]);
      } else if (c && typeof c === 'object' && !Array.isArray(c)) {
        const v = (c as Record<string, unknown>)[t];
        if (v !== undefined) next.push(v);
      }
    }
    current = next;
  }
  return current;
}

function printerColumn(c: PrinterColumn): Column {
  const type = (
    ['integer', 'number', 'boolean', 'date'].includes(c.type) ? c.type : 'string'
  ) as Column['type'];
  return {
    name: c.name,
    type,
    ...(c.format ? { format: c.format } : {}),
    description: c.description ?? '',
    priority: c.priority ?? 0,
    cell: (o, now) => {
      const values = evalJsonPath(o, c.jsonPath);
      if (values.length === 0) return null;
      const v = values[0];
      if (type === 'date') return age(typeof v === 'string' ? v : undefined, now);
      if (values.length > 1)
        return values.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x as string))).join(',');
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
      return JSON.stringify(v);
    },
  };
}

export function columnsFor(info: ResourceInfo): Column[] {
  if (info.custom) {
    const cols = info.printerColumns ?? [];
    return cols.length ? [NAME, ...cols.map(printerColumn)] : [NAME, { ...AGE, type: 'date' }];
  }
  return KIND_COLUMNS[info.kind] ?? DEFAULT_COLUMNS;
}

function rowObject(o: KubeObject, include: IncludeObject, tableApiVersion: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: tableApiVersion, metadata: o.metadata };
}

export function toTable(
  info: ResourceInfo,
  objects: KubeObject[],
  opts: {
    now: number;
    include: IncludeObject;
    apiVersion: string;
    listMeta: Record<string, unknown>;
    withColumns?: boolean;
  },
): Record<string, unknown> {
  const columns = columnsFor(info);
  return {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata: opts.listMeta,
    columnDefinitions:
      opts.withColumns === false
        ? null
        : columns.map((c) => ({
            name: c.name,
            type: c.type,
            format: c.format ?? '',
            description: c.description,
            priority: c.priority,
          })),
    rows: objects.map((o) => {
      const object = rowObject(o, opts.include, opts.apiVersion);
      return {
        cells: columns.map((c) => c.cell(o as Record<string, unknown>, opts.now)),
        ...(object ? { object } : {}),
      };
    }),
  };
}
