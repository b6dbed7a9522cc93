import { checkDryRun, specTags } from './inputs.js';
import { networkInterfaceXml } from './compute-shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createNetworkInterface: Ec2Operation = {
  action: 'CreateNetworkInterface',
  mutating: true,
  handle(params, { ec2 }) {
    const subnetId = params.require('SubnetId');
    const tags = specTags(params, 'network-interface');
    checkDryRun(params);
    const eni = ec2.createNetworkInterface({
      subnetId,
      groups: params.list('SecurityGroupId'),
      description: params.get('Description'),
      privateIpAddress: params.get('PrivateIpAddress'),
      secondaryPrivateIpAddressCount: params.int('SecondaryPrivateIpAddressCount'),
      ipv4PrefixCount: params.int('Ipv4PrefixCount'),
      tags,
      tagOptions: { allowReserved: false },
    });
    return { networkInterface: networkInterfaceXml(eni), clientToken: params.get('ClientToken') };
  },
};
