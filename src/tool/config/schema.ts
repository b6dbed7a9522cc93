/**
 * The request schema (zod 4), shared by the config file and the flags, so both are validated by the
 * same rules and every error names the field it is about.
 */
import { z } from 'zod';
import { parseCidr } from '../../shared/cidr/index.js';

const cidrOrAuto = z.union([z.literal('auto'), z.string().trim()]).superRefine((value, ctx) => {
  if (value === 'auto') return;
  try {
    parseCidr(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

// Regular zones (us-east-1a) and Local/Wavelength zones (us-west-2-lax-1a).
const zoneName = z
  .string()
  .regex(/^[a-z]{2}(-[a-z0-9]+)+[a-z]$/, 'expected an availability zone name such as us-east-1a');
const securityGroupId = z
  .string()
  .regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id such as sg-0123456789abcdef0');

/** A label key as Kubernetes allows it: optional DNS prefix, then a name of at most 63 characters. */
const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    'expected a Kubernetes label key such as topology.kubernetes.io/zone',
  );

export const requestSchema = z
  .object({
    cluster: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'expected an EKS cluster name'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as us-east-1')
      .optional(),
    cidr: cidrOrAuto,
    subnetPrefix: z.union([z.literal('auto'), z.number().int().min(16).max(28)]),
    zones: z.union([z.literal('auto'), z.array(zoneName).min(1)]),
    securityGroups: z.union([z.literal('auto'), z.array(securityGroupId).min(1).max(5)]),
    labelDef: labelKey,
    nameTagPrefix: z.string().min(1).max(200),
    rotateNodes: z.boolean(),
    allowCapacityLoss: z.boolean(),
    minMaxPods: z.number().int().min(1).max(250),
    drainTimeoutSeconds: z.number().int().min(1).max(86400),
  })
  .strict();

/** The config file: every field optional (flags and defaults fill the rest). */
export const configFileSchema = requestSchema.partial().strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
