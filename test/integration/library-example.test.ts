/**
 * The library as a user's program gets it: docs/library.md's example, copied out of the document,
 * imports `eks-cidr` (the package's export map, resolved through node_modules) and runs plan, apply
 * and verify against a sandbox's exhausted cluster in its own process. Then the five functions
 * in-process: typed results, events, typed errors, nothing changed on a re-run or a declined confirm.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { runProcess } from '../helpers/cli-process.js';
import { instantTiming } from '../../src/sandbox/world.js';
import { apply, destroy, plan, report, verify, EksCidrError, type ToolEvent } from '../../src/tool/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The first ```js block under "## Example" in docs/library.md. */
function documentedExample(): string {
  const doc = readFileSync(join(root, 'docs', 'library.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Example'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'docs/library.md has no js example');
  return match[1]!;
}

describe('library: the documented example and the API', () => {
  let sb: TestSandbox;
  let dir: string;
  let connection: Parameters<typeof plan>[0];
  before(async () => {
    // ipamd's 2-minute retry after a failed assignment, shortened: pods that failed before apply start
    // within a second of it, so the example's verify settles without waiting minutes.
    sb = await startTestSandbox({
      scenario: 'exhausted',
      timing: { ...instantTiming, insufficientCidrCooldown: 1_000 },
    });
    dir = mkdtempSync(join(tmpdir(), 'eks-cidr-library-'));
    connection = {
      cluster: 'demo',
      region: sb.sandbox.region,
      endpoint: sb.endpoint,
      credentials: sb.clientConfig.credentials,
      kubeconfig: sb.sandbox.paths!.kubeconfig,
      env: { HOME: dir },
    };
  });
  after(async () => {
    await sb.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the example from docs/library.md: plan, apply and verify through the package entry', async () => {
    // An installed package: node_modules/eks-cidr is this package, resolved through its export map.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'eks-cidr'), 'dir');
    writeFileSync(join(dir, 'example.mjs'), documentedExample());
    const r = await runProcess(
      process.execPath,
      ['example.mjs'],
      { ...sb.env, KUBECONFIG: sb.sandbox.paths!.kubeconfig, POLL_INTERVAL_MS: '5', HOME: dir },
      dir,
    );
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /with 100\.64\.0\.0\/16: [1-9]\d* change\(s\) pending/);
    assert.match(r.stdout, /^done: /m);
    assert.match(r.stdout, /^apply: applied, [1-9]\d* change\(s\)/m);
    assert.match(r.stdout, /^verify: ok \(0 problem\(s\)\)/m);
    assert.doesNotMatch(r.stdout, /^failed: /m);
    const written = sb.trail().filter((e) => !e.readOnly);
    assert.ok(
      written.some((e) => e.action === 'AssociateVpcCidrBlock'),
      'the example associated no block',
    );
  });

  it('a second apply finds nothing to do: no mutating call, no lock; plan agrees', async () => {
    const before = sb.trail().filter((e) => !e.readOnly).length;
    const events: ToolEvent[] = [];
    const result = await apply({ ...connection, events: (e) => events.push(e) });
    assert.equal(result.status, 'nothing-to-do');
    assert.equal(result.changed, 0);
    assert.equal(result.noOps, result.plan.steps.length);
    // Plan warnings as notices, then the end of the run: no step started, no lock taken.
    assert.equal(events.at(-1)?.type, 'run-done');
    assert.ok(
      events.every((e) => e.type === 'notice' || e.type === 'run-done'),
      JSON.stringify(events),
    );
    assert.ok(!Number.isNaN(Date.parse(events[0]!.time)));
    assert.equal(sb.trail().filter((e) => !e.readOnly).length, before);
    const again = await plan(connection);
    assert.deepEqual(
      again.steps.filter((s) => s.action !== 'no-op'),
      [],
    );
  });

  it('verify and report return data; destroy --dry-run and a declined destroy change nothing', async () => {
    const before = sb.trail().filter((e) => !e.readOnly).length;
    const verified = await verify({ ...connection, waitSeconds: 0 });
    assert.equal(verified.ok, true, JSON.stringify(verified.problems));
    assert.equal(verified.cluster, 'demo');
    const usage = await report(connection);
    assert.equal(usage.cluster, 'demo');
    assert.ok(usage.subnets.some((s) => s.cidr.startsWith('100.64.')));
    assert.ok(usage.capacity.zones.length > 0);
    const dry = await destroy({ ...connection, dryRun: true });
    assert.equal(dry.status, 'dry-run');
    assert.ok(dry.preview.actions.some((a) => a.kind === 'delete-subnet'));
    let asked = 0;
    const declining = destroy({
      ...connection,
      confirm: () => {
        asked++;
        return false;
      },
    });
    if (dry.preview.refusal === null) {
      assert.equal((await declining).status, 'declined');
      assert.equal(asked, 1);
    } else {
      // Refused before the question, with the code the dry run predicted.
      await assert.rejects(declining, { name: 'EksCidrError', code: dry.preview.refusal.code });
      assert.equal(asked, 0);
    }
    assert.equal(sb.trail().filter((e) => !e.readOnly).length, before);
  });

  it('verify and report emit typed events through the callback: start, progress, smoke stages, result', async () => {
    const verifyEvents: ToolEvent[] = [];
    const verified = await verify({
      ...connection,
      smoke: { replicas: 2 },
      waitSeconds: 60,
      pollIntervalMs: 5,
      events: (e) => verifyEvents.push(e),
    });
    assert.equal(verified.ok, true, JSON.stringify(verified.problems));
    const types = verifyEvents.map((e) => e.type);
    assert.equal(types[0], 'verify-start');
    assert.equal(types.at(-1), 'verify-done');
    assert.ok(
      types.every((t) => /^(verify-|smoke-progress$)/.test(t)),
      JSON.stringify(types),
    );
    const start = verifyEvents[0] as Extract<ToolEvent, { type: 'verify-start' }>;
    assert.deepEqual([start.cluster, start.smoke, start.waitSeconds], ['demo', true, 60]);
    const smoke = verifyEvents.filter(
      (e): e is Extract<ToolEvent, { type: 'smoke-progress' }> => e.type === 'smoke-progress',
    );
    assert.equal(smoke[0]?.stage, 'deployed');
    assert.equal(smoke[0]?.replicas, 2);
    assert.equal(smoke.at(-1)?.stage, 'deleted');
    const polls = smoke.filter((e) => e.stage === 'poll');
    assert.ok(polls.length > 0, 'at least one poll reported the smoke pods');
    assert.equal(polls.at(-1)?.ready, 2);
    assert.match(polls.at(-1)!.message, /^smoke test: 2\/2 pod\(s\) Ready/);
    const done = verifyEvents.at(-1) as Extract<ToolEvent, { type: 'verify-done' }>;
    assert.deepEqual([done.ok, done.problems, done.mode], [true, 0, verified.mode]);
    assert.ok(done.mode);
    for (const e of verifyEvents.filter((x) => x.type === 'verify-progress'))
      assert.match((e as { message: string }).message, /^waiting \(\d+ s left\): /);
    assert.ok(verifyEvents.every((e) => !Number.isNaN(Date.parse(e.time))));

    const reportEvents: ToolEvent[] = [];
    const usage = await report({ ...connection, events: (e) => reportEvents.push(e) });
    assert.deepEqual(
      reportEvents.map((e) => e.type),
      ['discovery-start', 'discovery-done'],
    );
    const found = reportEvents[1] as Extract<ToolEvent, { type: 'discovery-done' }>;
    assert.equal(found.cluster, 'demo');
    assert.ok(found.subnets >= usage.subnets.length, 'every subnet of the VPC, the ones reported included');
    assert.ok(found.nodes > 0 && found.pods > 0);
  });

  it('typed options: a misspelt or ill-typed option is an EksCidrError naming it, before any call', async () => {
    const before = sb.trail().length;
    await assert.rejects(
      apply({ ...connection, subnetPrefix: 99 }),
      (err: unknown) =>
        err instanceof EksCidrError &&
        err.code === 'E_INVALID_REQUEST' &&
        err.exitCode === 2 &&
        /options\.subnetPrefix/.test(err.message),
    );
    await assert.rejects(
      plan({ ...connection, ...({ cidrr: '100.64.0.0/16' } as object) }),
      (err: unknown) =>
        err instanceof EksCidrError && /options\.cidrr.*did you mean 'cidr'/.test(err.message),
    );
    assert.equal(sb.trail().length, before);
  });
});
