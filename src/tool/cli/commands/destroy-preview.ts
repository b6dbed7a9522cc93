/**
 * `eks-cidr destroy --dry-run`: the whole undo as destroy would carry it out (and what would make it
 * refuse), printed as text or as data for `-o json|yaml`. Nothing is changed and no lock is taken.
 */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import type { DestroyPreview } from '../../destroy/preview.js';

export { destroyPreview, type DestroyPreview } from '../../destroy/preview.js';

export function formatDestroyPreview(p: DestroyPreview): string {
  const lines = [`destroy on cluster ${p.cluster} would:`];
  for (const s of p.restoredNodeSubnets)
    lines.push(
      s.was === 'absent'
        ? `  ~ remove tag kubernetes.io/role/cni=0 from node subnet ${s.subnetId} (eks-cidr added it; its pods feed from it again)`
        : `  ~ tag node subnet ${s.subnetId} kubernetes.io/role/cni=${s.was} again (what it was before eks-cidr)`,
    );
  if (p.needsRotation && p.ownedNodegroups.length > 0)
    lines.push(`  ~ rotate node groups ${p.ownedNodegroups.join(', ')} back to default networking (--force)`);
  for (const r of p.rolledNodegroups)
    lines.push(`  ~ roll node group ${r.name} back to launch template version ${r.fromVersion} (--force)`);
  for (const id of p.discoveryOff.subnets)
    lines.push(
      p.discoveryOff.how === 'tag-0'
        ? `  ~ tag ${id} kubernetes.io/role/cni=0 (no new ENI there)`
        : `  ~ remove tag kubernetes.io/role/cni from ${id} (this VPC CNI reads only the key)`,
    );
  if (p.replaceNodes.length > 0)
    lines.push(
      `  ~ replace ${p.replaceNodes.map((n) => `${n.nodeName} (${n.instanceId}, ${n.nodegroup})`).join(', ')} one at a time (--force; their node groups are not changed)`,
    );
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
