/**
 * The sandbox's commands (`eks-cidr sandbox up|env|status|dump|down|reset`). Definitions only; each
 * body, and the server, is imported when its command runs.
 */
import { Option, type Command } from 'commander';
import type { CliContext } from '../../shared/cli/context.js';
import type { StateDirOptions, UpOptions } from './options.js';

export { parseNumberOption, type StateDirOptions, type UpOptions } from './options.js';

function withStateDir(cmd: Command): Command {
  return cmd
    .option('--state-dir <dir>', 'sandbox state directory (default: $EKS_CIDR_SANDBOX_DIR or ./.sandbox)')
    .addOption(new Option('--state <dir>', 'alias of --state-dir').hideHelp());
}

export function registerSandboxCommands(
  program: Command,
  run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  const sandbox = program
    .command('sandbox')
    .description('a local AWS (EC2, EKS, STS) and Kubernetes sandbox to try eks-cidr without an account');

  withStateDir(sandbox.command('up'))
    .description('start the sandbox (foreground, or --detach) and print the environment to use it')
    .option('--port <n>', 'AWS API port (0 picks a free one)', '4566')
    .option('--kube-port <n>', 'Kubernetes API (HTTPS) port (default: --port + 1, or free)')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option(
      '--scenario <name>',
      'seed a fresh state with a scenario (empty, basic, exhausted, exhausted-old-cni, applied, large (sized by --nodes and --pods-per-node), or broken-<check> for each eks-cidr doctor check)',
      'empty',
    )
    .option('--nodes <n>', 'with --scenario large: the node count (default 2000)')
    .option('--pods-per-node <n>', 'with --scenario large: web pods per node (default 30)')
    .option(
      '--from <file>',
      "build a fresh state as a twin of a cluster from 'eks-cidr snapshot' output (instead of --scenario)",
    )
    .option('--detach', 'run in the background and return once it answers', false)
    .option('--latency <ms>', 'fault: added latency per AWS call')
    .option('--throttle-rate <r>', 'fault: fraction of calls throttled (0..1)')
    .option('--error-rate <r>', 'fault: fraction of calls failing with a 500 (0..1)')
    .option('--consistency-delay <ms>', 'fault: new resources stay invisible to Describe/List for this long')
    .option(
      '--ipamd-cooldown <seconds>',
      "ipamd's pause after an InsufficientCidrBlocks/InsufficientFreeAddressesInSubnet error (default 120, the VPC CNI's)",
    )
    .addHelpText(
      'after',
      `
Examples:
  eval "$(eks-cidr sandbox up --detach --scenario exhausted)"
  eks-cidr snapshot --cluster prod --out prod.json && eks-cidr sandbox up --from prod.json --detach
  aws --endpoint-url "$AWS_ENDPOINT_URL" ec2 describe-vpcs`,
    )
    .action(async (opts: UpOptions, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/up.js')).runUp(opts, ctx));
    });

  withStateDir(sandbox.command('env'))
    .description('print the export lines for a running sandbox (eval "$(eks-cidr sandbox env)")')
    .action(async (opts: StateDirOptions, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/env.js')).runEnv(opts, ctx));
    });

  withStateDir(sandbox.command('status'))
    .description('say whether a sandbox runs on the state directory, and what it holds')
    .action(async (opts: StateDirOptions, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/status.js')).runStatus(opts, ctx));
    });

  withStateDir(sandbox.command('dump'))
    .description(
      "print the sandbox's current state as JSON (state.json with the journal since replayed onto it)",
    )
    .action(async (opts: StateDirOptions, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/dump.js')).runDump(opts, ctx));
    });

  withStateDir(sandbox.command('down'))
    .description('stop the sandbox running on the state directory (its state is kept)')
    .action(async (opts: StateDirOptions, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/down.js')).runDown(opts, ctx));
    });

  withStateDir(sandbox.command('reset'))
    .description('delete the sandbox state and trail (the sandbox must be stopped)')
    .option('--yes', 'confirm the deletion', false)
    .action(async (opts: StateDirOptions & { yes: boolean }, cmd: Command) => {
      await run(cmd, async (ctx) => (await import('./commands/reset.js')).runReset(opts, ctx));
    });
}
