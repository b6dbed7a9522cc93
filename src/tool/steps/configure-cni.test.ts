import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfigurationValues } from './configure-cni.js';

describe('mergeConfigurationValues', () => {
  const env = {
    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
    ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
  };

  it('merges env into existing JSON or YAML values, keeping every other key', () => {
    assert.deepEqual(
      JSON.parse(mergeConfigurationValues('{"env":{"WARM_IP_TARGET":"5"},"init":{"env":{"X":"1"}}}', env)),
      {
        env: { WARM_IP_TARGET: '5', ...env },
        init: { env: { X: '1' } },
      },
    );
    assert.deepEqual(
      JSON.parse(
        mergeConfigurationValues(
          'env:\n  ENABLE_PREFIX_DELEGATION: "true"\nresources:\n  requests:\n    cpu: 25m\n',
          env,
        ),
      ),
      {
        env: { ENABLE_PREFIX_DELEGATION: 'true', ...env },
        resources: { requests: { cpu: '25m' } },
      },
    );
  });

  it('starts from nothing when no values were set, and overrides a conflicting entry', () => {
    assert.deepEqual(JSON.parse(mergeConfigurationValues(undefined, env)), { env });
    assert.deepEqual(
      JSON.parse(mergeConfigurationValues('{"env":{"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"false"}}', env)),
      { env },
    );
  });
});
