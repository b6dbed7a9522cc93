/**
 * `eks-cidr rehearse` with a sandbox as the "real" cluster (`exhausted`): the real cluster sees only
 * read calls (0 mutating calls in its trail), the twin is applied and verified, and the report has
 * the plan, the timeline in waves, the lowest availability per workload, capacity and a verdict.
 * `--keep` leaves the twin running and prints the lines that reach it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { main } from '../../src/cli/main.js';
import { cli, startScenario } from './apply-harness.js';
import { mutatingSince } from './twin-harness.js';

interface RehearsalJson {
  cluster: string;
  twin: { stateDir: string; exact: boolean; envLines?: string };
  plan: { steps: { id: string; dependsOn: string[] }[] };
  timeline: { id: string; wave: number; outcome: string; durationSeconds?: number }[];
  availability: { workload: string; desired: number; lowest: number; lowestRatio: number }[];
  capacity: { podAddresses: { before: number; after: number }; pods: { after: { notRunning: number } } };
  apply: { exitCode: number };
  verify: { exitCode: number; report: { ok: boolean } };
  verdict: { ok: boolean; reasons: string[] };
}

const envOf = (lines: string): Record<string, string> =>
  Object.fromEntries(
    [...lines.matchAll(/^export ([A-Z_]+)=(?:'([^']*)'|(\S*))$/gm)].map((m): [string, string] => [
      m[1] ?? '',
      m[2] ?? m[3] ?? '',
    ]),
  );

describe('eks-cidr rehearse', () => {
  it('plans, applies and verifies on a twin of the cluster, read-only on the cluster itself', async () => {
    const source = await startScenario('exhausted');
    let stateDir: string | undefined;
    try {
      const before = source.trail().length;
      const r = await cli(source, [
        'rehearse',
        '--cluster',
        'demo',
        '--keep',
        '--output',
        'json',
        '--twin-ipamd-cooldown',
        '2',
      ]);
      assert.deepEqual(mutatingSince(source, before), [], 'the real cluster saw only read calls');
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const out = JSON.parse(r.stdout) as RehearsalJson;
      stateDir = out.twin.stateDir;
      assert.equal(out.verdict.ok, true, out.verdict.reasons.join('; '));
      assert.equal(out.twin.exact, true);
      assert.equal(out.apply.exitCode, 0);
      assert.equal(out.verify.exitCode, 0);
      assert.equal(out.verify.report.ok, true);
      // The timeline covers every planned step, in waves that follow the dependencies.
      assert.deepEqual(
        out.timeline.map((s) => s.id),
        out.plan.steps.map((s) => s.id),
      );
      const wave = Object.fromEntries(out.timeline.map((s) => [s.id, s.wave]));
      assert.ok(wave['subnet:us-east-1a']! > wave['vpc-cidr']!);
      for (const s of out.plan.steps)
        for (const d of s.dependsOn) assert.ok(wave[s.id]! > wave[d]!, `${s.id} after ${d}`);
      for (const s of out.timeline.filter((x) => x.outcome === 'done'))
        assert.ok((s.durationSeconds ?? -1) >= 0, s.id);
      const web = out.availability.find((a) => a.workload === 'Deployment default/web');
      assert.ok(web && web.desired === 45 && web.lowest < 45, JSON.stringify(web));
      assert.ok(out.capacity.podAddresses.after > out.capacity.podAddresses.before);
      assert.equal(out.capacity.pods.after.notRunning, 0);

      // --keep: the twin still answers at the printed endpoint, with the pod subnets apply created.
      const env = envOf(out.twin.envLines ?? '');
      assert.ok(env['AWS_ENDPOINT_URL'], out.twin.envLines);
      const ec2 = new EC2Client({
        endpoint: env['AWS_ENDPOINT_URL'],
        region: env['AWS_REGION'] ?? 'us-east-1',
        credentials: {
          accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? '',
          secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? '',
        },
        maxAttempts: 1,
      });
      try {
        const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
        assert.ok(subnets.some((s) => s.CidrBlock?.startsWith('100.64.')));
      } finally {
        ec2.destroy();
      }
    } finally {
      if (stateDir) {
        await main(['sandbox', 'down', '--state-dir', stateDir], {
          stdout: { write: () => true },
          stderr: { write: () => true },
          env: {},
        });
      }
      await source.cleanup();
    }
  });
});
