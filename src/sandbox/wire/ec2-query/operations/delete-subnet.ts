import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const deleteSubnet: Ec2Operation = {
  action: 'DeleteSubnet',
  mutating: true,
  handle(params, { ec2 }) {
    const subnetId = params.require('SubnetId');
    checkDryRun(params);
    ec2.deleteSubnet(subnetId);
    return { return: true };
  },
};
