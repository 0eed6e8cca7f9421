// Configuration of attachment uploads that Query.attachmentUploaderConfig
// returns: the upload path and a token that binds the upload to the customer.

import { mintCustomerToken } from './auth.js';

/** Value of the `purpose` claim of upload tokens. */
export const kUploadTokenPurpose = 'upload';

/** Lifetime of an upload token, in seconds. */
export const kUploadTokenTtlSeconds = 3600;

export interface UploaderConfig {
  uploadUrl: string;
  authToken: string;
}

/**
 * Source of upload configurations. The gateway signs the tokens itself for
 * now. Moving the signing to parleyd means another implementation of this
 * interface that calls parleyd.
 */
export interface UploaderConfigIssuer {
  issue(customerId: string): Promise<UploaderConfig>;
}

/** Path, relative to the storefront's domain, that accepts uploads of `customerId`. */
export function uploadPathFor(customerId: string): string {
  return `/account/documentupload/uploader/upload/${encodeURIComponent(customerId)}`;
}

/** Signs upload tokens with the customer-token secret: HS256, sub = customer id, purpose "upload", 1 hour. */
export class LocalUploaderConfigIssuer implements UploaderConfigIssuer {
  constructor(private readonly secret: Uint8Array) {}

  async issue(customerId: string): Promise<UploaderConfig> {
    const authToken = await mintCustomerToken(customerId, this.secret, {
      ttlSeconds: kUploadTokenTtlSeconds,
      purpose: kUploadTokenPurpose,
    });
    return { uploadUrl: uploadPathFor(customerId), authToken };
  }
}
