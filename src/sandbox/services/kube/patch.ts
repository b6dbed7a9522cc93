/**
 * The four patch types the apiserver accepts: RFC 6902 JSON patch (fast-json-patch), RFC 7386 JSON
 * merge patch, strategic merge patch (built-in types only; custom resources answer 415 as on a real
 * cluster) and server-side apply, approximated as a merge patch that may create.
 */
import { deepCopy } from './deep-copy.js';
import jsonpatch from 'fast-json-patch';
import { KubeStatusError, badRequest } from './errors.js';
import { GENERIC_SCHEMA, KIND_SCHEMAS } from './patch-strategies.js';
import type { ResourceInfo } from './resources.js';
import { strategicMerge } from './strategic-merge.js';
import type { KubeObject, PatchType } from './types.js';

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(original: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function patchContentType(contentType: string | undefined): PatchType | undefined {
  const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  switch (base) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      return undefined;
  }
}

function jsonPatch(original: KubeObject, patch: Json): Json {
  if (!Array.isArray(patch))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return jsonpatch.applyPatch(deepCopy(original), patch as jsonpatch.Operation[], true, false).newDocument;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new KubeStatusError(
      422,
      'Invalid',
      `the server rejected our request due to an error in our request: ${message}`,
    );
  }
}

export function applyPatch(
  info: ResourceInfo,
  original: KubeObject,
  type: PatchType,
  patch: Json,
): KubeObject {
  let result: Json;
  switch (type) {
    case 'json':
      result = jsonPatch(original, patch);
      break;
    case 'merge':
    case 'apply':
      result = mergePatch(original, patch);
      break;
    case 'strategic':
      if (info.custom) {
        throw new KubeStatusError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      result = strategicMerge(original, patch, KIND_SCHEMAS[info.kind] ?? GENERIC_SCHEMA);
      break;
  }
  if (!isObj(result) || !isObj(result.metadata)) throw badRequest("the patch removed the object's metadata");
  return result as KubeObject;
}
