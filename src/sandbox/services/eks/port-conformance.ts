/**
 * Compile-time proof that the EC2 model (`Ec2Model`) satisfies the port EKS codes against; a change on either
 * side that breaks the contract fails `tsc` here rather than at runtime.
 */
import type { Ec2Model } from '../ec2/model.js';
import type { EksEc2Port } from './ports.js';

export type Ec2ModelIsEksPort = Ec2Model extends EksEc2Port ? true : never;
export const ec2ModelIsEksPort: Ec2ModelIsEksPort = true;
