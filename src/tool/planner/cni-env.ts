/**
 * The VPC CNI's settings as discovery found them: the managed add-on's configurationValues (JSON or
 * YAML) over the aws-node DaemonSet's env. Pure.
 */
import { parse as parseYaml } from 'yaml';
import type { ClusterSnapshot } from '../discover/snapshot.js';

/** configurationValues may be JSON or YAML (EKS accepts both); anything that is not an object counts as empty. */
export function parseConfigurationValues(text: string | undefined): Record<string, unknown> {
  if (!text || !text.trim()) return {};
  try {
    const value: unknown = parseYaml(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The env the CNI runs with: the add-on's configurationValues win over what aws-node shows. */
export function effectiveCniEnv(snapshot: ClusterSnapshot): Record<string, string> {
  const env = { ...snapshot.cni.env };
  if (snapshot.cni.install === 'managed-addon') {
    const values = parseConfigurationValues(snapshot.cni.configurationValues);
    const valuesEnv =
      values.env && typeof values.env === 'object' ? (values.env as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(valuesEnv)) env[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return env;
}
