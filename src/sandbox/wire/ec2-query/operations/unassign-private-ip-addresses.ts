import { MissingParameterError } from '../errors.js';
import type { Ec2Operation } from '../operation.js';

export const unassignPrivateIpAddresses: Ec2Operation = {
  action: 'UnassignPrivateIpAddresses',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    const addresses = params.list('PrivateIpAddress');
    if (addresses.length === 0) throw new MissingParameterError('PrivateIpAddress');
    ec2.unassignPrivateIpAddresses(networkInterfaceId, addresses);
    return { return: true };
  },
};
