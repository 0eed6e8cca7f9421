// Resolvers of Mutation. Each mutation makes one gRPC call with the
// customer id from the token and the Idempotency-Key header as request_id.

import type { RequestContext } from '../context.js';
import { badUserInput, unauthenticated } from '../errors.js';
import { parseId } from '../ids.js';
import { toProtoCategory } from '../models.js';
import { parseOrderNumber } from '../order-numbers.js';
import type * as pb from '../proto-types.js';
import type { TypeResolvers } from './types.js';

interface AddDiscussionMessageInput {
  message: string;
  attachmentToken?: string | null;
}

interface DiscussionSelectionInput {
  selectedOrderId: string;
  /** Canonical decimal strings, parsed by the SKU scalar. */
  selectedProductSkus: string[];
}

interface CreateDiscussionInput {
  category: string;
  message: AddDiscussionMessageInput;
  selection?: DiscussionSelectionInput | null;
}

interface MarkDiscussionMessagesAsReadInput {
  discussionId: string;
  upToMessageId: string;
}

const kDiscussionIdHint = 'use the id returned by createDiscussion';

export const Mutation: TypeResolvers = {
  async createDiscussion(_root: unknown, args: { input: CreateDiscussionInput }, context: RequestContext): Promise<string> {
    const customerId = requireCustomer(context);
    const { input } = args;

    const request: pb.CreateDiscussionRequest = {
      customerId,
      category: toProtoCategory(input.category),
      message: toNewMessage(input.message, 'input.message'),
      requestId: context.requestId,
    };
    if (input.selection != null) {
      request.selection = {
        // parleyd reads an empty order_number as "no order", so "" is rejected here.
        orderNumber: parseOrderNumber(input.selection.selectedOrderId, 'input.selection.selectedOrderId'),
        productSkus: input.selection.selectedProductSkus,
      };
    }

    const response = await context.rpc.createDiscussion(request);
    return response.discussionId;
  },

  async replyToDiscussion(
    _root: unknown,
    args: { discussionId: string; input: AddDiscussionMessageInput },
    context: RequestContext,
  ): Promise<string> {
    const customerId = requireCustomer(context);
    const response = await context.rpc.replyToDiscussion({
      customerId,
      discussionId: parseId(args.discussionId, 'discussionId', kDiscussionIdHint),
      message: toNewMessage(args.input, 'input'),
      requestId: context.requestId,
    });
    return response.messageId;
  },

  async markDiscussionMessagesAsRead(
    _root: unknown,
    args: { input?: MarkDiscussionMessagesAsReadInput | null },
    context: RequestContext,
  ): Promise<null> {
    const customerId = requireCustomer(context);
    const { input } = args;
    if (input == null) {
      throw badUserInput('input is required: pass {discussionId, upToMessageId}');
    }

    await context.rpc.markRead({
      customerId,
      discussionId: parseId(input.discussionId, 'input.discussionId', kDiscussionIdHint),
      upToMessageId: parseId(input.upToMessageId, 'input.upToMessageId', 'use the id of a message in that discussion'),
      requestId: context.requestId,
    });
    return null;
  },
};

function requireCustomer(context: RequestContext): string {
  if (context.customerId === null) throw unauthenticated(context.tokenExpired);
  return context.customerId;
}

/**
 * Encodes the message text as UTF-8 for NewMessage.text. parleyd checks the
 * length and content. A JavaScript string with an unpaired surrogate has no
 * UTF-8 encoding, and Buffer.from would replace it, so it is rejected here.
 */
function toNewMessage(input: AddDiscussionMessageInput, argument: string): pb.NewMessage {
  if (!input.message.isWellFormed()) {
    throw badUserInput(`${argument}.message contains an unpaired UTF-16 surrogate: send valid Unicode text`);
  }
  return {
    text: Buffer.from(input.message, 'utf8'),
    attachmentToken: input.attachmentToken ?? '',
  };
}
