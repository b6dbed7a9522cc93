/**
 * Starts a twin for `eks-cidr rehearse`: `eks-cidr sandbox up --from FILE --detach` in a temporary
 * state directory on free ports (a process of its own, so `--keep` can leave it running). The
 * composition root is the only place that sees both the tool and the sandbox.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TwinHandle, TwinNote, TwinStarter } from '../tool/rehearse/types.js';
import { runDown } from '../sandbox/cli/commands/down.js';
import { runUp } from '../sandbox/cli/commands/up.js';
import { statePaths } from '../sandbox/state/paths.js';
import { readRuntime } from '../sandbox/state/runtime-lock.js';
import { TWIN_REPORT_FILE } from '../sandbox/cli/snapshot-file.js';

const sink = () => {
  const s = { text: '', isTTY: false, write: (x: string) => (s.text += x) };
  return s;
};

export const startTwin: TwinStarter = async (snapshotPath, signal, options = {}) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'eks-cidr-twin-'));
  const out = sink();
  const ctx = {
    output: 'text' as const,
    color: false,
    verbose: false,
    region: undefined,
    profile: undefined,
    stdout: out,
    stderr: sink(),
    env: { ...process.env },
    signal,
  };
  try {
    const cooldown = options.ipamdCooldownSeconds;
    await runUp(
      {
        stateDir,
        port: '0',
        host: '127.0.0.1',
        from: snapshotPath,
        detach: true,
        ...(cooldown !== undefined ? { ipamdCooldown: String(cooldown) } : {}),
      },
      ctx,
    );
  } catch (err) {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  const paths = statePaths(stateDir);
  const info = readRuntime(paths.runtime);
  if (!info?.endpoint || !info.kubeconfig)
    throw new Error(`The twin in ${stateDir} did not publish its endpoints.`);
  const reportPath = join(stateDir, TWIN_REPORT_FILE);
  const notes = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as TwinNote[]) : [];
  const handle: TwinHandle = {
    env: {
      AWS_ENDPOINT_URL: info.endpoint,
      AWS_ACCESS_KEY_ID: info.accessKeyId,
      AWS_SECRET_ACCESS_KEY: info.secretAccessKey,
      AWS_REGION: info.region,
      AWS_DEFAULT_REGION: info.region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    kubeconfig: info.kubeconfig,
    stateDir,
    notes,
    envLines: out.text,
    stop: async () => {
      await runDown({ stateDir }, { ...ctx, stdout: sink(), stderr: sink() });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return handle;
};
