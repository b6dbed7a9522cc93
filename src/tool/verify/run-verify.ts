/**
 * `verify`: observe, evaluate, and while the only problems are pods still starting, look again until
 * the wait runs out, saying what it waits for. `--smoke` first deploys one replica per node (spread:
 * smoke.ts) or `--smoke-replicas`, checks them with everything else, and removes them whatever the
 * outcome; smoke pods no node has room for fail it with E_NO_CAPACITY.
 */
import type { VerifyEvent } from './events.js';
import type { EngineClock } from '../engine/clock.js';
import type { Ports } from '../steps/ports.js';
import { evaluate, type VerifyResult } from './evaluate.js';
import { observeCluster, readCniEnv } from './observe.js';
import { discoveryProof } from './evaluate-discovery.js';
import {
  SMOKE_SPREAD_KEY,
  defaultSmokeReplicas,
  noCapacityProblem,
  smokeProgress,
  smokeState,
  undecidedProblem,
} from './smoke.js';

export const SMOKE_NAME = 'eks-cidr-smoke';
/** How long verify waits past --wait for the scheduler to judge smoke pods it has not tried yet. */
export const SCHEDULER_GRACE_MS = 10_000;
export const SMOKE_NAMESPACE = 'default';
export const SMOKE_IMAGE = 'public.ecr.aws/nginx/nginx:stable';
/**
 * The smoke pods' readiness probe: a lookup through CoreDNS (getent is in every glibc image, nginx's
 * included), so pods whose security groups block DNS never become Ready.
 */
export const SMOKE_DNS_PROBE = ['getent', 'hosts', 'kubernetes.default.svc.cluster.local'];

export interface VerifyOptions {
  ports: Ports;
  vpcId: string;
  /** The EKS cluster: lets verify tell the nodes of a node group being deleted (leaving, so transient). */
  cluster?: string | undefined;
  clock: EngineClock;
  signal?: AbortSignal | undefined;
  /** How long pods still starting may take (ms). */
  waitMs: number;
  /**
   * The wait when the cluster turns out to run subnet discovery (ms; default waitMs): ipamd retries an
   * ENI allocation that failed for want of addresses only after its 2-minute cooldown, so pods on nodes
   * whose subnets were full start up to that long after the new subnets are tagged.
   */
  discoveryWaitMs?: number | undefined;
  pollMs: number;
  /** `replicas` undefined: one per node that can take a pod. */
  smoke?: { replicas?: number | undefined; image?: string | undefined } | undefined;
  onPoll?: (result: VerifyResult) => void;
  /** What verify waits for (each time it changes) and the smoke test's stages. */
  onEvent?: (event: VerifyEvent) => void;
}

export interface VerifyReport extends VerifyResult {
  smoke?:
    | {
        replicas: number;
        podIps: string[];
        /** Subnet discovery: smoke pods on nodes that existed before the test with new-subnet addresses. */
        newSubnetPodsOnExistingNodes?: string[] | undefined;
      }
    | undefined;
}

async function evaluateUntilSettled(
  options: VerifyOptions,
  smokeReplicas: number,
  existingNodes: ReadonlySet<string> = new Set(),
): Promise<VerifyResult & { proof?: string[] }> {
  const start = options.clock.now();
  let deadline = start + options.waitMs;
  let said = '';
  let saidSmoke = '';
  let graced = false;
  for (;;) {
    const env = await readCniEnv(options.ports);
    const input = await observeCluster(options.ports, options.vpcId, env, options.cluster);
    const smoke = smokeState(input.pods, input.events, SMOKE_NAME, smokeReplicas);
    // The scheduler's words for a smoke pod left without a node (observe reads a bounded number of events).
    const first = smoke.undecided[0];
    if (first && !smoke.schedulerMessage) {
      const [namespace = SMOKE_NAMESPACE, name = ''] = first.split('/');
      input.events.set(first, await options.ports.kube.podEvents(namespace, name));
      Object.assign(smoke, smokeState(input.pods, input.events, SMOKE_NAME, smokeReplicas));
    }
    const result = evaluate(input);
    if (result.mode === 'subnet-discovery' && options.discoveryWaitMs !== undefined)
      deadline = start + Math.max(options.waitMs, options.discoveryWaitMs);
    // Each poll's count of the smoke pods, when it changed (the last one included).
    const smokeLine = smokeReplicas > 0 ? smokeProgress(smoke) : '';
    if (smokeLine && smokeLine !== saidSmoke) {
      options.onEvent?.({
        type: 'smoke-progress',
        stage: 'poll',
        replicas: smokeReplicas,
        ready: smoke.ready,
        running: smoke.running,
        pending: smoke.unscheduled.length,
        message: smokeLine,
      });
      saidSmoke = smokeLine;
    }
    const smokeRunning = smoke.running;
    // Running but not Ready: the DNS readiness probe fails.
    const smokeReady = smoke.ready;
    const smokePending = smokeReplicas > 0 && smokeReady < smokeReplicas;
    // Subnet discovery: the smoke test must show new pods on the existing nodes in the new subnets.
    const proof =
      result.mode === 'subnet-discovery' && smokeReplicas > 0
        ? discoveryProof(input, existingNodes, SMOKE_NAME)
        : undefined;
    const unproven = proof !== undefined && proof.length === 0 && !smokePending;
    if (unproven) {
      result.ok = false;
      result.problems.push({
        kind: 'pod',
        name: `${SMOKE_NAMESPACE}/${SMOKE_NAME}`,
        reason: `no smoke-test pod on the existing nodes has an address from a subnet tagged for discovery yet: their ENIs in the node subnets still had room, or the CNI does not use the tagged subnets (raise --smoke-replicas, or run eks-cidr doctor)`,
        transient: true,
      });
    }
    const onlyTransient = result.problems.every((p) => p.transient);
    if (onlyTransient && !graced && smoke.undecided.length > 0 && options.clock.now() >= deadline) {
      // Smoke pods the scheduler has not judged yet are no verdict on capacity: give it a moment.
      deadline = options.clock.now() + Math.min(SCHEDULER_GRACE_MS, Math.max(options.waitMs, 1000));
      graced = true;
    }
    if ((result.ok && !smokePending) || !onlyTransient || options.clock.now() >= deadline) {
      if (proof) Object.assign(result, { proof });
      if (smokeReplicas > 0 && smoke.unscheduled.length > 0) {
        // One problem for the smoke pods without a node instead of a line per Pending smoke pod:
        // E_NO_CAPACITY for those the scheduler refused, another for those it has not judged.
        const pending = new Set(smoke.unscheduled);
        const name = `${SMOKE_NAMESPACE}/${SMOKE_NAME}`;
        result.problems = result.problems.filter((p) => !pending.has(p.name));
        if (smoke.unscheduled.length > smoke.undecided.length)
          result.problems.push(noCapacityProblem(smoke, name));
        if (smoke.undecided.length > 0) result.problems.push(undecidedProblem(smoke, name));
        result.ok = false;
      } else if (smokePending && result.ok) {
        result.ok = false;
        result.problems.push({
          kind: 'pod',
          name: `${SMOKE_NAMESPACE}/${SMOKE_NAME}`,
          reason:
            smokeRunning > smokeReady
              ? `${smokeRunning - smokeReady} of ${smokeReplicas} smoke-test pods are Running but their DNS lookup (readiness probe '${SMOKE_DNS_PROBE.join(' ')}') fails: the pods' security groups must admit DNS (UDP and TCP 53) from the nodes' and the cluster's security groups (run eks-cidr doctor)`
              : `only ${smokeRunning} of ${smokeReplicas} smoke-test pods are Running`,
          transient: true,
        });
      }
      return result;
    }
    options.onPoll?.(result);
    const starting = result.problems.filter((p) => p.transient && !p.name.includes(SMOKE_NAME)).length;
    const line = [
      ...(smokeLine ? [smokeLine] : []),
      ...(starting > 0 ? [`${starting} other pod(s) or node(s) still settling`] : []),
    ].join('; ');
    if (line && line !== said) {
      const left = Math.max(0, Math.ceil((deadline - options.clock.now()) / 1000));
      options.onEvent?.({
        type: 'verify-progress',
        message: `waiting (${left} s left): ${line}`,
        secondsLeft: left,
      });
      said = line;
    }
    await options.clock.sleep(Math.max(options.pollMs, 1), options.signal);
  }
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const smoke = options.smoke;
  if (!smoke) {
    const { proof: _proof, ...result } = await evaluateUntilSettled(options, 0);
    return result;
  }
  const kube = options.ports.kube;
  const nodes = await kube.listNodes();
  const existingNodes = new Set(nodes.map((n) => n.name));
  const replicas = smoke.replicas ?? defaultSmokeReplicas(nodes);
  await kube.deleteDeployment(SMOKE_NAMESPACE, SMOKE_NAME);
  await kube.createDeployment({
    namespace: SMOKE_NAMESPACE,
    name: SMOKE_NAME,
    image: smoke.image ?? SMOKE_IMAGE,
    replicas,
    labels: { app: SMOKE_NAME },
    readinessCommand: SMOKE_DNS_PROBE,
    spreadOver: SMOKE_SPREAD_KEY,
  });
  const smokeEvent = (stage: 'deployed' | 'deleted', message: string) =>
    options.onEvent?.({
      type: 'smoke-progress',
      stage,
      replicas,
      ready: 0,
      running: 0,
      pending: 0,
      message,
    });
  smokeEvent(
    'deployed',
    `smoke test: ${replicas} pod(s) of ${SMOKE_NAMESPACE}/${SMOKE_NAME}, spread one per node (${SMOKE_SPREAD_KEY})`,
  );
  try {
    const { proof, ...result } = await evaluateUntilSettled(options, replicas, existingNodes);
    const pods = await kube.listPods({ namespace: SMOKE_NAMESPACE, labelSelector: `app=${SMOKE_NAME}` });
    return {
      ...result,
      smoke: {
        replicas,
        podIps: pods.flatMap((p) => (p.podIp ? [p.podIp] : [])),
        ...(proof ? { newSubnetPodsOnExistingNodes: proof } : {}),
      },
    };
  } finally {
    await kube.deleteDeployment(SMOKE_NAMESPACE, SMOKE_NAME);
    smokeEvent('deleted', `smoke test: ${SMOKE_NAMESPACE}/${SMOKE_NAME} deleted`);
  }
}
