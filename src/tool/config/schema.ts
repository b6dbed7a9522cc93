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

const WHOLE_NUMBER = 'expected a whole number';

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
  })
  .strict();

/** The config file: every field optional (flags and defaults fill the rest). */
export const configFileSchema = requestSchema.partial().strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
