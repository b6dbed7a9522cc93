/**
 * Readiness probes that resolve a name (`getent hosts`, `nslookup`, `dig`, `host`): the kubelet runs
 * them against CoreDNS through the VPC's security groups. A lookup succeeds when some Running CoreDNS
 * pod can be reached on UDP 53 from the pod: the groups of the pod's interface must let the query out
 * and the groups of CoreDNS's interface must let it in (custom networking puts both on the ENIConfig's
 * groups). Pods behind groups that block DNS from the nodes stay Running but not Ready, with the
 * `Unhealthy` event a real kubelet records.
 */
import { contains, parseCidr, parseIPv4 } from '../../shared/cidr/index.js';
import type { ClusterContext } from './engine.js';
import { PODS, type Pod } from './kube-types.js';
import { cond } from './pod-status.js';
import type { SimEni } from './ports.js';

/** How often the kubelet runs a readiness probe (the probe's default periodSeconds). */
export const PROBE_PERIOD_MS = 10_000;
const LOOKUP = /(^|\s|\/)(getent\s+hosts|nslookup|dig|host)(\s|$)/;

interface ExecProbe {
  exec?: { command?: string[] };
}

/** True when a container's readiness probe is a DNS lookup. */
export function hasDnsProbe(pod: Pod): boolean {
  return pod.spec.containers.some((c) => {
    const command = (c['readinessProbe'] as ExecProbe | undefined)?.exec?.command;
    return command !== undefined && LOOKUP.test(command.join(' '));
  });
}

/** The interface holding an address: primary, secondary, or inside a delegated /28. */
export function eniHolding(enis: readonly SimEni[], ip: string): SimEni | undefined {
  const exact = enis.find((e) => e.primaryIp === ip || e.secondaryIps.includes(ip));
  if (exact) return exact;
  const value = parseIPv4(ip);
  return enis.find((e) => (e.prefixes ?? []).some((p) => contains(parseCidr(p), value)));
}

export type DnsVerdict = { ok: true } | { ok: false; message: string };

/** Whether a lookup from `pod` reaches CoreDNS. */
export function dnsVerdict(ctx: ClusterContext, pod: Pod, enis: readonly SimEni[]): DnsVerdict {
  const ip = pod.status?.podIP;
  const servers = (ctx.store.list(PODS) as Pod[]).filter(
    (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns' && p.status?.phase === 'Running' && p.status.podIP,
  );
  const noServers = { ok: false, message: ';; connection timed out; no servers could be reached' } as const;
  if (!ip || servers.length === 0) return noServers;
  const ec2 = ctx.ec2;
  if (!ec2.securityGroupsAllow) return { ok: true };
  const from = eniHolding(enis, ip);
  const reachable = servers.some((server) => {
    const serverIp = server.status?.podIP ?? '';
    const to = eniHolding(enis, serverIp);
    if (!from || !to) return true;
    return ec2.securityGroupsAllow!({
      protocol: 'udp',
      port: 53,
      from: { ip, groupIds: from.groups },
      to: { ip: serverIp, groupIds: to.groups },
    });
  });
  return reachable ? { ok: true } : noServers;
}

/** The pod with its Ready condition (and containers' ready flags) set from the probe's outcome. */
export function withReadiness(pod: Pod, verdict: DnsVerdict, now: number): Pod {
  // The store copies what it is given, so the pod's other fields are shared here, never cloned.
  const next: Pod = { ...pod };
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const ready = verdict.ok;
  next.status = {
    ...pod.status,
    conditions: (pod.status?.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? c.status === (ready ? 'True' : 'False')
          ? c
          : ready
            ? cond(c.type, true, now)
            : cond(c.type, false, now, 'ContainersNotReady', `containers with unready status: [${names}]`)
        : c,
    ),
    containerStatuses: (next.status?.containerStatuses ?? []).map((c) => ({ ...c, ready })),
  };
  return next;
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}
