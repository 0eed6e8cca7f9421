// Look-ahead into the selection set of a field, so that one gRPC call can
// fetch what nested fields need. Customer.discussions and Order.discussions
// use it to embed each discussion's page of messages in the ListDiscussions
// call, which keeps a query over N discussions at one call instead of N + 1.

import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  isObjectType,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
} from 'graphql';
import type { PageArgs } from './models.js';

/**
 * Returns the arguments of the first `discussions { messages(...) }` selected
 * under the current field, whose type is Discussions, with variables and
 * defaults applied. Returns null when no discussion's messages are selected.
 * Honors @skip, @include, fragment spreads and inline fragments. Other
 * `messages` selections with different arguments, under an alias, are
 * fetched by Discussion.messages itself.
 */
export function findMessagePageArgs(info: GraphQLResolveInfo): PageArgs | null {
  const discussionType = info.schema.getType('Discussion');
  const messagesField = isObjectType(discussionType) ? discussionType.getFields().messages : undefined;
  if (messagesField === undefined) {
    throw new Error('schema has no field Discussion.messages');
  }

  const listNodes = collectFieldNodes(info, subselections(info.fieldNodes), 'discussions');
  const messageNodes = collectFieldNodes(info, subselections(listNodes), 'messages');
  const first = messageNodes[0];
  if (first === undefined) return null;

  const args = getArgumentValues(messagesField, first, info.variableValues);
  return { offset: args.offset as number, limit: args.limit as number };
}

function subselections(nodes: readonly FieldNode[]): SelectionNode[] {
  return nodes.flatMap((node) => node.selectionSet?.selections ?? []);
}

/**
 * Returns the fields named `fieldName` among `selections`, looking into
 * fragments the way graphql-js's collectFields does. The walk visits each
 * named fragment at most once, so the document's size bounds its cost.
 */
function collectFieldNodes(
  info: GraphQLResolveInfo,
  selections: readonly SelectionNode[],
  fieldName: string,
  visitedFragments: Set<string> = new Set(),
  found: FieldNode[] = [],
): FieldNode[] {
  for (const selection of selections) {
    if (!isIncluded(info, selection)) continue;

    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value === fieldName) found.push(selection);
        break;
      case Kind.INLINE_FRAGMENT:
        collectFieldNodes(info, selection.selectionSet.selections, fieldName, visitedFragments, found);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (visitedFragments.has(name) || fragment === undefined) break;
        visitedFragments.add(name);
        collectFieldNodes(info, fragment.selectionSet.selections, fieldName, visitedFragments, found);
        break;
      }
    }
  }
  return found;
}

/** Applies @skip(if:) and @include(if:) as execution does. */
function isIncluded(info: GraphQLResolveInfo, node: SelectionNode): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
  if (skip?.if === true) return false;

  const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
  return include?.if !== false;
}
