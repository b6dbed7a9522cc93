import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const deleteVpc: Ec2Operation = {
  action: 'DeleteVpc',
  mutating: true,
  handle(params, { ec2 }) {
    const vpcId = params.require('VpcId');
    checkDryRun(params);
    ec2.deleteVpc(vpcId);
    return { return: true };
  },
};
