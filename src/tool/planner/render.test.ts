import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planFromSnapshot } from './derive.js';
import { renderPlanJson, renderPlanText } from './render.js';
import { applyToSnapshot, exhaustedSnapshot, request } from './test-fixtures.js';

describe('renderPlanText', () => {
  const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'replace' }));

  it('shows each step with its sign and reason, and the capacity tables', () => {
    const text = renderPlanText(plan, { color: false });
    assert.match(text, /^\+ vpc-cidr +associate 100\.64\.0\.0\/16 with vpc-1$/m);
    assert.match(text, /^~ cni +VPC CNI add-on configurationValues/m);
    assert.match(text, /^- delete-nodegroup:ng-1 +delete node group ng-1$/m);
    assert.match(text, /^= eniconfig-crd/m);
    assert.match(text, /11 to create, 2 to change, 1 to delete, 1 unchanged\./);
    assert.match(text, /us-east-1a +use1-az1 +2 +16379 +100\.64\.0\.0\/18/);
    assert.match(text, /ng-1 +m5\.large +3 +29 +20 +yes/);
    assert.ok(!text.includes('\u001b['));
  });

  it('colours only when asked', () => {
    assert.ok(renderPlanText(plan, { color: true }).includes('\u001b[32m+ vpc-cidr'));
  });

  it('says there is nothing to do on an applied cluster', () => {
    const again = planFromSnapshot(
      applyToSnapshot(exhaustedSnapshot(), plan),
      request({ rotation: 'replace' }),
    );
    assert.match(renderPlanText(again, { color: false }), /Nothing to do/);
  });
});

describe('renderPlanJson', () => {
  it('is the Plan, with its schema version and the documented top-level keys', () => {
    const plan = planFromSnapshot(exhaustedSnapshot(), request({ rotation: 'replace' }));
    const doc = JSON.parse(renderPlanJson(plan)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), [
      'schemaVersion',
      'cluster',
      'region',
      'vpcId',
      'request',
      'steps',
      'summary',
      'capacity',
      'warnings',
    ]);
    assert.equal(doc.schemaVersion, 1);
    const steps = doc.steps as { id: string; kind: string; action: string; dependsOn: string[] }[];
    assert.deepEqual(steps[1], {
      ...steps[1],
      id: 'subnet:us-east-1a',
      kind: 'create-subnet',
      action: 'create',
      dependsOn: ['vpc-cidr'],
    });
  });
});
