import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const deleteNetworkInterface: Ec2Operation = {
  action: 'DeleteNetworkInterface',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    checkDryRun(params);
    ec2.deleteNetworkInterface(networkInterfaceId);
    return { return: true };
  },
};
