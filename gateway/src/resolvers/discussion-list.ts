// ListDiscussions for Customer.discussions and Order.discussions.

import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import { unauthenticated } from '../errors.js';
import { findMessagePageArgs } from '../lookahead.js';
import { toDiscussionsModel, type DiscussionsModel, type PageArgs } from '../models.js';
import type * as pb from '../proto-types.js';

/**
 * Lists the customer's discussions that match `filter` with one gRPC call.
 * When the query selects the discussions' messages, the call embeds the page
 * of messages that the first such selection requests. offset and limit pass
 * through unchanged, and parleyd rejects values out of range.
 */
export async function listDiscussions(
  context: RequestContext,
  info: GraphQLResolveInfo,
  filter: pb.DiscussionFilter,
  page: PageArgs,
): Promise<DiscussionsModel> {
  if (context.customerId === null) throw unauthenticated(context.tokenExpired);

  const messageArgs = findMessagePageArgs(info);
  const response = await context.rpc.listDiscussions({
    customerId: context.customerId,
    filter,
    offset: page.offset,
    limit: page.limit,
    includeMessages: messageArgs !== null,
    messageOffset: messageArgs?.offset ?? 0,
    messageLimit: messageArgs?.limit ?? 0,
  });
  return toDiscussionsModel(response.page, messageArgs);
}

/** Filter that matches every discussion. */
export function emptyFilter(): pb.DiscussionFilter {
  return { discussionId: '0', orderNumber: '', status: 'STATUS_UNSPECIFIED' };
}
