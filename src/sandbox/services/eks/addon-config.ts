/**
 * Managed add-on configuration: `configurationValues` is JSON or YAML checked against the add-on's
 * schema (vpc-cni's refuses unknown keys and non-string env values), and the add-on manager writes the
 * resulting env into its DaemonSet, detecting fields someone else changed (resolveConflicts).
 */
import { parse as parseYaml } from 'yaml';
import { InvalidParameterException } from './errors.js';
import type { EksErrorFields } from './errors.js';
import { ADDON_CATALOG, VPC_CNI_ENV_KEYS, VPC_CNI_TOP_LEVEL_KEYS } from './defaults.js';
import type { EksKubeStorePort, KubeResourceRef } from './ports.js';
import type { ResolveConflicts } from './types.js';

export type AddonConfiguration = Record<string, unknown>;

function unsupported(detail: string, fields: EksErrorFields): InvalidParameterException {
  return new InvalidParameterException(
    `ConfigurationValue provided in request is not supported [${detail}]`,
    fields,
  );
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Parses and validates; returns the configuration object ({} for an empty string). */
export function parseConfigurationValues(
  addonName: string,
  raw: string | undefined,
  fields: EksErrorFields,
): AddonConfiguration {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    throw new InvalidParameterException('ConfigurationValue is not in valid JSON or YAML format.', fields);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidParameterException('ConfigurationValue is not in valid JSON or YAML format.', fields);
  }
  const config = parsed as AddonConfiguration;
  if (addonName === 'vpc-cni') validateVpcCniConfiguration(config, fields);
  return config;
}

function validateVpcCniConfiguration(config: AddonConfiguration, fields: EksErrorFields): void {
  for (const key of Object.keys(config)) {
    if (!VPC_CNI_TOP_LEVEL_KEYS.has(key)) {
      throw unsupported(
        `$.${key}: is not defined in the schema and the schema does not allow additional properties`,
        fields,
      );
    }
  }
  const env = config['env'];
  if (env === undefined) return;
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    throw unsupported(`$.env: ${jsonType(env)} found, object expected`, fields);
  }
  for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
    if (!VPC_CNI_ENV_KEYS.has(name)) {
      throw unsupported(
        `$.env.${name}: is not defined in the schema and the schema does not allow additional properties`,
        fields,
      );
    }
    if (typeof value !== 'string') {
      throw unsupported(`$.env.${name}: ${jsonType(value)} found, string expected`, fields);
    }
  }
}

/** The env an add-on wants on its DaemonSet: its defaults overlaid with the configured `env`. */
export function desiredAddonEnv(addonName: string, config: AddonConfiguration): Record<string, string> {
  const entry = ADDON_CATALOG[addonName];
  if (!entry?.daemonSet) return {};
  const configured = (config['env'] ?? {}) as Record<string, string>;
  return { ...entry.defaultEnv, ...configured };
}

const DAEMONSETS: KubeResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface DaemonSetLike {
  spec?: { template?: { spec?: { containers?: { name: string; env?: EnvVar[] }[] } } };
}

export type ApplyOutcome =
  { ok: true; appliedEnv: Record<string, string> } | { ok: false; conflicts: string[] };

/**
 * Writes `desired` into the add-on's DaemonSet container env. A live value that differs both from what
 * the add-on last applied and from what it wants now was changed by someone else: a conflict, which
 * OVERWRITE overwrites, PRESERVE keeps, and NONE refuses (the update fails, nothing is written).
 * Keys the add-on applied before and no longer wants are removed.
 */
export function applyAddonEnv(
  store: EksKubeStorePort,
  addonName: string,
  desired: Record<string, string>,
  previouslyApplied: Record<string, string>,
  resolveConflicts: ResolveConflicts,
): ApplyOutcome {
  const entry = ADDON_CATALOG[addonName];
  if (!entry?.daemonSet) return { ok: true, appliedEnv: {} };
  let ds: DaemonSetLike | undefined;
  try {
    // A copy: the store's own object changes only through update().
    ds = structuredClone(store.get(DAEMONSETS, 'kube-system', entry.daemonSet.name)) as
      DaemonSetLike | undefined;
  } catch {
    ds = undefined;
  }
  const container = ds?.spec?.template?.spec?.containers?.find((c) => c.name === entry.daemonSet?.name);
  if (!ds || !container) return { ok: true, appliedEnv: desired };

  const env = [...(container.env ?? [])];
  const live = new Map(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
  const conflicts = Object.keys(desired).filter((name) => {
    const current = live.get(name);
    return current !== undefined && current !== desired[name] && current !== previouslyApplied[name];
  });
  if (conflicts.length > 0 && resolveConflicts === 'NONE') return { ok: false, conflicts };

  const applied: Record<string, string> = {};
  for (const [name, value] of Object.entries(desired)) {
    const keepLive = resolveConflicts === 'PRESERVE' && conflicts.includes(name);
    const finalValue = keepLive ? (live.get(name) as string) : value;
    applied[name] = finalValue;
    const index = env.findIndex((e) => e.name === name);
    if (index >= 0) env[index] = { name, value: finalValue };
    else env.push({ name, value: finalValue });
  }
  const stale = Object.keys(previouslyApplied).filter((name) => !(name in desired));
  const next = env.filter((e) => !stale.includes(e.name) || e.value !== previouslyApplied[e.name]);
  container.env = next;
  store.update(DAEMONSETS, ds);
  return { ok: true, appliedEnv: applied };
}

interface ImageContainer {
  name: string;
  image?: string;
  env?: EnvVar[];
}
interface VersionedDaemonSet {
  metadata?: { labels?: Record<string, string> };
  spec?: { template?: { spec?: { containers?: ImageContainer[]; initContainers?: ImageContainer[] } } };
}

/** `602401143452.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>` -> `<repo>`. */
function imageRepo(image: string): string {
  const path = image.split('@')[0]?.split(':').slice(0, -1).join(':') ?? '';
  return path.slice(path.indexOf('/') + 1);
}

/**
 * A version update rolls the add-on's DaemonSet onto the images of that version (the add-on manager
 * applies the version's manifest): each container of the add-on's repositories gets the new tag.
 */
export function applyAddonVersion(store: EksKubeStorePort, addonName: string, version: string): void {
  const entry = ADDON_CATALOG[addonName];
  if (!entry?.daemonSet || !entry.images) return;
  let ds: VersionedDaemonSet | undefined;
  try {
    ds = structuredClone(store.get(DAEMONSETS, 'kube-system', entry.daemonSet.name)) as
      VersionedDaemonSet | undefined;
  } catch {
    ds = undefined;
  }
  const spec = ds?.spec?.template?.spec;
  if (!ds || !spec) return;
  let changed = false;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!c.image || !entry.images.includes(imageRepo(c.image))) continue;
    const next = `${c.image.split('@')[0]?.split(':').slice(0, -1).join(':')}:${version}`;
    if (next === c.image) continue;
    c.image = next;
    changed = true;
    const versionEnv = c.env?.find((e) => e.name === 'VPC_CNI_VERSION');
    if (versionEnv) versionEnv.value = version.split('-')[0] ?? version;
  }
  if (!changed) return;
  if (ds.metadata?.labels?.['app.kubernetes.io/version'] !== undefined)
    ds.metadata.labels['app.kubernetes.io/version'] = version.split('-')[0] ?? version;
  store.update(DAEMONSETS, ds);
}
