/**
 * Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), the patch type kubectl uses
 * for built-in types (`apply`, `set env`, `edit`, `label`): maps merge recursively, `null` deletes a
 * key, lists with a patch-merge key merge element by element, and the directives `$patch`
 * (replace/delete/merge), `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and
 * `$retainKeys` do what the apiserver does with them.
 */
import { badRequest } from './errors.js';
import type { FieldStrategy, Schema } from './patch-strategies.js';

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** Drop directive keys from a value a patch introduces wholesale. */
function clean(value: Json): Json {
  if (Array.isArray(value)) return value.filter((v) => !(isObj(v) && v.$patch === 'delete')).map(clean);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(ORDER) || k.startsWith(DELETE_PRIMITIVE))
      continue;
    if (v === null) continue;
    out[k] = clean(v);
  }
  return out;
}

export function strategicMerge(original: Json, patch: Json, schema: Schema | undefined): Json {
  if (!isObj(patch)) return clean(patch);
  const base = isObj(original) ? original : {};
  return mergeMap(base, patch, schema);
}

function mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Json {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return clean(patch);
  if (directive !== undefined && directive !== 'merge')
    throw badRequest(`Unknown patch type: ${JSON.stringify(directive)}`);
  const out: Obj = { ...original };
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(ORDER)) continue;
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(value))
        out[field] = current.filter((v) => !value.includes(v));
      continue;
    }
    const strategy = schema?.[key];
    if (value === null) {
      delete out[key];
      continue;
    }
    if (Array.isArray(value)) {
      const order = patch[ORDER + key];
      const merged = mergeList(out[key], value, strategy, Array.isArray(order) ? order : undefined);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
      continue;
    }
    if (isObj(value)) {
      const current = out[key];
      const merged = mergeMap(isObj(current) ? current : {}, value, strategy?.fields);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
      continue;
    }
    out[key] = value;
  }
  // A `$setElementOrder` alone (no list change) still reorders the list.
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(ORDER)) continue;
    const field = key.slice(ORDER.length);
    const order = patch[key];
    if (patch[field] === undefined && Array.isArray(out[field]) && Array.isArray(order)) {
      out[field] = applyOrder(out[field] as Json[], order, schema?.[field]?.mergeKey ?? '');
    }
  }
  return out;
}

function keyOf(item: Json, mergeKey: string): Json {
  return mergeKey === '' ? item : isObj(item) ? item[mergeKey] : undefined;
}

function mergeList(
  original: Json,
  patch: Json[],
  strategy: FieldStrategy | undefined,
  order: Json[] | undefined,
): Json {
  const mergeKey = strategy?.mergeKey;
  if (mergeKey === undefined) {
    // Lists without a merge strategy are replaced, except for a `$patch: replace` marker.
    return clean(patch);
  }
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) {
    return clean(patch.filter((p) => !(isObj(p) && p.$patch === 'replace')));
  }
  let out: Json[] = Array.isArray(original) ? [...(original as Json[])] : [];
  for (const item of patch) {
    if (mergeKey === '') {
      if (!out.includes(item)) out.push(item);
      continue;
    }
    if (!isObj(item)) throw badRequest(`invalid patch: list element without merge key ${mergeKey}`);
    const key = item[mergeKey];
    if (key === undefined) {
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const index = out.findIndex((o) => keyOf(o, mergeKey) === key);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const current = out[index];
      const merged = mergeMap(isObj(current) ? current : {}, item, strategy?.fields);
      if (merged === undefined) out.splice(index, 1);
      else out[index] = merged;
    } else {
      out.push(clean(item));
    }
  }
  if (order) out = applyOrder(out, order, mergeKey);
  return out;
}

/**
 * Order a merged list as `$setElementOrder` says; elements the order does not mention (the server
 * added them, or the client did not know them) keep their place relative to their old neighbours.
 */
function applyOrder(items: Json[], order: Json[], mergeKey: string): Json[] {
  const orderKeys = order.map((o) => keyOf(o, mergeKey));
  const rank = (item: Json) => orderKeys.indexOf(keyOf(item, mergeKey));
  const ordered = items.filter((i) => rank(i) >= 0).sort((a, b) => rank(a) - rank(b));
  const out: Json[] = [];
  let next = 0;
  for (const item of items) {
    if (rank(item) >= 0) {
      const o = ordered[next++];
      if (o !== undefined) out.push(o);
    } else out.push(item);
  }
  return out;
}
