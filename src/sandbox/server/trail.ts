/**
 * The sandbox's CloudTrail: one JSON object per API call, appended to `<stateDir>/trail.jsonl`
 * synchronously (a line is on disk before the response leaves, so a kill -9 loses no call).
 * Tests and users read it to see what a tool did (a second `apply` must add no `readOnly: false`).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type TrailService = 'ec2' | 'eks' | 'sts' | 'kubernetes';

export interface TrailEntry {
  /** ISO 8601 time of the call (the sandbox clock). */
  time: string;
  requestId: string;
  service: TrailService;
  /** The API action (`CreateSubnet`, `DescribeCluster`) or the Kubernetes verb and resource (`patch deployments`). */
  action: string;
  readOnly: boolean;
  httpStatus: number;
  region?: string;
  accessKeyId?: string;
  userAgent?: string;
  /** IDs and names the request named or created (`vpc-...`, `subnet-...`, `cluster/demo`). */
  resources: string[];
  /** AWS's error code (or the Kubernetes Status reason) when the call failed. */
  errorCode?: string;
  errorMessage?: string;
  /** The change was made but its response was dropped (the `loseResponses` fault). */
  responseLost?: boolean;
}

export interface TrailSink {
  record(entry: TrailEntry): void;
}

/** Appends to a JSON-lines file. */
export class FileTrail implements TrailSink {
  private closed = false;
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  record(entry: TrailEntry): void {
    // A response that finishes after the sandbox stopped (its directory may be gone) is not recorded.
    if (this.closed) return;
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  /** Stops recording (the sandbox stopped). */
  close(): void {
    this.closed = true;
  }
}

/** Keeps entries in memory (a sandbox without a state directory, and tests). */
export class MemoryTrail implements TrailSink {
  readonly entries: TrailEntry[] = [];
  record(entry: TrailEntry): void {
    this.entries.push(entry);
  }
}

/** Parses trail.jsonl text, skipping a torn last line left by a crash. */
export function parseTrail(text: string): TrailEntry[] {
  const out: TrailEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as TrailEntry);
    } catch {
      // A partial line from a crash mid-append.
    }
  }
  return out;
}

const AWS_ID = /^(?:[a-z]+-)+[0-9a-f]{8,17}$/;

/** Values that look like AWS resource IDs (`vpc-0abc...`, `subnet-...`, `rtbassoc-...`). */
export function looksLikeAwsId(value: string): boolean {
  return AWS_ID.test(value);
}
