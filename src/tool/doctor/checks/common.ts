/** Small helpers the checks share. */

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/** At most `max` names, then how many more. */
export function listed(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export const applyFix = (cluster: string) => `eks-cidr apply --cluster ${cluster}`;
export const planFix = (cluster: string) => `eks-cidr plan --cluster ${cluster}`;

export function percent(used: number, of: number): number {
  return of <= 0 ? 100 : Math.round((used / of) * 1000) / 10;
}
