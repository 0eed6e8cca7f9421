// graphql-js rejects an unknown enum value with a message that suggests only
// names close to the one sent, so a client that sent WEBSITE for
// WEBSITE_ISSUES learns nothing. withEnumValues appends every valid value.

import { GraphQLError, isEnumType, type GraphQLSchema } from 'graphql';

// Matches graphql-js 16's messages for an enum value that does not exist and
// for a value of another kind where an enum is expected.
const kEnumProblem = /does not exist in "(\w+)" enum\.|Enum "(\w+)" cannot represent/;

/** Returns `error` with the valid values of the enum it is about appended, or `error` itself. */
export function withEnumValues(error: GraphQLError, schema: GraphQLSchema): GraphQLError {
  const match = kEnumProblem.exec(error.message);
  const name = match?.[1] ?? match?.[2];
  if (name === undefined) return error;
  const type = schema.getType(name);
  if (!isEnumType(type)) return error;

  const values = type.getValues().map((value) => value.name).join(', ');
  return new GraphQLError(`${error.message} Use one of: ${values}.`, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
