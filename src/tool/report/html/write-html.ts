/** Writes `report --html FILE`: the page from the snapshot (the address map, doctor's findings) and the capacity view. */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ClusterSnapshot } from '../../discover/snapshot.js';
import { deriveFacts } from '../../doctor/facts.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { usageError } from '../../errors.js';
import { buildAddressMap } from '../address-map.js';
import type { CapacityView } from '../capacity.js';
import { renderReportHtml } from './render-html.js';

/** The absolute path to write, once its folder exists and the path is not a folder. */
export function checkHtmlTarget(path: string): string {
  const target = resolve(path);
  const folder = dirname(target);
  let folderOk = false;
  try {
    folderOk = statSync(folder).isDirectory();
  } catch {
    folderOk = false;
  }
  if (!folderOk)
    throw usageError(
      'E_REPORT_HTML_PATH',
      `cannot write the HTML report to '${path}': the folder ${folder} does not exist`,
      'Create the folder first, or give --html a path in an existing folder.',
    );
  let isFolder = false;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    isFolder = false; // not there yet: it will be created
  }
  if (isFolder)
    throw usageError(
      'E_REPORT_HTML_PATH',
      `cannot write the HTML report to '${path}': it is a folder`,
      'Give --html a file name, e.g. --html report.html.',
    );
  return target;
}

export function writeHtmlReport(
  path: string,
  snapshot: ClusterSnapshot,
  capacity: CapacityView,
  now: Date = new Date(),
): { path: string; bytes: number } {
  const facts = deriveFacts(snapshot);
  const html = renderReportHtml({
    cluster: snapshot.cluster.name,
    region: snapshot.region,
    generatedAt: now.toISOString(),
    map: buildAddressMap(snapshot, facts),
    capacity,
    findings: runDoctor(snapshot).findings,
  });
  writeFileSync(path, html);
  return { path, bytes: Buffer.byteLength(html) };
}
