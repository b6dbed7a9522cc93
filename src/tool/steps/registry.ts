/** Every step kind's executor, checked complete by the type: a new StepKind fails to compile here. */
import type { AnyStepExecutor } from './context.js';
import { associateCidr } from './associate-cidr.js';
import { createSubnet } from './create-subnet.js';
import { associateRouteTable } from './associate-route-table.js';
import { configureCni } from './configure-cni.js';
import { checkEniConfigCrd } from './check-eniconfig-crd.js';
import { applyEniConfig } from './apply-eniconfig.js';
import { createNodegroup } from './create-nodegroup.js';
import { drainNodegroup } from './drain-nodegroup.js';
import { deleteNodegroup } from './delete-nodegroup.js';
import { updateAddonVersion } from './update-addon-version.js';
import { tagSubnet } from './tag-subnet.js';
import { rollNodegroup } from './roll-nodegroup.js';

export const stepExecutors: AnyStepExecutor = {
  'associate-cidr': associateCidr,
  'create-subnet': createSubnet,
  'associate-route-table': associateRouteTable,
  'configure-cni': configureCni,
  'check-eniconfig-crd': checkEniConfigCrd,
  'apply-eniconfig': applyEniConfig,
  'create-nodegroup': createNodegroup,
  'drain-nodegroup': drainNodegroup,
  'delete-nodegroup': deleteNodegroup,
  'update-addon-version': updateAddonVersion,
  'tag-subnet': tagSubnet,
  'roll-nodegroup': rollNodegroup,
};
