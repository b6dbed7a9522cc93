import { checkDryRun, specTags } from './inputs.js';
import { natGatewayXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const createNatGateway: Ec2Operation = {
  action: 'CreateNatGateway',
  mutating: true,
  handle(params, { ec2 }) {
    const subnetId = params.require('SubnetId');
    const tags = specTags(params, 'natgateway');
    checkDryRun(params);
    const gateway = ec2.createNatGateway({
      subnetId,
      connectivityType: params.get('ConnectivityType'),
      allocationId: params.get('AllocationId'),
      privateIpAddress: params.get('PrivateIpAddress'),
      tags,
    });
    return { clientToken: params.get('ClientToken'), natGateway: natGatewayXml(gateway) };
  },
};
