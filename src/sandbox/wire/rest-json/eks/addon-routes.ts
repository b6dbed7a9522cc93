/** CreateAddon, DescribeAddon, ListAddons, UpdateAddon, DeleteAddon, DescribeAddonVersions. */
import type { EksRoute } from './context.js';
import { asObject, defined, optString, optStringMap, reqString } from './input.js';
import { paginate } from './paginate.js';
import { listPage, pathParam } from './route-helpers.js';
import { addonShape, updateShape } from './shapes.js';

export const createAddonRoute: EksRoute = {
  operation: 'CreateAddon',
  method: 'POST',
  path: '/clusters/{name}/addons',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const addonName = reqString(body, 'addonName', { clusterName });
    const fields = { clusterName, addonName };
    const addon = ctx.eks.createAddon(
      defined({
        clusterName,
        addonName,
        addonVersion: optString(body, 'addonVersion', fields),
        serviceAccountRoleArn: optString(body, 'serviceAccountRoleArn', fields),
        resolveConflicts: optString(body, 'resolveConflicts', fields),
        configurationValues: optString(body, 'configurationValues', fields),
        tags: optStringMap(body, 'tags', fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { addon: addonShape(addon) } };
  },
};

export const describeAddonRoute: EksRoute = {
  operation: 'DescribeAddon',
  method: 'GET',
  path: '/clusters/{name}/addons/{addonName}',
  mutating: false,
  handle(req, ctx) {
    const addon = ctx.eks.describeAddon(pathParam(req, 'name'), pathParam(req, 'addonName'));
    return { body: { addon: addonShape(addon) } };
  },
};

export const listAddonsRoute: EksRoute = {
  operation: 'ListAddons',
  method: 'GET',
  path: '/clusters/{name}/addons',
  mutating: false,
  handle(req, ctx) {
    const clusterName = pathParam(req, 'name');
    return listPage('addons', ctx.eks.listAddons(clusterName), req.query, { clusterName });
  },
};

export const updateAddonRoute: EksRoute = {
  operation: 'UpdateAddon',
  method: 'POST',
  path: '/clusters/{name}/addons/{addonName}/update',
  mutating: true,
  handle(req, ctx) {
    const body = asObject(req.body);
    const clusterName = pathParam(req, 'name');
    const addonName = pathParam(req, 'addonName');
    const fields = { clusterName, addonName };
    const update = ctx.eks.updateAddon(
      clusterName,
      addonName,
      defined({
        addonVersion: optString(body, 'addonVersion', fields),
        serviceAccountRoleArn: optString(body, 'serviceAccountRoleArn', fields),
        resolveConflicts: optString(body, 'resolveConflicts', fields),
        configurationValues: optString(body, 'configurationValues', fields),
        clientRequestToken: optString(body, 'clientRequestToken', fields),
      }),
    );
    return { body: { update: updateShape(update) } };
  },
};

export const deleteAddonRoute: EksRoute = {
  operation: 'DeleteAddon',
  method: 'DELETE',
  path: '/clusters/{name}/addons/{addonName}',
  mutating: true,
  handle(req, ctx) {
    // `preserve` keeps the add-on's Kubernetes objects; the sandbox never removes them either way.
    const addon = ctx.eks.deleteAddon(pathParam(req, 'name'), pathParam(req, 'addonName'));
    return { body: { addon: addonShape(addon) } };
  },
};

export const describeAddonVersionsRoute: EksRoute = {
  operation: 'DescribeAddonVersions',
  method: 'GET',
  path: '/addons/supported-versions',
  mutating: false,
  handle(req, ctx) {
    const kubernetesVersion = req.query.get('kubernetesVersion') ?? undefined;
    const catalog = ctx.eks.addonCatalog(req.query.get('addonName') ?? undefined);
    const page = paginate(
      catalog.map((a) => a.addonName),
      req.query,
    );
    const addons = page.items.flatMap((name) => {
      const entry = catalog.find((a) => a.addonName === name);
      if (!entry) return [];
      return [
        {
          addonName: entry.addonName,
          type: entry.type,
          addonVersions: entry.versions.map((addonVersion) => ({
            addonVersion,
            architecture: ['amd64', 'arm64'],
            computeTypes: ['ec2'],
            compatibilities: [
              {
                clusterVersion: kubernetesVersion ?? '1.31',
                platformVersions: ['*'],
                defaultVersion: addonVersion === entry.defaultVersion,
              },
            ],
            requiresConfiguration: false,
            requiresIamPermissions: false,
          })),
          publisher: 'eks',
          owner: 'aws',
        },
      ];
    });
    return { body: defined({ addons, nextToken: page.nextToken }) };
  },
};
