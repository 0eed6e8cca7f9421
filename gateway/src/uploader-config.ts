// Attachment paths, and the configuration of uploads that
// Query.attachmentUploaderConfig returns. parleyd signs the upload token
// (HMAC-SHA-256, bound to the customer, expiring); the gateway only passes
// it on.

import type { FastifyBaseLogger } from 'fastify';
import type { AttachmentClient } from './attachment-client.js';

/** Route of uploads; parleyd returns the same path, with the customer id, as uploadUrl. */
export const kUploadRoute = '/account/documentupload/uploader/upload/:customerId';

/** Route of attachment downloads. */
export const kDownloadRoute = '/account/documentupload/attachments/:attachmentId';

/** Path, relative to the storefront's domain, from which the owner downloads attachment `attachmentId`. */
export function downloadPathFor(attachmentId: string): string {
  return `/account/documentupload/attachments/${encodeURIComponent(attachmentId)}`;
}

export interface UploaderConfig {
  uploadUrl: string;
  authToken: string;
}

/** Source of upload configurations. Rejects with a GatewayError. */
export interface UploaderConfigIssuer {
  issue(customerId: string, log: FastifyBaseLogger): Promise<UploaderConfig>;
}

/** Asks parleyd (AttachmentService.GetUploaderConfig) for the path and a signed upload token. */
export class ParleydUploaderConfigIssuer implements UploaderConfigIssuer {
  constructor(private readonly attachments: AttachmentClient) {}

  async issue(customerId: string, log: FastifyBaseLogger): Promise<UploaderConfig> {
    const response = await this.attachments.getUploaderConfig(customerId, log);
    return { uploadUrl: response.uploadUrl, authToken: response.authToken };
  }
}
