/**
 * `eks-cidr destroy --dry-run`: the whole undo as destroy would carry it out (and what would make it
 * refuse), printed as text or as data for `-o json|yaml`. Nothing is changed and no lock is taken.
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { isUserError } from '../../../shared/errors.js';
import { describeAction, type DestroyAction, type DestroyPlan } from '../../destroy/compute.js';
import { checkDestroyable } from '../../destroy/run-destroy.js';

export interface DestroyPreview {
  cluster: string;
  /** What destroy would do, in order, each with the sentence the text output shows. */
  actions: (DestroyAction & { description: string })[];
  kept: string[];
  blockers: DestroyPlan['blockers'];
  podsInPodSubnets: string[];
  ownedNodegroups: string[];
  /** Node groups eks-cidr rolled in place, and the launch template version `--force` rolls each back to. */
  rolledNodegroups: { name: string; fromVersion: string }[];
  needsRotation: boolean;
  /** Why destroy would refuse before its first write (with these flags), if it would. */
  refusal: { code: string; message: string; hint: string | null } | null;
}

export function destroyPreview(cluster: string, plan: DestroyPlan, force: boolean): DestroyPreview {
  let refusal: DestroyPreview['refusal'] = null;
  try {
    checkDestroyable(plan, cluster, force);
  } catch (err) {
    if (!isUserError(err)) throw err;
    refusal = { code: err.code, message: err.message, hint: err.hint ?? null };
  }
  return {
    cluster,
    actions: plan.actions.map((a) => ({ ...a, description: describeAction(a) })),
    kept: plan.kept,
    blockers: plan.blockers,
    podsInPodSubnets: plan.podsInPodSubnets,
    ownedNodegroups: plan.ownedNodegroups.map((n) => n.name),
    rolledNodegroups: plan.rolledNodegroups.map((r) => ({
      name: r.nodegroup.name,
      fromVersion: r.fromVersion,
    })),
    needsRotation: plan.needsRotation,
    refusal,
  };
}

export function formatDestroyPreview(p: DestroyPreview): string {
  const lines = [`destroy on cluster ${p.cluster} would:`];
  if (p.needsRotation && p.ownedNodegroups.length > 0)
    lines.push(`  ~ rotate node groups ${p.ownedNodegroups.join(', ')} back to default networking (--force)`);
  for (const r of p.rolledNodegroups)
    lines.push(`  ~ roll node group ${r.name} back to launch template version ${r.fromVersion} (--force)`);
  lines.push(...p.actions.map((a) => `  - ${a.description}`));
  if (p.actions.length === 0 && !p.needsRotation) lines.push('  (nothing: no eks-cidr resources)');
  lines.push(...p.kept.map((k) => `  = keep ${k}`));
  if (p.refusal) {
    lines.push('', `It would refuse before changing anything [${p.refusal.code}]:`, `  ${p.refusal.message}`);
    if (p.refusal.hint) lines.push(`  ${p.refusal.hint}`);
  }
  lines.push('', 'Dry run: nothing was changed.');
  return lines.join('\n') + '\n';
}

export function printDestroyPreview(ctx: CliContext, preview: DestroyPreview): void {
  ctx.stdout.write(
    isStructured(ctx.output) ? formatStructured(ctx.output, preview) : formatDestroyPreview(preview),
  );
}
