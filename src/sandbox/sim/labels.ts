/** Label selectors as apimachinery evaluates them (matchLabels AND every matchExpression). */
import type { LabelSelector, NodeSelectorRequirement } from './kube-types.js';

export function matchesRequirement(
  values: Record<string, string>,
  req: NodeSelectorRequirement,
  numeric = false,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, req.key);
  const value = values[req.key];
  const list = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && list.includes(value!);
    case 'NotIn':
      return !has || !list.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!numeric || !has || list.length !== 1) return false;
      const a = Number(value);
      const b = Number(list[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** An empty selector matches everything; a missing one nothing (as for workload selectors). */
export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: LabelSelector | undefined,
): boolean {
  if (!selector) return false;
  const values = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (values[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) if (!matchesRequirement(values, req)) return false;
  return true;
}
