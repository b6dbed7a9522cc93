/**
 * One ENIConfig per zone, named after the zone (ENI_CONFIG_LABEL_DEF = topology.kubernetes.io/zone
 * makes each node pick its zone's), pointing at the zone's pod subnet and security groups. Created,
 * or JSON-merge-patched when it exists with other values (custom resources take no strategic merge).
 */
import { httpStatus } from '../engine/retry.js';
import type { StepExecutor } from './context.js';
import { resolveSubnet } from './context.js';
import { ownershipTagMap } from '../planner/ownership.js';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

export const applyEniConfig: StepExecutor<'apply-eniconfig'> = {
  describe: (step) =>
    `ENIConfig ${step.target.name} -> ${step.desired.subnet.subnetId ?? `the ${step.target.zone} pod subnet`}`,
  async execute(step, ctx) {
    const kube = ctx.ports.kube;
    const subnet = resolveSubnet(step.desired.subnet, ctx);
    const labels = { ...ownershipTagMap(ctx.cluster), ...step.desired.labels };
    let existing = await ctx.call(() => kube.getEniConfig(step.target.name));
    if (!existing) {
      try {
        await ctx.call(() =>
          kube.createEniConfig({
            name: step.target.name,
            labels,
            subnet,
            securityGroups: step.desired.securityGroups,
          }),
        );
        return { subnetId: subnet };
      } catch (err) {
        // 409 AlreadyExists on a re-send whose first response was lost: compare with what is there.
        if (httpStatus(err) !== 409) throw err;
        existing = await ctx.call(() => kube.getEniConfig(step.target.name));
        if (!existing) throw err;
      }
    }
    const labelsOk = Object.entries(labels).every(([k, v]) => existing.labels[k] === v);
    if (
      existing.subnet === subnet &&
      sameList(existing.securityGroups, step.desired.securityGroups) &&
      labelsOk
    ) {
      return { subnetId: subnet };
    }
    await ctx.call(() =>
      kube.mergePatchEniConfig(step.target.name, {
        metadata: { labels },
        spec: { subnet, securityGroups: step.desired.securityGroups },
      }),
    );
    return { subnetId: subnet };
  },
};
