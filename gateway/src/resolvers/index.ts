// Every resolver of schema.graphql, by type name.

import { Discussion, Order, OrderProduct } from './discussion.js';
import { Mutation } from './mutation.js';
import { Customer, Query } from './query.js';
import type { ResolverMap } from './types.js';

export const kResolvers: ResolverMap = {
  Query,
  Mutation,
  Customer,
  Discussion,
  Order,
  OrderProduct,
};
