/**
 * The request schema (zod 4), shared by the config file and the flags, so both are validated by the
 * same rules and every error names the field it is about.
 */
import { z } from 'zod';
import { parseCidr } from '../../shared/cidr/index.js';
import {
  NODES_PER_MANAGED_NODEGROUP,
  checkSpecialPurposeRange,
  isPubliclyRoutable,
  specialPurposeRangeOf,
} from '../../shared/aws-facts/index.js';
import { MODES, PREFIX_DELEGATION_CHOICES } from './request.js';

const cidrOrAuto = z.union([z.literal('auto'), z.string().trim()]).superRefine((value, ctx) => {
  if (value === 'auto') return;
  try {
    parseCidr(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

const WHOLE_NUMBER = 'expected a whole number';

// Regular zones (us-east-1a), Local/Wavelength zones (us-west-2-lax-1a), and zone ids (use1-az1,
// usw2-lax1-az1) which the planner maps to this account's zone names.
const ZONE_NAME = /^[a-z]{2}(-[a-z0-9]+)+[a-z]$/;
const ZONE_ID = /^[a-z]{2,4}\d(-[a-z]+\d+)?-az\d+$/;
const zoneName = z.string().refine((v) => ZONE_NAME.test(v) || ZONE_ID.test(v), {
  error: (issue) =>
    `'${String(issue.input)}' is not an availability zone name (us-east-1a) or zone id (use1-az1)`,
});
const securityGroupId = z
  .string()
  .regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id such as sg-0123456789abcdef0');

/** A label key as Kubernetes allows it: optional DNS prefix, then a name of at most 63 characters. */
const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    'expected a Kubernetes label key such as topology.kubernetes.io/zone',
  )
  // The optional prefix is a DNS subdomain: at most 253 characters (Kubernetes validation).
  .refine((key) => !key.includes('/') || key.indexOf('/') <= 253, {
    error: 'expected a Kubernetes label key: its prefix (before the /) has at most 253 characters',
  });

/** The fields and their rules; requestSchema adds the rules across fields. */
export const requestFields = z
  .object({
    cluster: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'expected an EKS cluster name'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as us-east-1')
      .optional(),
    cidr: cidrOrAuto,
    subnetPrefix: z.union([
      z.literal('auto'),
      z
        .number(WHOLE_NUMBER)
        .int(WHOLE_NUMBER)
        .min(16, 'expected a prefix length from 16 to 28 (EC2 subnets are /16 to /28), or auto')
        .max(28, 'expected a prefix length from 16 to 28 (EC2 subnets are /16 to /28), or auto'),
    ]),
    zones: z.union([z.literal('auto'), z.array(zoneName).min(1)]),
    securityGroups: z.union([
      z.literal('auto'),
      z
        .array(securityGroupId)
        .min(1, 'expected at least one security group id, or auto')
        .max(5, 'expected at most 5 security groups (the limit per network interface)'),
    ]),
    labelDef: labelKey,
    nameTagPrefix: z.string().min(1).max(200),
    rotateNodes: z.boolean(),
    allowCapacityLoss: z.boolean(),
    allowPublicCidr: z.boolean(),
    stopNodeSubnetPods: z.boolean(),
    minMaxPods: z
      .number(WHOLE_NUMBER)
      .int(WHOLE_NUMBER)
      .min(1, 'expected a number of pods from 1 to 250')
      .max(250, 'expected a number of pods from 1 to 250 (the EKS max-pods cap)'),
    drainTimeoutSeconds: z
      .number(WHOLE_NUMBER)
      .int(WHOLE_NUMBER)
      .min(1, 'expected a number of seconds from 1 to 86400')
      .max(86400, 'expected a number of seconds from 1 to 86400'),
    mode: z.enum(MODES, { error: `expected one of ${MODES.join(', ')}` }),
    prefixDelegation: z.enum(PREFIX_DELEGATION_CHOICES, {
      error: `expected one of ${PREFIX_DELEGATION_CHOICES.join(', ')}`,
    }),
    capacityHeadroomPercent: z
      .number(WHOLE_NUMBER)
      .int(WHOLE_NUMBER)
      .min(0, 'expected a percentage from 0 to 1000')
      .max(1000, 'expected a percentage from 0 to 1000'),
    nodeCounts: z.record(
      z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$/, 'expected a node group name'),
      z
        .number(WHOLE_NUMBER)
        .int(WHOLE_NUMBER)
        .min(1, `expected a node count from 1 to ${NODES_PER_MANAGED_NODEGROUP}`)
        .max(
          NODES_PER_MANAGED_NODEGROUP,
          `expected a node count from 1 to ${NODES_PER_MANAGED_NODEGROUP} (the EKS nodes-per-node-group quota)`,
        ),
    ),
    maxNodes: z
      .number(WHOLE_NUMBER)
      .int(WHOLE_NUMBER)
      .min(1, 'expected a number of nodes of at least 1')
      .optional(),
    rotation: z.enum(['auto', 'rolling', 'replace', 'none'], {
      error: 'expected auto, rolling, replace or none',
    }),
    maxUnavailable: z
      .string()
      .regex(/^([1-9]\d*|([1-9]\d?|100)%)$/, 'expected a number of nodes (1) or a percentage (10%)')
      .optional(),
    force: z.boolean(),
  })
  .strict();

export const requestSchema = requestFields.superRefine((request, ctx) => {
  if (request.cidr === 'auto') return;
  let block;
  try {
    block = parseCidr(request.cidr);
  } catch {
    return; // reported by the cidr field
  }
  const special = specialPurposeRangeOf(block);
  if (special) {
    const rule = checkSpecialPurposeRange(request.cidr);
    const basis = special.documentedByAws
      ? 'EC2 refuses it (InvalidVpc.Range).'
      : 'AWS documents no rule for this range; eks-cidr refuses it before asking EC2.';
    ctx.addIssue({
      code: 'custom',
      path: ['cidr'],
      message: `${rule.ok ? request.cidr : rule.message} ${basis} Use a block of 100.64.0.0/10, or --cidr auto`,
    });
    return;
  }
  if (request.allowPublicCidr) return;
  if (isPubliclyRoutable(block))
    ctx.addIssue({
      code: 'custom',
      path: ['cidr'],
      message: `${request.cidr} is publicly routable: its addresses belong to someone on the internet, and inside the VPC they would be routed locally, so pods could never reach those hosts. Use a block of 100.64.0.0/10 (or RFC 1918); pass --allow-public-cidr only for a block your organisation owns`,
    });
});

/** The config file: every field optional (flags and defaults fill the rest). */
export const configFileSchema = requestFields.partial().strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
