import type { Ec2Operation } from '../operation.js';

/** Secondary addresses (PrivateIpAddress.N / SecondaryPrivateIpAddressCount) or /28 prefixes (Ipv4Prefix.N / Ipv4PrefixCount). */
export const assignPrivateIpAddresses: Ec2Operation = {
  action: 'AssignPrivateIpAddresses',
  mutating: true,
  handle(params, { ec2 }) {
    const networkInterfaceId = params.require('NetworkInterfaceId');
    const addresses = params.list('PrivateIpAddress');
    const count = params.int('SecondaryPrivateIpAddressCount');
    const prefixes = params.list('Ipv4Prefix');
    const prefixCount = params.int('Ipv4PrefixCount');
    const wantsPrefixes = prefixes.length > 0 || prefixCount !== undefined;
    const wantsAddresses = addresses.length > 0 || count !== undefined;
    const assigned =
      wantsPrefixes && !wantsAddresses
        ? []
        : ec2.assignPrivateIpAddresses(
            networkInterfaceId,
            addresses.length > 0 && count === undefined ? addresses : (count ?? 0),
          );
    const assignedPrefixes = wantsPrefixes
      ? ec2.assignIpv4Prefixes(
          networkInterfaceId,
          prefixes.length > 0 && prefixCount === undefined ? prefixes : (prefixCount ?? 0),
        )
      : [];
    return {
      networkInterfaceId,
      assignedPrivateIpAddressesSet: assigned.map((privateIpAddress) => ({ privateIpAddress })),
      assignedIpv4PrefixSet: assignedPrefixes.map((ipv4Prefix) => ({ ipv4Prefix })),
    };
  },
};
