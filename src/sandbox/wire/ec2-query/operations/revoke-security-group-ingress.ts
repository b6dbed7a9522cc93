import { checkDryRun } from './inputs.js';
import { groupIdOf, permissionsOf } from './security-group-inputs.js';
import { revokedRuleXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const revokeSecurityGroupIngress: Ec2Operation = {
  action: 'RevokeSecurityGroupIngress',
  mutating: true,
  handle(params, { ec2 }) {
    const groupId = groupIdOf(params);
    const ruleIds = params.list('SecurityGroupRuleId');
    const permissions = ruleIds.length > 0 ? undefined : permissionsOf(params);
    checkDryRun(params);
    const revoked = ec2.revokeSecurityGroupRules({ groupId, isEgress: false, permissions, ruleIds });
    return { return: true, revokedSecurityGroupRuleSet: revoked.map(revokedRuleXml) };
  },
};
