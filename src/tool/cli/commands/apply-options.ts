/**
 * Options shared by apply, verify, report and destroy: which cluster, and how to reach its
 * Kubernetes API. The plan options (same names as `plan`) are added by `addPlanOptions`.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { PlanFlags } from '../../config/load.js';

export interface ClusterFlags {
  cluster: string;
  kubeconfig?: string | undefined;
  context?: string | undefined;
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

export function addClusterOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--cluster <name>', 'EKS cluster name')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option(
      '--context <name>',
      "kubeconfig context (default: the one whose server is the cluster's endpoint)",
    );
}

export function addPlanOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'YAML or JSON file with the request (flags win over it)')
    .option('--cidr <cidr|auto>', 'secondary CIDR block for pods (auto: lowest free /16 in 100.64.0.0/10)')
    .option('--subnet-prefix <n|auto>', 'prefix length of each zone subnet (auto: largest equal split)')
    .option('--zones <list|auto>', 'comma-separated zones (auto: every zone with nodes)')
    .option('--security-groups <list|auto>', 'security groups of pod ENIs (auto: the cluster security group)')
    .option('--label-def <label>', 'node label naming the ENIConfig (ENI_CONFIG_LABEL_DEF)')
    .option('--name-tag-prefix <prefix>', 'Name tag prefix of created subnets')
    .option('--rotate-nodes', 'replace managed node groups so their nodes use the new mode (default)')
    .option('--no-rotate-nodes', 'do not replace node groups (rotate them yourself)')
    .option('--allow-capacity-loss', 'allow node groups to drop below --min-max-pods')
    .option('--min-max-pods <n>', 'refuse a node group whose max-pods would fall below this')
    .option(
      '--drain-timeout <seconds>',
      'how long a drain may take before apply stops and reports what blocks',
    );
}

export function planFlagsOf(opts: Record<string, unknown>): PlanFlags {
  const str = (k: string) => (typeof opts[k] === 'string' ? opts[k] : undefined);
  const bool = (k: string) => (typeof opts[k] === 'boolean' ? opts[k] : undefined);
  return {
    cluster: str('cluster'),
    config: str('config'),
    cidr: str('cidr'),
    subnetPrefix: str('subnetPrefix'),
    zones: str('zones'),
    securityGroups: str('securityGroups'),
    labelDef: str('labelDef'),
    nameTagPrefix: str('nameTagPrefix'),
    rotateNodes: bool('rotateNodes'),
    allowCapacityLoss: bool('allowCapacityLoss'),
    minMaxPods: str('minMaxPods'),
    drainTimeout: str('drainTimeout'),
  };
}

/** Engine tuning, hidden from --help: tests and the demo use short intervals. */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--concurrency <n>', 'steps in flight at once').argParser(positiveInt).default(4))
    .addOption(
      new Option('--poll-interval <ms>', 'waiter poll interval').argParser(nonNegativeInt).hideHelp(),
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
