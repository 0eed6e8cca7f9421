// Resolvers of Discussion and of the order and products it is about.

import type { GraphQLResolveInfo } from 'graphql';
import type { ProductVariant } from '../catalog.js';
import type { RequestContext } from '../context.js';
import { unauthenticated } from '../errors.js';
import {
  toMessagePageModel,
  type DiscussionModel,
  type MessagePageModel,
  type OrderModel,
  type OrderProductModel,
  type PageArgs,
} from '../models.js';
import type { TypeResolvers } from './types.js';
import { emptyFilter, listDiscussions } from './discussion-list.js';

export const Discussion: TypeResolvers = {
  /**
   * Returns the page that ListDiscussions embedded when it was fetched with
   * the same offset and limit, and otherwise calls ListMessages.
   */
  async messages(discussion: DiscussionModel, args: PageArgs, context: RequestContext): Promise<MessagePageModel> {
    const embedded = discussion.embeddedMessages;
    if (embedded !== null && embedded.args.offset === args.offset && embedded.args.limit === args.limit) {
      return embedded.page;
    }
    if (context.customerId === null) throw unauthenticated(context.tokenExpired);

    const response = await context.rpc.listMessages({
      customerId: context.customerId,
      discussionId: discussion.id,
      offset: args.offset,
      limit: args.limit,
    });
    return toMessagePageModel(response.page);
  },
};

export const Order: TypeResolvers = {
  discussions(order: OrderModel, args: PageArgs, context: RequestContext, info: GraphQLResolveInfo) {
    const filter = { ...emptyFilter(), orderNumber: order.orderNumber };
    return listDiscussions(context, info, filter, { offset: args.offset, limit: args.limit });
  },
};

export const OrderProduct: TypeResolvers = {
  productVariant(product: OrderProductModel, _args: unknown, context: RequestContext): ProductVariant | null {
    return context.catalog.lookup(product.sku) ?? null;
  },
};
