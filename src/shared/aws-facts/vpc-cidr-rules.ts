/**
 * May VPC V associate CIDR C? EC2's IPv4 rules for CreateVpc and AssociateVpcCidrBlock, answered with
 * the error EC2 would return. Sources:
 * - Amazon VPC User Guide, "VPC CIDR blocks" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html):
 *   sizes /16 to /28; the association restrictions table; "you can't add a CIDR block that's the same
 *   or larger than a destination CIDR range of a route"; 169.254.0.0/16 never.
 * - Amazon VPC quotas: "IPv4 CIDR blocks per VPC", default 5 (primary included), adjustable to 50.
 * - Error texts as real EC2 returns them, quoted in public threads: `InvalidVpc.Range` "The CIDR
 *   '10.0.0.0/16' is restricted. Use a CIDR from the same private address range as the current VPC
 *   CIDR, or use a publicly-routable CIDR. For additional restrictions, see
 *   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html" (AWS CLI output quoted in
 *   EKS workshop material); `CidrLimitExceeded` "This network 'vpc-...' has met its maximum number of
 *   allowed CIDRs: 5" (getmoto/moto tests, recorded from EC2); `InvalidVpc.Range` "The CIDR
 *   '10.0.0.0/8' is invalid." for a size outside /16-/28 (CreateVpc).
 *   The overlap and route-conflict texts were not found verbatim in any source at hand: their code is
 *   EC2's (`InvalidVpc.Range`), the wording follows the messages above.
 * - Special-purpose ranges (RFC 6890): the VPC user guide names only 169.254.0.0/16 ("you can't use"),
 *   answered with EC2's wording above. For "this network" 0.0.0.0/8, loopback 127.0.0.0/8, multicast
 *   224.0.0.0/4, class E 240.0.0.0/4 and the limited broadcast address 255.255.255.255 no AWS source
 *   at hand (VPC user guide, botocore's EC2 model, EC2 API reference) states what EC2 answers: their
 *   addresses can never be given to a network interface, so they are refused here with EC2's code for
 *   a range EC2 will not hold (`InvalidVpc.Range`) and a message that says why.
 */
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from '../cidr/index.js';
import {
  addressClassOf,
  BENCHMARK_198_19,
  DEFAULT_VPC_172_31,
  LINK_LOCAL,
  RFC1918_10,
  RFC1918_172,
  RFC1918_192,
  RFC1918_RANGES,
  TEN_ZERO_15,
  TEN_ZERO_16,
} from './address-ranges.js';
import { ruleFailure, ruleOk, type CidrRuleResult } from './cidr-rule-result.js';
import { invalidArgument, requireCidrAssociations, requireObject, requireStringArray } from './arguments.js';

export const VPC_CIDR_MIN_PREFIX = 16;
export const VPC_CIDR_MAX_PREFIX = 28;
/** Default "IPv4 CIDR blocks per VPC" quota, the primary block included. */
export const DEFAULT_IPV4_CIDR_BLOCKS_PER_VPC = 5;
/** The highest value the quota can be raised to. */
export const MAX_IPV4_CIDR_BLOCKS_PER_VPC = 50;
/** Association states that no longer hold the block (EC2 VpcCidrBlockStateCode). */
const RELEASED_STATES = new Set(['disassociated', 'failed']);

export const RESTRICTED_DOC_URL = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html';

export function invalidCidrParameter(text: string): CidrRuleResult {
  return ruleFailure(
    'InvalidParameterValue',
    `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
  );
}

/** Parses as EC2 does: host bits are cleared, not refused. */
export function parseEc2Cidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return parseCidr(text, { strict: false });
  } catch {
    return undefined;
  }
}

/** A special-purpose range no VPC block may touch (RFC 6890), and why. */
export interface SpecialPurposeRange {
  range: Cidr;
  name: string;
  why: string;
  /** True when AWS documents the refusal (then EC2's own wording is used). */
  documentedByAws: boolean;
}

/** Most specific first: 255.255.255.255/32 is named before the class E range that holds it. */
export const SPECIAL_PURPOSE_RANGES: readonly SpecialPurposeRange[] = [
  {
    range: LINK_LOCAL,
    name: 'the link-local range 169.254.0.0/16 (RFC 3927)',
    why: 'EC2 uses it for the instance metadata service and DNS',
    documentedByAws: true,
  },
  {
    range: parseCidr('255.255.255.255/32'),
    name: 'the limited broadcast address 255.255.255.255 (RFC 919)',
    why: 'it addresses every host of the local link and is never a host address',
    documentedByAws: false,
  },
  {
    range: parseCidr('0.0.0.0/8'),
    name: 'the "this network" range 0.0.0.0/8 (RFC 1122)',
    why: 'its addresses are only valid as a source while a host learns its own address',
    documentedByAws: false,
  },
  {
    range: parseCidr('127.0.0.0/8'),
    name: 'the loopback range 127.0.0.0/8 (RFC 1122)',
    why: 'every host answers these addresses itself, so they never reach the network',
    documentedByAws: false,
  },
  {
    range: parseCidr('224.0.0.0/4'),
    name: 'the multicast range 224.0.0.0/4 (RFC 5771)',
    why: 'multicast addresses name groups, not interfaces, and cannot be assigned to one',
    documentedByAws: false,
  },
  {
    range: parseCidr('240.0.0.0/4'),
    name: 'the reserved class E range 240.0.0.0/4 (RFC 1112)',
    why: 'it is reserved for future use and hosts and routers drop its addresses',
    documentedByAws: false,
  },
];

/** The special-purpose range a block overlaps, if any. */
export function specialPurposeRangeOf(block: Cidr): SpecialPurposeRange | undefined {
  return SPECIAL_PURPOSE_RANGES.find((r) => overlaps(r.range, block));
}

function restrictedRange(cidr: string): CidrRuleResult {
  return ruleFailure(
    'InvalidVpc.Range',
    `The CIDR '${cidr}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR. For additional restrictions, see ${RESTRICTED_DOC_URL}`,
  );
}

/**
 * A block in a special-purpose range: EC2's own answer where AWS documents one (link-local), else
 * EC2's code with a message naming the range and why its addresses cannot serve a VPC.
 */
export function checkSpecialPurposeRange(cidr: string, onCreateVpc = false): CidrRuleResult {
  const block = parseEc2Cidr(cidr);
  if (!block) return invalidCidrParameter(String(cidr));
  const special = specialPurposeRangeOf(block);
  if (!special) return ruleOk(formatCidr(block));
  if (special.documentedByAws) {
    return onCreateVpc
      ? ruleFailure('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`)
      : restrictedRange(cidr);
  }
  return ruleFailure(
    'InvalidVpc.Range',
    `The CIDR '${cidr}' overlaps ${special.name}: ${special.why}; no VPC can use it.`,
  );
}

/** CreateVpc's check of its CidrBlock: well formed, /16 to /28, no special-purpose range. */
export function checkVpcCidrBlock(cidr: string): CidrRuleResult {
  const block = parseEc2Cidr(cidr);
  if (!block) return invalidCidrParameter(String(cidr));
  if (block.prefix < VPC_CIDR_MIN_PREFIX || block.prefix > VPC_CIDR_MAX_PREFIX) {
    return ruleFailure('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`);
  }
  const special = checkSpecialPurposeRange(cidr, true);
  if (!special.ok) return special;
  return ruleOk(formatCidr(block));
}

export interface VpcCidrAssociationInput {
  vpcId: string;
  cidr: string;
  /** Every IPv4 association of the VPC, primary first, with its state. */
  vpcCidrs: readonly { cidr: string; state: string }[];
  /** Destinations of the VPC's routes other than its `local` routes. */
  routeDestinations: readonly string[];
  /** The account's "IPv4 CIDR blocks per VPC" quota (default 5). */
  quota?: number;
}

/** AssociateVpcCidrBlock's checks of an IPv4 CidrBlock, in the order EC2 reports them. */
export function checkVpcCidrAssociation(input: VpcCidrAssociationInput): CidrRuleResult {
  const { cidr, vpcId } = requireObject('checkVpcCidrAssociation input', input);
  requireCidrAssociations('vpcCidrs', input.vpcCidrs);
  requireStringArray('routeDestinations', input.routeDestinations);
  if (input.quota !== undefined && (!Number.isInteger(input.quota) || input.quota < 1)) {
    throw invalidArgument('quota', 'a whole number of at least 1', input.quota);
  }
  const block = parseEc2Cidr(cidr);
  if (!block) return invalidCidrParameter(String(cidr));
  if (block.prefix < VPC_CIDR_MIN_PREFIX || block.prefix > VPC_CIDR_MAX_PREFIX) {
    return ruleFailure('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`);
  }
  const special = checkSpecialPurposeRange(cidr);
  if (!special.ok) return special;
  const held = input.vpcCidrs
    .filter((a) => !RELEASED_STATES.has(a.state))
    .map((a) => parseEc2Cidr(a.cidr))
    .filter((b): b is Cidr => b !== undefined);
  const quota = input.quota ?? DEFAULT_IPV4_CIDR_BLOCKS_PER_VPC;
  if (held.length >= quota) {
    return ruleFailure(
      'CidrLimitExceeded',
      `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${quota}`,
    );
  }
  const primary = parseEc2Cidr(input.vpcCidrs[0]?.cidr ?? '');
  if (primary && isRestricted(primary, held, block)) return restrictedRange(cidr);
  const clash = held.find((existing) => overlaps(existing, block));
  if (clash) {
    return ruleFailure(
      'InvalidVpc.Range',
      `The CIDR '${cidr}' conflicts with the CIDR '${formatCidr(clash)}' already associated with the VPC.`,
    );
  }
  for (const text of input.routeDestinations) {
    const destination = parseEc2Cidr(text);
    // A block may overlap a route's destination only when it is more specific (smaller) than it.
    if (destination && contains(block, destination)) {
      return ruleFailure(
        'InvalidVpc.Range',
        `The CIDR '${cidr}' is the same as or larger than the destination '${formatCidr(destination)}' of a route in one of the VPC's route tables.`,
      );
    }
  }
  return ruleOk(formatCidr(block));
}

/**
 * The association restrictions table (VPC user guide), keyed by the range the VPC's primary block is
 * in. `held` are the blocks the VPC holds now (for the 10.0.0.0/15 rule).
 */
export function isRestricted(primary: Cidr, held: readonly Cidr[], candidate: Cidr): boolean {
  const hits = (ranges: readonly Cidr[]) => ranges.some((range) => overlaps(range, candidate));
  switch (addressClassOf(primary)) {
    case '10/8':
      return (
        hits([RFC1918_172, RFC1918_192, BENCHMARK_198_19]) ||
        (held.some((b) => contains(TEN_ZERO_15, b)) && overlaps(TEN_ZERO_16, candidate))
      );
    case '172.16/12':
      return hits([RFC1918_10, RFC1918_192, DEFAULT_VPC_172_31, BENCHMARK_198_19]);
    case '192.168/16':
      return hits([RFC1918_10, RFC1918_172, BENCHMARK_198_19]);
    case '198.19/16':
      return hits(RFC1918_RANGES);
    case 'public-or-100.64':
      return hits([...RFC1918_RANGES, BENCHMARK_198_19]);
  }
}
