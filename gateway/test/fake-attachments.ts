// In-process fake of parleyd's AttachmentService for gateway tests. Upload
// tokens are "fake-upload:<customer id>"; a file is accepted when it starts
// with the PNG signature and is at most maxBytes long. Like parleyd, it ends
// an upload with a status and a "parley-error-reason" trailer as soon as a
// rule is broken, and records what it received.

import * as grpc from '@grpc/grpc-js';
import type * as pb from '../dist/proto-types.js';

export const kPngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What one UploadAttachment call received. */
export interface ReceivedUpload {
  start: pb.UploadStart | null;
  chunkSizes: number[];
  bytes: number;
  sawEnd: boolean;
}

interface StoredAttachment {
  attachment: pb.Attachment;
  customerId: string;
  content: Buffer;
}

export class FakeAttachmentService {
  /** Largest file accepted, in bytes. */
  maxBytes = 1024 * 1024;
  readonly uploads: ReceivedUpload[] = [];
  readonly configRequests: pb.GetUploaderConfigRequest[] = [];
  private readonly stored: StoredAttachment[] = [];
  private nextFailure: { code: grpc.status; details: string } | null = null;

  /** Makes the next upload fail with `code`, without a reason, when its end message arrives. */
  failNextUpload(code: grpc.status, details: string): void {
    this.nextFailure = { code, details };
  }

  /** Adds an attachment of `customerId` and returns it. */
  add(customerId: string, content: Buffer, mimeType = 'image/png'): pb.Attachment {
    const attachment: pb.Attachment = {
      id: String(this.stored.length + 1),
      mimeType,
      sizeBytes: String(content.length),
      sha256: Buffer.alloc(32),
    };
    this.stored.push({ attachment, customerId, content });
    return attachment;
  }

  handlers(): grpc.UntypedServiceImplementation {
    return {
      GetUploaderConfig: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
        this.configRequests.push(call.request);
        callback(null, {
          uploadUrl: `/account/documentupload/uploader/upload/${call.request.customerId}`,
          authToken: `fake-upload:${call.request.customerId}`,
          expiresAtMs: '0',
          maxBytes: String(this.maxBytes),
          allowedTypes: ['image/png'],
        });
      },
      UploadAttachment: (call: grpc.ServerReadableStream<any, any>, callback: grpc.sendUnaryData<any>) =>
        this.upload(call, callback),
      DownloadAttachment: (call: grpc.ServerWritableStream<any, any>) => this.download(call),
    };
  }

  private upload(call: grpc.ServerReadableStream<any, any>, callback: grpc.sendUnaryData<any>): void {
    const received: ReceivedUpload = { start: null, chunkSizes: [], bytes: 0, sawEnd: false };
    this.uploads.push(received);
    const chunks: Buffer[] = [];
    let done = false;
    const fail = (code: grpc.status, details: string, reason?: string) => {
      if (done) return;
      done = true;
      const metadata = new grpc.Metadata();
      if (reason !== undefined) metadata.set('parley-error-reason', reason);
      callback({ code, details, metadata, name: 'Error', message: details });
    };

    call.on('data', (request: any) => {
      if (done) return;
      if (request.start) {
        received.start = request.start;
        const token: string = request.start.uploadToken;
        if (!token.startsWith('fake-upload:')) {
          fail(grpc.status.UNAUTHENTICATED, 'upload token is not a token issued by parleyd', 'UPLOAD_TOKEN_INVALID');
        } else if (token.endsWith(':expired')) {
          fail(grpc.status.UNAUTHENTICATED, 'upload token expired', 'UPLOAD_TOKEN_EXPIRED');
        } else if (token !== `fake-upload:${request.start.customerId}`) {
          fail(grpc.status.PERMISSION_DENIED, 'upload token was issued for another customer', 'UPLOAD_TOKEN_WRONG_CUSTOMER');
        }
      } else if (request.chunk) {
        received.chunkSizes.push(request.chunk.length);
        received.bytes += request.chunk.length;
        chunks.push(request.chunk);
        if (received.bytes > this.maxBytes) {
          fail(grpc.status.RESOURCE_EXHAUSTED, `the file is larger than the limit of ${this.maxBytes} bytes`, 'ATTACHMENT_TOO_LARGE');
        }
      } else if (request.end) {
        received.sawEnd = true;
        this.finishUpload(received, Buffer.concat(chunks), Number(request.end.sizeBytes), fail, callback);
        done = true;
      }
    });
    call.on('end', () => fail(grpc.status.INVALID_ARGUMENT, 'upload stream ended without UploadEnd', 'UPLOAD_MALFORMED'));
  }

  private finishUpload(
    received: ReceivedUpload,
    content: Buffer,
    declaredSize: number,
    fail: (code: grpc.status, details: string, reason?: string) => void,
    callback: grpc.sendUnaryData<any>,
  ): void {
    if (this.nextFailure !== null) {
      const { code, details } = this.nextFailure;
      this.nextFailure = null;
      fail(code, details);
    } else if (content.length === 0) {
      fail(grpc.status.INVALID_ARGUMENT, 'the file is empty', 'ATTACHMENT_EMPTY');
    } else if (declaredSize !== content.length) {
      fail(grpc.status.INVALID_ARGUMENT, 'size mismatch', 'UPLOAD_MALFORMED');
    } else if (!content.subarray(0, kPngSignature.length).equals(kPngSignature)) {
      fail(grpc.status.INVALID_ARGUMENT, 'the content is not accepted', 'ATTACHMENT_TYPE_NOT_ALLOWED');
    } else {
      const attachment = this.add(received.start?.customerId ?? '', content);
      callback(null, { attachmentToken: `fake-attachment-${attachment.id}`, attachment, expiresAtMs: '0' });
    }
  }

  private download(call: grpc.ServerWritableStream<any, any>): void {
    const request: pb.DownloadAttachmentRequest = call.request;
    const found = this.stored.find(
      ({ attachment, customerId }) =>
        attachment.id === request.attachmentId && (request.customerId === '' || request.customerId === customerId),
    );
    if (found === undefined) {
      call.emit('error', { code: grpc.status.NOT_FOUND, details: `attachment ${request.attachmentId} not found` });
      return;
    }
    call.write({ attachment: found.attachment });
    for (let offset = 0; offset < found.content.length; offset += 64 * 1024) {
      call.write({ chunk: found.content.subarray(offset, offset + 64 * 1024) });
    }
    call.end();
  }
}
