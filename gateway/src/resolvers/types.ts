// Shape of the resolver tables that schema.ts attaches to schema.graphql.

import type { GraphQLFieldResolver } from 'graphql';
import type { RequestContext } from '../context.js';

/** Resolvers of one object type, by field name. */
export type TypeResolvers = Record<string, GraphQLFieldResolver<any, RequestContext, any>>;

/** Resolvers by object type name. Fields not listed use graphql-js's default resolver. */
export type ResolverMap = Record<string, TypeResolvers>;
