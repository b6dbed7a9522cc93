/**
 * The EC2 Query codec: checks the envelope (`Action`, `Version=2016-11-15`), finds the operation,
 * wraps its body in `<ActionResponse xmlns=...><requestId>` and writes AWS's error document for a
 * thrown AwsError. No rules live here.
 */
import { AwsError } from '../../services/aws-error.js';
import { InvalidActionError, MissingActionError, NoSuchVersionError } from './errors.js';
import type { Ec2Operation } from './operation.js';
import type { QueryParams } from './params.js';
import { escapeXml, xmlDocument, XML_DECLARATION, type XmlBody } from './xml.js';

export const EC2_API_VERSION = '2016-11-15';
export const EC2_XMLNS = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;

export function ec2ResponseXml(action: string, requestId: string, body: XmlBody): string {
  return xmlDocument(`${action}Response`, { requestId, ...body }, EC2_XMLNS);
}

/** EC2's error document; note `RequestID` (capital D) here, unlike `requestId` in responses. */
export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return (
    `${XML_DECLARATION}\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}

export class Ec2OperationRegistry<Ctx> {
  private readonly byAction = new Map<string, Ec2Operation<Ctx>>();

  constructor(operations: readonly Ec2Operation<Ctx>[]) {
    for (const op of operations) this.byAction.set(op.action, op);
  }

  /** The operation for a request, after checking the envelope; throws EC2's envelope errors. */
  resolve(params: QueryParams): Ec2Operation<Ctx> {
    const action = params.get('Action');
    if (!action) throw new MissingActionError();
    const version = params.get('Version');
    if (version !== EC2_API_VERSION) throw new NoSuchVersionError(version);
    const op = this.byAction.get(action);
    if (!op) throw new InvalidActionError(action);
    return op;
  }

  has(action: string): boolean {
    return this.byAction.has(action);
  }

  actions(): string[] {
    return [...this.byAction.keys()];
  }
}

export interface Ec2WireResult {
  status: number;
  xml: string;
  errorCode?: string;
  errorMessage?: string;
}

/** Any thrown value as EC2's error document; unexpected errors are EC2's InternalError (500). */
export function ec2ErrorResult(err: unknown, requestId: string): Ec2WireResult {
  const aws =
    err instanceof AwsError ? err : new AwsError('InternalError', 'An internal error has occurred', 500);
  return {
    status: aws.httpStatus,
    xml: ec2ErrorXml(aws.code, aws.message, requestId),
    errorCode: aws.code,
    errorMessage: aws.message,
  };
}
