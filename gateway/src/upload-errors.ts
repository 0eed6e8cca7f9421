// Outcomes of the upload route: the `errorCode` of its JSON response and the
// HTTP status that goes with each. docs/api.md has the same table for
// clients. Codes are never reused for another cause.

import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

export const UploadErrorCode = {
  /** The file was stored; `token` is the attachment token. */
  NONE: 0,
  /** No upload token, or one that parleyd did not sign. */
  UPLOAD_TOKEN_INVALID: 1,
  UPLOAD_TOKEN_EXPIRED: 2,
  /** The token was issued to another customer than the one in the URL. */
  UPLOAD_TOKEN_WRONG_CUSTOMER: 3,
  /** The form has no file in the field `attachment`. */
  ATTACHMENT_MISSING: 4,
  ATTACHMENT_EMPTY: 5,
  ATTACHMENT_TOO_LARGE: 6,
  /** The type detected from the file's bytes is not accepted. */
  ATTACHMENT_TYPE_NOT_ALLOWED: 7,
  /** parleyd could not store the file: unreachable, busy, or a write failed. Retry later. */
  STORAGE_FAILED: 8,
  /** The body is not multipart/form-data, or the form does not parse. */
  MALFORMED_REQUEST: 9,
  /** The form has more than one file in the field `attachment`. Nothing is stored. */
  TOO_MANY_ATTACHMENTS: 10,
} as const;

export type UploadErrorCode = (typeof UploadErrorCode)[keyof typeof UploadErrorCode];

/** HTTP status of each failure code. MALFORMED_REQUEST is 415 instead when the body is not multipart at all. */
const kHttpStatus: Readonly<Record<UploadErrorCode, number>> = {
  [UploadErrorCode.NONE]: 200,
  [UploadErrorCode.UPLOAD_TOKEN_INVALID]: 401,
  [UploadErrorCode.UPLOAD_TOKEN_EXPIRED]: 401,
  [UploadErrorCode.UPLOAD_TOKEN_WRONG_CUSTOMER]: 403,
  [UploadErrorCode.ATTACHMENT_MISSING]: 400,
  [UploadErrorCode.ATTACHMENT_EMPTY]: 400,
  [UploadErrorCode.ATTACHMENT_TOO_LARGE]: 413,
  [UploadErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED]: 415,
  [UploadErrorCode.STORAGE_FAILED]: 503,
  [UploadErrorCode.MALFORMED_REQUEST]: 400,
  [UploadErrorCode.TOO_MANY_ATTACHMENTS]: 400,
};

/** Trailing metadata key in which parleyd names the cause of a failed upload. */
export const kErrorReasonKey = 'parley-error-reason';

/** parleyd's reasons (attachment_service.proto) → error codes. Other reasons and none mean STORAGE_FAILED. */
const kReasonCodes: ReadonlyMap<string, UploadErrorCode> = new Map([
  ['UPLOAD_TOKEN_INVALID', UploadErrorCode.UPLOAD_TOKEN_INVALID],
  ['UPLOAD_TOKEN_EXPIRED', UploadErrorCode.UPLOAD_TOKEN_EXPIRED],
  ['UPLOAD_TOKEN_WRONG_CUSTOMER', UploadErrorCode.UPLOAD_TOKEN_WRONG_CUSTOMER],
  ['ATTACHMENT_EMPTY', UploadErrorCode.ATTACHMENT_EMPTY],
  ['ATTACHMENT_TOO_LARGE', UploadErrorCode.ATTACHMENT_TOO_LARGE],
  ['ATTACHMENT_TYPE_NOT_ALLOWED', UploadErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED],
]);

const kStorageFailedMessage = 'The file could not be stored: the attachment service is unavailable or busy. Retry later.';

/** A failed upload as the route reports it. */
export class UploadFailure {
  constructor(
    readonly errorCode: Exclude<UploadErrorCode, 0>,
    readonly message: string,
    /** Default: the status of errorCode in the table above. */
    readonly httpStatus: number = kHttpStatus[errorCode],
  ) {}
}

/** Returns the failure of an UploadAttachment call that parleyd ended with `error`. */
export function uploadFailureFromGrpc(error: ServiceError): UploadFailure {
  const reason = error.metadata?.get(kErrorReasonKey)[0];
  const code = typeof reason === 'string' ? kReasonCodes.get(reason) : undefined;
  if (code === undefined || code === UploadErrorCode.NONE) {
    return new UploadFailure(UploadErrorCode.STORAGE_FAILED, kStorageFailedMessage);
  }
  // parleyd writes these messages for the client: they name the limit or the fix.
  const details = typeof error.details === 'string' && error.details !== '' ? error.details : GrpcStatus[error.code];
  return new UploadFailure(code, details ?? 'The upload was rejected');
}

/** Returns the failure for a call to parleyd that did not end with a status, such as a lost connection. */
export function storageFailure(): UploadFailure {
  return new UploadFailure(UploadErrorCode.STORAGE_FAILED, kStorageFailedMessage);
}
