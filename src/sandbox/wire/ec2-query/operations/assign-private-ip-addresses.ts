import type { Ec2Operation } from '../operation.js';

export const assignPrivateIpAddresses: Ec2Operation = {
  action: 'AssignPrivateIpAddresses',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    const addresses = params.list('PrivateIpAddress');
    const count = params.int('SecondaryPrivateIpAddressCount');
    const assigned = ec2.assignPrivateIpAddresses(
      networkInterfaceId,
      addresses.length > 0 && count === undefined ? addresses : (count ?? 0),
    );
    return {
      networkInterfaceId,
      assignedPrivateIpAddressesSet: assigned.map((privateIpAddress) => ({ privateIpAddress })),
      assignedIpv4PrefixSet: [],
    };
  },
};
