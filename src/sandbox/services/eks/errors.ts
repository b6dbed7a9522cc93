/**
 * EKS's error codes, one class per code, with the HTTP status botocore's EKS model gives each and the
 * extra JSON members EKS sends beside `message` (`clusterName`, `nodegroupName`, `addonName`,
 * `fargateProfileName`): clients surface them (the SDK as `err.clusterName`), so the REST-JSON codec
 * writes `fields` into the error body as they are.
 */
import { AwsError } from '../aws-error.js';

/** The identifying members an EKS exception may carry (botocore: the exception's structure members). */
export interface EksErrorFields {
  clusterName?: string;
  nodegroupName?: string;
  addonName?: string;
  fargateProfileName?: string;
  validZones?: string[];
}

export class EksError extends AwsError {
  override name = 'EksError';
  constructor(
    code: string,
    message: string,
    httpStatus: number,
    readonly fields: EksErrorFields = {},
  ) {
    super(code, message, httpStatus);
  }
}

/** 404: the named cluster, node group, add-on, Fargate profile or update does not exist. */
export class ResourceNotFoundException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('ResourceNotFoundException', message, 404, fields);
  }
}

/** 409: the resource exists already, or is busy (not ACTIVE, or has children). */
export class ResourceInUseException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('ResourceInUseException', message, 409, fields);
  }
}

/** 400: a parameter is malformed or out of range. */
export class InvalidParameterException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('InvalidParameterException', message, 400, fields);
  }
}

/** 400: the request is well formed but not valid for the resource's current state. */
export class InvalidRequestException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('InvalidRequestException', message, 400, fields);
  }
}

/** 400: a problem with the caller's request or permissions (EKS's catch-all client error). */
export class ClientException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('ClientException', message, 400, fields);
  }
}

/** 400: a service quota (clusters per region, node groups per cluster...) would be exceeded. */
export class ResourceLimitExceededException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('ResourceLimitExceededException', message, 400, fields);
  }
}

/** 400: the control plane cannot be placed in a zone (us-east-1e, for example). */
export class UnsupportedAvailabilityZoneException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('UnsupportedAvailabilityZoneException', message, 400, fields);
  }
}

/** 404 for the tagging operations (TagResource, UntagResource, ListTagsForResource). */
export class NotFoundException extends EksError {
  constructor(message: string) {
    super('NotFoundException', message, 404);
  }
}

/** 400 for the tagging operations. */
export class BadRequestException extends EksError {
  constructor(message: string) {
    super('BadRequestException', message, 400);
  }
}

/** 500: an unexpected failure inside EKS. */
export class ServerException extends EksError {
  constructor(message: string, fields: EksErrorFields = {}) {
    super('ServerException', message, 500, fields);
  }
}
