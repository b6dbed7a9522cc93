/**
 * Stand-in EC2 operations and EKS routes for testing the server's envelope, auth, trail and fault
 * handling on their own (the real services are tested by their branches' suites).
 */
import { AwsError } from '../../src/sandbox/services/aws-error.js';
import { defineRestJsonService, type ServiceRegistry } from '../../src/sandbox/server/services.js';
import type { Ec2Operation } from '../../src/sandbox/wire/ec2-query/operation.js';
import { AwsErrorWithFields } from '../../src/sandbox/wire/rest-json/errors.js';

export function fakeServices(): ServiceRegistry & { vpcs: string[]; clusters: string[] } {
  const vpcs: string[] = [];
  const clusters: string[] = [];
  const ops: Ec2Operation[] = [
    {
      action: 'CreateVpc',
      mutating: true,
      handle: (params) => {
        const vpcId = `vpc-${(vpcs.length + 1).toString(16).padStart(17, '0')}`;
        vpcs.push(vpcId);
        return { vpc: { vpcId, cidrBlock: params.require('CidrBlock'), state: 'available' } };
      },
    },
    {
      action: 'DescribeVpcs',
      mutating: false,
      handle: (params) => {
        const wanted = params.list('VpcId');
        for (const id of wanted) {
          if (!vpcs.includes(id))
            throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
        }
        const shown = wanted.length ? wanted : vpcs;
        return {
          vpcSet: shown.map((vpcId) => ({
            vpcId,
            cidrBlock: '10.0.0.0/16',
            state: 'available',
            isDefault: false,
          })),
        };
      },
    },
  ];
  const eks = defineRestJsonService({
    signingName: 'eks',
    context: (_world, base) => base,
    routes: [
      {
        operation: 'ListClusters',
        method: 'GET',
        path: '/clusters',
        mutating: false,
        handle: () => ({ body: { clusters } }),
      },
      {
        operation: 'CreateCluster',
        method: 'POST',
        path: '/clusters',
        mutating: true,
        handle: (req) => {
          const name = (req.body as { name: string }).name;
          clusters.push(name);
          return { body: { cluster: { name, status: 'CREATING', createdAt: 1767225600 } } };
        },
      },
      {
        operation: 'DescribeCluster',
        method: 'GET',
        path: '/clusters/{name}',
        mutating: false,
        handle: (req) => {
          const name = req.params.name ?? '';
          if (!clusters.includes(name)) {
            throw new AwsErrorWithFields(
              'ResourceNotFoundException',
              `No cluster found for name: ${name}.`,
              404,
              { clusterName: name },
            );
          }
          return { body: { cluster: { name, status: 'ACTIVE', createdAt: 1767225600 } } };
        },
      },
    ],
  });
  return { ec2Operations: ops, restJson: [eks], vpcs, clusters };
}
