/** What destroy would do (and whether it would refuse), as data: `destroy --dry-run` and the library. */
import { isUserError } from '../../shared/errors.js';
import { describeAction, type DestroyAction, type DestroyPlan } from './compute.js';
import { checkDestroyable } from './run-destroy.js';

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
  /** Subnets taken out of subnet discovery first, and how (`tag-0` or `remove-tag`). */
  discoveryOff: { subnets: string[]; how: DestroyPlan['discoveryOff'] };
  /** Node subnets apply tagged kubernetes.io/role/cni=0, and the value each gets back (`absent`: none). */
  restoredNodeSubnets: DestroyPlan['restoredNodeSubnets'];
  /** Nodes of other managed node groups holding interfaces in the pod subnets, replaced by --force. */
  replaceNodes: DestroyPlan['foreignNodes'];
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
    discoveryOff: { subnets: plan.discoverySubnets, how: plan.discoveryOff },
    restoredNodeSubnets: plan.restoredNodeSubnets,
    replaceNodes: plan.foreignNodes,
    refusal,
  };
}
