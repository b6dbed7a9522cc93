import { checkDryRun, specTags } from './inputs.js';
import { subnetXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createSubnet: Ec2Operation = {
  action: 'CreateSubnet',
  mutating: true,
  handle(params, { ec2 }) {
    const vpcId = params.require('VpcId');
    const cidrBlock = params.require('CidrBlock');
    const tags = specTags(params, 'subnet');
    checkDryRun(params);
    const subnet = ec2.createSubnet({
      vpcId,
      cidrBlock,
      availabilityZone: params.get('AvailabilityZone'),
      availabilityZoneId: params.get('AvailabilityZoneId'),
      tags,
    });
    return { subnet: subnetXml(subnet) };
  },
};
