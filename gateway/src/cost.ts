// Bounds on the size of a GraphQL operation, checked before execution, so
// that one request cannot make the gateway resolve an unbounded tree.

import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from './errors.js';

export interface CostLimits {
  /** Deepest field nesting allowed. A top-level field is at depth 1. Default: 10. */
  maxDepth: number;
  /** Maximum number of fields an operation may select, counting a fragment again at each use. Default: 200. */
  maxFields: number;
  /**
   * Limits of the subtrees under __schema and __type, which count apart from
   * the rest. The query of graphql-js 16's getIntrospectionQuery(), which
   * tools such as GraphiQL send, nests 15 levels and selects 200 to 250
   * fields. Default: depth 15, 500 fields.
   */
  maxIntrospectionDepth: number;
  maxIntrospectionFields: number;
}

export const kDefaultCostLimits: CostLimits = {
  maxDepth: 10,
  maxFields: 200,
  maxIntrospectionDepth: 15,
  maxIntrospectionFields: 500,
};

const kIntrospectionRoots = new Set(['__schema', '__type']);

/**
 * Deepest nesting of `{`, `[` and `(` that a document may have. graphql-js 16
 * parses recursively and overflows the stack at a few thousand levels. The
 * field depth limits and the input types of schema.graphql stay far below 64.
 */
export const kMaxNestingDepth = 64;

/**
 * Maximum number of tokens in a document. The query of graphql-js 16's
 * getIntrospectionQuery() has 163. A document that selects 200 fields with
 * arguments needs an estimated few thousand.
 */
export const kMaxTokens = 10_000;

/**
 * Checks the size of a document's source before it is parsed: at most
 * kMaxNestingDepth nested brackets and kMaxTokens tokens. Returns a
 * QUERY_TOO_COMPLEX error, or undefined when the source is within the limits
 * or has a syntax error, which parse() then reports. The lexer reads the
 * source once without recursion, and skips strings and comments.
 */
export function checkDocumentSize(source: string): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  let tokens = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > kMaxTokens) {
        return tooComplexSource(`the document has more than ${kMaxTokens} tokens: split it into smaller requests`);
      }
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        depth += 1;
        if (depth > kMaxNestingDepth) {
          return tooComplexSource(
            `the document nests {, [ and ( more than ${kMaxNestingDepth} levels deep, at line ${token.line} column ${token.column}: nest fewer levels`,
          );
        }
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        depth -= 1;
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  return undefined;
}

function tooComplexSource(message: string): GraphQLError {
  return new GraphQLError(`Query is too complex: ${message}`, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}

/**
 * Returns one error per operation of `document` that exceeds `limits`, or an
 * empty list. Requires a document that passed validate(), which rejects
 * fragment cycles and unknown fragments. The walk stops at the first limit
 * exceeded, so its cost is bounded by the limits and the document's size.
 */
export function checkCost(document: DocumentNode, limits: CostLimits = kDefaultCostLimits): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const errors: GraphQLError[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;

    const walker = new CostWalker(fragments, limits);
    walker.walk(definition.selectionSet, 1, walker.data);
    const name = definition.name ? `operation "${definition.name.value}"` : 'the anonymous operation';
    const message = describeExcess(walker.data, limits.maxDepth, limits.maxFields, '') ??
      describeExcess(walker.introspection, limits.maxIntrospectionDepth, limits.maxIntrospectionFields, 'introspection ');
    if (message !== undefined) errors.push(tooComplex(`${name} ${message}`, definition));
  }
  return errors;
}

/** Fields counted and deepest level reached in one part of an operation. */
interface Tally {
  fields: number;
  deepest: number;
}

function describeExcess(tally: Tally, maxDepth: number, maxFields: number, kind: string): string | undefined {
  if (tally.deepest > maxDepth) {
    return `nests ${kind}fields more than ${maxDepth} levels deep: select fewer nested levels`;
  }
  if (tally.fields > maxFields) {
    return `selects more than ${maxFields} ${kind}fields, counting each use of a fragment: split it into smaller queries`;
  }
  return undefined;
}

class CostWalker {
  readonly data: Tally = { fields: 0, deepest: 0 };
  readonly introspection: Tally = { fields: 0, deepest: 0 };

  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly limits: CostLimits,
  ) {}

  /** Counts the fields of `selectionSet` at `depth` into `tally`, except __schema and __type subtrees, which go to `introspection`. */
  walk(selectionSet: SelectionSetNode, depth: number, tally: Tally): void {
    for (const selection of selectionSet.selections) {
      if (this.exceeded()) return;

      switch (selection.kind) {
        case Kind.FIELD: {
          const target = kIntrospectionRoots.has(selection.name.value) ? this.introspection : tally;
          target.fields += 1;
          target.deepest = Math.max(target.deepest, depth);
          if (selection.selectionSet) this.walk(selection.selectionSet, depth + 1, target);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          this.walk(selection.selectionSet, depth, tally);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const fragment = this.fragments.get(selection.name.value);
          if (fragment) this.walk(fragment.selectionSet, depth, tally);
          break;
        }
      }
    }
  }

  private exceeded(): boolean {
    const { limits } = this;
    return (
      this.data.deepest > limits.maxDepth ||
      this.data.fields > limits.maxFields ||
      this.introspection.deepest > limits.maxIntrospectionDepth ||
      this.introspection.fields > limits.maxIntrospectionFields
    );
  }
}

function tooComplex(message: string, node: DocumentNode['definitions'][number]): GraphQLError {
  return new GraphQLError(`Query is too complex: ${message}`, {
    nodes: node,
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
  });
}
