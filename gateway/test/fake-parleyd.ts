// In-process fake of parleyd's CustomerService, with the AttachmentService
// of fake-attachments.ts beside it, for gateway tests. It keeps
// discussions in memory, applies the documented paging and filter rules,
// records every call, and can fail the next call of a method with a status.

import * as grpc from '@grpc/grpc-js';
import { loadParleyPackage } from '../dist/grpc-client.js';
import type * as pb from '../dist/proto-types.js';
import { FakeAttachmentService } from './fake-attachments.js';

export interface RecordedCall {
  method: string;
  request: any;
}

interface StoredDiscussion {
  discussion: pb.Discussion;
  messages: pb.Message[];
}

export class FakeParleyd {
  /** Every CustomerService call received, oldest first. */
  readonly calls: RecordedCall[] = [];
  /** The fake AttachmentService on the same server. */
  readonly attachments = new FakeAttachmentService();
  private readonly server = new grpc.Server();
  private readonly discussions: StoredDiscussion[] = [];
  private readonly failures = new Map<string, { code: grpc.status; details: string }>();
  private readonly hangs = new Set<string>();
  private readonly idempotentResults = new Map<string, unknown>();
  private nextId = 1000;
  private clockMs = 1_700_000_000_000;

  /** Starts listening on 127.0.0.1 and returns the gRPC target. */
  async start(): Promise<string> {
    const parleyPackage = loadParleyPackage();
    this.server.addService((parleyPackage.AttachmentService as grpc.ServiceClientConstructor).service, this.attachments.handlers());
    const service = (parleyPackage.CustomerService as grpc.ServiceClientConstructor).service;
    this.server.addService(service, {
      CreateDiscussion: this.unary('CreateDiscussion', (request) => this.createDiscussion(request)),
      ReplyToDiscussion: this.unary('ReplyToDiscussion', (request) => this.replyToDiscussion(request)),
      MarkRead: this.unary('MarkRead', (request) => this.markRead(request)),
      ListDiscussions: this.unary('ListDiscussions', (request) => this.listDiscussions(request)),
      ListMessages: this.unary('ListMessages', (request) => this.listMessages(request)),
    });
    const port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
        error ? reject(error) : resolve(boundPort),
      );
    });
    return `127.0.0.1:${port}`;
  }

  /** Stops at once, cancelling calls left hanging by hangNext. */
  stop(): void {
    this.server.forceShutdown();
  }

  /** Makes the next call of `method` fail with `code` and `details`. */
  failNext(method: string, code: grpc.status, details: string): void {
    this.failures.set(method, { code, details });
  }

  /** Makes the next call of `method` never respond, so that it reaches its deadline. */
  hangNext(method: string): void {
    this.hangs.add(method);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Adds a discussion of `customerId` with `messageCount` messages and returns it. */
  addDiscussion(
    customerId: string,
    options: { messageCount?: number; orderNumber?: string; skus?: string[]; status?: pb.Status } = {},
  ): pb.Discussion {
    const id = String(this.nextId++);
    const createdAtMs = this.tick();
    const hasSelection = options.orderNumber !== undefined || options.skus !== undefined;
    const discussion: pb.Discussion = {
      id,
      customerId,
      category: 'CATEGORY_WEBSITE_ISSUES',
      status: options.status ?? 'STATUS_OUTSTANDING',
      createdAtMs,
      updatedAtMs: createdAtMs,
      read: true,
      selection: hasSelection ? { orderNumber: options.orderNumber ?? '', productSkus: options.skus ?? [] } : null,
      assignedAgent: '',
      messageCount: 0,
      messages: null,
    };
    const stored = { discussion, messages: [] };
    this.discussions.push(stored);
    for (let i = 0; i < (options.messageCount ?? 1); i++) {
      this.appendMessage(stored, i % 2 === 0 ? 'MESSAGE_TYPE_QUERY' : 'MESSAGE_TYPE_RESPONSE', `message ${i + 1} of ${id}`);
    }
    return discussion;
  }

  /** Puts `attachment` on the newest message of discussion `discussionId`. */
  attach(discussionId: string, attachment: pb.Attachment): void {
    const stored = this.discussions.find(({ discussion }) => discussion.id === discussionId);
    stored?.messages.at(-1)?.attachments.push(attachment);
  }

  private unary(method: string, handle: (request: any) => unknown): grpc.handleUnaryCall<any, any> {
    return (call, callback) => {
      this.calls.push({ method, request: call.request });
      if (this.hangs.delete(method)) return;
      const failure = this.failures.get(method);
      if (failure) {
        this.failures.delete(method);
        callback({ code: failure.code, details: failure.details, name: 'Error', message: failure.details, metadata: new grpc.Metadata() });
        return;
      }
      try {
        callback(null, handle(call.request));
      } catch (error) {
        if (error instanceof FakeStatus) {
          callback({ code: error.code, details: error.message, name: 'Error', message: error.message, metadata: new grpc.Metadata() });
        } else {
          throw error;
        }
      }
    };
  }

  private createDiscussion(request: any): pb.CreateDiscussionResponse {
    return this.idempotent(request, () => {
      const text = Buffer.from(request.message.text).toString('utf8');
      checkText(text);
      const selection = request.selection;
      const discussion = this.addDiscussion(request.customerId, {
        messageCount: 0,
        ...(selection ? { orderNumber: selection.orderNumber, skus: selection.productSkus } : {}),
      });
      discussion.category = request.category;
      const stored = this.find(request.customerId, discussion.id);
      const message = this.appendMessage(stored, 'MESSAGE_TYPE_QUERY', text);
      return { discussionId: discussion.id, messageId: message.id };
    });
  }

  private replyToDiscussion(request: any): pb.ReplyToDiscussionResponse {
    return this.idempotent(request, () => {
      const text = Buffer.from(request.message.text).toString('utf8');
      checkText(text);
      const stored = this.find(request.customerId, request.discussionId);
      return { messageId: this.appendMessage(stored, 'MESSAGE_TYPE_QUERY', text).id };
    });
  }

  private markRead(request: any): pb.MarkReadResponse {
    const stored = this.find(request.customerId, request.discussionId);
    if (!stored.messages.some((message) => message.id === request.upToMessageId)) {
      throw new FakeStatus(grpc.status.NOT_FOUND, `message ${request.upToMessageId} not found in discussion ${request.discussionId}`);
    }
    stored.discussion.read = true;
    return { read: true };
  }

  private listDiscussions(request: any): pb.ListDiscussionsResponse {
    checkPage(request.offset, request.limit, 'offset', 'limit');
    if (request.includeMessages) checkPage(request.messageOffset, request.messageLimit, 'message_offset', 'message_limit');

    const filter = request.filter ?? {};
    const matching = this.discussions
      .filter(({ discussion }) => discussion.customerId === request.customerId)
      .filter(({ discussion }) => filter.discussionId === '0' || discussion.id === filter.discussionId)
      .filter(({ discussion }) => filter.orderNumber === '' || discussion.selection?.orderNumber === filter.orderNumber)
      .filter(({ discussion }) => filter.status === 'STATUS_UNSPECIFIED' || discussion.status === filter.status)
      .sort((a, b) => Number(b.discussion.updatedAtMs) - Number(a.discussion.updatedAtMs));

    const page = matching.slice(request.offset, request.offset + request.limit);
    return {
      page: {
        discussions: page.map((stored) => ({
          ...stored.discussion,
          messages: request.includeMessages ? messagePage(stored, request.messageOffset, request.messageLimit) : null,
        })),
        total: matching.length,
        hasMore: request.offset + page.length < matching.length,
      },
    };
  }

  private listMessages(request: any): pb.ListMessagesResponse {
    checkPage(request.offset, request.limit, 'offset', 'limit');
    return { page: messagePage(this.find(request.customerId, request.discussionId), request.offset, request.limit) };
  }

  private find(customerId: string, discussionId: string): StoredDiscussion {
    const stored = this.discussions.find(
      ({ discussion }) => discussion.id === discussionId && discussion.customerId === customerId,
    );
    if (!stored) throw new FakeStatus(grpc.status.NOT_FOUND, `discussion ${discussionId} not found`);
    return stored;
  }

  private appendMessage(stored: StoredDiscussion, type: pb.MessageType, text: string): pb.Message {
    const message: pb.Message = {
      id: String(this.nextId++),
      discussionId: stored.discussion.id,
      number: stored.messages.length + 1,
      type,
      createdAtMs: this.tick(),
      text,
      author: type === 'MESSAGE_TYPE_QUERY' ? stored.discussion.customerId : 'agent',
      attachments: [],
    };
    stored.messages.push(message);
    stored.discussion.messageCount = stored.messages.length;
    stored.discussion.updatedAtMs = message.createdAtMs;
    return message;
  }

  private idempotent<T>(request: any, run: () => T): T {
    if (request.requestId === '') return run();
    const key = `${request.customerId}/${request.requestId}`;
    if (!this.idempotentResults.has(key)) this.idempotentResults.set(key, run());
    return this.idempotentResults.get(key) as T;
  }

  private tick(): string {
    this.clockMs += 1000;
    return String(this.clockMs);
  }
}

class FakeStatus extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

function messagePage(stored: StoredDiscussion, offset: number, limit: number): pb.MessagePage {
  const messages = stored.messages.slice(offset, offset + limit);
  return { messages, total: stored.messages.length, hasMore: offset + messages.length < stored.messages.length };
}

function checkPage(offset: number, limit: number, offsetField: string, limitField: string): void {
  if (offset < 0) throw new FakeStatus(grpc.status.INVALID_ARGUMENT, `${offsetField} ${offset} is negative: use 0 or more`);
  if (limit < 0 || limit > 100) {
    throw new FakeStatus(grpc.status.INVALID_ARGUMENT, `${limitField} ${limit} is out of range: use 0 to 100`);
  }
}

function checkText(text: string): void {
  if (text.trim() === '') throw new FakeStatus(grpc.status.INVALID_ARGUMENT, 'message.text is empty: write 1 to 10,000 characters');
}
