import { checkDryRun } from './inputs.js';
import type { Ec2Operation } from '../operation.js';

export const createRoute: Ec2Operation = {
  action: 'CreateRoute',
  mutating: true,
  handle(params, { ec2 }) {
    const routeTableId = params.require('RouteTableId');
    const destinationCidrBlock = params.require('DestinationCidrBlock');
    checkDryRun(params);
    ec2.createRoute({
      routeTableId,
      destinationCidrBlock,
      gatewayId: params.get('GatewayId'),
      natGatewayId: params.get('NatGatewayId'),
      networkInterfaceId: params.get('NetworkInterfaceId'),
      instanceId: params.get('InstanceId'),
      vpcPeeringConnectionId: params.get('VpcPeeringConnectionId'),
      transitGatewayId: params.get('TransitGatewayId'),
    });
    return { return: true };
  },
};
