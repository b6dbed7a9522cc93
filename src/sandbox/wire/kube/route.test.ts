import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeStatusError } from '../../services/kube/errors.js';
import { negotiate } from './http.js';
import { parseRoute } from './route.js';

describe('parseRoute', () => {
  const table: [string, unknown][] = [
    ['/version', { kind: 'version' }],
    ['/api', { kind: 'core-versions' }],
    ['/apis/apps/v1', { kind: 'resources', group: 'apps', version: 'v1' }],
    [
      '/api/v1/namespaces',
      { kind: 'resource', group: '', version: 'v1', resource: 'namespaces', legacyWatch: false },
    ],
    [
      '/api/v1/namespaces/kube-system',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        resource: 'namespaces',
        name: 'kube-system',
        legacyWatch: false,
      },
    ],
    [
      '/api/v1/namespaces/kube-system/status',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        resource: 'namespaces',
        name: 'kube-system',
        subresource: 'status',
        legacyWatch: false,
      },
    ],
    [
      '/api/v1/namespaces/default/pods/web/eviction',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: 'default',
        name: 'web',
        subresource: 'eviction',
        legacyWatch: false,
      },
    ],
    [
      '/apis/crd.k8s.amazonaws.com/v1alpha1/eniconfigs/us-east-1a',
      {
        kind: 'resource',
        group: 'crd.k8s.amazonaws.com',
        version: 'v1alpha1',
        resource: 'eniconfigs',
        name: 'us-east-1a',
        legacyWatch: false,
      },
    ],
    [
      '/api/v1/watch/namespaces/default/pods',
      {
        kind: 'resource',
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: 'default',
        legacyWatch: true,
      },
    ],
    ['/api/v2/pods', { kind: 'unknown' }],
    ['/api/v1/namespaces/a/pods/b/c/d', { kind: 'unknown' }],
  ];
  for (const [path, expected] of table) {
    it(path, () => assert.deepEqual(parseRoute(path), expected));
  }
});

describe('negotiate', () => {
  it('prefers the first form it can produce', () => {
    assert.deepEqual(
      negotiate(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      ),
      {
        as: 'table',
        apiVersion: 'meta.k8s.io/v1',
      },
    );
    assert.deepEqual(negotiate(undefined), { as: 'object', yaml: false });
    assert.deepEqual(negotiate('application/vnd.kubernetes.protobuf, */*'), { as: 'object', yaml: false });
    assert.deepEqual(negotiate('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'), {
      as: 'metadata',
      apiVersion: 'meta.k8s.io/v1',
    });
  });
  it('answers 406 when nothing acceptable is offered', () => {
    assert.throws(
      () => negotiate('application/vnd.kubernetes.protobuf'),
      (e) => e instanceof KubeStatusError && e.code === 406,
    );
  });
});
