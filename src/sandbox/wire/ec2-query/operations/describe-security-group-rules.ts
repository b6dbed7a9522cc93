import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { securityGroupRuleXml } from './shapes.js';
import type { Ec2Operation } from '../operation.js';

export const describeSecurityGroupRules: Ec2Operation = {
  action: 'DescribeSecurityGroupRules',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, { min: 5, max: 1000 });
    const rules = ec2.describeSecurityGroupRules({
      ruleIds: params.list('SecurityGroupRuleId'),
      filters: filtersOf(params),
    });
    const page = paging.page(rules);
    return { securityGroupRuleSet: page.items.map(securityGroupRuleXml), nextToken: page.nextToken };
  },
};
