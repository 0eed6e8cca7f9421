// Resolvers of Query and Customer.

import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import { parseId } from '../ids.js';
import { toProtoStatus } from '../models.js';
import { parseOrderNumber } from '../order-numbers.js';
import type { TypeResolvers } from './types.js';
import { emptyFilter, listDiscussions } from './discussion-list.js';

/** Source of Customer: the authenticated customer. */
interface CustomerModel {
  customerId: string;
}

interface DiscussionsFilterInput {
  id?: string | null;
  orderNumber?: string | null;
  status?: string | null;
}

interface CustomerDiscussionsArgs {
  filter?: DiscussionsFilterInput | null;
  offset: number;
  limit: number;
}

export const Query: TypeResolvers = {
  customer(_source: unknown, _args: unknown, context: RequestContext): CustomerModel | null {
    return context.customerId === null ? null : { customerId: context.customerId };
  },

  attachmentUploaderConfig(_source: unknown, _args: unknown, context: RequestContext) {
    return context.customerId === null ? null : context.uploaderConfig.issue(context.customerId, context.log);
  },
};

export const Customer: TypeResolvers = {
  discussions(_customer: CustomerModel, args: CustomerDiscussionsArgs, context: RequestContext, info: GraphQLResolveInfo) {
    const filter = emptyFilter();
    const input = args.filter ?? {};
    if (input.id != null) {
      filter.discussionId = parseId(input.id, 'filter.id', 'use the id of one of your discussions');
    }
    if (input.orderNumber != null) filter.orderNumber = parseOrderNumber(input.orderNumber, 'filter.orderNumber');
    if (input.status != null) filter.status = toProtoStatus(input.status);

    return listDiscussions(context, info, filter, { offset: args.offset, limit: args.limit });
  },
};
