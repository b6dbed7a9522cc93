/**
 * Finding a record by ID, or EC2's NotFound error for its kind: the lookups every resource module
 * shares, kept apart so the resource modules need not import each other for them.
 */
import { InvalidInstanceIdNotFound, InvalidSubnetIdNotFound, InvalidVpcIdNotFound } from './errors.js';
import type { CidrAssociation, Ec2State, InstanceRecord, SubnetRecord, VpcRecord } from './types.js';

export function requireVpc(state: Ec2State, vpcId: string): VpcRecord {
  const vpc = state.vpcs[vpcId];
  if (!vpc) throw new InvalidVpcIdNotFound(vpcId);
  return vpc;
}

/** Blocks that count for rules and subnets: not on their way out or failed. */
export function liveCidrs(vpc: VpcRecord): CidrAssociation[] {
  return vpc.cidrAssociations.filter((a) => a.state === 'associating' || a.state === 'associated');
}

export function requireSubnet(state: Ec2State, subnetId: string): SubnetRecord {
  const subnet = state.subnets[subnetId];
  if (!subnet) throw new InvalidSubnetIdNotFound(subnetId);
  return subnet;
}

export function requireInstance(state: Ec2State, instanceId: string): InstanceRecord {
  const instance = state.instances[instanceId];
  if (!instance) throw new InvalidInstanceIdNotFound(instanceId);
  return instance;
}
