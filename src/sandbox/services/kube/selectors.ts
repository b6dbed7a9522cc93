/**
 * Label and field selectors, parsed as the apiserver parses them (k8s.io/apimachinery labels and
 * fields packages): `app=web,tier!=db`, `env in (a,b)`, `!canary`, `spec.nodeName=ip-10-0-1-5`.
 * Field selectors accept only the fields the real server indexes for the resource.
 */
import { badRequest } from './errors.js';
import type { KubeObject } from './types.js';

type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type LabelSelector = (labels: Record<string, string> | undefined) => boolean;

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Split on commas that are not inside `( )`. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

function parseRequirement(term: string, selector: string): Requirement {
  const fail = () =>
    badRequest(`unable to parse requirement: found '${term}', expected: valid selector in '${selector}'`);
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, inner = ''] = set;
    if (!KEY.test(key)) throw fail();
    const values = inner.split(',').map((v) => v.trim());
    return { key, op: op === 'in' ? 'in' : 'notin', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    if (!KEY.test(key)) throw fail();
    return { key, op: op === '!=' ? 'neq' : 'eq', value: value.trim() };
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    if (!KEY.test(key)) throw fail();
    return { key, op: 'notexists' };
  }
  if (!KEY.test(term)) throw fail();
  return { key: term, op: 'exists' };
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'eq':
      return value === req.value;
    case 'neq':
      return value !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
  }
}

export function parseLabelSelector(selector: string | undefined): LabelSelector {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTerms(selector).map((t) => parseRequirement(t, selector));
  return (labels) => reqs.every((r) => matches(r, labels?.[r.key]));
}

/** A `metav1.LabelSelector` object (matchLabels + matchExpressions), as PDBs and Deployments carry. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function matchesSelectorObject(
  sel: LabelSelectorObject | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const value = labels?.[e.key];
    const values = e.values ?? [];
    const ok =
      e.operator === 'In'
        ? value !== undefined && values.includes(value)
        : e.operator === 'NotIn'
          ? value === undefined || !values.includes(value)
          : e.operator === 'Exists'
            ? value !== undefined
            : e.operator === 'DoesNotExist'
              ? value === undefined
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Fields each resource can be selected on, beyond metadata.name and metadata.namespace. */
const FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  replicasets: ['status.replicas'],
  secrets: ['type'],
};

function fieldValue(obj: KubeObject, path: string): string {
  if (path === 'source') {
    const src = obj.source as { component?: string } | undefined;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null)
    return path === 'spec.hostNetwork' || path === 'spec.unschedulable' ? 'false' : '';
  if (typeof cur === 'object') return JSON.stringify(cur);
  if (typeof cur === 'string') return cur;
  return typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
}

export type FieldSelector = (obj: KubeObject) => boolean;

export function parseFieldSelector(selector: string | undefined, resource: string): FieldSelector {
  if (!selector || !selector.trim()) return () => true;
  const allowed = ['metadata.name', 'metadata.namespace', ...(FIELDS[resource] ?? [])];
  const reqs = splitTerms(selector).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field = '', op, value = ''] = m;
    if (!allowed.includes(field.trim())) throw badRequest(`field label not supported: ${field.trim()}`);
    return { field: field.trim(), neq: op === '!=', value: value.trim() };
  });
  return (obj) => reqs.every((r) => (fieldValue(obj, r.field) === r.value) !== r.neq);
}

/** The name a `metadata.name=x` field selector pins, so watches on one object can be cheap. */
export function nameFromFieldSelector(selector: string | undefined): string | undefined {
  return /(?:^|,)metadata\.name==?([^,]+)/.exec(selector ?? '')?.[1];
}
