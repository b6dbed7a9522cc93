import { existsSync, readFileSync, statSync } from 'node:fs';
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { ExitCode } from '../../../shared/errors.js';
import { runningSandbox } from '../../state/runtime-lock.js';
import type { StateDirOptions } from '../options.js';
import { resolvePaths } from '../state-dir.js';

function countLines(path: string): number {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
  } catch {
    return 0;
  }
}

export function runStatus(opts: StateDirOptions, ctx: CliContext): Promise<number> {
  const paths = resolvePaths(opts, ctx);
  const info = runningSandbox(paths.runtime);
  const status = {
    running: Boolean(info?.endpoint),
    stateDir: paths.dir,
    pid: info?.pid ?? null,
    endpoint: info?.endpoint ?? null,
    kubeEndpoint: info?.kubeEndpoint ?? null,
    region: info?.region ?? null,
    stateBytes: existsSync(paths.state) ? statSync(paths.state).size : 0,
    journalSteps: countLines(paths.journal),
    journalBytes: existsSync(paths.journal) ? statSync(paths.journal).size : 0,
    trailCalls: countLines(paths.trail),
    faults: existsSync(paths.faults),
  };
  if (isStructured(ctx.output)) {
    ctx.stdout.write(formatStructured(ctx.output, status, { compact: true }));
  } else {
    const lines = [
      status.running ? `running   pid ${status.pid} since ${info?.startedAt ?? '?'}` : 'stopped',
      `state     ${paths.dir} (${status.stateBytes ? `${status.stateBytes} bytes` : 'empty'})`,
      `journal   ${status.journalSteps} steps since the snapshot (${status.journalBytes} bytes)`,
      ...(status.endpoint ? [`aws       ${status.endpoint} (${status.region})`] : []),
      ...(status.kubeEndpoint ? [`k8s       ${status.kubeEndpoint}/k8s/<cluster>`] : []),
      `trail     ${status.trailCalls} calls in ${paths.trail}`,
      ...(status.faults ? [`faults    ${paths.faults}`] : []),
    ];
    ctx.stdout.write(lines.map((l) => `${l}\n`).join(''));
  }
  return Promise.resolve(ExitCode.Success);
}
