/** DescribeUpdate, ListUpdates, TagResource, UntagResource, ListTagsForResource. */
import { BadRequestException } from '../../../services/eks/errors.js';
import type { EksRoute } from './context.js';
import { asObject, defined, optStringMap } from './input.js';
import { listPage, pathParam } from './route-helpers.js';
import { updateShape } from './shapes.js';

function scopeOf(query: URLSearchParams): { nodegroupName?: string; addonName?: string } {
  return defined({
    nodegroupName: query.get('nodegroupName') ?? undefined,
    addonName: query.get('addonName') ?? undefined,
  });
}

export const describeUpdateRoute: EksRoute = {
  operation: 'DescribeUpdate',
  method: 'GET',
  path: '/clusters/{name}/updates/{updateId}',
  mutating: false,
  handle(req, ctx) {
    const update = ctx.eks.describeUpdate(
      pathParam(req, 'name'),
      pathParam(req, 'updateId'),
      scopeOf(req.query),
    );
    return { body: { update: updateShape(update) } };
  },
};

export const listUpdatesRoute: EksRoute = {
  operation: 'ListUpdates',
  method: 'GET',
  path: '/clusters/{name}/updates',
  mutating: false,
  handle(req, ctx) {
    const clusterName = pathParam(req, 'name');
    return listPage('updateIds', ctx.eks.listUpdates(clusterName, scopeOf(req.query)), req.query, {
      clusterName,
    });
  },
};

export const tagResourceRoute: EksRoute = {
  operation: 'TagResource',
  method: 'POST',
  path: '/tags/{resourceArn}',
  mutating: true,
  handle(req, ctx) {
    const tags = optStringMap(asObject(req.body), 'tags');
    if (!tags) throw new BadRequestException('tags is required');
    ctx.eks.tagResource(pathParam(req, 'resourceArn'), tags);
    return { body: {} };
  },
};

export const untagResourceRoute: EksRoute = {
  operation: 'UntagResource',
  method: 'DELETE',
  path: '/tags/{resourceArn}',
  mutating: true,
  handle(req, ctx) {
    ctx.eks.untagResource(pathParam(req, 'resourceArn'), req.query.getAll('tagKeys'));
    return { body: {} };
  },
};

export const listTagsForResourceRoute: EksRoute = {
  operation: 'ListTagsForResource',
  method: 'GET',
  path: '/tags/{resourceArn}',
  mutating: false,
  handle(req, ctx) {
    return { body: { tags: ctx.eks.listTagsForResource(pathParam(req, 'resourceArn')) } };
  },
};
