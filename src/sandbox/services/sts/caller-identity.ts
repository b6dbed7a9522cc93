/**
 * STS's one operation the sandbox serves: GetCallerIdentity. The sandbox issues one IAM user's
 * credentials, so every valid request is that user.
 */
export interface CallerIdentity {
  userId: string;
  account: string;
  arn: string;
}

export const SANDBOX_USER_NAME = 'eks-cidr-sandbox';

/** A stable IAM user ID (`AIDA` + 17 upper-case base-32 characters) derived from the access key. */
function userIdFor(accessKeyId: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let h = 0x811c9dc5;
  let out = 'AIDA';
  for (let i = 0; out.length < 21; i++) {
    h =
      Math.imul(h ^ (accessKeyId.charCodeAt(i % Math.max(accessKeyId.length, 1)) || 0) ^ i, 0x01000193) >>> 0;
    out += alphabet[h % 32];
  }
  return out;
}

export function callerIdentity(accessKeyId: string, accountId: string): CallerIdentity {
  return {
    userId: userIdFor(accessKeyId),
    account: accountId,
    arn: `arn:aws:iam::${accountId}:user/${SANDBOX_USER_NAME}`,
  };
}
