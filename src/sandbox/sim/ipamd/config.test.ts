import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsNodeContainer, eniConfigNameFor, ipamdConfigFromEnv, parseGoBool } from './config.js';
import { awsNodeDaemonSet } from '../testing/seed.js';

describe('ipamdConfigFromEnv', () => {
  it('has the CNI defaults', () => {
    const c = ipamdConfigFromEnv({});
    assert.equal(c.customNetworking, false);
    assert.equal(c.warmEniTarget, 1);
    assert.equal(c.warmIpTarget, 0);
    assert.equal(c.minimumIpTarget, 0);
    assert.equal(c.maxEni, -1);
    assert.equal(c.subnetDiscovery, true);
    assert.equal(c.eniConfigLabelDef, 'k8s.amazonaws.com/eniConfig');
    assert.equal(c.eniConfigAnnotationDef, 'k8s.amazonaws.com/eniConfig');
  });

  const cases: [string, Record<string, string>, Partial<ReturnType<typeof ipamdConfigFromEnv>>][] = [
    [
      'Go booleans',
      { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'TRUE', ENABLE_SUBNET_DISCOVERY: '0' },
      { customNetworking: true, subnetDiscovery: false },
    ],
    [
      'an unparsable boolean keeps the default',
      { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'yes' },
      { customNetworking: false },
    ],
    [
      'counts',
      { WARM_ENI_TARGET: '2', WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10' },
      { warmEniTarget: 2, warmIpTarget: 5, minimumIpTarget: 10 },
    ],
    [
      'negative and junk counts fall back',
      { WARM_ENI_TARGET: '-1', WARM_IP_TARGET: 'x' },
      { warmEniTarget: 1, warmIpTarget: 0 },
    ],
    ['MAX_ENI below 1 means the instance limit', { MAX_ENI: '0' }, { maxEni: -1 }],
    [
      'an empty ENI_CONFIG_LABEL_DEF keeps the default',
      { ENI_CONFIG_LABEL_DEF: '' },
      { eniConfigLabelDef: 'k8s.amazonaws.com/eniConfig' },
    ],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => {
      const c = ipamdConfigFromEnv(env);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(c[k as keyof typeof c], v, k);
    });
  }

  it('reads the CNI version from the aws-node image tag', () => {
    const { env, image } = awsNodeContainer(awsNodeDaemonSet({ WARM_IP_TARGET: '3' }));
    assert.equal(env.WARM_IP_TARGET, '3');
    assert.equal(ipamdConfigFromEnv(env, image).cniVersion, 'v1.19.2-eksbuild.1');
  });

  it('parses booleans as strconv.ParseBool does', () => {
    assert.deepEqual(['1', 't', 'True', '0', 'F', 'false', 'no', undefined].map(parseGoBool), [
      true,
      true,
      true,
      false,
      false,
      false,
      undefined,
      undefined,
    ]);
  });
});

describe('eniConfigNameFor', () => {
  const config = {
    eniConfigLabelDef: 'topology.kubernetes.io/zone',
    eniConfigAnnotationDef: 'k8s.amazonaws.com/eniConfig',
  };
  const cases: [string, { labels?: Record<string, string>; annotations?: Record<string, string> }, string][] =
    [
      [
        'the external label wins',
        {
          labels: {
            'vpc.amazonaws.com/externalEniConfig': 'ext',
            'topology.kubernetes.io/zone': 'us-east-1a',
          },
          annotations: { 'k8s.amazonaws.com/eniConfig': 'ann' },
        },
        'ext',
      ],
      [
        'then the annotation',
        {
          labels: { 'topology.kubernetes.io/zone': 'us-east-1a' },
          annotations: { 'k8s.amazonaws.com/eniConfig': 'ann' },
        },
        'ann',
      ],
      [
        'then the label named by ENI_CONFIG_LABEL_DEF',
        { labels: { 'topology.kubernetes.io/zone': 'us-east-1a' } },
        'us-east-1a',
      ],
      ['else default', { labels: {} }, 'default'],
    ];
  for (const [name, node, expected] of cases)
    it(name, () => assert.equal(eniConfigNameFor(node, config), expected));
});
