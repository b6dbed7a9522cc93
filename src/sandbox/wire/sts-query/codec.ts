/**
 * STS's Query dialect (API version 2011-06-15): `<XResponse xmlns=".../2011-06-15/"><XResult>` with
 * `ResponseMetadata/RequestId`, and errors as `<ErrorResponse><Error><Type/><Code/><Message/>`.
 */
import { AwsError } from '../../services/aws-error.js';
import { callerIdentity } from '../../services/sts/caller-identity.js';
import type { QueryParams } from '../ec2-query/params.js';
import { escapeXml, xmlDocument, XML_DECLARATION } from '../ec2-query/xml.js';

export const STS_API_VERSION = '2011-06-15';
export const STS_XMLNS = `https://sts.amazonaws.com/doc/${STS_API_VERSION}/`;

export interface StsContext {
  requestId: string;
  accountId: string;
  accessKeyId: string;
}

export function stsErrorXml(code: string, message: string, requestId: string, type = 'Sender'): string {
  return (
    `${XML_DECLARATION}\n<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

/** Handles one STS request; throws AwsError for envelope problems. Returns the action and XML. */
export function handleStsQuery(params: QueryParams, ctx: StsContext): { action: string; xml: string } {
  const action = params.get('Action');
  if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
  const version = params.get('Version');
  if (version !== STS_API_VERSION) {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
      400,
    );
  }
  if (action !== 'GetCallerIdentity') {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${action} for version ${STS_API_VERSION}`,
      400,
    );
  }
  const identity = callerIdentity(ctx.accessKeyId, ctx.accountId);
  const xml = xmlDocument(
    'GetCallerIdentityResponse',
    {
      GetCallerIdentityResult: { Arn: identity.arn, UserId: identity.userId, Account: identity.account },
      ResponseMetadata: { RequestId: ctx.requestId },
    },
    STS_XMLNS,
  );
  return { action, xml };
}
