import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { mimeParts, maxPodsFromUserData } from '../../sim/user-data.js';
import { twinUserData } from '../../scenarios/from-snapshot-cluster.js';
import { bootstrapShUserData, nodeadmUserData } from './bootstrap-user-data.js';
import { defaultUserData } from './node-launcher.js';
import type { ClusterRecord, NodegroupRecord } from './types.js';

/** The NodeConfig documents of the user data's `application/node.eks.aws` parts. */
function nodeConfigs(userData: string): Record<string, unknown>[] {
  return mimeParts(userData)
    .filter((p) => p.contentType === 'application/node.eks.aws')
    .flatMap((p) => parseAllDocuments(p.body).map((d) => d.toJS() as Record<string, unknown>));
}

describe('bootstrap user data: written once, read back by the node simulation', () => {
  const cases: [string, string, unknown][] = [
    [
      'nodeadm with max-pods',
      nodeadmUserData({ cluster: 'demo', maxPods: 20 }),
      { kind: 'explicit', maxPods: 20, via: 'nodeadm-config' },
    ],
    ['nodeadm without max-pods', nodeadmUserData({ cluster: 'demo' }), { kind: 'none' }],
    [
      'bootstrap.sh --use-max-pods false with --max-pods',
      bootstrapShUserData({ cluster: 'demo', useMaxPods: false, maxPods: 17 }),
      { kind: 'explicit', maxPods: 17, via: 'kubelet-extra-args' },
    ],
    [
      'bootstrap.sh --use-max-pods false alone',
      bootstrapShUserData({ cluster: 'demo', useMaxPods: false }),
      { kind: 'kubelet-default' },
    ],
    ['bootstrap.sh alone', bootstrapShUserData({ cluster: 'demo' }), { kind: 'bootstrap-default' }],
  ];
  for (const [name, userData, expected] of cases)
    it(name, () => assert.deepEqual(maxPodsFromUserData(userData), expected));

  it('a NodeConfig names the cluster, and the endpoint and service CIDR when given', () => {
    const [doc] = nodeConfigs(
      nodeadmUserData({
        cluster: 'demo',
        apiServerEndpoint: 'https://x',
        serviceCidr: '172.20.0.0/16',
        maxPods: 9,
      }),
    );
    assert.deepEqual(doc, {
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: { name: 'demo', apiServerEndpoint: 'https://x', cidr: '172.20.0.0/16' },
        kubelet: { config: { maxPods: 9 } },
      },
    });
  });

  it("EKS's default user data and a twin's launch template user data are the one writer's", () => {
    const cluster = {
      name: 'demo',
      kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    } as ClusterRecord;
    assert.equal(
      defaultUserData(cluster, { amiType: 'AL2023_x86_64_STANDARD' } as NodegroupRecord),
      nodeadmUserData({ cluster: 'demo', apiServerEndpoint: 'demo', serviceCidr: '172.20.0.0/16' }),
    );
    assert.equal(
      defaultUserData(cluster, { amiType: 'AL2_x86_64' } as NodegroupRecord),
      bootstrapShUserData({ cluster: 'demo' }),
    );
    assert.equal(
      twinUserData('demo', { id: 'lt-1', version: '1', userData: { bootstrap: 'nodeadm', maxPods: 20 } }),
      nodeadmUserData({ cluster: 'demo', maxPods: 20 }),
    );
    assert.equal(
      twinUserData('demo', {
        id: 'lt-1',
        version: '1',
        userData: { bootstrap: 'bootstrap.sh', useMaxPods: false, maxPods: 20 },
      }),
      bootstrapShUserData({ cluster: 'demo', useMaxPods: false, maxPods: 20 }),
    );
    assert.equal(
      twinUserData('demo', { id: 'lt-1', version: '1', userData: { bootstrap: 'none' } }),
      undefined,
    );
  });
});
