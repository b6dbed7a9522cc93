/**
 * Reading a decoded REST-JSON body: the members of a request shape, with the type checks EKS's
 * front end makes (a wrong type is an InvalidParameterException naming the member).
 */
import { InvalidParameterException } from '../../../services/eks/errors.js';
import type { EksErrorFields } from '../../../services/eks/errors.js';

export type JsonObject = Record<string, unknown>;

function wrongType(member: string, expected: string, fields: EksErrorFields): InvalidParameterException {
  return new InvalidParameterException(`Parameter ${member} must be ${expected}`, fields);
}

export function asObject(body: unknown): JsonObject {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as JsonObject) : {};
}

export function optString(o: JsonObject, member: string, fields: EksErrorFields = {}): string | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw wrongType(member, 'a string', fields);
  return v;
}

export function reqString(o: JsonObject, member: string, fields: EksErrorFields = {}): string {
  const v = optString(o, member, fields);
  if (v === undefined || v === '') {
    throw new InvalidParameterException(`${member} is required`, fields);
  }
  return v;
}

export function optBool(o: JsonObject, member: string, fields: EksErrorFields = {}): boolean | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw wrongType(member, 'a boolean', fields);
  return v;
}

export function optInt(o: JsonObject, member: string, fields: EksErrorFields = {}): number | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(member, 'an integer', fields);
  return v;
}

export function optStringList(
  o: JsonObject,
  member: string,
  fields: EksErrorFields = {},
): string[] | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw wrongType(member, 'a list of strings', fields);
  return v as string[];
}

export function optStringMap(
  o: JsonObject,
  member: string,
  fields: EksErrorFields = {},
): Record<string, string> | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw wrongType(member, 'a map of strings', fields);
  }
  return { ...(v as Record<string, string>) };
}

export function optObject(
  o: JsonObject,
  member: string,
  fields: EksErrorFields = {},
): JsonObject | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(member, 'an object', fields);
  return v as JsonObject;
}

export function optObjectList(
  o: JsonObject,
  member: string,
  fields: EksErrorFields = {},
): JsonObject[] | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => x === null || typeof x !== 'object' || Array.isArray(x))) {
    throw wrongType(member, 'a list of objects', fields);
  }
  return v as JsonObject[];
}

/** Drops undefined members so optional inputs stay absent. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
