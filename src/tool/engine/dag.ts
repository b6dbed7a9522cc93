/**
 * Runs a dependency graph of tasks with a bounded number in flight. On the first failure no new task
 * starts, but tasks already running finish (they are independent of the failure, and stopping them
 * half-way would leave more to clean up than letting them complete). An aborted signal behaves like a
 * failure: running tasks receive the signal and decide how quickly to stop.
 */
export interface DagNode {
  id: string;
  dependsOn: readonly string[];
}

export type NodeOutcome = 'succeeded' | 'failed' | 'skipped' | 'not-started';

export interface DagResult {
  outcomes: Map<string, NodeOutcome>;
  /** The errors of the failed nodes, in the order they failed. */
  failures: { id: string; error: unknown }[];
  aborted: boolean;
}

export interface DagOptions {
  concurrency: number;
  signal?: AbortSignal | undefined;
}

export function validateDag(nodes: readonly DagNode[]): void {
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) throw new Error(`duplicate step id '${node.id}'`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (!ids.has(dep)) throw new Error(`step '${node.id}' depends on unknown step '${dep}'`);
    }
  }
  // Kahn's algorithm: anything left over sits on a cycle.
  const indegree = new Map(nodes.map((n) => [n.id, n.dependsOn.length]));
  const dependents = dependentsOf(nodes);
  const queue = nodes.filter((n) => n.dependsOn.length === 0).map((n) => n.id);
  let seen = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    seen++;
    for (const next of dependents.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (seen !== nodes.length) {
    const stuck = [...indegree].filter(([, d]) => d > 0).map(([id]) => id);
    throw new Error(`the steps form a cycle: ${stuck.join(', ')}`);
  }
}

function dependentsOf(nodes: readonly DagNode[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dep of node.dependsOn) out.set(dep, [...(out.get(dep) ?? []), node.id]);
  }
  return out;
}

export async function runDag<N extends DagNode>(
  nodes: readonly N[],
  run: (node: N, signal: AbortSignal) => Promise<void>,
  options: DagOptions,
): Promise<DagResult> {
  validateDag(nodes);
  const limit = Math.max(1, Math.floor(options.concurrency));
  const outcomes = new Map<string, NodeOutcome>(nodes.map((n) => [n.id, 'not-started']));
  const failures: DagResult['failures'] = [];
  const done = new Set<string>();
  const started = new Set<string>();
  const inner = new AbortController();
  const outer = options.signal;
  const onAbort = () => inner.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) onAbort();

  let stopping = false;
  let running = 0;
  return new Promise<DagResult>((resolve) => {
    const finish = () => {
      outer?.removeEventListener('abort', onAbort);
      markSkipped(nodes, outcomes);
      resolve({ outcomes, failures, aborted: outer?.aborted === true });
    };
    const pump = () => {
      if (inner.signal.aborted) stopping = true;
      if (!stopping) {
        for (const node of nodes) {
          if (running >= limit) break;
          if (started.has(node.id)) continue;
          if (!node.dependsOn.every((d) => done.has(d))) continue;
          started.add(node.id);
          running++;
          void run(node, inner.signal)
            .then(
              () => {
                outcomes.set(node.id, 'succeeded');
                done.add(node.id);
              },
              (error: unknown) => {
                outcomes.set(node.id, 'failed');
                failures.push({ id: node.id, error });
                stopping = true;
              },
            )
            .finally(() => {
              running--;
              pump();
            });
        }
      }
      if (running === 0) finish();
    };
    pump();
  });
}

/** Nodes that never started because something they depend on failed or never ran are 'skipped'. */
function markSkipped(nodes: readonly DagNode[], outcomes: Map<string, NodeOutcome>): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of nodes) {
      if (outcomes.get(node.id) !== 'not-started') continue;
      const blocked = node.dependsOn.some((d) => {
        const o = outcomes.get(d);
        return o === 'failed' || o === 'skipped';
      });
      if (blocked) {
        outcomes.set(node.id, 'skipped');
        changed = true;
      }
    }
  }
}
