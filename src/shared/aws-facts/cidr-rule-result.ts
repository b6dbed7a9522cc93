/**
 * The answer of every CIDR rule check: ok, or the exact EC2 error code and message a real AWS API
 * call would fail with, so the sandbox can throw it as is and the planner can quote it.
 */
export type CidrRuleResult = { ok: true; cidr: string } | { ok: false; code: string; message: string };

export function ruleOk(cidr: string): CidrRuleResult {
  return { ok: true, cidr };
}

export function ruleFailure(code: string, message: string): CidrRuleResult {
  return { ok: false, code, message };
}
