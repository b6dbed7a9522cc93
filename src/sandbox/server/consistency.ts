/**
 * Eventual consistency, as a fault: for `delayMs` after a Create call, the new resource is invisible to
 * Describe and List calls (it is missing from lists, and naming it explicitly gives the NotFound error
 * EC2 or EKS gives), exactly the race a tool must survive by retrying. Applied at the wire, on the
 * response, so no model needs to know.
 */
import type { AwsError } from '../services/aws-error.js';
import {
  InvalidGroupNotFound,
  InvalidInstanceIdNotFound,
  InvalidLaunchTemplateIdNotFound,
  InvalidNetworkInterfaceIdNotFound,
  InvalidRouteTableIdNotFound,
  InvalidSubnetIdNotFound,
  InvalidVpcIdNotFound,
  NatGatewayNotFound,
} from '../services/ec2/errors.js';
import type { QueryParams } from '../wire/ec2-query/params.js';
import type { XmlBody, XmlValue } from '../wire/ec2-query/xml.js';

interface IdKind {
  /** The member naming the resource in EC2's XML. */
  key: string;
  notFound: (id: string) => AwsError;
}

/** By ID prefix: the element that holds the ID, and the model's own NotFound error for it. */
const EC2_KINDS: Record<string, IdKind> = {
  vpc: { key: 'vpcId', notFound: (id) => new InvalidVpcIdNotFound(id) },
  subnet: { key: 'subnetId', notFound: (id) => new InvalidSubnetIdNotFound(id) },
  rtb: { key: 'routeTableId', notFound: (id) => new InvalidRouteTableIdNotFound(id) },
  sg: { key: 'groupId', notFound: (id) => new InvalidGroupNotFound(id) },
  nat: { key: 'natGatewayId', notFound: (id) => new NatGatewayNotFound(id) },
  eni: { key: 'networkInterfaceId', notFound: (id) => new InvalidNetworkInterfaceIdNotFound(id) },
  i: { key: 'instanceId', notFound: (id) => new InvalidInstanceIdNotFound(id) },
  lt: { key: 'launchTemplateId', notFound: (id) => new InvalidLaunchTemplateIdNotFound(id) },
};

function kindOf(id: string): IdKind | undefined {
  const prefix = id.slice(0, id.lastIndexOf('-'));
  return EC2_KINDS[prefix];
}

/** The member of a Create* response that names the new resource: CreateSubnet -> subnetId. */
function createdKey(action: string): string | undefined {
  if (action === 'RunInstances') return 'instanceId';
  if (action === 'CreateSecurityGroup') return 'groupId';
  const m = /^Create([A-Z][A-Za-z]+)$/.exec(action);
  if (!m?.[1]) return undefined;
  const noun = m[1];
  const key = `${noun[0]?.toLowerCase()}${noun.slice(1)}Id`;
  return Object.values(EC2_KINDS).some((k) => k.key === key) ? key : undefined;
}

function collect(value: XmlValue, key: string, out: string[], depth = 0): void {
  if (
    depth > 4 ||
    value === null ||
    value === undefined ||
    typeof value !== 'object' ||
    value instanceof Date
  )
    return;
  if (Array.isArray(value)) {
    for (const v of value as readonly XmlValue[]) collect(v, key, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as XmlBody)) {
    if (k === key && typeof v === 'string') out.push(v);
    else collect(v, key, out, depth + 1);
  }
}

function prune(value: XmlValue, hidden: (id: string) => boolean): XmlValue {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date)
    return value;
  if (Array.isArray(value)) {
    const kept: XmlValue[] = [];
    for (const item of value as readonly XmlValue[]) {
      if (item && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)) {
        const body = item as XmlBody;
        const invisible = Object.values(EC2_KINDS).some((k) => {
          const id = body[k.key];
          return typeof id === 'string' && hidden(id) && kindOf(id)?.key === k.key;
        });
        if (invisible) continue;
      }
      kept.push(prune(item, hidden));
    }
    return kept;
  }
  const out: XmlBody = {};
  for (const [k, v] of Object.entries(value as XmlBody)) out[k] = prune(v, hidden);
  return out;
}

export class ConsistencyWindow {
  /** Resource key -> the time it becomes visible. */
  private readonly visibleAt = new Map<string, number>();

  constructor(private readonly delayMs: () => number) {}

  private isHidden(key: string, now: number): boolean {
    const t = this.visibleAt.get(key);
    if (t === undefined) return false;
    if (now >= t) {
      this.visibleAt.delete(key);
      return false;
    }
    return true;
  }

  /** After a successful mutating EC2 call: hide what it created. */
  recordEc2(action: string, body: XmlBody, now: number): string[] {
    const delay = this.delayMs();
    const key = createdKey(action);
    if (delay <= 0 || !key) return [];
    const ids: string[] = [];
    collect(body, key, ids);
    for (const id of ids) this.visibleAt.set(id, now + delay);
    return ids;
  }

  /** Before a read-only EC2 call: an explicitly named hidden ID is NotFound. */
  checkEc2Request(params: QueryParams, now: number): void {
    if (this.visibleAt.size === 0) return;
    for (const name of params.names()) {
      if (name.startsWith('Filter.')) continue;
      const value = params.get(name) ?? '';
      if (this.isHidden(value, now)) {
        const kind = kindOf(value);
        if (kind) throw kind.notFound(value);
      }
    }
  }

  /** After a read-only EC2 call: hidden resources vanish from its lists. */
  filterEc2Response(body: XmlBody, now: number): XmlBody {
    if (this.visibleAt.size === 0) return body;
    return prune(body, (id) => this.isHidden(id, now)) as XmlBody;
  }

  /** EKS: hide a just-created cluster or node group (`cluster/demo`, `nodegroup/demo/ng`). */
  recordName(key: string, now: number): void {
    const delay = this.delayMs();
    if (delay > 0) this.visibleAt.set(key, now + delay);
  }

  hiddenName(key: string, now: number): boolean {
    return this.visibleAt.size > 0 && this.isHidden(key, now);
  }
}
