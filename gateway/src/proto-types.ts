// TypeScript shapes of the parley.v1 messages that the gateway sends and
// receives, as @grpc/proto-loader represents them with the options in
// grpc-client.ts: camelCase field names, 64-bit integers as decimal strings,
// enums as their value names, and defaults filled in. A message field that is
// not set is null. Source of truth: proto/parley/v1/customer_service.proto,
// attachment_service.proto and discussion.proto.

export type Category = `CATEGORY_${string}`;
export type Status = 'STATUS_UNSPECIFIED' | 'STATUS_OUTSTANDING' | 'STATUS_IN_PROGRESS' | 'STATUS_PENDING' | 'STATUS_COMPLETED';
export type MessageType = 'MESSAGE_TYPE_UNSPECIFIED' | 'MESSAGE_TYPE_QUERY' | 'MESSAGE_TYPE_RESPONSE';

/** uint64 or int64 as a decimal string. */
export type Int64String = string;

export interface Selection {
  orderNumber: string;
  productSkus: string[];
}

export interface Attachment {
  id: Int64String;
  mimeType: string;
  sizeBytes: Int64String;
  sha256: Buffer;
}

export interface Message {
  id: Int64String;
  discussionId: Int64String;
  number: number;
  type: MessageType;
  createdAtMs: Int64String;
  text: string;
  author: string;
  attachments: Attachment[];
}

export interface MessagePage {
  messages: Message[];
  total: number;
  hasMore: boolean;
}

export interface Discussion {
  id: Int64String;
  customerId: string;
  category: Category;
  status: Status;
  createdAtMs: Int64String;
  updatedAtMs: Int64String;
  read: boolean;
  selection: Selection | null;
  assignedAgent: string;
  messageCount: number;
  messages: MessagePage | null;
}

export interface DiscussionPage {
  discussions: Discussion[];
  total: number;
  hasMore: boolean;
}

export interface NewMessage {
  /** UTF-8 bytes of the message text. */
  text: Buffer;
  attachmentToken: string;
}

export interface CreateDiscussionRequest {
  customerId: string;
  category: Category;
  message: NewMessage;
  selection?: Selection;
  requestId: string;
}

export interface CreateDiscussionResponse {
  discussionId: Int64String;
  messageId: Int64String;
}

export interface ReplyToDiscussionRequest {
  customerId: string;
  discussionId: Int64String;
  message: NewMessage;
  requestId: string;
}

export interface ReplyToDiscussionResponse {
  messageId: Int64String;
}

export interface MarkReadRequest {
  customerId: string;
  discussionId: Int64String;
  upToMessageId: Int64String;
  requestId: string;
}

export interface MarkReadResponse {
  read: boolean;
}

export interface DiscussionFilter {
  /** "0" for any. */
  discussionId: Int64String;
  /** Empty for any. */
  orderNumber: string;
  /** STATUS_UNSPECIFIED for any. */
  status: Status;
}

export interface ListDiscussionsRequest {
  customerId: string;
  filter: DiscussionFilter;
  offset: number;
  limit: number;
  includeMessages: boolean;
  messageOffset: number;
  messageLimit: number;
}

export interface ListDiscussionsResponse {
  page: DiscussionPage | null;
}

export interface ListMessagesRequest {
  customerId: string;
  discussionId: Int64String;
  offset: number;
  limit: number;
}

export interface ListMessagesResponse {
  page: MessagePage | null;
}

// parley.v1.AttachmentService (attachment_service.proto).

export interface GetUploaderConfigRequest {
  customerId: string;
}

export interface GetUploaderConfigResponse {
  uploadUrl: string;
  authToken: string;
  expiresAtMs: Int64String;
  maxBytes: Int64String;
  allowedTypes: string[];
}

export interface UploadStart {
  uploadToken: string;
  customerId: string;
  fileName: string;
  declaredType: string;
}

/** One message of UploadAttachment: exactly one of the fields is set. */
export type UploadAttachmentRequest =
  | { start: UploadStart }
  | { chunk: Buffer }
  | { end: { sizeBytes: Int64String } };

export interface UploadAttachmentResponse {
  attachmentToken: string;
  attachment: Attachment | null;
  expiresAtMs: Int64String;
}

export interface DownloadAttachmentRequest {
  attachmentId: Int64String;
  /** Empty for agents. */
  customerId: string;
}

/** With oneofs: true, `part` names the field that is set. */
export interface DownloadAttachmentResponse {
  part: 'attachment' | 'chunk';
  attachment?: Attachment | null;
  chunk?: Buffer;
}
