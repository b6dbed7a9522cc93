import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../services/aws-error.js';
import { QueryParams } from './params.js';

describe('QueryParams', () => {
  const p = QueryParams.fromForm(
    [
      'Action=DescribeSubnets',
      'SubnetId.10=subnet-c',
      'SubnetId.2=subnet-b',
      'SubnetId.1=subnet-a',
      'Filter.2.Name=tag%3AName',
      'Filter.2.Value.1=a%20b',
      'Filter.1.Name=vpc-id',
      'Filter.1.Value.2=vpc-2',
      'Filter.1.Value.1=vpc-1',
      'TagSpecification.1.ResourceType=subnet',
      'TagSpecification.1.Tag.1.Key=Name',
      'TagSpecification.1.Tag.1.Value=x',
      'TagSpecification.1.Tag.2.Key=empty',
      'MaxResults=5',
      'DryRun=false',
    ].join('&'),
  );

  it('reads lists in numeric index order, whatever the arrival order', () => {
    assert.deepEqual(p.list('SubnetId'), ['subnet-a', 'subnet-b', 'subnet-c']);
  });

  it('reads filters, tag specifications and tags', () => {
    assert.deepEqual(p.filters(), [
      { name: 'vpc-id', values: ['vpc-1', 'vpc-2'] },
      { name: 'tag:Name', values: ['a b'] },
    ]);
    assert.deepEqual(p.tagSpecifications(), [
      {
        resourceType: 'subnet',
        tags: [
          { key: 'Name', value: 'x' },
          { key: 'empty', value: '' },
        ],
      },
    ]);
  });

  it('converts scalars and names a missing parameter as EC2 does', () => {
    assert.equal(p.int('MaxResults'), 5);
    assert.equal(p.bool('DryRun'), false);
    assert.equal(p.int('Nope'), undefined);
    assert.throws(
      () => p.require('VpcId'),
      (e: unknown) =>
        e instanceof AwsError &&
        e.code === 'MissingParameter' &&
        e.message === 'The request must contain the parameter VpcId',
    );
    assert.throws(
      () => QueryParams.fromForm('MaxResults=x').int('MaxResults'),
      (e: unknown) => e instanceof AwsError && e.code === 'InvalidParameterValue',
    );
  });
});
