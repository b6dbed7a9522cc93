/**
 * What a user of the article sees when a step goes wrong, with the real AWS CLI v2 and kubectl:
 * AWS's error codes and messages (exit code 254), plus the CLI's own output shapes (`--output
 * table|text|json`, `--query`) and pagination (`--max-items`, `--starting-token`, `--page-size`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP_AWS_CLI, SKIP_KUBECTL, runClient } from '../helpers/real-clients.js';
import { assertAwsError, startArticleRig, type ArticleRig } from './article-helpers.js';

const UNKNOWN_VPC = 'vpc-0123456789abcdef0';

describe(
  'article error paths and CLI output with the real clients',
  { skip: SKIP_AWS_CLI || SKIP_KUBECTL },
  () => {
    let rig: ArticleRig;
    let vpcId = '';
    let nodeSubnet = '';

    before(async () => {
      rig = await startArticleRig('exhausted');
      vpcId = (
        await rig.aws([
          'ec2',
          'describe-vpcs',
          '--filters',
          'Name=tag:Name,Values=demo-vpc',
          '--query',
          'Vpcs[0].VpcId',
          '--output',
          'text',
        ])
      ).stdout.trim();
      nodeSubnet = (
        await rig.aws([
          'eks',
          'describe-nodegroup',
          '--cluster-name',
          'demo',
          '--nodegroup-name',
          'demo-nodes',
          '--query',
          'nodegroup.subnets[0]',
          '--output',
          'text',
        ])
      ).stdout.trim();
    });
    after(() => rig?.cleanup());

    it('refuses restricted, malformed and link-local blocks, and unknown VPCs', async () => {
      assertAwsError(
        await rig.aws([
          'ec2',
          'associate-vpc-cidr-block',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '192.168.0.0/16',
        ]),
        'InvalidVpc.Range',
        /The CIDR '192\.168\.0\.0\/16' is restricted\. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR\./,
      );
      assertAwsError(
        await rig.aws([
          'ec2',
          'associate-vpc-cidr-block',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '169.254.0.0/16',
        ]),
        'InvalidVpc.Range',
      );
      assertAwsError(
        await rig.aws(['ec2', 'associate-vpc-cidr-block', '--vpc-id', vpcId, '--cidr-block', '100.64.0/16']),
        'InvalidParameterValue',
        /100\.64\.0\/16/,
      );
      assertAwsError(
        await rig.aws([
          'ec2',
          'associate-vpc-cidr-block',
          '--vpc-id',
          UNKNOWN_VPC,
          '--cidr-block',
          '100.64.0.0/16',
        ]),
        'InvalidVpcID.NotFound',
        /The vpc ID 'vpc-0123456789abcdef0' does not exist/,
      );
    });

    it('allows at most 5 IPv4 blocks per VPC', async () => {
      for (const cidr of ['100.64.0.0/16', '100.65.0.0/16', '100.66.0.0/16', '100.67.0.0/16']) {
        const ok = await rig.aws([
          'ec2',
          'associate-vpc-cidr-block',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          cidr,
        ]);
        assert.equal(ok.code, 0, ok.stderr);
      }
      assertAwsError(
        await rig.aws([
          'ec2',
          'associate-vpc-cidr-block',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '100.68.0.0/16',
        ]),
        'CidrLimitExceeded',
        new RegExp(`This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`),
      );
    });

    it('refuses overlapping, out-of-range and badly placed subnets', async () => {
      const first = await rig.aws([
        'ec2',
        'create-subnet',
        '--vpc-id',
        vpcId,
        '--cidr-block',
        '100.64.0.0/19',
        '--availability-zone',
        'us-east-1a',
      ]);
      assert.equal(first.code, 0, first.stderr);
      assertAwsError(
        await rig.aws([
          'ec2',
          'create-subnet',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '100.64.16.0/20',
          '--availability-zone',
          'us-east-1a',
        ]),
        'InvalidSubnet.Conflict',
        /The CIDR '100\.64\.16\.0\/20' conflicts with another subnet/,
      );
      assertAwsError(
        await rig.aws([
          'ec2',
          'create-subnet',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '172.16.0.0/19',
          '--availability-zone',
          'us-east-1a',
        ]),
        'InvalidSubnet.Range',
        /The CIDR '172\.16\.0\.0\/19' is invalid\./,
      );
      assertAwsError(
        await rig.aws([
          'ec2',
          'create-subnet',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          '100.64.32.0/19',
          '--availability-zone',
          'us-east-1z',
        ]),
        'InvalidParameterValue',
        /Value \(us-east-1z\) for parameter availabilityZone is invalid\. Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b/,
      );
    });

    it('reports unknown subnet and route table IDs', async () => {
      assertAwsError(
        await rig.aws(['ec2', 'describe-subnets', '--subnet-ids', 'subnet-0123456789abcdef0']),
        'InvalidSubnetID.NotFound',
        /The subnet ID 'subnet-0123456789abcdef0' does not exist/,
      );
      assertAwsError(
        await rig.aws([
          'ec2',
          'associate-route-table',
          '--route-table-id',
          'rtb-0123456789abcdef0',
          '--subnet-id',
          nodeSubnet,
        ]),
        'InvalidRouteTableID.NotFound',
        /The routeTable ID 'rtb-0123456789abcdef0' does not exist/,
      );
    });

    // One test per few real-client calls: each AWS CLI v2 start costs seconds on a busy machine.
    it('refuses a second association of a subnet with its route table', async () => {
      const rtb = (
        await rig.aws([
          'ec2',
          'describe-route-tables',
          '--filters',
          `Name=association.subnet-id,Values=${nodeSubnet}`,
          '--query',
          'RouteTables[0].RouteTableId',
          '--output',
          'text',
        ])
      ).stdout.trim();
      assertAwsError(
        await rig.aws(['ec2', 'associate-route-table', '--route-table-id', rtb, '--subnet-id', nodeSubnet]),
        'Resource.AlreadyAssociated',
      );
    });

    it('refuses reserved tag keys and names a missing cluster', async () => {
      assertAwsError(
        await rig.aws(['ec2', 'create-tags', '--resources', nodeSubnet, '--tags', 'Key=aws:owner,Value=me']),
        'InvalidParameterValue',
        /reserved for internal use/,
      );
      assertAwsError(
        await rig.aws(['eks', 'describe-cluster', '--name', 'nope']),
        'ResourceNotFoundException',
        /No cluster found for name: nope\./,
      );
    });

    it('answers kubectl as the API server does: can-i yes, a missing pod NotFound', async () => {
      const canI = await rig.kubectl(['auth', 'can-i', 'create', 'pods']);
      assert.equal(canI.stdout.trim(), 'yes', canI.stderr);
      const pod = await rig.kubectl(['get', 'pod', 'nope']);
      assert.equal(pod.code, 1);
      assert.match(pod.stderr, /Error from server \(NotFound\): pods "nope" not found/);
    });

    it('prints table, text and JMESPath-queried output', async () => {
      const table = await rig.aws(['ec2', 'describe-vpcs', '--vpc-ids', vpcId, '--output', 'table']);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /\|\s+DescribeVpcs\s+\|/);
      assert.match(table.stdout, /\|\|\s+CidrBlock\s+\|\s+10\.0\.0\.0\/16\s+\|\|/);
      const text = await rig.aws(['ec2', 'describe-vpcs', '--vpc-ids', vpcId, '--output', 'text']);
      assert.match(text.stdout, new RegExp(`^VPCS\\t10\\.0\\.0\\.0/16\\t.*${vpcId}`, 'm'));
      assert.match(text.stdout, /^TAGS\tName\tdemo-vpc$/m);
      const query = await rig.aws([
        'ec2',
        'describe-subnets',
        '--filters',
        `Name=vpc-id,Values=${vpcId}`,
        '--output',
        'json',
        '--query',
        'Subnets[?AvailableIpAddressCount < `10`].{id: SubnetId, zone: AvailabilityZone} | sort_by(@, &zone)',
      ]);
      const nearlyFull = query.json<{ id: string; zone: string }[]>();
      assert.deepEqual(
        nearlyFull.map((s) => s.zone),
        ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      );
      // Piping --output json into jq, as scripts do.
      const jq = await runClient(
        'jq',
        ['-r', '.Vpcs[0].CidrBlockAssociationSet[0].CidrBlockState.State'],
        {},
        (await rig.aws(['ec2', 'describe-vpcs', '--vpc-ids', vpcId])).stdout,
      );
      if (jq.code !== 127) assert.equal(jq.stdout.trim(), 'associated');
    });

    it('paginates with --max-items/--starting-token and --page-size', async () => {
      const all = (
        await rig.awsJson<{ Subnets: { SubnetId: string }[] }>(['ec2', 'describe-subnets'])
      ).Subnets.map((s) => s.SubnetId);
      assert.ok(all.length > 6, `${all.length} subnets`);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await rig.awsJson<{ Subnets: { SubnetId: string }[]; NextToken?: string }>([
          'ec2',
          'describe-subnets',
          '--max-items',
          '4',
          ...(token ? ['--starting-token', token] : []),
        ]);
        assert.ok(page.Subnets.length <= 4);
        seen.push(...page.Subnets.map((s) => s.SubnetId));
        token = page.NextToken;
      } while (token);
      assert.deepEqual(seen, all);

      const before = rig.sb.trail().filter((e) => e.action === 'DescribeSubnets').length;
      const paged = await rig.awsJson<{ Subnets: unknown[] }>([
        'ec2',
        'describe-subnets',
        '--page-size',
        '5',
      ]);
      assert.equal(paged.Subnets.length, all.length, 'the CLI follows NextToken to the end');
      const calls = rig.sb.trail().filter((e) => e.action === 'DescribeSubnets').length - before;
      // One call per page of 5 (plus, at most, a last empty page when the count divides evenly).
      assert.ok(
        calls >= Math.ceil(all.length / 5) && calls <= Math.ceil(all.length / 5) + 1,
        `${calls} calls`,
      );
    });
  },
);
