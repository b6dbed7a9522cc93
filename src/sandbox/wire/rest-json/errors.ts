/**
 * REST-JSON errors (EKS): the code travels in the `x-amzn-ErrorType` header, the body is
 * `{"message": ...}` plus the error shape's extra members (`clusterName`, `nodegroupName`...).
 */
import { AwsError } from '../../services/aws-error.js';

export class AwsErrorWithFields extends AwsError {
  constructor(
    code: string,
    message: string,
    httpStatus: number,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(code, message, httpStatus);
  }
}

export interface RestJsonErrorResult {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  errorCode: string;
  errorMessage: string;
}

export function restJsonError(err: unknown): RestJsonErrorResult {
  const aws =
    err instanceof AwsError
      ? err
      : new AwsError('ServerException', 'An internal server error occurred.', 500);
  // Models' own error classes (EksError) carry `fields` too, without depending on this codec.
  const fields =
    aws instanceof AwsErrorWithFields || 'fields' in aws ? (aws as AwsErrorWithFields).fields : {};
  return {
    status: aws.httpStatus,
    headers: { 'x-amzn-ErrorType': aws.code },
    body: { ...fields, message: aws.message },
    errorCode: aws.code,
    errorMessage: aws.message,
  };
}

export class UnknownOperationError extends AwsError {
  constructor() {
    super('UnknownOperationException', 'The requested operation is not supported.', 404);
  }
}

export class BadRequestError extends AwsError {
  constructor(message: string) {
    super('BadRequestException', message, 400);
  }
}
