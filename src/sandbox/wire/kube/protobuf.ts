/**
 * Request bodies in the apiserver's protobuf encoding (`application/vnd.kubernetes.protobuf`).
 * kubectl 1.32 and later send built-in objects this way from its typed clients (`kubectl create
 * deployment|namespace|configmap`, the eviction of `kubectl drain`), with no JSON fallback, so the
 * sandbox must read them. The envelope is the magic `k8s\0` then a `runtime.Unknown` (typeMeta 1,
 * raw 2, contentEncoding 3, contentType 4); `raw` is the object in its generated.proto message,
 * decoded here through the field tables of `protobuf-schema.ts` into the JSON the codec expects.
 */
import { badRequest } from '../../services/kube/errors.js';
import { KUBE_MESSAGES, type FieldDef, type MessageDef } from './protobuf-schema.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export function isProtobuf(contentType: string | undefined): boolean {
  return /application\/vnd\.kubernetes\.protobuf/i.test(contentType ?? '');
}

interface Field {
  no: number;
  wire: number;
  /** Varint value (wire 0), or the bytes of a length-delimited field (wire 2). */
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= buf.length) throw new Error('truncated varint');
    const b = buf[pos.i++] ?? 0;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 70n) throw new Error('varint too long');
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const key = Number(readVarint(buf, pos));
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, varint: readVarint(buf, pos) });
    else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      if (pos.i + len > buf.length) throw new Error('truncated field');
      out.push({ no, wire, bytes: buf.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else if (wire === 1) pos.i += 8;
    else if (wire === 5) pos.i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function scalar(def: FieldDef, f: Field): unknown {
  switch (def.type) {
    case 'string':
      return f.bytes?.toString('utf8') ?? '';
    case 'bytes':
      return (f.bytes ?? Buffer.alloc(0)).toString('base64');
    case 'bool':
      return f.varint !== undefined && f.varint !== 0n;
    case 'int':
      return signed(f.varint ?? 0n);
    default:
      return decodeMessage(def.type, f.bytes ?? Buffer.alloc(0));
  }
}

/** Go's `omitempty` on non-pointer fields: gogo writes zero values the JSON form leaves out. */
function isZero(v: unknown): boolean {
  return v === '' || v === false || v === 0;
}

function mapEntry(def: FieldDef, bytes: Buffer): [string, unknown] {
  let key = '';
  let value: unknown = def.type === 'string' ? '' : undefined;
  for (const f of fields(bytes)) {
    if (f.no === 1) key = f.bytes?.toString('utf8') ?? '';
    else if (f.no === 2) value = scalar(def, f);
  }
  return [key, value];
}

function decodeMessage(name: string, bytes: Buffer): unknown {
  const def: MessageDef | undefined = KUBE_MESSAGES[name];
  if (!def) throw new Error(`no protobuf schema for ${name}`);
  if (def.special === 'time') {
    const seconds = fields(bytes).find((f) => f.no === 1)?.varint ?? 0n;
    return seconds === 0n ? undefined : new Date(signed(seconds) * 1000).toISOString().replace('.000Z', 'Z');
  }
  if (def.special === 'quantity')
    return (
      fields(bytes)
        .find((f) => f.no === 1)
        ?.bytes?.toString('utf8') ?? '0'
    );
  if (def.special === 'int-or-string') {
    let type = 0;
    let intVal = 0;
    let strVal = '';
    for (const f of fields(bytes)) {
      if (f.no === 1) type = signed(f.varint ?? 0n);
      else if (f.no === 2) intVal = signed(f.varint ?? 0n);
      else if (f.no === 3) strVal = f.bytes?.toString('utf8') ?? '';
    }
    return type === 1 ? strVal : intVal;
  }
  if (def.special === 'raw-json') {
    const raw = fields(bytes).find((f) => f.no === 1)?.bytes;
    return raw && raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
  }
  const out: Record<string, unknown> = {};
  for (const f of fields(bytes)) {
    const fd = def.fields[f.no];
    if (!fd) continue; // a field this sandbox does not model: the apiserver would keep it; we drop it
    if (fd.map) {
      const [k, v] = mapEntry(fd, f.bytes ?? Buffer.alloc(0));
      const m = (out[fd.json] ??= {}) as Record<string, unknown>;
      m[k] = v;
      continue;
    }
    const value = scalar(fd, f);
    if (value === undefined) continue;
    if (fd.repeated) ((out[fd.json] ??= []) as unknown[]).push(value);
    else if (fd.pointer || !isZero(value)) out[fd.json] = value;
  }
  return out;
}

/** Decodes a protobuf request body into the JSON object the apiserver would have read. */
export function decodeProtobufBody(raw: Buffer): Record<string, unknown> {
  if (raw.length < MAGIC.length || !raw.subarray(0, MAGIC.length).equals(MAGIC))
    throw badRequest('the body of the request could not be decoded: missing the k8s protobuf prefix');
  try {
    let apiVersion = '';
    let kind = '';
    let object: Buffer | undefined;
    for (const f of fields(raw.subarray(MAGIC.length))) {
      if (f.no === 1 && f.bytes) {
        for (const t of fields(f.bytes)) {
          if (t.no === 1) apiVersion = t.bytes?.toString('utf8') ?? '';
          else if (t.no === 2) kind = t.bytes?.toString('utf8') ?? '';
        }
      } else if (f.no === 2) object = f.bytes;
    }
    if (!KUBE_MESSAGES[kind])
      throw new Error(
        `no protobuf schema for ${apiVersion ? `${apiVersion}, Kind=` : ''}${kind || 'an unnamed kind'}`,
      );
    const decoded = decodeMessage(kind, object ?? Buffer.alloc(0)) as Record<string, unknown>;
    return { apiVersion, kind, ...decoded };
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
