import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { fakeServices } from '../helpers/fake-services.js';
import { signedFetch } from '../helpers/signed-fetch.js';

async function rejectsWith(
  p: Promise<unknown>,
  name: string,
  status: number,
): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return err as Record<string, unknown>;
  }
  assert.fail(`expected ${name}`);
}

describe('sandbox server over the wire (SDK v3)', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox({ services: fakeServices() });
  });
  after(async () => sb.cleanup());

  it('answers STS GetCallerIdentity with the sandbox account and user', async () => {
    const sts = new STSClient(sb.clientConfig);
    const id = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '000000000000');
    assert.equal(id.Arn, 'arn:aws:iam::000000000000:user/eks-cidr-sandbox');
    assert.match(id.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
  });

  it('serves EC2 Query operations with their XML envelope', async () => {
    const ec2 = new EC2Client(sb.clientConfig);
    const created = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    assert.match(created.Vpc?.VpcId ?? '', /^vpc-[0-9a-f]{17}$/);
    const described = await ec2.send(new DescribeVpcsCommand({}));
    assert.equal(described.Vpcs?.[0]?.CidrBlock, '10.0.0.0/16');
    assert.equal(described.Vpcs?.[0]?.IsDefault, false);
    assert.match(described.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('maps a model error to the EC2 error document with its status', async () => {
    const ec2 = new EC2Client(sb.clientConfig);
    const err = await rejectsWith(
      ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-00000000000000bad'] })),
      'InvalidVpcID.NotFound',
      400,
    );
    assert.equal(err.message, "The vpc ID 'vpc-00000000000000bad' does not exist");
  });

  it('serves REST-JSON routes and errors with x-amzn-ErrorType and extra fields', async () => {
    const eks = new EKSClient(sb.clientConfig);
    await eks.send(
      new CreateClusterCommand({
        name: 'demo',
        roleArn: 'arn:aws:iam::000000000000:role/r',
        resourcesVpcConfig: {},
      }),
    );
    assert.deepEqual((await eks.send(new ListClustersCommand({}))).clusters, ['demo']);
    const err = await rejectsWith(
      eks.send(new DescribeClusterCommand({ name: 'nope' })),
      'ResourceNotFoundException',
      404,
    );
    assert.equal(err.clusterName, 'nope');
  });

  it('rejects bad credentials in each service own words', async () => {
    const wrongSecret = {
      ...sb.clientConfig,
      credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' },
    };
    const wrongKey = {
      ...sb.clientConfig,
      credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'test' },
    };
    await rejectsWith(
      new EC2Client(wrongSecret).send(new DescribeVpcsCommand({})),
      'SignatureDoesNotMatch',
      403,
    );
    await rejectsWith(new EC2Client(wrongKey).send(new DescribeVpcsCommand({})), 'AuthFailure', 401);
    await rejectsWith(
      new STSClient(wrongSecret).send(new GetCallerIdentityCommand({})),
      'SignatureDoesNotMatch',
      403,
    );
    await rejectsWith(
      new STSClient(wrongKey).send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      403,
    );
    await rejectsWith(
      new EKSClient(wrongSecret).send(new ListClustersCommand({})),
      'InvalidSignatureException',
      403,
    );
    await rejectsWith(
      new EKSClient(wrongKey).send(new ListClustersCommand({})),
      'UnrecognizedClientException',
      403,
    );
    await rejectsWith(
      new EC2Client({ ...sb.clientConfig, region: 'eu-west-1' }).send(new DescribeVpcsCommand({})),
      'AuthFailure',
      401,
    );
  });

  it('answers an unsigned request, an unknown action and a wrong version as EC2 does', async () => {
    const post = (body: string) =>
      fetch(sb.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const unsigned = await post('Action=DescribeVpcs&Version=2016-11-15');
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const xml = await unsigned.text();
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>AuthFailure<\/Code><Message>AWS was not able to validate the provided access credentials<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );

    const call = (body: string) => signedFetch({ endpoint: sb.endpoint, service: 'ec2', body });
    const unknown = await call('Action=DescribeNothing&Version=2016-11-15');
    assert.equal(unknown.status, 400);
    assert.match(
      await unknown.text(),
      /<Code>InvalidAction<\/Code><Message>The action DescribeNothing is not valid for this web service.<\/Message>/,
    );
    const version = await call('Action=DescribeVpcs&Version=2014-01-01');
    assert.equal(version.status, 400);
    assert.match(await version.text(), /<Code>NoSuchVersion<\/Code>/);
    const ok = await call(
      'Version=2016-11-15&Action=DescribeVpcs&VpcId.1=' + encodeURIComponent('vpc-00000000000000001'),
    );
    assert.equal(ok.status, 200);
    assert.match(
      await ok.text(),
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><vpcSet><item><vpcId>vpc-00000000000000001<\/vpcId>/,
    );
  });

  it('records every call in the trail', () => {
    const trail = sb.trail();
    const create = trail.find((e) => e.action === 'CreateVpc');
    assert.ok(create);
    assert.equal(create.service, 'ec2');
    assert.equal(create.readOnly, false);
    assert.equal(create.httpStatus, 200);
    assert.match(create.resources[0] ?? '', /^vpc-/);
    const notFound = trail.find((e) => e.errorCode === 'InvalidVpcID.NotFound');
    assert.ok(notFound);
    assert.deepEqual(notFound.resources, ['vpc-00000000000000bad']);
    assert.equal(notFound.readOnly, true);
    assert.ok(trail.some((e) => e.service === 'sts' && e.action === 'GetCallerIdentity' && e.readOnly));
    assert.ok(
      trail.some(
        (e) => e.service === 'eks' && e.action === 'CreateCluster' && e.resources.includes('cluster/demo'),
      ),
    );
    assert.ok(trail.some((e) => e.service === 'eks' && e.errorCode === 'UnrecognizedClientException'));
    assert.ok(trail.every((e) => typeof e.time === 'string' && typeof e.requestId === 'string'));
  });
});
