import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsErrorOf, basicNetwork, fixture } from './test-fixture.js';

describe('EC2 model: tags', () => {
  it('creates, replaces, deletes and describes tags across resource types', () => {
    const f = fixture();
    const { vpcId, subnetA } = basicNetwork(f);
    f.ec2.createTags(
      [subnetA],
      [
        { key: 'Name', value: 'a' },
        { key: 'team', value: 'x' },
      ],
    );
    f.ec2.createTags([subnetA], [{ key: 'Name', value: 'b' }]);
    assert.deepEqual(f.ec2.getSubnet(subnetA)?.tags, [
      { key: 'Name', value: 'b' },
      { key: 'team', value: 'x' },
    ]);
    f.ec2.deleteTags([subnetA], [{ key: 'team', value: 'other' }]);
    assert.equal(f.ec2.getSubnet(subnetA)?.tags.length, 2);
    f.ec2.deleteTags([subnetA], [{ key: 'team' }]);
    assert.deepEqual(f.ec2.getSubnet(subnetA)?.tags, [{ key: 'Name', value: 'b' }]);
    const described = f.ec2.describeTags([{ name: 'key', values: ['Name'] }]);
    assert.deepEqual(
      described.map((t) => [t.resourceType, t.resourceId, t.value]),
      [
        ['vpc', vpcId, 'demo'],
        ['subnet', subnetA, 'b'],
      ],
    );
    assert.deepEqual(
      f.ec2.describeTags([{ name: 'resource-type', values: ['subnet'] }]).map((t) => t.resourceId),
      [subnetA],
    );
  });

  const errors: [string, { key: string; value: string }[], string, RegExp][] = [
    [
      'the aws: prefix',
      [{ key: 'aws:foo', value: 'x' }],
      'InvalidParameterValue',
      /Tag keys starting with 'aws:' are reserved for internal use/,
    ],
    ['a 128-character key', [{ key: 'k'.repeat(128), value: 'x' }], 'InvalidParameterValue', /127/],
    ['a 256-character value', [{ key: 'k', value: 'v'.repeat(256) }], 'InvalidParameterValue', /255/],
    [
      '51 tags',
      Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' })),
      'TagLimitExceeded',
      /maximum number of Tags/,
    ],
  ];
  for (const [what, tags, code, message] of errors) {
    it(`CreateTags refuses ${what} (${code})`, () => {
      const f = fixture();
      const { subnetA } = basicNetwork(f);
      const error = awsErrorOf(() => f.ec2.createTags([subnetA], tags));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      assert.equal(f.ec2.getSubnet(subnetA)?.tags.length, 0);
    });
  }

  it('counts existing tags against the 50 limit', () => {
    const f = fixture();
    const { subnetA } = basicNetwork(f);
    f.ec2.createTags(
      [subnetA],
      Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' })),
    );
    assert.equal(
      awsErrorOf(() => f.ec2.createTags([subnetA], [{ key: 'one-more', value: '' }])).code,
      'TagLimitExceeded',
    );
    f.ec2.createTags([subnetA], [{ key: 'k0', value: 'replaced' }]);
  });

  it('refuses unknown resources with their own NotFound code, and unknown prefixes with InvalidID', () => {
    const f = fixture();
    assert.equal(
      awsErrorOf(() => f.ec2.createTags(['subnet-1'], [{ key: 'a', value: 'b' }])).code,
      'InvalidSubnetID.NotFound',
    );
    assert.equal(
      awsErrorOf(() => f.ec2.createTags(['vpc-1'], [{ key: 'a', value: 'b' }])).code,
      'InvalidVpcID.NotFound',
    );
    assert.equal(awsErrorOf(() => f.ec2.createTags(['foo-1'], [{ key: 'a', value: 'b' }])).code, 'InvalidID');
  });
});
