import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeStatusError } from './errors.js';
import { matchesSelectorObject, parseFieldSelector, parseLabelSelector } from './selectors.js';

describe('label selectors', () => {
  const table: [string, Record<string, string>, boolean][] = [
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app!=web', { app: 'db' }, true],
    ['app!=web', {}, true],
    ['app in (web, db),tier', { app: 'db', tier: 'x' }, true],
    ['app in (web,db),tier', { app: 'db' }, false],
    ['app notin (web)', {}, true],
    ['!canary', { canary: 'true' }, false],
    ['eks.amazonaws.com/nodegroup=ng-1', { 'eks.amazonaws.com/nodegroup': 'ng-1' }, true],
    ['', { any: 'thing' }, true],
  ];
  for (const [selector, labels, expected] of table) {
    it(`'${selector}' on ${JSON.stringify(labels)} is ${expected}`, () => {
      assert.equal(parseLabelSelector(selector)(labels), expected);
    });
  }

  it('refuses a malformed selector with 400', () => {
    assert.throws(
      () => parseLabelSelector('a b c'),
      (e) => e instanceof KubeStatusError && e.code === 400,
    );
  });

  it('matches matchLabels and matchExpressions objects', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }],
    };
    assert.equal(matchesSelectorObject(sel, { app: 'web', tier: 'fe' }), true);
    assert.equal(matchesSelectorObject(sel, { app: 'web' }), false);
    assert.equal(matchesSelectorObject(undefined, { app: 'web' }), false);
  });
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };
  it('selects on spec.nodeName, status.phase, metadata.name and metadata.namespace', () => {
    assert.equal(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed', 'pods')(pod), true);
    assert.equal(parseFieldSelector('metadata.name=p,metadata.namespace=ns', 'pods')(pod), true);
    assert.equal(parseFieldSelector('spec.nodeName=', 'pods')({ metadata: { name: 'x' } }), true);
  });
  it('refuses fields the resource does not index', () => {
    assert.throws(
      () => parseFieldSelector('spec.nodeName=n1', 'configmaps'),
      /field label not supported: spec.nodeName/,
    );
  });
  it('selects events by involvedObject', () => {
    const ev = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', uid: 'u' } };
    assert.equal(parseFieldSelector('involvedObject.name=p,involvedObject.kind=Pod', 'events')(ev), true);
  });
});
