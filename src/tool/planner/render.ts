/**
 * The plan for people (a diff: `+` create, `~` update, `-` delete, `=` no-op, with colour on a
 * terminal) and for machines (`--output json`, the stable shape docs/plan.md describes). Pure.
 */
import pc from 'picocolors';
import { SUBNET_DISCOVERY_TAG } from '../../shared/aws-facts/index.js';
import { formatTable } from '../../shared/cli/format-table.js';
import type { Finding, Plan, PlanStep } from './types.js';
import { renderCapacityTable } from './render-capacity.js';

export interface RenderOptions {
  color: boolean;
  /** Show no-op steps too (default true: an applied cluster shows what is in place). */
  showNoOps?: boolean;
}

type Paint = ReturnType<typeof pc.createColors>;

/** `-` for steps that remove something (the old node group) though the action is an update. */
export function signOf(step: PlanStep): '+' | '~' | '-' | '=' {
  if (step.action === 'no-op') return '=';
  if (step.action === 'create') return '+';
  return step.kind === 'delete-nodegroup' ? '-' : '~';
}

function paintSign(c: Paint, sign: string, text: string): string {
  switch (sign) {
    case '+':
      return c.green(text);
    case '~':
      return c.yellow(text);
    case '-':
      return c.red(text);
    default:
      return c.dim(text);
  }
}

/** What the step does, in a few words. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'associate-cidr':
      return `associate ${step.desired.cidr} with ${step.target.vpcId}`;
    case 'create-subnet': {
      const role = step.desired.tags.find((t) => t.key === SUBNET_DISCOVERY_TAG);
      return `subnet ${step.desired.cidr} in ${step.target.zone}${step.current ? ` (${step.current.subnetId})` : ''}${role ? `, tagged ${role.key}=${role.value}` : ''}`;
    }
    case 'associate-route-table':
      return `route table ${step.desired.routeTableId}${step.desired.main ? ' (main)' : ''} for the ${step.target.subnet.zone} pod subnet`;
    case 'configure-cni':
      return `VPC CNI ${step.target.mode === 'managed-addon' ? 'add-on configurationValues' : 'aws-node env'}: ${Object.entries(
        step.desired.env,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    case 'check-eniconfig-crd':
      return `CRD ${step.target.name}`;
    case 'apply-eniconfig':
      return `ENIConfig ${step.target.name} -> ${step.desired.subnet.subnetId ?? `(subnet from ${step.desired.subnet.stepId})`}, [${step.desired.securityGroups.join(', ')}]`;
    case 'create-nodegroup':
      return `node group ${step.target.nodegroupName} replacing ${step.desired.replaces} (${step.desired.instanceTypes.join(', ')}, max-pods ${step.desired.maxPods.maxPods} via ${step.desired.maxPods.via})`;
    case 'drain-nodegroup':
      return `drain ${step.desired.nodeNames.length} node(s) of ${step.target.nodegroupName}`;
    case 'delete-nodegroup':
      return `delete node group ${step.target.nodegroupName}`;
    case 'tag-subnet':
      return `tag ${step.target.subnet.subnetId ?? `the ${step.target.subnet.zone} pod subnet`} ${[...step.desired.tags.map((t) => `${t.key}=${t.value}`), ...(step.desired.removeKeys ?? []).map((k) => `-${k}`)].join(' ')}`;
    case 'update-addon-version':
      return `${step.target.addonName} add-on ${step.current ? `${step.current.addonVersion} -> ` : ''}${step.desired.addonVersion}`;
    case 'replace-nodes':
      return `replace ${step.desired.nodes.length} node(s) of ${step.desired.nodegroups.join(', ')} one at a time (${step.desired.nodes.join(', ')})`;
    case 'roll-nodegroup':
      return `roll node group ${step.target.nodegroupName} in place (${step.current?.scaling.desiredSize ?? '?'} -> ${step.desired.scaling.desiredSize} node(s), max-pods ${step.desired.maxPods.maxPods}, ${step.desired.maxUnavailable} at a time${step.desired.force ? ', force' : ''})`;
  }
}

/** The mode, why, and what the other mode would cost or give; then what the mode's settings are. */
export function modeLines(plan: Plan, c: Paint = pc.createColors(false)): string[] {
  const r = plan.request;
  const d = r.modeDecision;
  const out = [
    `  mode ${c.bold(r.mode)}${d ? ` (${d.source}): ${d.reason}` : ''}`,
    ...(d ? [`    ${c.dim(`instead: ${d.alternative}`)}`] : []),
  ];
  if (r.mode === 'custom-networking') {
    out.push(
      `  security groups ${r.securityGroups.join(', ')} (${r.securityGroupsSource}), ENIConfig label ${r.labelDef}`,
    );
  } else if (r.stopNodeSubnetPods) {
    out.push(
      "  pods keep the security groups of each node's primary ENI; no ENIConfig; the node subnets stop feeding pods (kubernetes.io/role/cni=0), so node groups are rotated to the lower max-pods (--stop-node-subnet-pods)",
    );
  } else {
    out.push("  pods keep the security groups of each node's primary ENI; no ENIConfig, no node replacement");
  }
  if (r.prefixDelegation && r.prefixDelegation !== 'keep')
    out.push(`  prefix delegation ${r.prefixDelegation}`);
  return out;
}

function findingLine(c: Paint, f: Finding): string {
  const mark = f.severity === 'error' ? c.red('x') : f.severity === 'warning' ? c.yellow('!') : c.cyan('i');
  return `  ${mark} ${f.message}${f.hint ? `\n    ${c.dim(f.hint)}` : ''}`;
}

export function renderPlanText(plan: Plan, options: RenderOptions): string {
  const c = pc.createColors(options.color);
  const r = plan.request;
  const out: string[] = [];
  out.push(c.bold(`Plan for cluster ${plan.cluster} (${plan.region}, ${plan.vpcId})`));
  out.push(
    `  pod block ${r.cidr} (${r.cidrSource}), /${r.subnetPrefix} subnets (${r.subnetPrefixSource}) in ${r.zones.join(', ')} (${r.zonesSource})`,
  );
  out.push(...modeLines(plan, c));
  out.push('');
  const width = Math.max(...plan.steps.map((s) => s.id.length));
  for (const step of plan.steps) {
    if (step.action === 'no-op' && options.showNoOps === false) continue;
    const sign = signOf(step);
    out.push(paintSign(c, sign, `${sign} ${step.id.padEnd(width)}  ${describeStep(step)}`));
    out.push(`    ${c.dim(step.reason)}`);
  }
  const count = (sign: string) => plan.steps.filter((s) => signOf(s) === sign).length;
  out.push('');
  out.push(
    count('=') === plan.steps.length
      ? c.green('Nothing to do: the cluster already matches the request.')
      : `${count('+')} to create, ${count('~')} to change, ${count('-')} to delete, ${count('=')} unchanged.`,
  );
  out.push('', c.bold('Pod addresses per zone'));
  out.push(
    indent(
      formatTable(plan.summary.zones, [
        { header: 'ZONE', value: (z) => z.zone },
        { header: 'ZONE ID', value: (z) => z.zoneId },
        { header: 'BEFORE', value: (z) => z.podAddressesBefore },
        { header: 'AFTER', value: (z) => z.podAddressesAfter },
        { header: 'POD SUBNET', value: (z) => z.podSubnetCidr },
      ]),
    ),
  );
  if (plan.summary.nodegroups.length > 0) {
    out.push(c.bold('Max pods per node group'));
    out.push(
      indent(
        formatTable(plan.summary.nodegroups, [
          { header: 'NODE GROUP', value: (n) => n.nodegroup },
          { header: 'INSTANCE TYPES', value: (n) => n.instanceTypes.join(',') },
          { header: 'NODES', value: (n) => n.nodes },
          { header: 'BEFORE', value: (n) => n.maxPodsBefore },
          { header: 'AFTER', value: (n) => n.maxPodsAfter },
          { header: 'ROTATE', value: (n) => (n.rotate ? 'yes' : 'no') },
        ]),
      ),
    );
  }
  if (plan.capacity && plan.capacity.rows.length > 0) {
    out.push(c.bold('Capacity per node group and zone (before->after)'));
    out.push(...renderCapacityTable(plan.capacity));
  }
  if (plan.warnings.length > 0) {
    out.push(c.bold('Notes'));
    for (const f of plan.warnings) out.push(findingLine(c, f));
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** The JSON document (docs/plan.md): the Plan itself, whose shape is versioned by schemaVersion. */
export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}
