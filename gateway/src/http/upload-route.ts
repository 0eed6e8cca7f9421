// Attachment uploads: `POST /account/documentupload/uploader/upload/:customerId`
// with a multipart/form-data body. The form carries the upload token in the
// field `uploadToken` (or `authToken`) and the file in the field
// `attachment`, in that order, as browsers and curl send fields in the order
// given. The file is streamed to parleyd as it arrives.
//
// The response is always JSON: {"successful", "token", "mimeType", "errorCode"},
// plus "message" on failure; upload-errors.ts maps errorCode to the HTTP
// status.

import type { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { kMaxDiscardBytes, type AttachmentClient, type SentUpload } from '../attachment-client.js';
import { UploadErrorCode, UploadFailure, storageFailure, uploadFailureFromGrpc } from '../upload-errors.js';
import { kUploadRoute } from '../uploader-config.js';
import { rejectOtherMethods } from './method-not-allowed.js';

export interface UploadRouteOptions {
  attachments: AttachmentClient;
}

/** Form fields that may carry the upload token: the documented curl's name first. */
export const kTokenFields = ['uploadToken', 'authToken'];

/** Form field of the file. */
export const kAttachmentField = 'attachment';

/**
 * Limits of the form, so that a request cannot make the gateway keep more
 * than a few small fields. The file's size is parleyd's to limit: the
 * gateway streams the file and never keeps it whole.
 */
const kFormLimits = {
  fields: 10,
  fieldSize: 16 * 1024,
  files: 4,
  parts: 20,
  headerPairs: 50,
  fileSize: Number.MAX_SAFE_INTEGER,
};

interface UploadSuccess {
  token: string;
  mimeType: string;
}

/** Registers the upload route, with its multipart parser and error handler, on `app`. */
export async function uploadRoute(app: FastifyInstance, options: UploadRouteOptions): Promise<void> {
  // Registered inside this plugin, so only this route parses multipart.
  await app.register(fastifyMultipart);

  // Requests rejected before the handler runs (a body type that has no
  // parser, a malformed JSON body) still get the upload JSON.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'upload failed in the gateway');
      return sendFailure(reply, new UploadFailure(UploadErrorCode.STORAGE_FAILED, 'The upload failed in the gateway. Retry later.', 500));
    }
    return sendFailure(reply, new UploadFailure(UploadErrorCode.MALFORMED_REQUEST, notMultipartMessage(), statusCode));
  });

  app.post(kUploadRoute, async (request, reply) => {
    const { customerId } = request.params as { customerId: string };
    if (!request.isMultipart()) {
      return sendFailure(reply, new UploadFailure(UploadErrorCode.MALFORMED_REQUEST, notMultipartMessage(), 415));
    }

    const outcome = await receiveForm(request, customerId, options.attachments);
    if (outcome instanceof UploadFailure) {
      request.log.info({ customerId, errorCode: outcome.errorCode, reason: outcome.message }, 'upload rejected');
      return sendFailure(reply, outcome);
    }
    return closeIfUnread(request, reply)
      .code(200)
      .header('cache-control', 'no-store')
      .send({ successful: true, token: outcome.token, mimeType: outcome.mimeType, errorCode: UploadErrorCode.NONE });
  });
  rejectOtherMethods(app, kUploadRoute, ['POST'], 'send the upload with POST as multipart/form-data', (_request, reply, message) =>
    sendFailure(reply, new UploadFailure(UploadErrorCode.MALFORMED_REQUEST, message, 405)),
  );
}

/**
 * Reads the whole form: the token field, then the file, which it streams to
 * parleyd. parleyd stores the file only when the form ends without a second
 * file in the field `attachment`. Files in other fields, and the rest of a
 * file that parleyd rejected, are read and thrown away.
 */
async function receiveForm(
  request: FastifyRequest,
  customerId: string,
  attachments: AttachmentClient,
): Promise<UploadSuccess | UploadFailure> {
  let token: string | undefined;
  let failure: UploadFailure | undefined;
  let sent: SentUpload | undefined;
  try {
    for await (const part of request.parts({ limits: kFormLimits })) {
      if (part.type === 'field') {
        if (kTokenFields.includes(part.fieldname) && token === undefined && typeof part.value === 'string') {
          token = part.value;
        }
        if (part.fieldname === kAttachmentField) {
          failure ??= new UploadFailure(UploadErrorCode.ATTACHMENT_MISSING, `${kAttachmentField} is a text field: send the file, e.g. curl --form '${kAttachmentField}=@photo.jpeg'`);
        }
        continue;
      }

      if (part.fieldname !== kAttachmentField) {
        await discard(part.file);
      } else if (sent !== undefined) {
        failure ??= new UploadFailure(UploadErrorCode.TOO_MANY_ATTACHMENTS, `The form has more than one file in the field ${kAttachmentField}, and an upload takes one file: send each file in its own request`);
        await discard(part.file);
      } else if (failure !== undefined) {
        await discard(part.file);
      } else if (token === undefined || token === '') {
        failure = new UploadFailure(UploadErrorCode.UPLOAD_TOKEN_INVALID, `uploadToken is missing: send the authToken of attachmentUploaderConfig in the field uploadToken, before the field ${kAttachmentField}`);
        await discard(part.file);
      } else {
        sent = await attachments.send({ uploadToken: token, customerId, fileName: part.filename, declaredType: part.mimetype }, part.file);
      }
    }
  } catch (error) {
    // The form broke off, does not parse or has more files than
    // kFormLimits allows. parleyd stores nothing of a cancelled upload.
    sent?.cancel();
    if ((error as { code?: unknown }).code === 'FST_FILES_LIMIT') {
      return new UploadFailure(UploadErrorCode.TOO_MANY_ATTACHMENTS, `The form has more than ${kFormLimits.files} files, and an upload takes one file in the field ${kAttachmentField}: send each file in its own request`);
    }
    request.log.info({ err: error }, 'upload form does not parse');
    return new UploadFailure(UploadErrorCode.MALFORMED_REQUEST, `The form does not parse as multipart/form-data: ${(error as Error).message}`);
  }

  if (failure !== undefined) {
    sent?.cancel();
    return failure;
  }
  if (sent !== undefined) return finishUpload(request, sent);
  if (token === undefined || token === '') {
    return new UploadFailure(UploadErrorCode.UPLOAD_TOKEN_INVALID, 'uploadToken is missing: send the authToken of attachmentUploaderConfig in the field uploadToken');
  }
  return new UploadFailure(UploadErrorCode.ATTACHMENT_MISSING, `The form has no file in the field ${kAttachmentField}: send it, e.g. curl --form '${kAttachmentField}=@photo.jpeg'`);
}

/** Sends the end of an upload whose file parleyd has received, and converts the result. */
async function finishUpload(request: FastifyRequest, sent: SentUpload): Promise<UploadSuccess | UploadFailure> {
  const result = await sent.finish();
  if (result.ok) {
    return { token: result.response.attachmentToken, mimeType: result.response.attachment?.mimeType ?? '' };
  }
  if (result.error !== null) {
    const failure = uploadFailureFromGrpc(result.error);
    if (failure.errorCode === UploadErrorCode.STORAGE_FAILED) {
      request.log.error({ grpcCode: result.error.code, grpcDetails: result.error.details }, 'parleyd failed to store an upload');
    }
    return failure;
  }
  // The client's request broke off, so the client never reads this
  // response, or parleyd went away without a status.
  request.log.warn({ err: result.cause }, 'upload did not reach parleyd');
  return storageFailure();
}

/** Reads `file` to its end and drops the bytes; destroys it past kMaxDiscardBytes. */
async function discard(file: Readable): Promise<void> {
  let discarded = 0;
  for await (const chunk of file as AsyncIterable<Buffer>) {
    discarded += chunk.length;
    if (discarded > kMaxDiscardBytes) file.destroy(new Error('the discarded file is too long'));
  }
}

/**
 * Asks Node to close the connection after the response when the request body
 * was not read to its end, so no unread bytes are taken for the next request.
 */
function closeIfUnread(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!request.raw.readableEnded) reply.header('connection', 'close');
  return reply;
}

function sendFailure(reply: FastifyReply, failure: UploadFailure): FastifyReply {
  return closeIfUnread(reply.request, reply)
    .code(failure.httpStatus)
    .header('cache-control', 'no-store')
    .send({ successful: false, token: null, mimeType: null, errorCode: failure.errorCode, message: failure.message });
}

function notMultipartMessage(): string {
  return `Send the upload as multipart/form-data with the fields ${kTokenFields[0]} and ${kAttachmentField}`;
}
