// placeholder, replaced by branch ec2
/**
 * Placeholder so the EC2 codec compiles before branch ec2 lands; branch ec2 replaces this file with
 * the real model class (state, rules, data-plane port).
 */
export interface Ec2Model {
  snapshot(): unknown;
}
