import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../shared/errors.js';
import { loadState, saveState } from './state-store.js';
import { RuntimeLock, SandboxRunningError } from './runtime-lock.js';

describe('state store', () => {
  it('writes atomically (no temporary file left) and reads back; a torn file is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-store-'));
    try {
      const path = join(dir, 'state.json');
      assert.equal(loadState(path), undefined);
      const state = {
        version: 1 as const,
        region: 'us-east-1',
        accountId: '000000000000',
        ids: { seed: 1, counter: 9 },
      };
      saveState(dir, path, state);
      assert.deepEqual(loadState(path), state);
      assert.deepEqual(readdirSync(dir), ['state.json']);
      writeFileSync(path, JSON.stringify(state).slice(0, 20));
      assert.throws(
        () => loadState(path),
        (e: unknown) => e instanceof UserError && e.code === 'E_SANDBOX_STATE_CORRUPT',
      );
      writeFileSync(path, '{"version":2}');
      assert.throws(
        () => loadState(path),
        (e: unknown) => e instanceof UserError && e.code === 'E_SANDBOX_STATE_CORRUPT',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a state file larger than one string reads line by line: the same state; a torn one is corrupt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-store-'));
    try {
      const path = join(dir, 'state.json');
      const state = {
        version: 1 as const,
        region: 'us-east-1',
        accountId: '000000000000',
        ids: { seed: 1, counter: 9 },
        pods: Object.fromEntries(
          Array.from({ length: 20_000 }, (_, i) => [`p${i}`, { ip: `100.64.0.${i % 250}` }]),
        ),
      };
      saveState(dir, path, state);
      const text = readFileSync(path, 'utf8');
      assert.ok(text.split('\n').length > 20_000, 'written one pod per line');
      // A 1-byte limit sends every file through the line reader (the real limit is 256 MB).
      assert.deepEqual(loadState(path, 1), state);
      writeFileSync(path, text.slice(0, Math.floor(text.length / 2)).replace(/[^\n]*$/, ''));
      assert.throws(
        () => loadState(path, 1),
        (e: unknown) => e instanceof UserError && e.code === 'E_SANDBOX_STATE_CORRUPT',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runtime lock', () => {
  it('admits one holder per directory and publishes its endpoints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-lock-'));
    try {
      const path = join(dir, 'sandbox.json');
      const a = new RuntimeLock(dir, path);
      a.acquire();
      assert.throws(
        () => new RuntimeLock(dir, path).acquire(),
        (e: unknown) => e instanceof SandboxRunningError,
      );
      a.publish({
        pid: process.pid,
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        accessKeyId: 'test',
        secretAccessKey: 'test',
        startedAt: '',
        stateDir: dir,
      });
      assert.equal(
        (JSON.parse(readFileSync(path, 'utf8')) as { endpoint: string }).endpoint,
        'http://127.0.0.1:1',
      );
      a.release();
      const b = new RuntimeLock(dir, path);
      b.acquire();
      b.release();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
