/**
 * The real AWS CLI v2 (/usr/bin/aws) against the sandbox: the procedure's EC2 steps (find the VPC,
 * associate a CIDR block, create subnets, describe them with filters), `--query`, `--output json`
 * piped into jq, and EC2's error codes on stderr. The CLI ignores AWS_ENDPOINT_URL, so every call
 * passes --endpoint-url. Calls are asynchronous: the sandbox serves them from this same process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe(
  'AWS CLI v2 against the sandbox: EC2',
  { skip: !existsSync(AWS) && 'AWS CLI v2 not installed' },
  () => {
    let sb: TestSandbox;
    let env: NodeJS.ProcessEnv;

    async function sh(command: string): Promise<CliResult> {
      try {
        const { stdout, stderr } = await run('/bin/sh', ['-c', command], { env });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    }
    const aws = (args: string): Promise<CliResult> => sh(`${AWS} --endpoint-url "$SANDBOX_ENDPOINT" ${args}`);
    async function awsJson<T>(args: string): Promise<T> {
      const result = await aws(`${args} --output json`);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as T;
    }

    let vpcId = '';
    before(async () => {
      sb = await startTestSandbox();
      env = {
        PATH: process.env.PATH,
        HOME: sb.stateDir,
        ...sb.env,
        SANDBOX_ENDPOINT: sb.endpoint,
        AWS_PAGER: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      };
    });
    after(() => sb.cleanup());

    it('creates a tagged VPC and finds it with --filters and --query', async () => {
      const created = await awsJson<{ Vpc: { VpcId: string; CidrBlock: string } }>(
        `ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=demo}]'`,
      );
      assert.equal(created.Vpc.CidrBlock, '10.0.0.0/16');
      const found = await aws(
        `ec2 describe-vpcs --filters Name=tag:Name,Values=demo --query 'Vpcs[0].VpcId' --output text`,
      );
      assert.equal(found.code, 0, found.stderr);
      vpcId = found.stdout.trim();
      assert.equal(vpcId, created.Vpc.VpcId);
    });

    it('associates 100.64.0.0/16 and lists its state', async () => {
      const out = await awsJson<{
        VpcId: string;
        CidrBlockAssociation: { CidrBlock: string; CidrBlockState: { State: string } };
      }>(`ec2 associate-vpc-cidr-block --vpc-id ${vpcId} --cidr-block 100.64.0.0/16`);
      assert.equal(out.VpcId, vpcId);
      assert.equal(out.CidrBlockAssociation.CidrBlock, '100.64.0.0/16');
      assert.equal(out.CidrBlockAssociation.CidrBlockState.State, 'associating');
      // Instant timing in tests: the next request sees it associated.
      const states = await aws(
        `ec2 describe-vpcs --vpc-ids ${vpcId} --query 'Vpcs[0].CidrBlockAssociationSet[].[CidrBlock,CidrBlockState.State]' --output text`,
      );
      assert.equal(
        states.stdout.trim().split('\n').join('|').replace(/\t/g, ' '),
        '10.0.0.0/16 associated|100.64.0.0/16 associated',
      );
    });

    it('creates one subnet per zone and describes them with filters, piping JSON into jq', async () => {
      const zones = await aws(
        `ec2 describe-availability-zones --query 'AvailabilityZones[0:3].ZoneName' --output text`,
      );
      assert.equal(zones.stdout.trim().replace(/\s+/g, ' '), 'us-east-1a us-east-1b us-east-1c');
      for (const [i, zone] of ['us-east-1a', 'us-east-1b', 'us-east-1c'].entries()) {
        const out = await awsJson<{ Subnet: { AvailableIpAddressCount: number; AvailabilityZone: string } }>(
          `ec2 create-subnet --cidr-block 100.64.${i * 32}.0/19 --vpc-id ${vpcId} --availability-zone ${zone}`,
        );
        assert.equal(out.Subnet.AvailableIpAddressCount, 8187);
        assert.equal(out.Subnet.AvailabilityZone, zone);
      }
      const piped = await sh(
        `${AWS} --endpoint-url "$SANDBOX_ENDPOINT" ec2 describe-subnets --filters Name=vpc-id,Values=${vpcId} Name=availability-zone,Values=us-east-1b,us-east-1c --output json | jq -r '.Subnets[].CidrBlock'`,
      );
      assert.equal(piped.code, 0, piped.stderr);
      assert.deepEqual(piped.stdout.trim().split('\n'), ['100.64.32.0/19', '100.64.64.0/19']);
      const count = await aws(
        `ec2 describe-subnets --filters Name=cidr-block,Values=100.64.0.0/19 --query 'Subnets[0].AvailableIpAddressCount'`,
      );
      assert.equal(count.stdout.trim(), '8187');
    });

    const failures: [string, string, string][] = [
      [
        'a restricted block',
        `ec2 associate-vpc-cidr-block --vpc-id VPC --cidr-block 192.168.0.0/16`,
        'InvalidVpc.Range',
      ],
      [
        'an overlapping subnet',
        `ec2 create-subnet --vpc-id VPC --cidr-block 100.64.0.0/24 --availability-zone us-east-1a`,
        'InvalidSubnet.Conflict',
      ],
      [
        'a subnet outside the VPC',
        `ec2 create-subnet --vpc-id VPC --cidr-block 10.9.0.0/24 --availability-zone us-east-1a`,
        'InvalidSubnet.Range',
      ],
      [
        'an unknown VPC',
        `ec2 associate-vpc-cidr-block --vpc-id vpc-0123456789abcdef0 --cidr-block 100.65.0.0/16`,
        'InvalidVpcID.NotFound',
      ],
    ];
    for (const [what, args, code] of failures) {
      it(`reports ${what} as ${code} on stderr with a non-zero exit`, async () => {
        const result = await aws(args.replace('VPC', vpcId));
        assert.notEqual(result.code, 0);
        assert.match(
          result.stderr,
          new RegExp(`An error occurred \\(${code.replace('.', '\\.')}\\) when calling the \\w+ operation: `),
        );
      });
    }
  },
);
