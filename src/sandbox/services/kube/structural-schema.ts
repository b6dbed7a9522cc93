/**
 * What the apiserver does with a custom resource against its CRD's structural schema: fields the
 * schema does not know are pruned (unless `x-kubernetes-preserve-unknown-fields`), and types and
 * required fields are checked, with kube-openapi's messages
 * (`spec.subnet in body must be of type string: "integer"`).
 */
import type { StatusCause } from './errors.js';

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

type Cause = Required<Pick<StatusCause, 'field' | 'reason' | 'message'>>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(schema: JsonSchema, v: unknown): boolean {
  if (schema['x-kubernetes-int-or-string'])
    return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  if (!schema.type) return true;
  const t = typeOf(v);
  if (schema.type === 'number') return t === 'number' || t === 'integer';
  return t === schema.type;
}

/** Prune and check `value` in place of `path`; returns the pruned value. */
function walk(schema: JsonSchema, value: unknown, path: string, causes: Cause[]): unknown {
  if (value === null || value === undefined) return value;
  if (!matchesType(schema, value)) {
    const t = typeOf(value);
    causes.push({
      field: path,
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: "${t}": ${path} in body must be of type ${schema.type ?? ''}: "${t}"`,
    });
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((v, i) => walk(items, v, `${path}[${i}]`, causes)) : value;
  }
  if (typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  for (const r of schema.required ?? []) {
    if (obj[r] === undefined)
      causes.push({ field: `${path}.${r}`, reason: 'FieldValueRequired', message: 'Required value' });
  }
  const props = schema.properties;
  const extra = schema.additionalProperties;
  if (!props && extra === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const child = props?.[k] ?? (typeof extra === 'object' ? extra : undefined);
    if (child) out[k] = walk(child, v, `${path}.${k}`, causes);
    else if (schema['x-kubernetes-preserve-unknown-fields'] || extra === true) out[k] = v;
  }
  return out;
}

/**
 * The object as stored: root `apiVersion`, `kind` and `metadata` are always kept; the rest is
 * pruned by the schema. `causes` lists what validation found.
 */
export function applyStructuralSchema(
  schema: JsonSchema | undefined,
  o: Record<string, unknown>,
): { object: Record<string, unknown>; causes: Cause[] } {
  if (!schema) return { object: o, causes: [] };
  const causes: Cause[] = [];
  const { apiVersion, kind, metadata, ...rest } = o;
  const pruned = walk(
    {
      ...schema,
      required: (schema.required ?? []).filter((r) => !['apiVersion', 'kind', 'metadata'].includes(r)),
    },
    rest,
    '',
    causes,
  );
  const fixed = causes.map((c) => ({
    ...c,
    field: c.field.replace(/^\./, ''),
    message: c.message.replace(/ \./, ' '),
  }));
  return { object: { apiVersion, kind, metadata, ...(pruned as Record<string, unknown>) }, causes: fixed };
}
