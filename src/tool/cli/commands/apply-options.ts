/**
 * Options shared by apply, verify, report and destroy: which cluster and how to reach its Kubernetes
 * API (the same definitions as `plan`), and the engine's tuning.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CliContext } from '../../../shared/cli/context.js';
import type { ConnectionOptions } from '../../api/connection.js';
import type { KubeFlags } from './plan-options.js';

export interface ClusterFlags extends KubeFlags {
  cluster: string;
}

/** The library's connection options from the global options and a command's cluster flags. */
export function connectionFrom(ctx: CliContext, flags: ClusterFlags): ConnectionOptions {
  return {
    cluster: flags.cluster,
    region: ctx.region,
    profile: ctx.profile,
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    env: ctx.env,
    signal: ctx.signal,
    verbose: ctx.verbose,
  };
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  }
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('Expected a whole number.');
  return n;
}

/** Cluster and kubeconfig options: the same definitions as `plan` (plan-options.ts). */
export { addPlanClusterOptions as addClusterOptions } from './plan-options.js';

/** Engine tuning; the lock duration and crash injection stay out of --help (tests use them). */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--concurrency <n>', 'steps in flight at once').argParser(positiveInt).default(4))
    .addOption(
      new Option(
        '--poll-interval <ms>',
        'how often waiters poll (CIDR association, add-on update, node groups; default 5000)',
      ).argParser(nonNegativeInt),
    )
    .addOption(
      new Option('--lock-duration <seconds>', 'lease duration of the cluster lock')
        .argParser(positiveInt)
        .hideHelp(),
    )
    .addOption(
      new Option('--stop-after <n>', 'stop after n mutating steps (crash injection)')
        .argParser(positiveInt)
        .hideHelp(),
    );
}
