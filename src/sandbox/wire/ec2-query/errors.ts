/**
 * Errors the EC2 Query codec itself raises, before any model runs: the request's envelope is wrong
 * (no Action, wrong Version, a missing or malformed parameter). Codes and messages as EC2 sends them.
 */
import { AwsError } from '../../services/aws-error.js';

export class MissingParameterError extends AwsError {
  constructor(name: string) {
    super('MissingParameter', `The request must contain the parameter ${name}`, 400);
  }
}

export class MissingActionError extends AwsError {
  constructor() {
    super('MissingAction', 'The request must contain the parameter Action', 400);
  }
}

export class InvalidActionError extends AwsError {
  constructor(action: string) {
    super('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
  }
}

/** EC2 answers a missing or unsupported Version this way (observed with curl against ec2.amazonaws.com). */
export class NoSuchVersionError extends AwsError {
  constructor(version: string | undefined) {
    super(
      version === undefined ? 'MissingParameter' : 'NoSuchVersion',
      version === undefined
        ? 'The request must contain the parameter Version'
        : `The requested version (${version}) of service AmazonEC2 does not exist`,
      400,
    );
  }
}

export class InvalidParameterValueError extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValue', message, 400);
  }
}
