/**
 * JSON too large for one string. V8 caps a string at about 512 MB (2^29 characters), so a world of
 * 5,000 nodes and 150,000 pods cannot go through one `JSON.stringify` or one `JSON.parse`. The
 * writer emits the same JSON value as `JSON.stringify` (no other whitespace than newlines), but a
 * container with many nested entries is written one child per line, each child through
 * `JSON.stringify`; the reader parses such a file line by line, so neither ever holds the whole text.
 * The file stays plain JSON (jq and `JSON.parse` read it when it is small enough).
 *
 * Line grammar (what the writer emits and the reader accepts): a line is an opening (`{`, `[`,
 * `"key":{`, `"key":[`), a closing (`}` or `]`), or one entry (`"key":<json>` in an object,
 * `<json>` in an array); a line may end with the comma that separates it from the next sibling.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Containers with more nested entries than this are written one child per line. */
const LINE_ENTRY_LIMIT = 10_000;

type Json = unknown;

function isContainer(v: Json): v is Record<string, Json> | Json[] {
  return v !== null && typeof v === 'object' && !(v as { toJSON?: unknown }).toJSON;
}

/** True when `v` holds more than `limit` nested entries (counting stops there). */
function heavy(v: Json, limit: number): boolean {
  let budget = limit;
  const visit = (x: Json): boolean => {
    if (!isContainer(x)) return false;
    const values = Array.isArray(x) ? x : Object.values(x);
    budget -= values.length;
    if (budget < 0) return true;
    for (const c of values) if (visit(c)) return true;
    return false;
  };
  return visit(v);
}

/** JSON.stringify leaves such members out of an object, and writes null for them in an array. */
function unwritable(v: Json): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * Writes `value` as JSON to a file descriptor or a text sink, in pieces of about 4 MB: the text
 * parses (JSON.parse) to what `JSON.parse(JSON.stringify(value))` gives.
 */
export function writeChunkedJson(
  out: number | ((text: string) => void),
  value: Json,
  limit = LINE_ENTRY_LIMIT,
): void {
  const flush = typeof out === 'number' ? (text: string) => void writeSync(out, text) : out;
  let buffer = '';
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 22) {
      flush(buffer);
      buffer = '';
    }
  };
  const write = (v: Json, key: string | undefined, last: boolean): void => {
    const prefix = key === undefined ? '' : `${JSON.stringify(key)}:`;
    const comma = last ? '' : ',';
    if (!isContainer(v) || !heavy(v, limit)) {
      emit(`${prefix}${unwritable(v) ? 'null' : JSON.stringify(v)}${comma}\n`);
      return;
    }
    if (Array.isArray(v)) {
      emit(`${prefix}[\n`);
      v.forEach((c, i) => write(unwritable(c) ? null : c, undefined, i === v.length - 1));
      emit(`]${comma}\n`);
      return;
    }
    const entries = Object.entries(v).filter(([, c]) => !unwritable(c));
    emit(`${prefix}{\n`);
    entries.forEach(([k, c], i) => write(c, k, i === entries.length - 1));
    emit(`}${comma}\n`);
  };
  write(value, undefined, true);
  if (buffer) flush(buffer);
}

/** Reads a file written by writeChunkedJson (or any JSON whose lines follow the grammar above). */
export function readChunkedJson(path: string, chunkBytes = 1 << 24): Json {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const reader = new ChunkedReader();
    const chunk = Buffer.alloc(Math.min(size, chunkBytes) || 1);
    // A multi-byte character may straddle two chunks: the decoder keeps its first bytes for the next.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let pos = 0; pos < size;) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      pos += n;
      const lines = (rest + decoder.write(chunk.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) reader.line(line);
    }
    rest += decoder.end();
    if (rest.trim()) reader.line(rest);
    return reader.result();
  } finally {
    closeSync(fd);
  }
}

type Container = Record<string, Json> | Json[];

class ChunkedReader {
  /** The containers opened and not yet closed, innermost last. */
  private readonly stack: Container[] = [];
  private done = false;
  private value: Json;

  line(raw: string): void {
    let line = raw.trim();
    if (!line) return;
    if (line.endsWith(',')) line = line.slice(0, -1);
    if (line === '}' || line === ']') {
      const closed = this.stack.pop();
      if (!closed) throw new SyntaxError('unbalanced closing line');
      if (this.stack.length === 0) this.finish(closed);
      return;
    }
    const parent = this.stack.at(-1);
    let key: string | undefined;
    let rest = line;
    if (parent && !Array.isArray(parent)) {
      const colon = keyEnd(line);
      key = JSON.parse(line.slice(0, colon)) as string;
      rest = line.slice(colon + 1);
    }
    if (rest === '{' || rest === '[') {
      const container: Container = rest === '{' ? {} : [];
      if (parent) attach(parent, key, container);
      this.stack.push(container);
      return;
    }
    const value = JSON.parse(rest) as Json;
    if (!parent) this.finish(value);
    else attach(parent, key, value);
  }

  private finish(value: Json): void {
    if (this.done) throw new SyntaxError('more than one top-level value');
    this.done = true;
    this.value = value;
  }

  result(): Json {
    if (!this.done || this.stack.length > 0) throw new SyntaxError('unexpected end of the JSON text');
    return this.value;
  }
}

function attach(parent: Container, key: string | undefined, value: Json): void {
  if (Array.isArray(parent)) parent.push(value);
  else parent[key ?? ''] = value;
}

/** The index of the colon that ends the JSON string key at the start of `line`. */
function keyEnd(line: string): number {
  if (line[0] !== '"') throw new SyntaxError(`expected a key: ${line.slice(0, 40)}`);
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') {
      if (line[i + 1] !== ':') throw new SyntaxError(`expected ':' after a key: ${line.slice(0, 40)}`);
      return i + 1;
    }
  }
  throw new SyntaxError(`unterminated key: ${line.slice(0, 40)}`);
}
