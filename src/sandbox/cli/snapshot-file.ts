/** Reads `sandbox up --from FILE`: a snapshot file written by `eks-cidr snapshot` (docs/snapshot.md). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, UserError } from '../../shared/errors.js';
import { snapshotProblems, type SnapshotFile } from '../../shared/snapshot/schema.js';

/** Where a twin's sandbox writes what it could not reproduce (a JSON list of notes). */
export const TWIN_REPORT_FILE = 'twin-report.json';

export function readSnapshotFile(path: string): SnapshotFile {
  const full = resolve(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new UserError('E_SNAPSHOT_READ', `Cannot read the snapshot ${full}: ${(err as Error).message}`, {
      hint: "Pass the file 'eks-cidr snapshot --out FILE' wrote.",
      exitCode: ExitCode.Usage,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError('E_SNAPSHOT_INVALID', `${full} is not JSON: ${(err as Error).message}`, {
      hint: "Pass the file 'eks-cidr snapshot --out FILE' wrote.",
      exitCode: ExitCode.Usage,
    });
  }
  const problems = snapshotProblems(value);
  if (problems.length > 0) {
    throw new UserError(
      'E_SNAPSHOT_INVALID',
      `${full} is not an eks-cidr snapshot this version reads: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`,
      {
        hint: "Capture it again with this version: 'eks-cidr snapshot --cluster NAME --out FILE'.",
        exitCode: ExitCode.Usage,
      },
    );
  }
  return value as SnapshotFile;
}
