/**
 * Generated names as Kubernetes makes them: a 5-character suffix from apimachinery's alphabet
 * (no vowels, no confusable digits), and the pod-template-hash (FNV-32a of the template, encoded
 * with the same alphabet), so `nginx-7c5ddbdf54-2xq4k`-style names appear.
 */
import type { IdSource } from '../core/ids.js';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(ids: IdSource, length = 5): string {
  const hex = ids.hex(length * 2);
  let out = '';
  for (let i = 0; i < length; i++)
    out += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length];
  return out;
}

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** rand.SafeEncodeString of the decimal hash, as the deployment controller encodes it. */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += ALPHABET[ch.charCodeAt(0) % ALPHABET.length];
  return out;
}

/** Stable JSON (sorted keys) so equal templates hash alike whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(stableJson(template) + (collisionCount ? String(collisionCount) : ''))));
}
