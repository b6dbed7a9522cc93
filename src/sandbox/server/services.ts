/**
 * The registry of what the server speaks: the EC2 Query operations and the REST-JSON services. A
 * service is added here with one line (EC2: `ec2Operations` from
 * `wire/ec2-query/operations/index.js`; EKS: `eksRoutes` with a context carrying the EKS model).
 */
import type { Ec2OpContext, Ec2Operation } from '../wire/ec2-query/operation.js';
import { ec2Operations } from '../wire/ec2-query/operations/index.js';
import { RestJsonRouter } from '../wire/rest-json/router.js';
import type { RestJsonBaseContext, RestJsonRoute } from '../wire/rest-json/route.js';
import type { World } from '../world.js';
import { ExitCode, UserError } from '../../shared/errors.js';
import type { KubeMountFactory } from './kube-server.js';
import { eksRoutes, type EksRouteContext } from '../wire/rest-json/eks/routes.js';
import { largeScenario, largeSize, scenarioWorld, worldScenarios } from '../scenarios/index.js';
import { kubeMountFactory } from './kube-mount.js';

export interface RestJsonServiceDefinition<Ctx> {
  /** The SigV4 signing name (credential scope service), e.g. `eks`. */
  signingName: 'eks';
  routes: readonly RestJsonRoute<Ctx>[];
  /** Builds a handler's context from the world. */
  context(world: World, base: RestJsonBaseContext): Ctx;
}

/** A REST-JSON service with its context type erased, so services with different contexts share a list. */
export interface RestJsonService {
  signingName: 'eks';
  router: RestJsonRouter<unknown>;
  context(world: World, base: RestJsonBaseContext): unknown;
}

export function defineRestJsonService<Ctx>(def: RestJsonServiceDefinition<Ctx>): RestJsonService {
  return {
    signingName: def.signingName,
    router: new RestJsonRouter(def.routes),
    context: (world, base) => def.context(world, base),
  };
}

export interface ServiceRegistry {
  ec2Operations: readonly Ec2Operation[];
  restJson: readonly RestJsonService[];
}

/** The EC2 handlers' context. */
export function ec2Context(world: World, base: RestJsonBaseContext): Ec2OpContext {
  return { ...base, ec2: world.ec2 };
}

/** The EKS routes' context. */
export function eksContext(world: World, base: RestJsonBaseContext): EksRouteContext {
  return { ...base, eks: world.eks };
}

/** What the sandbox serves. */
export function defaultServices(): ServiceRegistry {
  return {
    ec2Operations,
    restJson: [
      defineRestJsonService<EksRouteContext>({ signingName: 'eks', routes: eksRoutes, context: eksContext }),
    ],
  };
}

/** The Kubernetes API mount; none means no HTTPS listener. */
export const defaultKubeMount: KubeMountFactory | undefined = kubeMountFactory;

/** Scenario builders by name (`src/sandbox/scenarios/`). */
const scenarios: Record<string, (world: World) => void> = {
  empty: () => {},
  ...worldScenarios(),
};

export function scenarioNames(): string[] {
  return [...Object.keys(scenarios), 'large'];
}

/** Sizes of the scenarios that take them (`large`: nodes and pods per node). */
export interface ScenarioOptions {
  nodes?: number | undefined;
  podsPerNode?: number | undefined;
}

export function resolveScenario(name: string, options: ScenarioOptions = {}): (world: World) => void {
  if (name === 'large') {
    largeSize(options); // refused before anything starts
    return (world) => largeScenario(scenarioWorld(world), options);
  }
  const build = scenarios[name];
  if (!build) {
    throw new UserError('E_SANDBOX_SCENARIO', `Unknown sandbox scenario '${name}'.`, {
      hint: `Choose one of: ${scenarioNames().join(', ')}.`,
      exitCode: ExitCode.Usage,
    });
  }
  return build;
}
