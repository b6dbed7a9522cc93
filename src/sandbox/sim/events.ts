/**
 * Events as the kubelet, scheduler and controllers record them, aggregated the way client-go's
 * EventCorrelator does for repeats of the same reason on the same object: one Event whose count and
 * lastTimestamp grow (`kubectl describe` shows "(x12 over 11m)").
 */
import { EVENTS, type KubeObject } from './kube-types.js';
import type { SimKubeStore } from './ports.js';
import { kubeTime } from './time.js';

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventInput {
  involved: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: EventSource;
  now: number;
}

/** client-go's event rate limit as the kubelet configures it (eventRecordQPS 50, eventBurst 100), per source. */
export const EVENT_BURST = 100;
export const EVENT_QPS = 50;

/** What the recorder remembers between calls; part of the simulation's persisted state. */
export interface EventRecorderState {
  /** Per source: client-go's token bucket. */
  buckets: Record<string, { tokens: number; at: number }>;
  /** involved uid + reason + component -> the Event aggregating them. */
  index: Record<string, string>;
  /** Events recorded so far (part of each new Event's name). */
  count: number;
}

export function emptyEventRecorderState(): EventRecorderState {
  return { buckets: {}, index: {}, count: 0 };
}

export class EventRecorder {
  constructor(
    private readonly store: SimKubeStore,
    private readonly state: EventRecorderState = emptyEventRecorderState(),
  ) {}

  /**
   * A token bucket per source; a burst past it is dropped, as a real recorder drops it. A control-plane
   * source's (no host: scheduler, controllers) Warnings are never dropped: they are few (one Event per
   * object and reason, counted), and they are the explanation an operator reads (FailedScheduling,
   * FailedCreate); a bucket drained by a burst of `Scheduled` events once hid the scheduler's words.
   */
  private allow(source: EventSource, now: number, type: EventInput['type']): boolean {
    if (source.host === undefined && type === 'Warning') return true;
    const key = `${source.component}/${source.host ?? ''}`;
    const bucket = this.state.buckets[key] ?? { tokens: EVENT_BURST, at: now };
    bucket.tokens = Math.min(EVENT_BURST, bucket.tokens + ((now - bucket.at) / 1000) * EVENT_QPS);
    bucket.at = now;
    this.state.buckets[key] = bucket;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  record(input: EventInput): void {
    if (!this.allow(input.source, input.now, input.type)) return;
    const meta = input.involved.metadata;
    const namespace = meta.namespace ?? 'default';
    const key = `${meta.uid ?? meta.name}/${input.reason}/${input.source.component}`;
    const existingName = this.state.index[key];
    const existing = existingName ? this.store.get(EVENTS, namespace, existingName) : undefined;
    const at = kubeTime(input.now);
    if (existing) {
      const count = typeof existing.count === 'number' ? existing.count : 1;
      try {
        this.store.update(EVENTS, {
          ...existing,
          count: count + 1,
          lastTimestamp: at,
          message: input.message,
        });
        return;
      } catch {
        // A conflict or a deleted event: fall through and record a fresh one.
      }
    }
    const name = `${meta.name ?? 'unknown'}.${(BigInt(input.now) * 1_000_000n + BigInt(this.state.count % 1_000_000)).toString(16)}`;
    const involvedObject: Record<string, unknown> = {
      kind: input.involved.kind,
      name: meta.name,
      uid: meta.uid,
      apiVersion: input.involved.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    if (meta.namespace) involvedObject.namespace = meta.namespace;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason: input.reason,
      message: input.message,
      source: input.source.host
        ? { component: input.source.component, host: input.source.host }
        : { component: input.source.component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type: input.type,
      eventTime: null,
      reportingComponent: input.source.component,
      reportingInstance: input.source.host ?? '',
    };
    try {
      this.store.create(EVENTS, event);
      this.state.index[key] = name;
      this.state.count++;
    } catch {
      // Events are best effort, as in Kubernetes.
    }
  }
}
