import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../src/sandbox/index.js';
import { UserError } from '../../src/shared/errors.js';
import { startTestSandbox } from '../helpers/sandbox.js';

describe('sandbox state directory', () => {
  it('restores the world after a restart, IDs continuing where they stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-state-'));
    try {
      const first = await startTestSandbox({ stateDir: dir, seed: 7 });
      const id = first.sandbox.world.env.ids.next('vpc');
      first.sandbox.flush();
      await first.cleanup();
      const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
        ids: { seed: number; counter: number };
      };
      assert.equal(saved.ids.seed, 7);
      const second = await startTestSandbox({ stateDir: dir });
      assert.notEqual(second.sandbox.world.env.ids.next('vpc'), id);
      assert.equal(second.sandbox.world.snapshot().ids.seed, 7);
      await second.cleanup();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second sandbox on the same state directory, and takes over a dead one', async () => {
    const sb = await startTestSandbox();
    try {
      await assert.rejects(startSandbox({ stateDir: sb.stateDir }), (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.code, 'E_SANDBOX_RUNNING');
        assert.match(err.message, new RegExp(sb.endpoint.replace(/[.:/]/g, '\\$&')));
        return true;
      });
    } finally {
      await sb.cleanup({ keepState: true });
    }
    // A lock file left by a process that no longer exists (kill -9) is taken over.
    writeFileSync(
      join(sb.stateDir, 'sandbox.json'),
      JSON.stringify({ pid: 2 ** 22 + 12345, endpoint: 'http://x' }),
    );
    const again = await startTestSandbox({ stateDir: sb.stateDir });
    await again.cleanup();
    rmSync(sb.stateDir, { recursive: true, force: true });
  });

  it('reports a corrupt state file instead of starting empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-cidr-state-'));
    try {
      writeFileSync(join(dir, 'state.json'), '{"version":1,"ids":');
      await assert.rejects(
        startSandbox({ stateDir: dir }),
        (err: unknown) => err instanceof UserError && err.code === 'E_SANDBOX_STATE_CORRUPT',
      );
      assert.equal(readFileSync(join(dir, 'state.json'), 'utf8'), '{"version":1,"ids":');
      // The failed start released its claim on the directory.
      await assert.rejects(
        startSandbox({ stateDir: dir }),
        (err: unknown) => err instanceof UserError && err.code === 'E_SANDBOX_STATE_CORRUPT',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a busy port clearly', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const addr = blocker.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    try {
      await assert.rejects(
        startSandbox({ port }),
        (err: unknown) => err instanceof UserError && err.code === 'E_SANDBOX_PORT_BUSY',
      );
    } finally {
      blocker.close();
    }
  });
});
