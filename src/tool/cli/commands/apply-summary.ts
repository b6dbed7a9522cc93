/**
 * The lines apply prints at the end of a run that rotated nodes: per node group how it was rotated
 * (rolled in place onto which launch template version, or replaced and drained in how many waves),
 * the lowest Ready count seen per workload while its pods moved, and the capacity before -> after.
 * Pure: the plan and the steps' outputs in.
 */
import type { Plan } from '../../planner/types.js';
import type { StepOutput } from '../../steps/context.js';

function lowestLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const items = text.split(',').filter((x) => x.length > 0);
  return items.length > 0
    ? `lowest Ready pods seen per workload: ${items.map((i) => i.replace('=', ' ')).join(', ')}`
    : undefined;
}

export function rotationSummary(plan: Plan, outputs: ReadonlyMap<string, StepOutput>): string[] {
  const lines: string[] = [];
  for (const step of plan.steps) {
    const out = outputs.get(step.id);
    if (!out || step.action === 'no-op') continue;
    if (step.kind === 'roll-nodegroup') {
      lines.push(
        `node group ${step.target.nodegroupName}: rolled in place onto launch template version ${out.launchTemplateVersion ?? '?'} (${step.current?.nodes ?? '?'} node(s) rolled, ${step.desired.scaling.desiredSize} now, ${step.desired.maxUnavailable} at a time)`,
      );
      const low = lowestLine(out.lowestReady);
      if (low) lines.push(`  ${low}`);
    }
    if (step.kind === 'drain-nodegroup') {
      lines.push(
        `node group ${step.target.nodegroupName}: ${out.drained ?? '?'} node(s) drained in ${out.waves ?? '?'} wave(s) of at most ${step.desired.waveSize ?? out.drained ?? '?'}`,
      );
      const low = lowestLine(out.lowestReady);
      if (low) lines.push(`  ${low}`);
    }
  }
  const t = plan.capacity?.totals;
  if (lines.length > 0 && t) {
    lines.push(
      `capacity: pods that can run ${t.servableBefore} -> ${t.servableAfter}, pod slots ${t.podSlotsBefore} -> ${t.podSlotsAfter}, nodes ${t.nodesBefore} -> ${t.nodesAfter}; demand ${t.demand}, headroom ${t.headroom}`,
    );
  }
  return lines;
}
