import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChunkedJson, writeChunkedJson } from './chunked-json.js';

const dir = mkdtempSync(join(tmpdir(), 'chunked-json-'));
let n = 0;

function written(value: unknown, limit?: number): string {
  const path = join(dir, `v${++n}.json`);
  const fd = openSync(path, 'w');
  try {
    writeChunkedJson(fd, value, limit);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** A world-shaped value: a few levels of small objects over one big map, with awkward values. */
function world(pods: number): Record<string, unknown> {
  return {
    version: 1,
    ids: { seed: 7, counter: 42 },
    skipped: undefined,
    kube: {
      clusters: {
        demo: {
          objects: {
            pods: Object.fromEntries(
              Array.from({ length: pods }, (_, i) => [
                `default/web-${i}`,
                {
                  metadata: { name: `web-${i}`, labels: { 'app.kubernetes.io/name': 'web "quoted"' } },
                  spec: { nodeName: i % 2 ? `ip-10-0-${i}` : undefined, containers: [{ name: 'c' }] },
                  status: { podIP: `100.64.${i >> 8}.${i & 255}`, note: 'line\nbreak, ünïcødé ✓ 🚀' },
                },
              ]),
            ),
            events: Array.from({ length: pods }, (_, i) => ({ i, when: new Date(i * 1000) })),
          },
        },
      },
    },
    'odd "key": with, everything\n': [1, null, undefined, () => 1, 'x'],
    empty: { a: {}, b: [] },
  };
}

describe('chunked JSON: state larger than one string', () => {
  it('writes the value JSON.stringify writes, with newlines between the children of big containers', () => {
    const value = world(300);
    const text = readFileSync(written(value, 50), 'utf8');
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    assert.ok(text.split('\n').length > 600, 'one line per pod and per event');
    assert.ok(
      text.split('\n').every((line) => line.length < 2_000),
      'no line holds a big container',
    );
  });

  it('reads it back line by line, the same value, whatever the read chunk size cuts through', () => {
    const value = world(300);
    const path = written(value, 50);
    const expected = JSON.parse(JSON.stringify(value)) as unknown;
    for (const chunkBytes of [1, 7, 64, 1 << 24])
      assert.deepEqual(readChunkedJson(path, chunkBytes), expected);
  });

  it('a small value is one line, read back as is; a plain JSON.stringify file is read too', () => {
    const path = written({ a: 1, b: [true, 'x'] });
    assert.equal(readFileSync(path, 'utf8'), '{"a":1,"b":[true,"x"]}\n');
    assert.deepEqual(readChunkedJson(path), { a: 1, b: [true, 'x'] });
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(world(3)));
    assert.deepEqual(readChunkedJson(plain), JSON.parse(JSON.stringify(world(3))));
    assert.equal(readChunkedJson(written(42)), 42);
  });

  it('writes to a text sink in pieces (sandbox dump of a world too big for one string)', () => {
    const value = world(300);
    const pieces: string[] = [];
    writeChunkedJson((piece) => pieces.push(piece), value, 50);
    assert.deepEqual(JSON.parse(pieces.join('')), JSON.parse(JSON.stringify(value)));
    assert.equal(pieces.join(''), readFileSync(written(value, 50), 'utf8'), 'the same text as to a file');
  });

  it('a truncated or unbalanced file is a SyntaxError, never a partial value', () => {
    const path = written(world(100), 20);
    const text = readFileSync(path, 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)).replace(/[^\n]*$/, ''));
    assert.throws(() => readChunkedJson(cut), SyntaxError);
    writeFileSync(cut, `${text}}\n`);
    assert.throws(() => readChunkedJson(cut), SyntaxError);
  });
});
