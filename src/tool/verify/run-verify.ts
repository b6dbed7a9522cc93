/**
 * `verify`: observe, evaluate, and while the only problems are pods still starting, look again until
 * the wait runs out. `--smoke` first deploys 10 replicas, checks them with everything else, and
 * removes them whatever the outcome.
 */
import type { EngineClock } from '../engine/clock.js';
import type { Ports } from '../steps/ports.js';
import { evaluate, type VerifyResult } from './evaluate.js';
import { observeCluster, readCniEnv } from './observe.js';
import { discoveryProof } from './evaluate-discovery.js';

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
    if ((result.ok && !smokePending) || !onlyTransient || options.clock.now() >= deadline) {
      if (proof) Object.assign(result, { proof });
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
  if (!smoke) {
    const { proof: _proof, ...result } = await evaluateUntilSettled(options, 0);
    return result;
  }
  const kube = options.ports.kube;
  const existingNodes = new Set((await kube.listNodes()).map((n) => n.name));
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
    const { proof, ...result } = await evaluateUntilSettled(options, smoke.replicas, existingNodes);
    const pods = await kube.listPods({ namespace: SMOKE_NAMESPACE, labelSelector: `app=${SMOKE_NAME}` });
    return {
      ...result,
      smoke: {
        replicas: smoke.replicas,
        podIps: pods.flatMap((p) => (p.podIp ? [p.podIp] : [])),
        ...(proof ? { newSubnetPodsOnExistingNodes: proof } : {}),
      },
    };
  } finally {
    await kube.deleteDeployment(SMOKE_NAMESPACE, SMOKE_NAME);
  }
}
