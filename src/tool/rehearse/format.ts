/** The rehearsal as text (and its JSON shape, docs/rehearse.md). */
import pc from 'picocolors';
import { renderPlanText } from '../planner/render.js';
import type { Plan } from '../planner/types.js';
import type { Availability, TimelineStep } from './timeline.js';
import type { TwinNote } from './types.js';

export interface Rehearsal {
  cluster: string;
  snapshot: { nodes: number; pods: number };
  twin: { stateDir: string; exact: boolean; notes: TwinNote[]; envLines?: string | undefined };
  plan: Plan;
  timeline: TimelineStep[];
  availability: Availability[];
  capacity: {
    podAddresses: { before: number; after: number };
    nodegroups: { nodegroup: string; maxPodsBefore: number; maxPodsAfter: number }[];
    pods: { before: { running: number; notRunning: number }; after: { running: number; notRunning: number } };
  };
  apply: { exitCode: number };
  verify: { exitCode: number; report?: unknown };
  verdict: { ok: boolean; reasons: string[]; caveats: string[] };
}

const pct = (r: number) => `${Math.round(r * 100)}%`;

export function formatRehearsal(r: Rehearsal, color: boolean): string {
  const paint = (f: (s: string) => string, s: string) => (color ? f(s) : s);
  const lines: string[] = [];
  lines.push(
    `Rehearsal on a twin of cluster ${r.cluster} (${r.snapshot.nodes} nodes, ${r.snapshot.pods} pods; the cluster itself was only read).`,
  );
  if (r.twin.exact) lines.push('The twin reproduces the snapshot.');
  else {
    lines.push('The twin differs from the snapshot:');
    for (const n of r.twin.notes.filter((x) => x.severity !== 'info'))
      lines.push(`  ${n.severity}: ${n.resource}: ${n.message}`);
  }
  lines.push('', renderPlanText(r.plan, { color }).trimEnd(), '');
  lines.push("Timeline (the twin's clock: the sandbox's delays, not AWS's):");
  const width = Math.max(4, ...r.timeline.map((s) => s.id.length));
  for (const s of r.timeline) {
    const when =
      s.startSeconds !== undefined
        ? `at ${s.startSeconds.toFixed(1)}s` +
          (s.durationSeconds !== undefined ? `, ${s.durationSeconds.toFixed(1)}s` : '')
        : '';
    lines.push(
      `  wave ${s.wave}  ${s.id.padEnd(width)}  ${s.outcome.padEnd(7)}  ${when}${s.message ? `  ${s.message}` : ''}`,
    );
  }
  lines.push('', 'Lowest availability during apply:');
  if (r.availability.length === 0) lines.push('  (no workloads)');
  for (const a of r.availability) {
    const text = `  ${a.workload}: ${a.lowest}/${a.desired} (${pct(a.lowestRatio)})`;
    lines.push(a.lowestRatio < 1 ? paint(pc.yellow, text) : text);
  }
  const c = r.capacity;
  lines.push('', 'Capacity before -> after:');
  lines.push(`  free pod addresses: ${c.podAddresses.before} -> ${c.podAddresses.after}`);
  for (const n of c.nodegroups)
    lines.push(`  node group ${n.nodegroup}: max-pods ${n.maxPodsBefore} -> ${n.maxPodsAfter}`);
  lines.push(
    `  pods running: ${c.pods.before.running} -> ${c.pods.after.running}; not running: ${c.pods.before.notRunning} -> ${c.pods.after.notRunning}`,
  );
  lines.push('');
  if (r.verdict.ok) {
    const total = Math.max(0, ...r.timeline.map((s) => (s.startSeconds ?? 0) + (s.durationSeconds ?? 0)));
    lines.push(
      paint(
        pc.green,
        `Verdict: PASS. apply and verify succeeded on the twin (${total.toFixed(1)}s of the twin's clock).`,
      ),
    );
  } else {
    lines.push(paint(pc.red, `Verdict: FAIL. ${r.verdict.reasons.join('; ')}`));
  }
  for (const c2 of r.verdict.caveats) lines.push(`  caveat: ${c2}`);
  if (r.twin.envLines) {
    lines.push('', `The twin keeps running (state in ${r.twin.stateDir}). Point your tools at it:`);
    lines.push(r.twin.envLines.trimEnd());
    lines.push(`Stop it: eks-cidr sandbox down --state-dir ${r.twin.stateDir}`);
  }
  return `${lines.join('\n')}\n`;
}
