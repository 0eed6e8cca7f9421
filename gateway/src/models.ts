// Conversion between parley.v1 messages and the objects that GraphQL
// resolvers return. Fields whose names match the schema resolve with
// graphql-js's default resolver.

import type * as pb from './proto-types.js';
import { downloadPathFor } from './uploader-config.js';

/** Offset and limit of a page request. */
export interface PageArgs {
  offset: number;
  limit: number;
}

export interface AttachmentModel {
  id: string;
  mimeType: string;
  size: number;
  /** Download path on the storefront's domain; served to the owning customer only. */
  url: string;
}

export interface MessageModel {
  id: string;
  type: string;
  createdAt: number;
  message: string;
  attachments: AttachmentModel[];
}

export interface MessagePageModel {
  messages: MessageModel[];
  total: number;
  hasMore: boolean;
}

export interface OrderModel {
  orderNumber: string;
}

export interface OrderProductModel {
  /** Canonical decimal string. */
  sku: string;
}

export interface SelectionModel {
  selectedOrder: OrderModel | null;
  selectedProducts: OrderProductModel[];
}

export interface DiscussionModel {
  id: string;
  category: string;
  status: string;
  createdAt: number;
  updatedAt: number;
  read: boolean;
  selection: SelectionModel | null;
  /** Page of messages that ListDiscussions embedded, and the arguments it was fetched with. */
  embeddedMessages: { args: PageArgs; page: MessagePageModel } | null;
}

export interface DiscussionsModel {
  discussions: DiscussionModel[];
  total: number;
  hasMore: boolean;
}

const kCategoryPrefix = 'CATEGORY_';
const kStatusPrefix = 'STATUS_';
const kMessageTypePrefix = 'MESSAGE_TYPE_';

/** Maps a GraphQL DiscussionCategory value to the proto enum name. */
export function toProtoCategory(category: string): pb.Category {
  return `${kCategoryPrefix}${category}`;
}

/** Maps a GraphQL DiscussionStatus value to the proto enum name. */
export function toProtoStatus(status: string): pb.Status {
  return `${kStatusPrefix}${status}` as pb.Status;
}

/**
 * Converts a page of discussions. `messageArgs` are the arguments that
 * ListDiscussions embedded messages with, or null when it embedded none.
 */
export function toDiscussionsModel(page: pb.DiscussionPage | null, messageArgs: PageArgs | null): DiscussionsModel {
  if (page === null) return { discussions: [], total: 0, hasMore: false };
  return {
    discussions: page.discussions.map((discussion) => toDiscussionModel(discussion, messageArgs)),
    total: page.total,
    hasMore: page.hasMore,
  };
}

export function toDiscussionModel(discussion: pb.Discussion, messageArgs: PageArgs | null): DiscussionModel {
  const embeddedMessages =
    messageArgs !== null && discussion.messages !== null
      ? { args: messageArgs, page: toMessagePageModel(discussion.messages) }
      : null;
  return {
    id: discussion.id,
    category: stripEnumPrefix(discussion.category, kCategoryPrefix),
    status: stripEnumPrefix(discussion.status, kStatusPrefix),
    createdAt: Number(discussion.createdAtMs),
    updatedAt: Number(discussion.updatedAtMs),
    read: discussion.read,
    selection: toSelectionModel(discussion.selection),
    embeddedMessages,
  };
}

/** Returns null when the discussion is about no order and no product. */
export function toSelectionModel(selection: pb.Selection | null): SelectionModel | null {
  if (selection === null) return null;
  if (selection.orderNumber === '' && selection.productSkus.length === 0) return null;
  return {
    selectedOrder: selection.orderNumber === '' ? null : { orderNumber: selection.orderNumber },
    selectedProducts: selection.productSkus.map((sku) => ({ sku })),
  };
}

export function toMessagePageModel(page: pb.MessagePage | null): MessagePageModel {
  if (page === null) return { messages: [], total: 0, hasMore: false };
  return {
    messages: page.messages.map(toMessageModel),
    total: page.total,
    hasMore: page.hasMore,
  };
}

function toMessageModel(message: pb.Message): MessageModel {
  return {
    id: message.id,
    type: stripEnumPrefix(message.type, kMessageTypePrefix),
    createdAt: Number(message.createdAtMs),
    message: message.text,
    attachments: message.attachments.map(toAttachmentModel),
  };
}

/** parleyd stores attachments of at most 256 MiB, so a size fits GraphQL's 32-bit Int. */
function toAttachmentModel(attachment: pb.Attachment): AttachmentModel {
  return {
    id: attachment.id,
    mimeType: attachment.mimeType,
    size: Number(attachment.sizeBytes),
    url: downloadPathFor(attachment.id),
  };
}

/**
 * Removes the proto prefix of an enum value name. The GraphQL enums have no
 * UNSPECIFIED value, so graphql-js reports a proto *_UNSPECIFIED value as an
 * internal error.
 */
function stripEnumPrefix(value: string, prefix: string): string {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}
