/** What every EKS route handler receives: the router's base context plus the EKS model. */
import type { EksModel } from '../../../services/eks/model.js';
import type { RestJsonBaseContext, RestJsonRoute } from '../route.js';

export interface EksRouteContext extends RestJsonBaseContext {
  eks: EksModel;
}

export type EksRoute = RestJsonRoute<EksRouteContext>;
