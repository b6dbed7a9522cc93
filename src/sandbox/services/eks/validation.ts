/**
 * Parameter checks EKS makes before anything else, with the messages its API validation layer uses
 * ("1 validation error detected: ...") where the model has a constraint, and EKS's own words otherwise.
 */
import { InvalidParameterException } from './errors.js';
import type { EksErrorFields } from './errors.js';
import type { NodegroupUpdateConfig, ScalingConfig, Tags } from './types.js';

const NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

export function validateName(value: string, member: string, fields: EksErrorFields = {}): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100 || !NAME_PATTERN.test(value)) {
    throw new InvalidParameterException(
      `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z][A-Za-z0-9\\-_]*`,
      fields,
    );
  }
}

/** EKS resource tags: at most 50, keys 1..128 characters, values up to 256, `aws:` reserved. */
export function validateTags(tags: Tags, fields: EksErrorFields = {}): Tags {
  const entries = Object.entries(tags);
  if (entries.length > 50) {
    throw new InvalidParameterException('Number of tags exceeds the limit of 50.', fields);
  }
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > 128) {
      throw new InvalidParameterException(`Tag key '${key}' must be between 1 and 128 characters.`, fields);
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw new InvalidParameterException(
        `Tag value for key '${key}' must be at most 256 characters.`,
        fields,
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw new InvalidParameterException(`Tag keys starting with 'aws:' are reserved: ${key}`, fields);
    }
  }
  return { ...tags };
}

/** CreateNodegroup's and UpdateNodegroupConfig's size rules, with EKS's messages for each. */
export function validateScaling(
  scaling: ScalingConfig,
  mode: 'create' | 'update',
  fields: EksErrorFields,
): void {
  const { minSize, maxSize, desiredSize } = scaling;
  for (const [name, value] of Object.entries(scaling)) {
    if (!Number.isInteger(value) || (value as number) < 0) {
      throw new InvalidParameterException(`${name} is not valid`, fields);
    }
  }
  if (maxSize < 1) throw new InvalidParameterException('maxSize must be greater than or equal to 1', fields);
  // [violated, CreateNodegroup's message, UpdateNodegroupConfig's message], checked in this order.
  const orderings: [boolean, string, string][] = [
    [
      minSize > maxSize,
      "minSize can't be greater than maxSize",
      `Minimum capacity ${minSize} can't be greater than maximum capacity ${maxSize}`,
    ],
    [
      desiredSize > maxSize,
      "desiredSize can't be greater than maxSize",
      `Desired capacity ${desiredSize} can't be greater than maximum capacity ${maxSize}`,
    ],
    [
      minSize > desiredSize,
      "minSize can't be greater than desiredSize",
      `Minimum capacity ${minSize} can't be greater than desired size ${desiredSize}`,
    ],
  ];
  for (const [violated, createMessage, updateMessage] of orderings) {
    if (violated)
      throw new InvalidParameterException(mode === 'create' ? createMessage : updateMessage, fields);
  }
}

/** Kubernetes label keys and values, as EKS checks them for node group labels. */
export function validateLabels(labels: Tags, fields: EksErrorFields): void {
  const keyPattern =
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
  const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
  for (const [key, value] of Object.entries(labels)) {
    if (!keyPattern.test(key) || typeof value !== 'string' || !valuePattern.test(value)) {
      throw new InvalidParameterException(
        `Label ${key}=${String(value)} is not a valid Kubernetes label`,
        fields,
      );
    }
  }
}

/**
 * NodegroupUpdateConfig (botocore: maxUnavailable NonZeroInteger up to 100, maxUnavailablePercentage
 * 1..100, updateStrategy DEFAULT | MINIMAL): one of the two sizes, not both.
 */
export function validateUpdateConfig(config: NodegroupUpdateConfig, fields: EksErrorFields): void {
  const { maxUnavailable, maxUnavailablePercentage, updateStrategy } = config;
  if (maxUnavailable !== undefined && maxUnavailablePercentage !== undefined) {
    throw new InvalidParameterException(
      'Only one of maxUnavailable or maxUnavailablePercentage can be specified.',
      fields,
    );
  }
  if (
    maxUnavailable !== undefined &&
    (!Number.isInteger(maxUnavailable) || maxUnavailable < 1 || maxUnavailable > 100)
  ) {
    throw new InvalidParameterException('maxUnavailable must be between 1 and 100.', fields);
  }
  if (
    maxUnavailablePercentage !== undefined &&
    (!Number.isInteger(maxUnavailablePercentage) ||
      maxUnavailablePercentage < 1 ||
      maxUnavailablePercentage > 100)
  ) {
    throw new InvalidParameterException('maxUnavailablePercentage must be between 1 and 100.', fields);
  }
  if (updateStrategy !== undefined && updateStrategy !== 'DEFAULT' && updateStrategy !== 'MINIMAL') {
    throw new InvalidParameterException(`updateStrategy ${String(updateStrategy)} is not valid`, fields);
  }
}
