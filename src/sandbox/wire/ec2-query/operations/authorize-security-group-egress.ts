import { checkDryRun, specTags } from './inputs.js';
import { groupIdOf, permissionsOf } from './security-group-inputs.js';
import { securityGroupRuleXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const authorizeSecurityGroupEgress: Ec2Operation = {
  action: 'AuthorizeSecurityGroupEgress',
  mutating: true,
  handle(params, { ec2 }) {
    const groupId = groupIdOf(params);
    const permissions = permissionsOf(params);
    const tags = specTags(params, 'security-group-rule');
    checkDryRun(params);
    const rules = ec2.authorizeSecurityGroupRules({ groupId, isEgress: true, permissions, tags });
    return { return: true, securityGroupRuleSet: rules.map(securityGroupRuleXml) };
  },
};
