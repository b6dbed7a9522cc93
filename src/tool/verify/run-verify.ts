/**
 * `verify`: observe, evaluate, and while the only problems are pods still starting, look again until
 * the wait runs out. `--smoke` first deploys 10 replicas, checks them with everything else, and
 * removes them whatever the outcome.
 */
import type { EngineClock } from '../engine/clock.js';
import type { Ports } from '../steps/ports.js';
import { evaluate, type VerifyResult } from './evaluate.js';
import { observeCluster, readCniEnv } from './observe.js';

export const SMOKE_NAME = 'eks-cidr-smoke';
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
  pollMs: number;
  smoke?: { replicas: number; image?: string | undefined } | undefined;
  onPoll?: (result: VerifyResult) => void;
}

export interface VerifyReport extends VerifyResult {
  smoke?: { replicas: number; podIps: string[] } | undefined;
}

async function evaluateUntilSettled(options: VerifyOptions, smokeReplicas: number): Promise<VerifyResult> {
  const deadline = options.clock.now() + options.waitMs;
  for (;;) {
    const env = await readCniEnv(options.ports);
    const input = await observeCluster(options.ports, options.vpcId, env, options.cluster);
    const result = evaluate(input);
    const smokePods = input.pods.filter((p) => p.labels.app === SMOKE_NAME && p.phase === 'Running');
    const smokeRunning = smokePods.length;
    // Running but not Ready: the DNS readiness probe fails.
    const smokeReady = smokePods.filter((p) => p.ready !== false).length;
    const smokePending = smokeReplicas > 0 && smokeReady < smokeReplicas;
    const onlyTransient = result.problems.every((p) => p.transient);
    if ((result.ok && !smokePending) || !onlyTransient || options.clock.now() >= deadline) {
      if (smokePending && result.ok) {
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
    await options.clock.sleep(Math.max(options.pollMs, 1), options.signal);
  }
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const smoke = options.smoke;
  if (!smoke) return evaluateUntilSettled(options, 0);
  const kube = options.ports.kube;
  await kube.deleteDeployment(SMOKE_NAMESPACE, SMOKE_NAME);
  await kube.createDeployment({
    namespace: SMOKE_NAMESPACE,
    name: SMOKE_NAME,
    image: smoke.image ?? SMOKE_IMAGE,
    replicas: smoke.replicas,
    labels: { app: SMOKE_NAME },
    readinessCommand: SMOKE_DNS_PROBE,
  });
  try {
    const result = await evaluateUntilSettled(options, smoke.replicas);
    const pods = await kube.listPods({ namespace: SMOKE_NAMESPACE, labelSelector: `app=${SMOKE_NAME}` });
    return {
      ...result,
      smoke: { replicas: smoke.replicas, podIps: pods.flatMap((p) => (p.podIp ? [p.podIp] : [])) },
    };
  } finally {
    await kube.deleteDeployment(SMOKE_NAMESPACE, SMOKE_NAME);
  }
}
