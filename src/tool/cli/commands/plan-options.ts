/**
 * The plan options, shared by `plan` and (same names) `apply`: what the request is, and which cluster
 * and kubeconfig context to read. Definitions only; values are validated by src/tool/config.
 */
import { Option, type Command } from 'commander';
import type { PlanFlags } from '../../config/load.js';
import { requireOption } from '../config-file.js';

export function addPlanClusterOptions(cmd: Command): Command {
  return requireOption(cmd, new Option('--cluster <name>', 'EKS cluster name (or cluster: in --config)'))
    .option(
      '--config <file>',
      'YAML or JSON file of option values, named as in camelCase (cluster, cidr, subnetPrefix...); flags win over it',
    )
    .option(
      '--kubeconfig <path>',
      'kubeconfig file (default: the KUBECONFIG files merged as kubectl does, then ~/.kube/config)',
    )
    .option(
      '--context <name>',
      "kubeconfig context (default: the one whose server is the cluster's endpoint)",
    );
}

export function addPlanRequestOptions(cmd: Command): Command {
  return cmd
    .option('--cidr <cidr|auto>', 'secondary block for pods (auto: the lowest free /16 of 100.64.0.0/10)')
    .option(
      '--subnet-prefix <n|auto>',
      'prefix length of each zone pod subnet (auto: the largest equal split)',
    )
    .option(
      '--zones <list|auto>',
      'comma-separated zone names or ids, us-east-1a or use1-az1 (auto: every zone with nodes or node-group subnets)',
    )
    .option(
      '--security-groups <list|auto>',
      'security groups of the pod ENIs (auto: the cluster security group)',
    )
    .option(
      '--label-def <label>',
      'node label that names the ENIConfig (default topology.kubernetes.io/zone)',
    )
    .option('--name-tag-prefix <prefix>', 'Name tag prefix of created subnets (default eks-cidr)')
    .option('--rotate-nodes', 'replace managed node groups so their nodes use the new mode (default)')
    .option('--no-rotate-nodes', 'do not replace node groups (rotate them yourself)')
    .option('--allow-capacity-loss', 'allow node groups to drop below --min-max-pods')
    .option('--allow-public-cidr', 'accept a publicly routable --cidr (only a block your organisation owns)')
    .option(
      '--stop-node-subnet-pods',
      'subnet discovery: tag the node subnets kubernetes.io/role/cni=0 so only the new block feeds pods (rotates nodes to the lower max-pods)',
    )
    .option('--min-max-pods <n>', 'refuse a node group whose max-pods would fall below this (default 8)')
    .option('--drain-timeout <seconds>', 'how long a drain may take before apply stops (default 600)')
    .option(
      '--mode <auto|subnet-discovery|custom-networking>',
      'how pods get addresses from the new block (auto: chosen from the cluster, with the reason; docs/modes.md)',
    )
    .option(
      '--prefix-delegation <on|off|keep>',
      'VPC CNI prefix delegation: turn it on (more pods per node), off, or keep the current setting (default keep)',
    )
    .option(
      '--capacity-headroom <percent>',
      'size replaced or rolled node groups for the pods that need an address plus this much (default 10%)',
    )
    .option(
      '--node-count <group=n>',
      'desired nodes of a replaced or rolled node group, overriding the sizing (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--max-nodes <n>', 'refuse to size a node group above this many nodes')
    .addOption(
      new Option(
        '--rotation <strategy>',
        'how node groups are rotated: rolling (same group, new launch template version, EKS rolling update), replace (new group, drained in waves), none; auto: rolling for a group with a launch template, else replace (default auto)',
      ).choices(['auto', 'rolling', 'replace', 'none']),
    )
    .option(
      '--max-unavailable <n|percent>',
      "nodes the replace strategy drains at a time (default: the group's updateConfig, else 1 node or 10%)",
    )
    .option('--force', 'rolling strategy: evict pods even when a PodDisruptionBudget forbids it (EKS force)');
}

/** How to reach the cluster's Kubernetes API; apply, verify, report and destroy take the same flags. */
export interface KubeFlags {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/** The values of the options addPlanClusterOptions defines (commander's untyped `opts()`). */
export function kubeFlagsFrom(opts: Record<string, unknown>): KubeFlags {
  return {
    kubeconfig: typeof opts.kubeconfig === 'string' ? opts.kubeconfig : undefined,
    context: typeof opts.context === 'string' ? opts.context : undefined,
  };
}

/**
 * The values of the options addPlanRequestOptions (and --cluster) define, as config/load reads them.
 * Values the config file set are left out: config/load reads the file itself, so that its errors and
 * the plan's "(config)" sources name the file.
 */
export function planFlagsFrom(
  opts: Record<string, unknown>,
  fromFile: (name: string) => boolean = () => false,
  configOtherFields: readonly string[] = [],
): PlanFlags {
  const str = (k: string) => (typeof opts[k] === 'string' && !fromFile(k) ? opts[k] : undefined);
  const bool = (k: string) => (typeof opts[k] === 'boolean' && !fromFile(k) ? opts[k] : undefined);
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
    allowPublicCidr: bool('allowPublicCidr'),
    stopNodeSubnetPods: bool('stopNodeSubnetPods'),
    minMaxPods: str('minMaxPods'),
    drainTimeout: str('drainTimeout'),
    mode: str('mode'),
    prefixDelegation: str('prefixDelegation'),
    capacityHeadroom: str('capacityHeadroom'),
    nodeCount:
      Array.isArray(opts.nodeCount) && !fromFile('nodeCount') ? (opts.nodeCount as string[]) : undefined,
    maxNodes: str('maxNodes'),
    rotation: str('rotation'),
    maxUnavailable: str('maxUnavailable'),
    force: bool('force'),
    configOtherFields,
  };
}
