/**
 * Tags on every EC2 resource, kept in one map by resource ID. EC2's limits: 50 tags per resource,
 * keys up to 127 characters, values up to 255, and the `aws:` prefix is reserved for AWS itself
 * (EKS and Auto Scaling set `aws:` tags; users may not set or delete them).
 */
import {
  InvalidId,
  InvalidInstanceIdNotFound,
  InvalidLaunchTemplateIdNotFound,
  InvalidNetworkInterfaceIdNotFound,
  InvalidParameterValue,
  InvalidRouteTableIdNotFound,
  InvalidSubnetIdNotFound,
  InvalidVpcIdNotFound,
  InvalidGroupNotFound,
  InvalidSecurityGroupRuleIdNotFound,
  NatGatewayNotFound,
  TagLimitExceeded,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { indexTags } from './state-index.js';
import type { Ec2Context, Ec2State, Tag } from './types.js';

export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 127;
export const MAX_TAG_VALUE_LENGTH = 255;

/** `resourceType` values of DescribeTags and TagSpecification, by ID prefix. */
const RESOURCE_TYPES: {
  prefix: string;
  type: string;
  table: keyof Ec2State;
  notFound: (id: string) => Error;
}[] = [
  { prefix: 'vpc-', type: 'vpc', table: 'vpcs', notFound: (id) => new InvalidVpcIdNotFound(id) },
  { prefix: 'subnet-', type: 'subnet', table: 'subnets', notFound: (id) => new InvalidSubnetIdNotFound(id) },
  {
    prefix: 'rtb-',
    type: 'route-table',
    table: 'routeTables',
    notFound: (id) => new InvalidRouteTableIdNotFound(id),
  },
  {
    prefix: 'sg-',
    type: 'security-group',
    table: 'securityGroups',
    notFound: (id) => new InvalidGroupNotFound(id),
  },
  {
    prefix: 'sgr-',
    type: 'security-group-rule',
    table: 'securityGroupRules',
    notFound: (id) => new InvalidSecurityGroupRuleIdNotFound(id),
  },
  { prefix: 'i-', type: 'instance', table: 'instances', notFound: (id) => new InvalidInstanceIdNotFound(id) },
  {
    prefix: 'eni-',
    type: 'network-interface',
    table: 'networkInterfaces',
    notFound: (id) => new InvalidNetworkInterfaceIdNotFound(id),
  },
  {
    prefix: 'lt-',
    type: 'launch-template',
    table: 'launchTemplates',
    notFound: (id) => new InvalidLaunchTemplateIdNotFound(id),
  },
  { prefix: 'nat-', type: 'natgateway', table: 'natGateways', notFound: (id) => new NatGatewayNotFound(id) },
];

export function resourceTypeOf(id: string): string | undefined {
  return RESOURCE_TYPES.find((r) => id.startsWith(r.prefix))?.type;
}

export function tagsOf(state: Ec2State, id: string): Tag[] {
  return state.tags[id] ?? [];
}

/** Throws EC2's NotFound error for the resource's kind when the ID is unknown. */
export function requireTaggable(state: Ec2State, id: string): void {
  const kind = RESOURCE_TYPES.find((r) => id.startsWith(r.prefix));
  if (!kind) throw new InvalidId(id);
  const table = state[kind.table] as Record<string, unknown>;
  if (!Object.hasOwn(table, id)) throw kind.notFound(id);
}

export interface TagOptions {
  /** EKS and Auto Scaling may set `aws:` tags; API callers may not. */
  allowReserved?: boolean;
}

function checkKey(key: string, options: TagOptions): void {
  if (key.length === 0) throw new InvalidParameterValue('Tag key cannot be empty');
  if (key.length > MAX_TAG_KEY_LENGTH) {
    throw new InvalidParameterValue(
      `Value (${key}) for parameter key is invalid. Tag key exceeds the maximum length of ${MAX_TAG_KEY_LENGTH} characters`,
    );
  }
  if (!options.allowReserved && key.toLowerCase().startsWith('aws:')) {
    throw new InvalidParameterValue(
      `Value ( ${key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`,
    );
  }
}

/** Validates a set of tags before any of them is applied (EC2 applies all or none). */
export function validateTags(tags: readonly Tag[], options: TagOptions = {}): void {
  for (const tag of tags) {
    checkKey(tag.key, options);
    if (tag.value.length > MAX_TAG_VALUE_LENGTH) {
      throw new InvalidParameterValue(
        `Value (${tag.value}) for parameter value is invalid. Tag value exceeds the maximum length of ${MAX_TAG_VALUE_LENGTH} characters`,
      );
    }
  }
  if (new Set(tags.map((t) => t.key)).size > MAX_TAGS_PER_RESOURCE) throw new TagLimitExceeded();
}

/** Merged tag list (a key set again replaces its value) after checking the per-resource limit. */
function merged(existing: readonly Tag[], tags: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  for (const tag of tags) {
    const found = out.find((t) => t.key === tag.key);
    if (found) found.value = tag.value;
    else out.push({ key: tag.key, value: tag.value });
  }
  return out;
}

/** Sets tags on resources that already passed `requireTaggable` (used by Create* with TagSpecifications). */
export function setTags(ctx: Ec2Context, id: string, tags: readonly Tag[], options: TagOptions = {}): void {
  if (tags.length === 0) return;
  validateTags(tags, options);
  const next = merged(tagsOf(ctx.state, id), tags);
  if (next.length > MAX_TAGS_PER_RESOURCE) throw new TagLimitExceeded();
  ctx.state.tags[id] = next;
  indexTags(ctx.state, id, tags);
}

export function createTags(
  ctx: Ec2Context,
  resourceIds: readonly string[],
  tags: readonly Tag[],
  options: TagOptions = {},
): void {
  validateTags(tags, options);
  for (const id of resourceIds) requireTaggable(ctx.state, id);
  for (const id of resourceIds) {
    if (merged(tagsOf(ctx.state, id), tags).length > MAX_TAGS_PER_RESOURCE) throw new TagLimitExceeded();
  }
  for (const id of resourceIds) setTags(ctx, id, tags, options);
}

/**
 * DeleteTags: a tag given with a value is removed only when the value matches; given without one,
 * whatever its value; no tags at all removes every (non-`aws:`) tag.
 */
export function deleteTags(
  ctx: Ec2Context,
  resourceIds: readonly string[],
  tags: readonly { key: string; value?: string | undefined }[],
  options: TagOptions = {},
): void {
  for (const tag of tags) checkKey(tag.key, options);
  for (const id of resourceIds) requireTaggable(ctx.state, id);
  for (const id of resourceIds) {
    const kept = tagsOf(ctx.state, id).filter((t) => {
      if (tags.length === 0) return !options.allowReserved && t.key.startsWith('aws:');
      return !tags.some((d) => d.key === t.key && (d.value === undefined || d.value === t.value));
    });
    if (kept.length > 0) ctx.state.tags[id] = kept;
    else delete ctx.state.tags[id];
  }
}

export interface TagDescription {
  resourceId: string;
  resourceType: string;
  key: string;
  value: string;
}

const tagFilters: FilterSpec<TagDescription> = {
  key: (t) => t.key,
  value: (t) => t.value,
  'resource-id': (t) => t.resourceId,
  'resource-type': (t) => t.resourceType,
};

export function describeTags(state: Ec2State, filters: Filter[] | undefined): TagDescription[] {
  const all: TagDescription[] = [];
  for (const [resourceId, tags] of Object.entries(state.tags)) {
    const resourceType = resourceTypeOf(resourceId) ?? 'unknown';
    for (const tag of tags) all.push({ resourceId, resourceType, key: tag.key, value: tag.value });
  }
  return applyFilters(all, filters, tagFilters);
}

/** Tags of a TagSpecification list that apply to `resourceType` (others are refused by EC2). */
export function tagsForResourceType(
  specs: readonly { resourceType: string; tags: Tag[] }[] | undefined,
  resourceType: string,
): Tag[] {
  const out: Tag[] = [];
  for (const spec of specs ?? []) {
    if (spec.resourceType !== resourceType) {
      throw new InvalidParameterValue(
        `'${spec.resourceType}' is not a valid taggable resource type for this operation.`,
      );
    }
    out.push(...spec.tags);
  }
  return out;
}
