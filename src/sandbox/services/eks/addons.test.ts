import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeCluster, eksTestWorld } from './test-support.js';

const customNetworking = JSON.stringify({
  env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone' },
});

describe('EKS managed add-ons', () => {
  it('writes configurationValues env into aws-node when the update completes', () => {
    const w = eksTestWorld({ addonCreate: 100, addonUpdate: 1000 });
    activeCluster(w);
    assert.equal(w.eks.createAddon({ clusterName: 'demo', addonName: 'vpc-cni' }).status, 'CREATING');
    w.clock.advance(100);
    w.eks.tick();
    assert.equal(w.eks.describeAddon('demo', 'vpc-cni').addonVersion, 'v1.19.2-eksbuild.1');
    assert.equal(w.eks.describeAddon('demo', 'vpc-cni').status, 'ACTIVE');

    const update = w.eks.updateAddon('demo', 'vpc-cni', {
      configurationValues: customNetworking,
      resolveConflicts: 'OVERWRITE',
    });
    assert.equal(update.type, 'AddonUpdate');
    assert.deepEqual(update.params, [
      { type: 'ResolveConflicts', value: 'OVERWRITE' },
      { type: 'ConfigurationValues', value: customNetworking },
    ]);
    assert.equal(w.eks.describeAddon('demo', 'vpc-cni').status, 'UPDATING');
    assert.equal(w.store.awsNodeEnv()['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'false');
    w.clock.advance(1000);
    w.eks.tick();
    const env = w.store.awsNodeEnv();
    assert.equal(env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'true');
    assert.equal(env['ENI_CONFIG_LABEL_DEF'], 'topology.kubernetes.io/zone');
    assert.equal(env['WARM_ENI_TARGET'], '1');
    const addon = w.eks.describeAddon('demo', 'vpc-cni');
    assert.equal(addon.status, 'ACTIVE');
    assert.equal(addon.configurationValues, customNetworking);
    assert.equal(w.eks.describeUpdate('demo', update.id, { addonName: 'vpc-cni' }).status, 'Successful');
  });

  it('refuses malformed JSON and keys outside the vpc-cni schema', () => {
    const w = eksTestWorld();
    activeCluster(w);
    w.eks.createAddon({ clusterName: 'demo', addonName: 'vpc-cni' });
    w.clock.advance(60_000);
    w.eks.tick();
    assert.throws(() => w.eks.updateAddon('demo', 'vpc-cni', { configurationValues: '{"env": {' }), {
      code: 'InvalidParameterException',
      fields: { clusterName: 'demo', addonName: 'vpc-cni' },
    });
    assert.throws(
      () => w.eks.updateAddon('demo', 'vpc-cni', { configurationValues: '{"env":{"NOT_A_KNOB":"1"}}' }),
      {
        code: 'InvalidParameterException',
        message:
          'ConfigurationValue provided in request is not supported [$.env.NOT_A_KNOB: is not defined in the schema and the schema does not allow additional properties]',
      },
    );
    assert.throws(
      () => w.eks.updateAddon('demo', 'vpc-cni', { configurationValues: '{"env":{"WARM_ENI_TARGET":1}}' }),
      { code: 'InvalidParameterException', message: /integer found, string expected/ },
    );
    assert.throws(() => w.eks.updateAddon('demo', 'vpc-cni', { resolveConflicts: 'SOMETIMES' }), {
      code: 'InvalidParameterException',
    });
    assert.throws(() => w.eks.createAddon({ clusterName: 'demo', addonName: 'vpc-cni' }), {
      code: 'ResourceInUseException',
    });
    assert.throws(() => w.eks.createAddon({ clusterName: 'demo', addonName: 'not-an-addon' }), {
      code: 'InvalidParameterException',
    });
    assert.throws(() => w.eks.describeAddon('demo', 'coredns'), {
      code: 'ResourceNotFoundException',
      message: 'No addon: coredns found in cluster: demo',
      fields: { clusterName: 'demo', addonName: 'coredns' },
    });
  });

  it('fails an update under resolveConflicts NONE when someone changed a managed value; OVERWRITE reverts it', () => {
    const w = eksTestWorld({ addonUpdate: 10 });
    activeCluster(w);
    w.eks.createAddon({ clusterName: 'demo', addonName: 'vpc-cni' });
    w.clock.advance(60_000);
    w.eks.tick();
    // A manual `kubectl set env` on a value the add-on manages.
    w.store.setAwsNodeEnv('WARM_ENI_TARGET', '3');
    const refused = w.eks.updateAddon('demo', 'vpc-cni', {
      configurationValues: customNetworking,
      resolveConflicts: 'NONE',
    });
    w.clock.advance(10);
    w.eks.tick();
    const failed = w.eks.describeUpdate('demo', refused.id);
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errors[0]?.errorCode, 'ConfigurationConflict');
    assert.equal(w.store.awsNodeEnv()['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'false');

    w.eks.updateAddon('demo', 'vpc-cni', {
      configurationValues: customNetworking,
      resolveConflicts: 'PRESERVE',
    });
    w.clock.advance(10);
    w.eks.tick();
    assert.equal(w.store.awsNodeEnv()['WARM_ENI_TARGET'], '3');
    assert.equal(w.store.awsNodeEnv()['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'true');

    w.store.setAwsNodeEnv('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'false');
    w.eks.updateAddon('demo', 'vpc-cni', {
      configurationValues: customNetworking,
      resolveConflicts: 'OVERWRITE',
    });
    w.clock.advance(10);
    w.eks.tick();
    assert.equal(w.store.awsNodeEnv()['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'], 'true');
  });

  it('is gone after DeleteAddon completes', () => {
    const w = eksTestWorld({ addonDelete: 50 });
    activeCluster(w);
    w.eks.createAddon({ clusterName: 'demo', addonName: 'coredns' });
    w.clock.advance(60_000);
    w.eks.tick();
    assert.equal(w.eks.deleteAddon('demo', 'coredns').status, 'DELETING');
    w.clock.advance(50);
    w.eks.tick();
    assert.deepEqual(w.eks.listAddons('demo'), []);
  });
});

describe('EKS Fargate profiles and tags', () => {
  it('creates a profile CREATING -> ACTIVE and refuses bad selectors', () => {
    const w = eksTestWorld({ fargateProfileCreate: 100 });
    activeCluster(w);
    const base = {
      clusterName: 'demo',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/fargate',
      subnets: w.subnets,
    };
    assert.throws(() => w.eks.createFargateProfile({ ...base, fargateProfileName: 'fp', selectors: [] }), {
      code: 'InvalidParameterException',
    });
    const fp = w.eks.createFargateProfile({
      ...base,
      fargateProfileName: 'fp',
      selectors: [{ namespace: 'batch' }],
    });
    assert.equal(fp.status, 'CREATING');
    w.clock.advance(100);
    w.eks.tick();
    assert.equal(w.eks.describeFargateProfile('demo', 'fp').status, 'ACTIVE');
    assert.throws(() => w.eks.describeFargateProfile('demo', 'nope'), {
      code: 'ResourceNotFoundException',
      fields: { clusterName: 'demo', fargateProfileName: 'nope' },
    });
    assert.throws(() => w.eks.deleteCluster('demo'), { code: 'ResourceInUseException' });
  });

  it('tags by ARN and answers the tagging errors', () => {
    const w = eksTestWorld();
    activeCluster(w);
    const arn = w.eks.describeCluster('demo').arn;
    w.eks.tagResource(arn, { team: 'net' });
    assert.deepEqual(w.eks.listTagsForResource(arn), { team: 'net' });
    w.eks.untagResource(arn, ['team']);
    assert.deepEqual(w.eks.listTagsForResource(arn), {});
    assert.throws(() => w.eks.tagResource(arn, { 'aws:x': '1' }), { code: 'BadRequestException' });
    assert.throws(() => w.eks.listTagsForResource('arn:aws:eks:us-east-1:123456789012:cluster/none'), {
      code: 'NotFoundException',
      httpStatus: 404,
    });
    assert.throws(() => w.eks.listTagsForResource('nonsense'), { code: 'BadRequestException' });
  });
});
