/**
 * CreateNodegroup, DescribeNodegroup, ListNodegroups, UpdateNodegroupConfig, UpdateNodegroupVersion,
 * DeleteNodegroup.
 */
import type { NodegroupUpdateConfig, ScalingConfig, Taint } from '../../../services/eks/types.js';
import type { EksRoute } from './context.js';
import {
  asObject,
  defined,
  optBool,
  optInt,
  optObject,
  optObjectList,
  optString,
  optStringList,
  optStringMap,
  reqString,
} from './input.js';
import type { JsonObject } from './input.js';
import type { EksErrorFields } from '../../../services/eks/errors.js';
import { listPage, pathParam } from './route-helpers.js';
import { nodegroupShape, updateShape } from './shapes.js';

function scalingOf(o: JsonObject | undefined, fields: EksErrorFields): Partial<ScalingConfig> | undefined {
  if (!o) return undefined;
  return defined({
    minSize: optInt(o, 'minSize', fields),
    maxSize: optInt(o, 'maxSize', fields),
    desiredSize: optInt(o, 'desiredSize', fields),
  });
}

function updateConfigOf(
  o: JsonObject | undefined,
  fields: EksErrorFields,
): NodegroupUpdateConfig | undefined {
  if (!o) return undefined;
  return defined({
    maxUnavailable: optInt(o, 'maxUnavailable', fields),
    maxUnavailablePercentage: optInt(o, 'maxUnavailablePercentage', fields),
    updateStrategy: optString(o, 'updateStrategy', fields) as NodegroupUpdateConfig['updateStrategy'],
  });
}

function launchTemplateOf(lt: JsonObject | undefined, fields: EksErrorFields) {
  return lt
    ? defined({
        id: optString(lt, 'id', fields),
        name: optString(lt, 'name', fields),
        version: optString(lt, 'version', fields),
      })
    : undefined;
}

function taintsOf(list: JsonObject[] | undefined, fields: EksErrorFields): Taint[] | undefined {
  return list?.map((t) =>
    defined({
      key: reqString(t, 'key', fields),
      value: optString(t, 'value', fields),
      effect: reqString(t, 'effect', fields),
    }),
  );
}

export const createNodegroupRoute: EksRoute = {
  operation: 'CreateNodegroup',
  method: 'POST',
  path: '/clusters/{name}/node-groups',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const nodegroupName = reqString(body, 'nodegroupName', { clusterName });
    const fields = { clusterName, nodegroupName };
    const lt = optObject(body, 'launchTemplate', fields);
    const updateConfig = optObject(body, 'updateConfig', fields);
    const ng = ctx.eks.createNodegroup(
      defined({
        clusterName,
        nodegroupName,
        subnets: optStringList(body, 'subnets', fields) ?? [],
        nodeRole: reqString(body, 'nodeRole', fields),
        scalingConfig: scalingOf(optObject(body, 'scalingConfig', fields), fields),
        instanceTypes: optStringList(body, 'instanceTypes', fields),
        amiType: optString(body, 'amiType', fields),
        diskSize: optInt(body, 'diskSize', fields),
        labels: optStringMap(body, 'labels', fields),
        taints: taintsOf(optObjectList(body, 'taints', fields), fields),
        tags: optStringMap(body, 'tags', fields),
        launchTemplate: launchTemplateOf(lt, fields),
        capacityType: optString(body, 'capacityType', fields),
        version: optString(body, 'version', fields),
        releaseVersion: optString(body, 'releaseVersion', fields),
        updateConfig: updateConfigOf(updateConfig, fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { nodegroup: nodegroupShape(ng) } };
  },
};

export const describeNodegroupRoute: EksRoute = {
  operation: 'DescribeNodegroup',
  method: 'GET',
  path: '/clusters/{name}/node-groups/{nodegroupName}',
  mutating: false,
  handle(req, ctx) {
    const ng = ctx.eks.describeNodegroup(pathParam(req, 'name'), pathParam(req, 'nodegroupName'));
    return { body: { nodegroup: nodegroupShape(ng) } };
  },
};

export const listNodegroupsRoute: EksRoute = {
  operation: 'ListNodegroups',
  method: 'GET',
  path: '/clusters/{name}/node-groups',
  mutating: false,
  handle(req, ctx) {
    const clusterName = pathParam(req, 'name');
    return listPage('nodegroups', ctx.eks.listNodegroups(clusterName), req.query, { clusterName });
  },
};

export const updateNodegroupConfigRoute: EksRoute = {
  operation: 'UpdateNodegroupConfig',
  method: 'POST',
  path: '/clusters/{name}/node-groups/{nodegroupName}/update-config',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const nodegroupName = pathParam(req, 'nodegroupName');
    const fields = { clusterName, nodegroupName };
    const labels = optObject(body, 'labels', fields);
    const updateConfig = optObject(body, 'updateConfig', fields);
    const update = ctx.eks.updateNodegroupConfig(
      clusterName,
      nodegroupName,
      defined({
        scalingConfig: scalingOf(optObject(body, 'scalingConfig', fields), fields),
        labels: labels
          ? defined({
              addOrUpdateLabels: optStringMap(labels, 'addOrUpdateLabels', fields),
              removeLabels: optStringList(labels, 'removeLabels', fields),
            })
          : undefined,
        updateConfig: updateConfigOf(updateConfig, fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { update: updateShape(update) } };
  },
};

export const updateNodegroupVersionRoute: EksRoute = {
  operation: 'UpdateNodegroupVersion',
  method: 'POST',
  path: '/clusters/{name}/node-groups/{nodegroupName}/update-version',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const nodegroupName = pathParam(req, 'nodegroupName');
    const fields = { clusterName, nodegroupName };
    const update = ctx.eks.updateNodegroupVersion(
      clusterName,
      nodegroupName,
      defined({
        version: optString(body, 'version', fields),
        releaseVersion: optString(body, 'releaseVersion', fields),
        launchTemplate: launchTemplateOf(optObject(body, 'launchTemplate', fields), fields),
        force: optBool(body, 'force', fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { update: updateShape(update) } };
  },
};

export const deleteNodegroupRoute: EksRoute = {
  operation: 'DeleteNodegroup',
  method: 'DELETE',
  path: '/clusters/{name}/node-groups/{nodegroupName}',
  mutating: true,
  handle(req, ctx) {
    const ng = ctx.eks.deleteNodegroup(pathParam(req, 'name'), pathParam(req, 'nodegroupName'));
    return { body: { nodegroup: nodegroupShape(ng) } };
  },
};
