import { vpcXml } from './shapes.js';
import { checkDryRun, specTags } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const createVpc: Ec2Operation = {
  action: 'CreateVpc',
  mutating: true,
  handle(params, { ec2 }) {
    const cidrBlock = params.require('CidrBlock');
    const tags = specTags(params, 'vpc');
    checkDryRun(params);
    const vpc = ec2.createVpc({ cidrBlock, instanceTenancy: params.get('InstanceTenancy'), tags });
    return { vpc: vpcXml(vpc) };
  },
};
