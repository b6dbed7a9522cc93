/**
 * The base of every AWS-side error the sandbox's models throw: AWS's exact error code, message and
 * HTTP status. Models throw these; each wire codec maps them to its protocol's error envelope once
 * (EC2 Query XML, EKS REST-JSON with x-amzn-ErrorType, Kubernetes Status). One subclass per code
 * lives in each service's errors.ts.
 */
export class AwsError extends Error {
  override name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }

  /** Throttling and 5xx make clients retry. */
  get retryable(): boolean {
    return (
      this.httpStatus >= 500 || this.httpStatus === 429 || /Throttl|RequestLimitExceeded/.test(this.code)
    );
  }
}
