/**
 * What the twin tests compare between a source sandbox and its twin: free addresses per subnet, the
 * plan's steps, the calls a snapshot makes, and the mutating calls a source saw.
 */
import assert from 'node:assert/strict';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { parseSnapshotFile, type SnapshotFile } from '../../src/shared/snapshot/schema.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { cli } from './apply-harness.js';

export async function freeCounts(sb: TestSandbox): Promise<Record<string, number>> {
  const ec2 = new EC2Client(sb.clientConfig);
  try {
    const out = await ec2.send(new DescribeSubnetsCommand({}));
    return Object.fromEntries(
      (out.Subnets ?? []).map((s): [string, number] => [s.SubnetId ?? '', s.AvailableIpAddressCount ?? -1]),
    );
  } finally {
    ec2.destroy();
  }
}

export interface PlanJson {
  steps: { id: string; kind: string; action: string; desired: unknown }[];
  summary: unknown;
}

export const stepsOf = (plan: PlanJson) =>
  plan.steps.map((s) => ({ id: s.id, kind: s.kind, action: s.action, desired: s.desired }));

/** `eks-cidr snapshot` of the sandbox's `demo`, with the calls it made counted per service and action. */
export async function snapshotWithCalls(
  sb: TestSandbox,
): Promise<{ file: SnapshotFile; calls: Record<string, number> }> {
  Object.assign(process.env, sb.env);
  const before = sb.trail().length;
  const r = await cli(sb, ['snapshot', '--cluster', 'demo']);
  assert.equal(r.code, 0, r.stderr);
  const calls: Record<string, number> = {};
  for (const e of sb.trail().slice(before))
    calls[`${e.service} ${e.action}`] = (calls[`${e.service} ${e.action}`] ?? 0) + 1;
  return { file: parseSnapshotFile(JSON.parse(r.stdout)), calls };
}

/** The mutating calls the sandbox answered since trail line `before`, as `service Action`. */
export function mutatingSince(sb: TestSandbox, before: number): string[] {
  return sb
    .trail()
    .slice(before)
    .filter((e) => !e.readOnly)
    .map((e) => `${e.service} ${e.action}`);
}
