/** The built-in resources the model's own rules name. */
import type { ResourceRef } from './types.js';

export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
export const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };
