/**
 * `eks-cidr max-pods`: the kubelet max-pods value for instance types, as AWS's max-pods calculator
 * computes it, and how it was derived. The definition is light; the body loads when the command runs.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandRunner } from '../types.js';
import { requireOption } from '../config-file.js';

export interface MaxPodsOptions {
  instanceType: string[];
  customNetworking: boolean;
  prefixDelegation: boolean;
  cniVersion?: string | undefined;
  maxPods?: number | undefined;
  cniMaxEni?: number | undefined;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  }
  return n;
}

/** Repeatable and comma-separated: `--instance-type m5.large,c5.xlarge --instance-type t3.small`. */
function collectTypes(value: string, previous: string[] = []): string[] {
  const types = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (types.length === 0) {
    throw new InvalidArgumentError('Expected an EC2 instance type such as m5.large, not an empty value.');
  }
  return [...previous, ...types];
}

export function registerMaxPodsCommand(
  program: Command,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): void {
  const cmd = program
    .command('max-pods')
    .description("compute kubelet max-pods per instance type exactly as AWS's max-pods-calculator.sh does");
  // Checked after the options are parsed (not commander's mandatory check), so that a misspelt
  // option gets its did-you-mean rather than 'required option not specified'.
  requireOption(
    cmd,
    new Option('-i, --instance-type <type>', 'EC2 instance type (repeatable, or comma-separated)').argParser(
      collectTypes,
    ),
  )
    .option('--custom-networking', 'VPC CNI custom networking: the primary ENI serves no pods', false)
    .option('--prefix-delegation', 'VPC CNI prefix delegation (Nitro types, CNI >= 1.9.0)', false)
    .option(
      '--cni-version <version>',
      'VPC CNI version, for example 1.18.3 or v1.19.2-eksbuild.1 (default 1.19.2)',
    )
    .addOption(
      new Option('--max-pods <n>', 'an upper limit of your own to apply last').argParser(positiveInteger),
    )
    .addOption(
      new Option('--cni-max-eni <n>', 'use at most this many ENIs (the calculator --cni-max-eni)').argParser(
        positiveInteger,
      ),
    )
    .addHelpText(
      'after',
      `
Formulas (ENIs and IPs from DescribeInstanceTypes; +2 for aws-node and kube-proxy on the host network):
  standard              ENIs x (IPs - 1) + 2
  custom networking     (ENIs - 1) x (IPs - 1) + 2
  prefix delegation     ENIs x ((IPs - 1) x 16) + 2   (ENIs - 1 with custom networking)
Then capped at 110 for 30 vCPUs or fewer, 250 above. See docs/max-pods.md.

Examples:
  eks-cidr max-pods --instance-type m5.large --custom-networking
  eks-cidr max-pods -i m5.large,c6i.4xlarge --prefix-delegation --output json`,
    )
    .action(async (options: MaxPodsOptions, cmd: Command) => {
      const runner: CommandRunner = async (ctx) => {
        const { runMaxPods } = await import('./max-pods-run.js');
        return runMaxPods(ctx, options);
      };
      await run(cmd, runner);
    });
}
