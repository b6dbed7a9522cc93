/**
 * max-pods exactly as awslabs/amazon-eks-ami `templates/al2/runtime/max-pods-calculator.sh` computes it:
 *   ENIs for pods = the default card's maximum interfaces (or --cni-max-eni if lower), minus one under
 *   custom networking (the primary ENI serves no pods);
 *   prefix delegation (hypervisor 'nitro', and CNI >= 1.9): ENIs * ((IPs - 1) * 16) + 2;
 *   otherwise (also when prefix delegation is asked for but not possible): ENIs * (IPs - 1) + 2;
 *   then capped at 110 when the type has 30 vCPUs or fewer, 250 above (--show-max-allowed skips it).
 * The calculator tests `Hypervisor == "nitro"`; DescribeInstanceTypes omits Hypervisor on bare metal,
 * so bare-metal types fall back to the secondary-IP formula there too. `+ 2` counts the host-network
 * pods (aws-node, kube-proxy). `eniMaxPods` is the uncapped standard value that
 * `eni-max-pods.txt` lists and bootstrap uses by default.
 */
import { ExitCode, UserError } from '../errors.js';
import { cniSupportsPrefixDelegation, parseCniVersion } from './cni-version.js';
import { instanceNetworkLimits, type InstanceNetworkLimits } from './instance-types.js';
import { requireObject } from './arguments.js';

export const IPS_PER_PREFIX = 16;
export const MAX_PODS_CEILING_LOW_CPU = 110;
export const MAX_PODS_CEILING_HIGH_CPU = 250;
/** Above this many vCPUs the higher ceiling applies. */
export const LOW_CPU_THRESHOLD = 30;
/** The CNI assumed when none is given: the version new EKS clusters run (brief, aws-node image). */
export const DEFAULT_CNI_VERSION = '1.19.2';

export interface MaxPodsInput {
  instanceType: string;
  customNetworking?: boolean | undefined;
  prefixDelegation?: boolean | undefined;
  /** VPC CNI version; default DEFAULT_CNI_VERSION. */
  cniVersion?: string | undefined;
  /** An extra user ceiling (kubelet --max-pods the user wants at most). */
  maxPodsCap?: number | undefined;
  /** The calculator's --cni-max-eni: use at most this many ENIs. */
  maxEnis?: number | undefined;
  /** The type's limits when the caller has them from elsewhere (the sandbox's EC2 catalog); default the table. */
  limits?: InstanceNetworkLimits | undefined;
}

export type MaxPodsMode =
  'standard' | 'custom-networking' | 'prefix-delegation' | 'custom-networking+prefix-delegation';

export interface MaxPodsResult {
  instanceType: string;
  /** The calculator's value: formula, then the vCPU ceiling, then maxPodsCap. */
  maxPods: number;
  /** The formula's value before any ceiling (the calculator's --show-max-allowed). */
  uncappedMaxPods: number;
  /** The uncapped standard value, as in eni-max-pods.txt. */
  eniMaxPods: number;
  mode: MaxPodsMode;
  /** ENIs that carry pod addresses (after custom networking and maxEnis). */
  enisForPods: number;
  enis: number;
  ipv4PerEni: number;
  vcpus: number;
  hypervisor: InstanceNetworkLimits['hypervisor'];
  cniVersion: string;
  customNetworking: boolean;
  prefixDelegationRequested: boolean;
  prefixDelegationApplied: boolean;
  /** Why prefix delegation was asked for but not used, if it was. */
  prefixDelegationFallback: string | undefined;
  ceiling: number;
  /** The formula with its numbers, for people. */
  formula: string;
}

function checkPositiveInteger(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1) {
    throw new UserError(
      'E_INVALID_ARGUMENT',
      `${name} must be a whole number of at least 1, not ${String(value)}`,
      {
        exitCode: ExitCode.Usage,
      },
    );
  }
}

export function maxPodsDetails(input: MaxPodsInput): MaxPodsResult {
  requireObject('maxPodsFor input', input);
  const limits = input.limits ?? instanceNetworkLimits(input.instanceType);
  checkPositiveInteger('maxPodsCap', input.maxPodsCap);
  checkPositiveInteger('maxEnis', input.maxEnis);
  const cni = parseCniVersion(input.cniVersion ?? DEFAULT_CNI_VERSION);
  const customNetworking = input.customNetworking === true;
  const prefixDelegationRequested = input.prefixDelegation === true;

  let enisForPods = input.maxEnis === undefined ? limits.maxEnis : Math.min(input.maxEnis, limits.maxEnis);
  if (customNetworking) enisForPods -= 1;
  const ips = limits.ipv4PerEni;

  let prefixDelegationFallback: string | undefined;
  if (prefixDelegationRequested && limits.hypervisor !== 'nitro') {
    prefixDelegationFallback = limits.bareMetal
      ? `${limits.instanceType} is bare metal (no Nitro hypervisor reported); the calculator falls back to secondary IPs`
      : `${limits.instanceType} runs on the ${limits.hypervisor ?? 'unknown'} hypervisor, not Nitro; the calculator falls back to secondary IPs`;
  } else if (prefixDelegationRequested && !cniSupportsPrefixDelegation(cni)) {
    prefixDelegationFallback = `VPC CNI ${cni.text} predates prefix delegation (1.9.0); the calculator falls back to secondary IPs`;
  }
  const prefixDelegationApplied = prefixDelegationRequested && prefixDelegationFallback === undefined;

  const uncappedMaxPods = prefixDelegationApplied
    ? enisForPods * ((ips - 1) * IPS_PER_PREFIX) + 2
    : enisForPods * (ips - 1) + 2;
  const enisText = `${enisForPods} ENI${enisForPods === 1 ? '' : 's'}`;
  const formula = prefixDelegationApplied
    ? `${enisText} x ((${ips} IPs - 1) x ${IPS_PER_PREFIX}) + 2 = ${uncappedMaxPods}`
    : `${enisText} x (${ips} IPs - 1) + 2 = ${uncappedMaxPods}`;
  const ceiling = limits.vcpus > LOW_CPU_THRESHOLD ? MAX_PODS_CEILING_HIGH_CPU : MAX_PODS_CEILING_LOW_CPU;
  const maxPods = Math.min(uncappedMaxPods, ceiling, input.maxPodsCap ?? Number.POSITIVE_INFINITY);
  const mode: MaxPodsMode = prefixDelegationApplied
    ? customNetworking
      ? 'custom-networking+prefix-delegation'
      : 'prefix-delegation'
    : customNetworking
      ? 'custom-networking'
      : 'standard';

  return {
    instanceType: limits.instanceType,
    maxPods,
    uncappedMaxPods,
    eniMaxPods: limits.maxEnis * (ips - 1) + 2,
    mode,
    enisForPods,
    enis: limits.maxEnis,
    ipv4PerEni: ips,
    vcpus: limits.vcpus,
    hypervisor: limits.hypervisor,
    cniVersion: cni.text,
    customNetworking,
    prefixDelegationRequested,
    prefixDelegationApplied,
    prefixDelegationFallback,
    ceiling,
    formula,
  };
}

/** The calculator's value for one configuration. */
export function maxPodsFor(input: MaxPodsInput): number {
  return maxPodsDetails(input).maxPods;
}

/** The uncapped standard value bootstrap uses by default (a row of eni-max-pods.txt). */
export function eniMaxPods(instanceType: string): number {
  const limits = instanceNetworkLimits(instanceType);
  return limits.maxEnis * (limits.ipv4PerEni - 1) + 2;
}
