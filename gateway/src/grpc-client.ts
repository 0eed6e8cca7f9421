// gRPC client of parleyd's CustomerService. The .proto files are loaded at
// run time from ../proto, relative to the gateway directory.
// attachment-client.ts calls AttachmentService on the same target.

import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { FastifyBaseLogger } from 'fastify';
import { kGatewayRoot } from './config.js';
import { ErrorCode, GatewayError, isServiceError, kInternalErrorMessage, mapGrpcError } from './errors.js';
import { LogRateLimiter } from './log-limiter.js';
import type * as pb from './proto-types.js';

/** Directory that contains parley/v1/*.proto. */
export const kProtoDir = path.resolve(kGatewayRoot, '..', 'proto');

/** Options that give the message shapes declared in proto-types.ts. */
export const kProtoLoaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [kProtoDir],
};

/**
 * Largest response accepted from parleyd, in bytes. A page of 100 discussions
 * with 100 messages each of up to 10,000 characters can exceed grpc-js's
 * default of 4 MiB.
 * NOTE: a larger response fails with RESOURCE_EXHAUSTED, which the gateway
 * reports as RATE_LIMITED. Splitting such pages in parleyd would fix it.
 */
const kMaxResponseBytes = 64 * 1024 * 1024;

/** Loads the parley.v1 package with kProtoLoaderOptions. Throws when a .proto file is missing or invalid. */
export function loadParleyPackage(): grpc.GrpcObject {
  const definition = protoLoader.loadSync(
    ['parley/v1/customer_service.proto', 'parley/v1/attachment_service.proto'],
    kProtoLoaderOptions,
  );
  const root = grpc.loadPackageDefinition(definition);
  return (root.parley as grpc.GrpcObject).v1 as grpc.GrpcObject;
}

/** CustomerService calls of one GraphQL request. Each rejects with a GatewayError. */
export interface CustomerRpc {
  createDiscussion(request: pb.CreateDiscussionRequest): Promise<pb.CreateDiscussionResponse>;
  replyToDiscussion(request: pb.ReplyToDiscussionRequest): Promise<pb.ReplyToDiscussionResponse>;
  markRead(request: pb.MarkReadRequest): Promise<pb.MarkReadResponse>;
  listDiscussions(request: pb.ListDiscussionsRequest): Promise<pb.ListDiscussionsResponse>;
  listMessages(request: pb.ListMessagesRequest): Promise<pb.ListMessagesResponse>;
}

type UnaryCallback = (error: grpc.ServiceError | null, response?: unknown) => void;
type UnaryMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: UnaryCallback) => void;

/**
 * One channel to parleyd, shared by every request. It multiplexes concurrent
 * calls on Node.js's single thread.
 */
export class ParleyClient {
  private readonly client: grpc.Client;
  /** Shared by every request, so that an outage logs a few lines per second. */
  private readonly logLimiter = new LogRateLimiter();

  constructor(
    target: string,
    private readonly deadlineMs: number,
  ) {
    const CustomerService = loadParleyPackage().CustomerService as grpc.ServiceClientConstructor;
    this.client = new CustomerService(target, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': kMaxResponseBytes,
    });
  }

  /** Returns the calls of one request, which log errors to `log`. */
  forRequest(log: FastifyBaseLogger): CustomerRpc {
    return {
      createDiscussion: (request) => this.call('CreateDiscussion', request, log),
      replyToDiscussion: (request) => this.call('ReplyToDiscussion', request, log),
      markRead: (request) => this.call('MarkRead', request, log),
      listDiscussions: (request) => this.call('ListDiscussions', request, log),
      listMessages: (request) => this.call('ListMessages', request, log),
    };
  }

  /** Closes the channel. Calls started later fail with SERVICE_UNAVAILABLE. */
  close(): void {
    this.client.close();
  }

  private call<Response>(rpc: string, request: object, log: FastifyBaseLogger): Promise<Response> {
    const method = (this.client as unknown as Record<string, UnaryMethod>)[rpc];
    if (method === undefined) {
      throw new Error(`CustomerService has no method ${rpc}: the .proto files in ${kProtoDir} do not match the gateway`);
    }

    const options: grpc.CallOptions = { deadline: Date.now() + this.deadlineMs };
    return new Promise((resolve, reject) => {
      method.call(this.client, request, new grpc.Metadata(), options, (error, response) => {
        if (error === null) {
          resolve(response as Response);
        } else if (isServiceError(error)) {
          reject(mapGrpcError(error, rpc, log, this.logLimiter));
        } else {
          log.error({ rpc, err: error }, 'gRPC call to parleyd failed without a status');
          reject(new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, kInternalErrorMessage));
        }
      });
    });
  }
}
