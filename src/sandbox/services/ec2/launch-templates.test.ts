import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

const userData = Buffer.from(
  "#!/bin/bash\n/etc/eks/bootstrap.sh demo --kubelet-extra-args '--max-pods=20'\n",
).toString('base64');

describe('EC2 model: launch templates', () => {
  it('creates versions from a source version and resolves $Latest/$Default with decoded user data', () => {
    const f = fixture();
    const template = f.ec2.createLaunchTemplate({
      launchTemplateName: 'eks-demo-ng',
      data: { instanceType: 'm5.large', imageId: 'ami-0123456789abcdef0' },
    });
    assert.match(template.launchTemplateId, /^lt-[0-9a-f]{17}$/);
    const v2 = f.ec2.createLaunchTemplateVersion({
      launchTemplateId: template.launchTemplateId,
      sourceVersion: '1',
      data: { userData },
    });
    assert.equal(v2.versionNumber, 2);
    assert.equal(v2.data.instanceType, 'm5.large');
    const latest = f.ec2.getLaunchTemplateVersion('eks-demo-ng', '$Latest');
    assert.match(latest.userDataText ?? '', /--max-pods=20/);
    assert.equal(f.ec2.getLaunchTemplateVersion(template.launchTemplateId).versionNumber, 1);
    const versions = f.ec2.describeLaunchTemplateVersions({ launchTemplateName: 'eks-demo-ng' });
    assert.deepEqual(
      versions.map((v) => [v.versionNumber, v.defaultVersion]),
      [
        [2, false],
        [1, true],
      ],
    );
    assert.equal(f.ec2.describeLaunchTemplates()[0]?.latestVersionNumber, 2);
  });

  it('launches an instance from a template version', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    const template = f.ec2.createLaunchTemplate({
      launchTemplateName: 'lt-nodes',
      data: {
        instanceType: 'm5.large',
        userData,
        tagSpecifications: [{ resourceType: 'instance', tags: [{ key: 'team', value: 'x' }] }],
      },
    });
    const instance = f.ec2.runInstances({
      subnetId: subnetA,
      launchTemplate: { launchTemplateId: template.launchTemplateId, version: '$Latest' },
    });
    assert.equal(instance.instanceType, 'm5.large');
    assert.equal(instance.userData, userData);
    assert.deepEqual(instance.tags, [{ key: 'team', value: 'x' }]);
    assert.equal(instance.launchTemplate?.version, '1');
  });

  const errors: [string, () => (f: ReturnType<typeof fixture>) => unknown, string][] = [
    [
      'a duplicate name',
      () => (f) => f.ec2.createLaunchTemplate({ launchTemplateName: 'one', data: {} }),
      'InvalidLaunchTemplateName.AlreadyExistsException',
    ],
    [
      'a malformed name',
      () => (f) => f.ec2.createLaunchTemplate({ launchTemplateName: 'a b', data: {} }),
      'InvalidLaunchTemplateName.MalformedException',
    ],
    [
      'missing data',
      () => (f) => f.ec2.createLaunchTemplate({ launchTemplateName: 'two', data: undefined }),
      'MissingParameter',
    ],
    [
      'an unknown ID',
      () => (f) => f.ec2.getLaunchTemplateVersion('lt-0123456789abcdef0'),
      'InvalidLaunchTemplateId.NotFound',
    ],
    [
      'an unknown name',
      () => (f) => f.ec2.describeLaunchTemplates({ launchTemplateNames: ['nope'] }),
      'InvalidLaunchTemplateName.NotFoundException',
    ],
    [
      'an unknown version',
      () => (f) => f.ec2.getLaunchTemplateVersion('one', 9),
      'InvalidLaunchTemplateId.VersionNotFound',
    ],
  ];
  for (const [what, call, code] of errors) {
    it(`refuses ${what} with ${code}`, () => {
      const f = fixture();
      f.ec2.createLaunchTemplate({ launchTemplateName: 'one', data: { instanceType: 'm5.large' } });
      assert.equal(awsErrorOf(() => call()(f)).code, code);
    });
  }
});
