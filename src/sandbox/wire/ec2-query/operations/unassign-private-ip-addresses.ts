import { MissingParameterError } from '../errors.js';
import type { Ec2Operation } from '../operation.js';

export const unassignPrivateIpAddresses: Ec2Operation = {
  action: 'UnassignPrivateIpAddresses',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    const addresses = params.list('PrivateIpAddress');
    const prefixes = params.list('Ipv4Prefix');
    if (addresses.length === 0 && prefixes.length === 0) throw new MissingParameterError('PrivateIpAddress');
    if (addresses.length > 0) ec2.unassignPrivateIpAddresses(networkInterfaceId, addresses);
    if (prefixes.length > 0) ec2.unassignIpv4Prefixes(networkInterfaceId, prefixes);
    return { return: true };
  },
};
