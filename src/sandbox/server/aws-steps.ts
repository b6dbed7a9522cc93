/**
 * An AWS API call as a journal step: everything needed to run it again on the world after a restart
 * (service, method, path, query, body, caller, request ID), its dispatch, and whether it can change
 * the world (EC2 operations and EKS routes say so; STS never does).
 */
import type { Ec2OperationRegistry } from '../wire/ec2-query/codec.js';
import type { Ec2OpContext } from '../wire/ec2-query/operation.js';
import { QueryParams } from '../wire/ec2-query/params.js';
import type { World } from '../world.js';
import { ConsistencyWindow } from './consistency.js';
import { dispatchEc2, dispatchRestJson, type ApiOutcome, type CallContext } from './dispatch.js';
import type { ServiceRegistry } from './services.js';

export interface AwsStep {
  service: 'ec2' | 'eks' | 'sts';
  method: string;
  path: string;
  query: string;
  body: string;
  accessKeyId: string;
  requestId: string;
}

function paramsOf(step: AwsStep): QueryParams {
  return QueryParams.fromForm(step.method === 'POST' ? step.body : step.query);
}

function restJsonOf(step: AwsStep, services: ServiceRegistry) {
  return (
    services.restJson.find((s) => s.signingName === step.service) ??
    services.restJson.find((s) => s.router.matchesPath(step.path))
  );
}

export function isMutatingStep(
  step: AwsStep,
  registry: Ec2OperationRegistry<Ec2OpContext>,
  services: ServiceRegistry,
): boolean {
  try {
    if (step.service === 'ec2') return registry.resolve(paramsOf(step)).mutating;
    if (step.service === 'eks')
      return restJsonOf(step, services)?.router.match(step.method, step.path).route.mutating ?? false;
  } catch {
    // An unknown operation changes nothing; its dispatch answers the error.
  }
  return false;
}

export function dispatchAwsStep(
  step: AwsStep,
  call: CallContext,
  registry: Ec2OperationRegistry<Ec2OpContext>,
  services: ServiceRegistry,
): ApiOutcome {
  if (step.service === 'ec2') return dispatchEc2(paramsOf(step), registry, call);
  const service = restJsonOf(step, services);
  if (!service) throw new Error(`no REST-JSON service for ${step.service} ${step.path}`);
  return dispatchRestJson(service, step.method, step.path, step.query, Buffer.from(step.body, 'utf8'), call);
}

/** Runs a journaled AWS step again (restart); the world's clock is pinned to the step's time. */
export function replayAwsStep(
  world: World,
  registry: Ec2OperationRegistry<Ec2OpContext>,
  services: ServiceRegistry,
  step: AwsStep,
): void {
  dispatchAwsStep(
    step,
    {
      world,
      requestId: step.requestId,
      now: world.env.clock.now(),
      accessKeyId: step.accessKeyId,
      consistency: new ConsistencyWindow(() => 0),
    },
    registry,
    services,
  );
}
