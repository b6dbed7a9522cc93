import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { KubeClusters } from './clusters.js';
import { KubeStatusError } from './errors.js';
import { applyStructuralSchema, type JsonSchema } from './structural-schema.js';

const ENICONFIGS = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', resource: 'eniconfigs' };

describe('structural schema', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'integer' },
          tags: { type: 'array', items: { type: 'string' } },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };

  it('prunes unknown fields and keeps apiVersion, kind and metadata', () => {
    const { object, causes } = applyStructuralSchema(schema, {
      apiVersion: 'x/v1',
      kind: 'W',
      metadata: { name: 'w' },
      spec: { size: 1, typo: true, free: { anything: 1 } },
      extra: 1,
    });
    assert.deepEqual(causes, []);
    assert.deepEqual(object, {
      apiVersion: 'x/v1',
      kind: 'W',
      metadata: { name: 'w' },
      spec: { size: 1, free: { anything: 1 } },
    });
  });

  it('reports wrong types and missing required fields as kube-openapi does', () => {
    const { causes } = applyStructuralSchema(schema, { metadata: {}, spec: { tags: ['a', 2] } });
    assert.deepEqual(causes, [
      { field: 'spec.size', reason: 'FieldValueRequired', message: 'Required value' },
      {
        field: 'spec.tags[1]',
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"',
      },
    ]);
  });

  it('makes the store refuse an ENIConfig whose subnet is not a string, with 422', () => {
    const clusters = new KubeClusters({
      clock: new ManualClock(),
      ids: new SeededIds({ seed: 1, counter: 0 }),
      region: 'us-east-1',
    });
    const store = clusters.ensure('demo');
    let err: unknown;
    try {
      store.create(ENICONFIGS, { metadata: { name: 'a' }, spec: { subnet: 42 } });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof KubeStatusError);
    assert.equal(err.code, 422);
    assert.equal(
      err.message,
      'ENIConfig.crd.k8s.amazonaws.com "a" is invalid: spec.subnet: Invalid value: "integer": spec.subnet in body must be of type string: "integer"',
    );
    const stored = store.create(ENICONFIGS, {
      metadata: { name: 'b' },
      spec: { subnet: 'subnet-1', subnetId: 'typo' },
    });
    assert.deepEqual(stored.spec, { subnet: 'subnet-1' });
  });
});
