// Attachment downloads for customers:
// `GET /account/documentupload/attachments/:attachmentId`, authenticated
// like /graphql (Authorization header or session cookie). A customer gets
// their own attachments only; another customer's attachment is 404, like
// one that does not exist. The bytes are streamed from parleyd as they
// arrive. Agents download with `parleyctl attachment get` instead.

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AttachmentClient } from '../attachment-client.js';
import { authenticate, kExpiredTokenReason } from '../auth.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { kDownloadRoute } from '../uploader-config.js';
import { rejectOtherMethods } from './method-not-allowed.js';

export interface DownloadRouteOptions {
  attachments: AttachmentClient;
  tokenSecret: Uint8Array;
}

/** Decimal form of a u64 attachment id, without leading zeros. */
const kAttachmentIdPattern = /^[1-9][0-9]{0,19}$/;
const kMaxAttachmentId = 2n ** 64n - 1n;

/** File name extensions of the default accepted types, for Content-Disposition. */
const kExtensions: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', '.jpg'],
  ['image/png', '.png'],
  ['image/gif', '.gif'],
  ['image/webp', '.webp'],
  ['image/heic', '.heic'],
  ['image/heif', '.heif'],
  ['application/pdf', '.pdf'],
]);

/** HTTP status of each GatewayError code that a download can end with. */
const kHttpStatus: ReadonlyMap<string, number> = new Map([
  [ErrorCode.NOT_FOUND, 404],
  [ErrorCode.BAD_USER_INPUT, 404],
  [ErrorCode.SERVICE_UNAVAILABLE, 503],
  [ErrorCode.RATE_LIMITED, 503],
]);

export async function downloadRoute(app: FastifyInstance, options: DownloadRouteOptions): Promise<void> {
  app.get(kDownloadRoute, async (request, reply) => {
    const authentication = await authenticate(
      { authorization: request.headers.authorization, cookies: request.cookies },
      options.tokenSecret,
    );
    if (authentication.customerId === null) {
      const message =
        authentication.reason === kExpiredTokenReason
          ? 'Authentication required: the customer token has expired. Log in again to get a new token, and send it as for /graphql'
          : 'Authentication required: send the customer token as for /graphql';
      return sendError(reply, 401, ErrorCode.UNAUTHENTICATED, message);
    }

    const { attachmentId } = request.params as { attachmentId: string };
    if (!kAttachmentIdPattern.test(attachmentId) || BigInt(attachmentId) > kMaxAttachmentId) {
      return sendError(reply, 404, ErrorCode.NOT_FOUND, `attachment ${attachmentId} not found`);
    }

    let download;
    try {
      download = await options.attachments.download({ attachmentId, customerId: authentication.customerId }, request.log);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const status = kHttpStatus.get(error.extensions.code) ?? 500;
      return sendError(reply, status, error.extensions.code, error.message);
    }

    const { attachment } = download;
    const fileName = `attachment-${attachment.id}${kExtensions.get(attachment.mimeType) ?? ''}`;
    return reply
      .code(200)
      .header('content-type', attachment.mimeType)
      .header('content-length', attachment.sizeBytes)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      // The type was detected by parleyd; browsers must not guess another.
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Readable.from(download.chunks, { objectMode: false }));
  });
  rejectOtherMethods(app, kDownloadRoute, ['GET'], 'download the attachment with GET', (_request, reply, message) =>
    sendError(reply, 405, ErrorCode.METHOD_NOT_ALLOWED, message),
  );
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ code, message });
}
