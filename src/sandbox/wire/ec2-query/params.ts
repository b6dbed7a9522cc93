/**
 * The parameters of an EC2 Query request (form-encoded POST body), with the flattened-list dialect
 * EC2 speaks: `SubnetId.1`, `SubnetId.2`; `Filter.1.Name`, `Filter.1.Value.1`; `TagSpecification.1.Tag.1.Key`.
 * Parameter names are case-sensitive, order is free and indexes need not be contiguous (EC2 sorts
 * them numerically).
 */
import { InvalidParameterValueError, MissingParameterError } from './errors.js';

export interface QueryTag {
  key: string;
  value: string;
}

export interface QueryFilter {
  name: string;
  values: string[];
}

export interface QueryTagSpecification {
  resourceType: string;
  tags: QueryTag[];
}

export class QueryParams {
  private readonly values: ReadonlyMap<string, string>;

  constructor(values: Iterable<readonly [string, string]>) {
    this.values = new Map(values);
  }

  /** Parses an `application/x-www-form-urlencoded` body (or a query string). */
  static fromForm(body: string): QueryParams {
    return new QueryParams(new URLSearchParams(body));
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Throws EC2's `MissingParameter` when absent or empty. */
  require(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') throw new MissingParameterError(name);
    return value;
  }

  int(name: string): number | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw.trim())) {
      throw new InvalidParameterValueError(`Invalid value '${raw}' for ${name}. It must be an integer.`);
    }
    return Number.parseInt(raw, 10);
  }

  bool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    const lower = raw.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new InvalidParameterValueError(`Invalid value '${raw}' for ${name}. It must be true or false.`);
  }

  /** Values of `prefix.1`, `prefix.2`, ... in index order. */
  list(prefix: string): string[] {
    const found: [number, string][] = [];
    const head = `${prefix}.`;
    for (const [key, value] of this.values) {
      if (!key.startsWith(head)) continue;
      const rest = key.slice(head.length);
      if (/^\d+$/.test(rest)) found.push([Number(rest), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  /** Members of `prefix.N.<field>` grouped by N, each as its own QueryParams of `<field>` keys. */
  structs(prefix: string): QueryParams[] {
    const groups = new Map<number, [string, string][]>();
    const head = `${prefix}.`;
    for (const [key, value] of this.values) {
      if (!key.startsWith(head)) continue;
      const match = /^(\d+)\.(.+)$/.exec(key.slice(head.length));
      if (!match) continue;
      const index = Number(match[1]);
      let group = groups.get(index);
      if (!group) groups.set(index, (group = []));
      group.push([match[2] ?? '', value]);
    }
    return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, entries]) => new QueryParams(entries));
  }

  /** `Filter.N.Name` with `Filter.N.Value.M`. */
  filters(): QueryFilter[] {
    return this.structs('Filter').map((f) => ({ name: f.require('Name'), values: f.list('Value') }));
  }

  /** `Tag.N.Key` / `Tag.N.Value` (or another prefix); a missing value is the empty string, as in EC2. */
  tags(prefix = 'Tag'): QueryTag[] {
    return this.structs(prefix).map((t) => ({ key: t.get('Key') ?? '', value: t.get('Value') ?? '' }));
  }

  /** `TagSpecification.N.ResourceType` with `TagSpecification.N.Tag.M.Key/Value`. */
  tagSpecifications(): QueryTagSpecification[] {
    return this.structs('TagSpecification').map((spec) => ({
      resourceType: spec.get('ResourceType') ?? '',
      tags: spec.tags('Tag'),
    }));
  }

  /** Every parameter name present, in arrival order. */
  names(): string[] {
    return [...this.values.keys()];
  }

  /** Plain object of all parameters (for the trail and debugging). */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
