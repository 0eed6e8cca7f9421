// gRPC client of parleyd's AttachmentService: uploader configurations,
// streamed uploads and streamed downloads.

import type { Readable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode, GatewayError, isServiceError, kInternalErrorMessage, mapGrpcError } from './errors.js';
import { loadParleyPackage } from './grpc-client.js';
import { LogRateLimiter } from './log-limiter.js';
import type * as pb from './proto-types.js';

/** Bytes per UploadAttachment chunk message. */
export const kUploadChunkBytes = 64 * 1024;

/**
 * Bytes of a rejected upload that the gateway reads and throws away, so the
 * client receives the response. Past this it closes the connection instead,
 * and a client still sending then gets either the response or a reset
 * (EPIPE), depending on timing. test/attachments.test.ts checks both over a
 * socket.
 */
export const kMaxDiscardBytes = 64 * 1024 * 1024;

/** Outcome of an upload. */
export type UploadResult =
  | { ok: true; response: pb.UploadAttachmentResponse }
  /** parleyd ended the call with a status. */
  | { ok: false; error: grpc.ServiceError }
  /** The client's request broke off, or the connection to parleyd failed without a status. */
  | { ok: false; error: null; cause: unknown };

/** An upload whose file has been sent to parleyd without the end message. */
export interface SentUpload {
  /** Sends the end message, unless parleyd has ended the call, and resolves with the outcome. Never rejects. */
  finish(): Promise<UploadResult>;
  /** Cancels the call unless parleyd has ended it. parleyd stores nothing of a cancelled upload. */
  cancel(): void;
}

/** A download whose metadata has arrived. */
export interface Download {
  attachment: pb.Attachment;
  /** The file's bytes, in order. Cancels the call when the consumer stops early. */
  chunks: AsyncIterable<Buffer>;
}

type Callback = (error: grpc.ServiceError | null, response?: unknown) => void;
type UnaryMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback) => void;
type ClientStreamingMethod = (metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback) => grpc.ClientWritableStream<unknown>;
type ServerStreamingMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

export class AttachmentClient {
  private readonly client: grpc.Client;
  /** Shared by every request, so that an outage logs a few lines per second. */
  private readonly logLimiter = new LogRateLimiter();

  /**
   * `deadlineMs` bounds GetUploaderConfig; `transferDeadlineMs` bounds a
   * whole upload or download, which lasts as long as the client's transfer.
   */
  constructor(
    target: string,
    private readonly deadlineMs: number,
    private readonly transferDeadlineMs: number,
  ) {
    const AttachmentService = loadParleyPackage().AttachmentService as grpc.ServiceClientConstructor;
    this.client = new AttachmentService(target, grpc.credentials.createInsecure());
  }

  /** Closes the channel. */
  close(): void {
    this.client.close();
  }

  /** Calls GetUploaderConfig. Rejects with a GatewayError. */
  getUploaderConfig(customerId: string, log: FastifyBaseLogger): Promise<pb.GetUploaderConfigResponse> {
    const method = this.method<UnaryMethod>('GetUploaderConfig');
    const options: grpc.CallOptions = { deadline: Date.now() + this.deadlineMs };
    return new Promise((resolve, reject) => {
      method.call(this.client, { customerId }, new grpc.Metadata(), options, (error, response) => {
        if (error === null) {
          resolve(response as pb.GetUploaderConfigResponse);
        } else {
          reject(toGatewayError(error, 'GetUploaderConfig', log, this.logLimiter));
        }
      });
    });
  }

  /**
   * Streams `file` to parleyd: `start`, then the bytes in chunks of
   * kUploadChunkBytes. Waits for gRPC's flow control between chunks, so the
   * gateway keeps a few chunks of the file at a time, never the whole file.
   * Resolves when `file` has ended, without sending the end message, so the
   * caller can still cancel the upload, and parleyd then stores nothing.
   *
   * When parleyd ends the call early (a bad token, a file too large), the
   * rest of `file` is read and thrown away, so the multipart parser reaches
   * the end of the request and the client gets the response. Past
   * kMaxDiscardBytes the request is destroyed instead. Never rejects.
   */
  async send(start: pb.UploadStart, file: Readable): Promise<SentUpload> {
    const method = this.method<ClientStreamingMethod>('UploadAttachment');
    let result: UploadResult | null = null;
    let settle!: (value: UploadResult) => void;
    const finished = new Promise<UploadResult>((resolve) => {
      settle = (value) => {
        result ??= value;
        resolve(result);
      };
    });

    const options: grpc.CallOptions = { deadline: Date.now() + this.transferDeadlineMs };
    const call = method.call(this.client, new grpc.Metadata(), options, (error, response) => {
      settle(error === null ? { ok: true, response: response as pb.UploadAttachmentResponse } : { ok: false, error });
    });
    // The callback reports failures; a listener keeps a stream error from
    // being thrown as an uncaught exception.
    call.on('error', () => {});

    let sent = 0;
    let discarded = 0;
    try {
      call.write({ start } satisfies pb.UploadAttachmentRequest);
      for await (const data of file as AsyncIterable<Buffer>) {
        if (result !== null) {
          discarded += data.length;
          if (discarded > kMaxDiscardBytes) file.destroy(new Error('rejected upload is too long to discard'));
          continue;
        }
        for (let offset = 0; offset < data.length && result === null; offset += kUploadChunkBytes) {
          const chunk = data.subarray(offset, offset + kUploadChunkBytes);
          sent += chunk.length;
          if (!call.write({ chunk } satisfies pb.UploadAttachmentRequest)) {
            // Not events.once, whose promise would reject on a later 'error'
            // with nobody awaiting it.
            await Promise.race([new Promise((resolve) => call.once('drain', resolve)), finished]);
          }
        }
      }
    } catch (cause) {
      // The request broke off: parleyd stores nothing without the end message.
      call.cancel();
      settle({ ok: false, error: null, cause });
    }

    return {
      finish: () => {
        if (result === null) {
          call.write({ end: { sizeBytes: String(sent) } } satisfies pb.UploadAttachmentRequest);
          call.end();
        }
        return finished;
      },
      cancel: () => {
        if (result === null) call.cancel();
      },
    };
  }

  /**
   * Starts DownloadAttachment and resolves once the metadata has arrived.
   * Rejects with a GatewayError: NOT_FOUND for an unknown attachment or
   * another customer's.
   */
  async download(request: pb.DownloadAttachmentRequest, log: FastifyBaseLogger): Promise<Download> {
    const method = this.method<ServerStreamingMethod>('DownloadAttachment');
    const options: grpc.CallOptions = { deadline: Date.now() + this.transferDeadlineMs };
    const call = method.call(this.client, request, new grpc.Metadata(), options);
    const messages = call[Symbol.asyncIterator]() as AsyncIterator<pb.DownloadAttachmentResponse>;

    let first: IteratorResult<pb.DownloadAttachmentResponse>;
    try {
      first = await messages.next();
    } catch (error) {
      throw toGatewayError(error, 'DownloadAttachment', log, this.logLimiter);
    }
    const attachment = first.done ? null : first.value.attachment;
    if (attachment === null || attachment === undefined) {
      call.cancel();
      log.error({ rpc: 'DownloadAttachment' }, 'parleyd sent no attachment metadata first');
      throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, kInternalErrorMessage);
    }

    async function* chunks(): AsyncGenerator<Buffer> {
      let complete = false;
      try {
        for (let next = await messages.next(); !next.done; next = await messages.next()) {
          if (next.value.chunk !== undefined) yield next.value.chunk;
        }
        complete = true;
      } finally {
        if (!complete) call.cancel();
      }
    }
    return { attachment, chunks: chunks() };
  }

  private method<Method>(name: string): Method {
    const method = (this.client as unknown as Record<string, Method>)[name];
    if (method === undefined) {
      throw new Error(`AttachmentService has no method ${name}: the .proto files do not match the gateway`);
    }
    return method;
  }
}

function toGatewayError(error: unknown, rpc: string, log: FastifyBaseLogger, limiter: LogRateLimiter): GatewayError {
  if (isServiceError(error)) return mapGrpcError(error, rpc, log, limiter);
  log.error({ rpc, err: error }, 'gRPC call to parleyd failed without a status');
  return new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, kInternalErrorMessage);
}
