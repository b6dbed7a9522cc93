/**
 * report(): subnet usage (node and pod subnets), node-group density, and capacity per zone and node
 * group, as data; with `htmlFile`, also the self-contained HTML page. Read-only.
 */
import { discover } from '../discover/discover.js';
import { withCallScope } from '../gateway/retry-layer.js';
import { buildReport, type Report } from '../report/build-report.js';
import { buildCapacity, type CapacityView } from '../report/capacity.js';
import { collectReportInput } from '../report/collect.js';
import { checkHtmlTarget, writeHtmlReport } from '../report/html/write-html.js';
import {
  eventEmitter,
  kubeOptionsOf,
  openConnection,
  type ConnectionOptions,
  type EventOptions,
} from './connection.js';

export interface ReportOptions extends ConnectionOptions, EventOptions {
  /** Also write the HTML report here (refused before anything is read when it cannot be written). */
  htmlFile?: string | undefined;
}

export type ReportResult = Report & {
  capacity: CapacityView;
  /** The HTML page written, when `htmlFile` was given. */
  html?: { path: string; bytes: number } | undefined;
};

export async function report(options: ReportOptions): Promise<ReportResult> {
  // A path that cannot be written is refused before anything is read.
  const htmlPath = options.htmlFile === undefined ? undefined : checkHtmlTarget(options.htmlFile);
  const emit = eventEmitter(options.events, () => Date.now());
  const conn = await openConnection(options, { readOnly: true });
  try {
    emit({ type: 'discovery-start', cluster: conn.cluster.name });
    // Every call is retried by the gateway; the scope stops its backoff on the signal.
    const [input, snapshot] = await withCallScope({ signal: options.signal }, () =>
      Promise.all([
        collectReportInput(conn.ports, {
          name: conn.cluster.name,
          vpcId: conn.cluster.vpcId,
          subnetIds: conn.cluster.subnetIds,
        }),
        // The capacity view reads the VPC's ENIs (warm pools, /28 prefixes) and the pods' events.
        discover({
          cluster: conn.cluster.name,
          aws: conn.aws,
          kube: { ...kubeOptionsOf(options), readOnly: true },
          signal: options.signal,
          include: { networkInterfaces: true, podEvents: true },
        }),
      ]),
    );
    emit({
      type: 'discovery-done',
      cluster: conn.cluster.name,
      nodes: snapshot.kube.nodes.length,
      pods: snapshot.kube.pods.length,
      subnets: snapshot.subnets.length,
    });
    const result: ReportResult = { ...buildReport(input), capacity: buildCapacity(snapshot) };
    if (htmlPath) result.html = writeHtmlReport(htmlPath, snapshot, result.capacity);
    return result;
  } finally {
    conn.close();
  }
}
