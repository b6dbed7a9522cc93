/**
 * What `doctor` reports: findings, each from one check (a stable kebab-case id documented in
 * docs/doctor.md), with the resource it is about, what was seen, and how to fix it.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';
import type { DoctorFacts } from './facts.js';

export type Severity = 'error' | 'warning' | 'info';

export const CHECK_IDS = [
  'nodes-not-rotated',
  'eniconfig-missing',
  'eniconfig-subnet-wrong-zone',
  'eniconfig-subnet-missing',
  'eniconfig-selector-mismatch',
  'max-pods-exceeds-addresses',
  'addon-config-drift',
  'pod-subnet-no-egress',
  'pod-security-groups-block-nodes',
  'subnet-nearly-full',
  'prefix-fragmentation',
  'subnet-discovery-misconfigured',
  'pods-stuck-no-address',
  'cni-too-old',
  'ipv6-cluster',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface Finding {
  check: CheckId;
  severity: Severity;
  /** What the finding is about: `node/ip-10-0-1-5.ec2.internal`, `subnet/subnet-0abc`, `eniconfig/us-east-1a`. */
  resource: string;
  message: string;
  /** What was seen, as short `key: value` facts. */
  evidence: string[];
  /** The eks-cidr command that fixes it, or else the exact manual step. */
  fix: string;
}

export interface DoctorReport {
  cluster: string;
  ok: boolean;
  findings: Finding[];
}

/** A check: a pure function of the snapshot (and the facts derived from it once). */
export interface Check {
  id: CheckId;
  run(snapshot: ClusterSnapshot, facts: DoctorFacts): Finding[];
}
