/**
 * `snapshot --anonymize`: the account, resource ids and names replaced consistently (the same input
 * always becomes the same output within a file), so the twin behaves alike and the plan reads alike,
 * without naming the real cluster. CIDRs, zones, instance types, versions, CNI settings and counts
 * stay: the twin needs them. Pure.
 */
import type { SnapshotFile } from '../../shared/snapshot/schema.js';

/** AWS resource ids: a known prefix and 8 or 17 hex digits. */
const AWS_ID =
  /\b(vpc-cidr-assoc|subnet-cidr-assoc|rtbassoc|eni-attach|vpc|subnet|sg|sgr|rtb|eni|i|lt|nat|igw|pcx|tgw|eipalloc|ami|r)-([0-9a-f]{8}|[0-9a-f]{17})\b/g;

/** Namespaces and workloads every EKS cluster has: their names say nothing about the owner. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Anonymizer {
  private readonly ids = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly names: [RegExp, string][] = [];

  constructor(
    private readonly accountId: string | undefined,
    names: Map<string, string>,
  ) {
    // Longest first, so a name that contains another is replaced whole.
    for (const [from, to] of [...names.entries()].sort(([a], [b]) => b.length - a.length)) {
      this.names.push([new RegExp(`(?<![A-Za-z0-9])${escape(from)}(?![A-Za-z0-9])`, 'g'), to]);
    }
  }

  private id(prefix: string, hex: string): string {
    const key = `${prefix}-${hex}`;
    let out = this.ids.get(key);
    if (!out) {
      const n = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, n);
      out = `${prefix}-${n.toString(16).padStart(hex.length, '0')}`;
      this.ids.set(key, out);
    }
    return out;
  }

  text(value: string): string {
    let out = value.replace(AWS_ID, (_m, prefix: string, hex: string) => this.id(prefix, hex));
    if (this.accountId) out = out.split(this.accountId).join('111122223333');
    for (const [pattern, to] of this.names) out = out.replace(pattern, to);
    return out;
  }

  value<T>(v: T): T {
    if (typeof v === 'string') return this.text(v) as T;
    if (Array.isArray(v)) return v.map((x: unknown) => this.value(x)) as T;
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [this.text(k), this.value(x)]),
      ) as T;
    }
    return v;
  }
}

/** The names a snapshot carries that could identify its owner, each with its replacement. */
export function namesOf(file: SnapshotFile): Map<string, string> {
  const names = new Map<string, string>();
  const add = (kind: string, name: string | undefined) => {
    if (!name || names.has(name)) return;
    const n = [...names.values()].filter((v) => v.startsWith(`${kind}-`)).length + 1;
    names.set(name, `${kind}-${n}`);
  };
  add('cluster', file.cluster.name);
  for (const ng of file.nodegroups) {
    add('nodegroup', ng.name);
    add('template', ng.launchTemplate?.name);
    add('role', /role\/(.+)$/.exec(ng.nodeRole)?.[1]);
  }
  for (const f of file.fargateProfiles) add('profile', f.name);
  for (const g of file.securityGroups) if (g.groupName !== 'default') add('group', g.groupName);
  for (const t of [...file.vpc.tags, ...file.subnets.flatMap((s) => s.tags)])
    if (t.key === 'Name') add('name', t.value);
  for (const w of file.kube.workloads) {
    if (SYSTEM_NAMESPACES.has(w.namespace) && w.namespace === 'kube-system') continue;
    if (!SYSTEM_NAMESPACES.has(w.namespace)) add('namespace', w.namespace);
    add('workload', w.name);
  }
  for (const p of file.kube.podDisruptionBudgets) {
    if (p.namespace === 'kube-system') continue;
    add('budget', p.name);
  }
  for (const p of file.kube.pods) if (!SYSTEM_NAMESPACES.has(p.namespace)) add('namespace', p.namespace);
  return names;
}

export function anonymize(file: SnapshotFile): SnapshotFile {
  const a = new Anonymizer(file.accountId, namesOf(file));
  const { capturedAt, format, version } = file;
  return {
    ...a.value(file),
    format,
    version,
    capturedAt,
    anonymized: true,
    ...(file.accountId ? { accountId: '111122223333' } : {}),
  };
}
