/**
 * TagResource, UntagResource, ListTagsForResource: EKS finds the resource by ARN (cluster, node group,
 * add-on, Fargate profile) and answers with its own tagging errors (BadRequestException,
 * NotFoundException), not the resource errors of the other operations.
 */
import type { EksContext } from './context.js';
import { BadRequestException, NotFoundException } from './errors.js';
import type { Tags } from './types.js';

function taggable(ctx: EksContext, arn: string): { tags: Tags } {
  if (!/^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:[a-z]+\/.+/.test(arn)) {
    throw new BadRequestException(`${arn} is not a valid ARN`);
  }
  for (const entry of Object.values(ctx.state.clusters)) {
    if (entry.cluster.arn === arn) return entry.cluster;
    for (const ng of Object.values(entry.nodegroups)) if (ng.nodegroupArn === arn) return ng;
    for (const addon of Object.values(entry.addons)) if (addon.addonArn === arn) return addon;
    for (const fp of Object.values(entry.fargateProfiles)) if (fp.fargateProfileArn === arn) return fp;
  }
  throw new NotFoundException(`Resource was not found: ${arn}`);
}

function checkTags(current: Tags, added: Tags): void {
  for (const [key, value] of Object.entries(added)) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw new BadRequestException(`Tag keys starting with 'aws:' are reserved: ${key}`);
    }
    if (key.length === 0 || key.length > 128 || typeof value !== 'string' || value.length > 256) {
      throw new BadRequestException(`Tag ${key} is not valid`);
    }
  }
  if (Object.keys({ ...current, ...added }).length > 50) {
    throw new BadRequestException('Number of tags exceeds the limit of 50.');
  }
}

export function tagResource(ctx: EksContext, arn: string, tags: Tags): void {
  const resource = taggable(ctx, arn);
  checkTags(resource.tags, tags);
  Object.assign(resource.tags, tags);
}

export function untagResource(ctx: EksContext, arn: string, keys: string[]): void {
  const resource = taggable(ctx, arn);
  for (const key of keys) delete resource.tags[key];
}

export function listTagsForResource(ctx: EksContext, arn: string): Tags {
  return { ...taggable(ctx, arn).tags };
}
