/**
 * The rehearsal's timeline and availability, pure: steps grouped in waves (a step's wave is one more
 * than the latest wave of what it depends on, so a wave's steps may run together), each step's
 * duration in the twin's clock from apply's progress events, and the lowest availability each
 * workload reached while apply ran.
 */
import type { TimedEvent } from '../engine/progress/events.js';
import type { Plan } from '../planner/types.js';

export interface TimelineStep {
  id: string;
  kind: string;
  action: string;
  wave: number;
  /** start/end relative to the first step's start, in seconds of the twin's clock. */
  startSeconds?: number | undefined;
  durationSeconds?: number | undefined;
  outcome: 'done' | 'no-op' | 'failed' | 'skipped' | 'not run';
  message?: string | undefined;
}

export function waves(plan: Plan): Map<string, number> {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const out = new Map<string, number>();
  const waveOf = (id: string, seen: Set<string>): number => {
    const known = out.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const step = byId.get(id);
    const deps = (step?.dependsOn ?? []).filter((d) => byId.has(d));
    const wave = deps.length === 0 ? 1 : Math.max(...deps.map((d) => waveOf(d, seen))) + 1;
    out.set(id, wave);
    return wave;
  };
  for (const s of plan.steps) waveOf(s.id, new Set());
  return out;
}

export function timeline(plan: Plan, events: TimedEvent[]): TimelineStep[] {
  const wave = waves(plan);
  const starts = events.filter((e) => e.type === 'step-start').map((e) => Date.parse(e.time));
  const origin = starts.length > 0 ? Math.min(...starts) : 0;
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return plan.steps.map((s) => {
    const mine = events.filter((e) => 'id' in e && e.id === s.id);
    const start = mine.find((e) => e.type === 'step-start');
    const end = mine.find(
      (e) =>
        e.type === 'step-done' ||
        e.type === 'step-failed' ||
        e.type === 'step-no-op' ||
        e.type === 'step-skipped',
    );
    const outcome: TimelineStep['outcome'] =
      end?.type === 'step-done'
        ? 'done'
        : end?.type === 'step-failed'
          ? 'failed'
          : end?.type === 'step-no-op' || (!end && s.action === 'no-op')
            ? 'no-op'
            : end?.type === 'step-skipped'
              ? 'skipped'
              : 'not run';
    const message =
      end?.type === 'step-failed'
        ? `${end.code}: ${end.message}`
        : end?.type === 'step-skipped'
          ? end.reason
          : undefined;
    return {
      id: s.id,
      kind: s.kind,
      action: s.action,
      wave: wave.get(s.id) ?? 1,
      ...(start ? { startSeconds: seconds(Date.parse(start.time) - origin) } : {}),
      ...(start && end ? { durationSeconds: seconds(Date.parse(end.time) - Date.parse(start.time)) } : {}),
      outcome,
      ...(message ? { message } : {}),
    };
  });
}

export interface WorkloadSample {
  /** `Deployment default/web` */
  workload: string;
  desired: number;
  available: number;
}

export interface Availability {
  workload: string;
  desired: number;
  lowest: number;
  /** lowest / desired, 1 when nothing is desired. */
  lowestRatio: number;
}

/** Folds one sample of every workload into the lowest availability seen so far. */
export function lowestAvailability(
  current: Map<string, Availability>,
  samples: readonly WorkloadSample[],
): Map<string, Availability> {
  for (const s of samples) {
    const ratio = s.desired === 0 ? 1 : Math.min(1, s.available / s.desired);
    const seen = current.get(s.workload);
    if (!seen || ratio < seen.lowestRatio)
      current.set(s.workload, {
        workload: s.workload,
        desired: s.desired,
        lowest: s.available,
        lowestRatio: ratio,
      });
  }
  return current;
}
