/**
 * Managed add-ons: CreateAddon, UpdateAddon (addonVersion, configurationValues, resolveConflicts),
 * DeleteAddon. The add-on manager writes the version's images and the configured env into the add-on's
 * DaemonSet when the CREATING or UPDATING transition completes; a conflict under resolveConflicts NONE fails the update (ConfigurationConflict).
 */
import {
  applyAddonEnv,
  applyAddonVersion,
  desiredAddonEnv,
  parseConfigurationValues,
} from './addon-config.js';
import { addonOf, arnPrefix, clusterEntry, now } from './context.js';
import type { EksContext } from './context.js';
import { ADDON_CATALOG } from './defaults.js';
import { InvalidParameterException, InvalidRequestException, ResourceInUseException } from './errors.js';
import { delayOf } from './ports.js';
import type { AddonRecord, ClusterEntry, ResolveConflicts, Tags, UpdateRecord } from './types.js';
import { finishUpdate, startUpdate } from './updates.js';
import { validateTags } from './validation.js';

export interface CreateAddonInput {
  clusterName: string;
  addonName: string;
  addonVersion?: string;
  serviceAccountRoleArn?: string;
  resolveConflicts?: string;
  configurationValues?: string;
  tags?: Tags;
  clientRequestToken?: string;
}

export interface UpdateAddonInput {
  addonVersion?: string;
  serviceAccountRoleArn?: string;
  resolveConflicts?: string;
  configurationValues?: string;
  clientRequestToken?: string;
}

const RESOLVE_CONFLICTS = new Set(['OVERWRITE', 'NONE', 'PRESERVE']);

function checkResolveConflicts(value: string | undefined, fields: object): ResolveConflicts | undefined {
  if (value === undefined) return undefined;
  if (!RESOLVE_CONFLICTS.has(value)) {
    throw new InvalidParameterException(
      `1 validation error detected: Value '${value}' at 'resolveConflicts' failed to satisfy constraint: Member must satisfy enum value set: [OVERWRITE, NONE, PRESERVE]`,
      fields,
    );
  }
  return value as ResolveConflicts;
}

function checkVersion(addonName: string, version: string | undefined, fields: object): string {
  const entry = ADDON_CATALOG[addonName];
  if (!entry) {
    throw new InvalidParameterException(`Addon ${addonName} specified is not supported`, fields);
  }
  if (version === undefined) return entry.defaultVersion;
  if (!entry.versions.includes(version)) {
    throw new InvalidParameterException(
      `Addon version specified is not supported, addon: ${addonName}, version: ${version}`,
      fields,
    );
  }
  return version;
}

export function createAddon(ctx: EksContext, input: CreateAddonInput): AddonRecord {
  const entry = clusterEntry(ctx, input.clusterName);
  const fields = { clusterName: input.clusterName, addonName: input.addonName };
  if (entry.addons[input.addonName]) throw new ResourceInUseException('Addon already exists.', fields);
  if (entry.cluster.status !== 'ACTIVE' && entry.cluster.status !== 'UPDATING') {
    throw new InvalidRequestException(`Cluster '${input.clusterName}' is not in ACTIVE status`, fields);
  }
  const addonVersion = checkVersion(input.addonName, input.addonVersion, fields);
  const resolveConflicts = checkResolveConflicts(input.resolveConflicts, fields);
  parseConfigurationValues(input.addonName, input.configurationValues, fields);
  const tags = validateTags(input.tags ?? {}, fields);
  const at = now(ctx);
  const addon: AddonRecord = {
    addonName: input.addonName,
    clusterName: input.clusterName,
    addonArn: `${arnPrefix(ctx)}:addon/${input.clusterName}/${input.addonName}/${ctx.env.ids.uuid()}`,
    addonVersion,
    status: 'CREATING',
    dueAt: at + delayOf(ctx.env, 'addonCreate'),
    createdAt: at,
    modifiedAt: at,
    ...(input.serviceAccountRoleArn ? { serviceAccountRoleArn: input.serviceAccountRoleArn } : {}),
    ...(input.configurationValues !== undefined ? { configurationValues: input.configurationValues } : {}),
    ...(resolveConflicts ? { resolveConflicts } : {}),
    tags,
    issues: [],
    appliedEnv: {},
  };
  entry.addons[input.addonName] = addon;
  return addon;
}

export function updateAddon(
  ctx: EksContext,
  clusterName: string,
  addonName: string,
  input: UpdateAddonInput,
): UpdateRecord {
  const entry = clusterEntry(ctx, clusterName);
  const addon = addonOf(ctx, clusterName, addonName);
  const fields = { clusterName, addonName };
  if (addon.status === 'CREATING' || addon.status === 'UPDATING' || addon.status === 'DELETING') {
    throw new ResourceInUseException(
      `Addon ${addonName} cannot be updated as it is currently in ${addon.status} state`,
      fields,
    );
  }
  const resolveConflicts = checkResolveConflicts(input.resolveConflicts, fields);
  const addonVersion =
    input.addonVersion === undefined ? undefined : checkVersion(addonName, input.addonVersion, fields);
  if (input.configurationValues !== undefined) {
    parseConfigurationValues(addonName, input.configurationValues, fields);
  }
  const params: { type: string; value: string }[] = [];
  if (addonVersion !== undefined) params.push({ type: 'AddonVersion', value: addonVersion });
  if (input.serviceAccountRoleArn !== undefined) {
    params.push({ type: 'ServiceAccountRoleArn', value: input.serviceAccountRoleArn });
  }
  if (resolveConflicts !== undefined) params.push({ type: 'ResolveConflicts', value: resolveConflicts });
  if (input.configurationValues !== undefined) {
    params.push({ type: 'ConfigurationValues', value: input.configurationValues });
  }
  const update = startUpdate(ctx, entry, 'AddonUpdate', params, { addonName });
  const at = now(ctx);
  if (addonVersion !== undefined) addon.addonVersion = addonVersion;
  if (input.serviceAccountRoleArn !== undefined) addon.serviceAccountRoleArn = input.serviceAccountRoleArn;
  if (input.configurationValues !== undefined) addon.configurationValues = input.configurationValues;
  addon.resolveConflicts = resolveConflicts ?? 'NONE';
  addon.status = 'UPDATING';
  addon.modifiedAt = at;
  addon.dueAt = at + delayOf(ctx.env, 'addonUpdate');
  addon.pendingUpdateId = update.id;
  return update;
}

export function deleteAddon(ctx: EksContext, clusterName: string, addonName: string): AddonRecord {
  const addon = addonOf(ctx, clusterName, addonName);
  if (addon.status !== 'DELETING') {
    const at = now(ctx);
    addon.status = 'DELETING';
    addon.modifiedAt = at;
    addon.dueAt = at + delayOf(ctx.env, 'addonDelete');
  }
  return addon;
}

/** Writes the add-on's configuration into its DaemonSet; returns the conflicting env names, if any. */
function reconcileAddon(ctx: EksContext, addon: AddonRecord): string[] {
  const store = ctx.kube.store?.(addon.clusterName);
  if (!store) return [];
  const fields = { clusterName: addon.clusterName, addonName: addon.addonName };
  const config = parseConfigurationValues(addon.addonName, addon.configurationValues, fields);
  applyAddonVersion(store, addon.addonName, addon.addonVersion);
  const outcome = applyAddonEnv(
    store,
    addon.addonName,
    desiredAddonEnv(addon.addonName, config),
    addon.appliedEnv,
    addon.resolveConflicts ?? 'NONE',
  );
  if (!outcome.ok) return outcome.conflicts;
  addon.appliedEnv = outcome.appliedEnv;
  return [];
}

export function advanceAddon(ctx: EksContext, entry: ClusterEntry, addon: AddonRecord, at: number): boolean {
  if (addon.dueAt === undefined || addon.dueAt > at) return false;
  delete addon.dueAt;
  addon.modifiedAt = at;
  if (addon.status === 'DELETING') {
    delete entry.addons[addon.addonName];
    return true;
  }
  const conflicts = reconcileAddon(ctx, addon);
  const issue =
    conflicts.length > 0
      ? {
          code: 'ConfigurationConflict',
          message: `Conflicts found when trying to apply. Will not continue due to resolve conflicts mode. Conflicts:\nDaemonSet.apps aws-node - .spec.template.spec.containers[name="aws-node"].env: ${conflicts.join(', ')}`,
          resourceIds: [],
        }
      : undefined;
  if (addon.status === 'CREATING') {
    addon.status = issue ? 'CREATE_FAILED' : 'ACTIVE';
    addon.issues = issue ? [issue] : [];
  } else if (addon.status === 'UPDATING') {
    // A refused update leaves the add-on as it was; the update object carries the error.
    addon.status = 'ACTIVE';
    addon.issues = [];
    finishUpdate(
      entry,
      addon.pendingUpdateId,
      issue
        ? { errorCode: 'ConfigurationConflict', errorMessage: issue.message, resourceIds: [] }
        : undefined,
    );
    delete addon.pendingUpdateId;
  }
  return true;
}
