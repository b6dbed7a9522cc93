/**
 * Concurrent applies on one cluster: N processes started together, some in other PID namespaces
 * (`unshare -p -f --mount-proc`, as containers on one host are, each with a pid that no process of
 * this namespace has; skipped with a notice where unshare is not allowed). Exactly one proceeds; every other exits 4 with E_LOCK_HELD naming the holder, having
 * changed nothing; the one that proceeds finishes with the end state of a lone run.
 *
 * The sandbox clock is held still while the applies race, so the winner waits for its CIDR block to
 * become `associated` (holding the lock) until every loser has exited: no run can start after the
 * winner is done, whatever the machine's load. Then the clock jumps past the association and runs on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../../src/sandbox/core/clock.js';
import { instantTiming } from '../../src/sandbox/world.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { scenarioTemplate } from '../integration/apply-harness.js';
import { CREATES, startEksCidr, successesByKind, type Exit, type RunningApply } from './apply-process.js';
import { endState } from './end-state.js';
import { report } from './figures.js';
import { rng, type Rng } from './rng.js';

const ARGS = ['apply', '--cluster', 'demo', '--yes', '--mode', 'custom-networking', '--poll-interval', '50'];
const UNSHARE = ['unshare', '-p', '-f', '--mount-proc', '--kill-child'];

/**
 * The command line that runs a process in a new PID namespace with the given pid there: a pid no
 * process of this namespace has, as in a container, where a pid means nothing outside (a check that
 * trusts `kill(pid, 0)` would call that holder gone).
 */
function inNamespace(pid: number): string[] {
  return [...UNSHARE, 'sh', '-c', 'echo "$0" > /proc/sys/kernel/ns_last_pid && "$@"', String(pid - 1)];
}

/** A pid free in this namespace, chosen by the seeded stream. */
function freePid(random: Rng): number {
  for (;;) {
    const pid = 1_000 + random.int(30_000);
    if (!existsSync(`/proc/${pid}`)) return pid;
  }
}
const ASSOCIATE_MS = 60_000;
const ROUNDS = 3;
const PER_ROUND = 4;

/** Stands still until released, then runs with the wall clock from `jumpMs` later. */
class HeldClock implements Clock {
  private heldAt: number | undefined = Date.now();
  private offset = 0;
  now(): number {
    return this.heldAt ?? Date.now() + this.offset;
  }
  release(jumpMs: number): void {
    if (this.heldAt === undefined) return;
    this.offset = this.heldAt + jumpMs - Date.now();
    this.heldAt = undefined;
  }
}

function unshareWorks(): { ok: boolean; why: string } {
  const [command, ...args] = inNamespace(5_000);
  const r = spawnSync(command!, [...args, 'true'], { encoding: 'utf8' });
  if (r.error) return { ok: false, why: r.error.message };
  return r.status === 0 ? { ok: true, why: '' } : { ok: false, why: r.stderr.trim() || `exit ${r.status}` };
}

/** The lease's holder once one run has taken it (fails when every run ended without it). */
async function leaseHolder(sb: TestSandbox, runs: RunningApply[]): Promise<string> {
  let ended = false;
  void Promise.all(runs.map((r) => r.exit)).then(() => (ended = true));
  const kc = new KubeConfig();
  kc.loadFromFile(sb.sandbox.paths!.kubeconfig);
  const api = kc.makeApiClient(CoordinationV1Api);
  for (;;) {
    const lease = await api
      .readNamespacedLease({ name: 'eks-cidr-lock', namespace: 'kube-system' })
      .catch(() => undefined);
    if (lease?.spec?.holderIdentity) return lease.spec.holderIdentity;
    if (ended) {
      const out = await Promise.all(runs.map((r) => r.exit));
      assert.fail(`no run took the lock: ${out.map((e) => e.stderr).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reliability: concurrent applies on one cluster', () => {
  it('exactly one proceeds; the others exit 4 naming the holder and change nothing', async (t) => {
    const unshare = unshareWorks();
    if (!unshare.ok)
      t.diagnostic(`other PID namespaces skipped: unshare -p is not available here (${unshare.why})`);
    const random = rng(200);
    const template = await scenarioTemplate('basic');
    let started = 0;
    let exactlyOne = 0;
    let refused = 0;
    let inOtherNamespaces = 0;
    try {
      const lone = await template.start();
      let expected;
      let loneCounts: Map<string, number>;
      try {
        const r = await startEksCidr(lone, ARGS).exit;
        assert.equal(r.code, 0, r.stderr);
        expected = await endState(lone);
        loneCounts = successesByKind(lone.trail());
      } finally {
        await lone.cleanup();
      }

      for (let round = 0; round < ROUNDS; round++) {
        const clock = new HeldClock();
        const sb = await template.start({ clock, timing: { ...instantTiming, cidrAssociate: ASSOCIATE_MS } });
        let runs: RunningApply[] = [];
        try {
          // The first run and, at seeded positions, about half of the others in a PID namespace of their own.
          runs = Array.from({ length: PER_ROUND }, (_, i) => {
            const isolated = unshare.ok && (i === 0 || random.chance(0.5));
            if (isolated) inOtherNamespaces++;
            return startEksCidr(sb, ARGS, isolated ? { prefix: inNamespace(freePid(random)) } : {});
          });
          started += runs.length;
          const holder = await leaseHolder(sb, runs);
          // Every run but one ends while the clock stands still and the winner waits.
          const exits: (Exit | undefined)[] = runs.map(() => undefined);
          const settled = runs.map((r, i) => r.exit.then((e) => (exits[i] = e)));
          while (exits.filter(Boolean).length < runs.length - 1)
            await Promise.race(settled.filter((_, i) => !exits[i]));
          const losers = exits.filter((e): e is Exit => e !== undefined);
          for (const e of losers) {
            assert.equal(e.code, 4, `round ${round}: a second run did not stop at the lock: ${e.stderr}`);
            assert.match(e.stderr, /E_LOCK_HELD/);
            assert.ok(e.stderr.includes(holder), `round ${round}: the error names ${holder}: ${e.stderr}`);
          }
          refused += losers.length;
          clock.release(ASSOCIATE_MS);
          await Promise.all(settled);
          const winner = exits.find((e) => !losers.includes(e!))!;
          assert.equal(winner.code, 0, `round ${round}: the run holding the lock failed: ${winner.stderr}`);
          assert.ok(winner.stdout.includes(`lock acquired (holder ${holder})`), winner.stdout);
          assert.deepEqual(
            await endState(sb),
            expected,
            `round ${round}: the end state differs from a lone run's`,
          );
          for (const [kind, n] of successesByKind(sb.trail()))
            if (CREATES.test(kind)) assert.equal(n, loneCounts.get(kind), `round ${round}: ${kind} x${n}`);
          exactlyOne++;
        } finally {
          for (const r of runs)
            if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
          await sb.cleanup();
        }
      }
    } finally {
      template.dispose();
      report(t, 'concurrency', {
        rounds: ROUNDS,
        'applies started': started,
        'in other PID namespaces': unshare.ok ? inOtherNamespaces : `skipped (${unshare.why})`,
        'rounds with exactly one proceeding': exactlyOne,
        'refused with the holder named': refused,
      });
    }
    assert.equal(exactlyOne, ROUNDS);
  });
});
