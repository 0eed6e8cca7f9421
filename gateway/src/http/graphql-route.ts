// GraphQL over HTTP: `POST /graphql` with a JSON body, and `GET /graphql`
// with the parameters in the query string, for queries only.
//
// Status codes: 200 when execution ran, with any field errors in `errors`.
// 400 for a request that cannot run: bad JSON, parse, validation or cost
// errors, invalid variables or headers. 405 for a mutation over GET, and 415
// for a body that is not JSON.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { authenticate, kExpiredTokenReason, kNoTokenReason } from '../auth.js';
import type { Catalog } from '../catalog.js';
import type { RequestContext } from '../context.js';
import { checkCost, checkDocumentSize, type CostLimits } from '../cost.js';
import { withEnumValues } from '../enum-values.js';
import { ErrorCode, GatewayError, badUserInput, kInternalErrorMessage } from '../errors.js';
import type { ParleyClient } from '../grpc-client.js';
import { countIdempotencyKeyHeaders, kIdempotencyKeyHeader, parseIdempotencyKey } from '../idempotency.js';
import type { UploaderConfigIssuer } from '../uploader-config.js';
import {
  flagsFor,
  formatDocumentError,
  formatGatewayError,
  sendRequestErrors,
  toResponseBody,
} from './graphql-response.js';
import { bodyTooLargeMessage, parseJsonAsStrictUtf8 } from './json-body.js';
import { rejectOtherMethods } from './method-not-allowed.js';
import { paramsFromBody, paramsFromQueryString, type GraphqlParams } from './params.js';

export interface GraphqlRouteOptions {
  schema: GraphQLSchema;
  parley: ParleyClient;
  catalog: Catalog;
  uploaderConfig: UploaderConfigIssuer;
  tokenSecret: Uint8Array;
  costLimits: CostLimits;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Customer id from a valid token, or null. Set by the onRequest hook of the /graphql routes. */
    customerId: string | null;
    /** True when the request's token is valid except that it has expired. Set with customerId. */
    tokenExpired: boolean;
  }
}

/** Registers the /graphql routes, with their authentication hook and error handler, on `app`. */
export async function graphqlRoutes(app: FastifyInstance, options: GraphqlRouteOptions): Promise<void> {
  app.decorateRequest('customerId', null);
  app.decorateRequest('tokenExpired', false);

  // POST bodies are JSON only. Without fastify's default text/plain parser,
  // a text body fails with 415 instead of reaching the route as a string.
  app.removeContentTypeParser('text/plain');
  parseJsonAsStrictUtf8(app);

  // Authenticate before the body is parsed, so that every response, even to
  // a malformed body, carries the right flags.
  app.addHook('onRequest', async (request) => {
    const authentication = await authenticate(
      { authorization: request.headers.authorization, cookies: request.cookies },
      options.tokenSecret,
    );
    request.customerId = authentication.customerId;
    request.tokenExpired = authentication.customerId === null && authentication.reason === kExpiredTokenReason;
    if (authentication.customerId === null && authentication.reason !== kNoTokenReason) {
      request.log.info({ reason: authentication.reason }, 'request token rejected, so the request runs unauthenticated');
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    const flags = flagsFor(request.customerId);
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'GraphQL request failed');
      const internal = { message: kInternalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
      return sendRequestErrors(reply, 500, [internal], flags);
    }

    request.log.info({ statusCode, reason: error.message }, 'GraphQL request rejected before parsing');
    let message = error.message;
    if (statusCode === 415) message = `${error.message}: send the body as JSON with "Content-Type: application/json"`;
    if (statusCode === 413) message = bodyTooLargeMessage(request.routeOptions.bodyLimit);
    return sendRequestErrors(reply, statusCode, [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }], flags);
  });

  const handler = (readParams: (request: FastifyRequest) => GraphqlParams) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await runGraphql(request, reply, readParams(request), options);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        request.log.info({ code: error.extensions.code, reason: error.message }, 'GraphQL request rejected');
        return sendRequestErrors(reply, 400, [formatGatewayError(error)], flagsFor(request.customerId));
      }
    };

  app.get('/graphql', handler((request) => paramsFromQueryString(request.query)));
  app.post('/graphql', handler((request) => paramsFromBody(request.body, request.query)));
  rejectOtherMethods(app, '/graphql', ['GET', 'POST'], 'send GraphQL requests with POST, or with GET for queries', (request, reply, message) =>
    sendRequestErrors(reply, 405, [{ message, extensions: { code: ErrorCode.METHOD_NOT_ALLOWED } }], flagsFor(request.customerId)),
  );
}

/** Parses, validates and executes one GraphQL request. Throws GatewayError for a request that cannot run. */
async function runGraphql(
  request: FastifyRequest,
  reply: FastifyReply,
  params: GraphqlParams,
  options: GraphqlRouteOptions,
): Promise<FastifyReply> {
  const flags = flagsFor(request.customerId);

  const sizeError = checkDocumentSize(params.query);
  if (sizeError !== undefined) {
    return sendRequestErrors(reply, 400, [formatDocumentError(sizeError, ErrorCode.QUERY_TOO_COMPLEX)], flags);
  }

  let document: DocumentNode;
  try {
    document = parse(params.query);
  } catch (error) {
    if (error instanceof RangeError) {
      // The stack overflowed in spite of checkDocumentSize's limits.
      request.log.warn({ err: error }, 'GraphQL document overflowed the stack in parse()');
      const message = 'Query is too complex: the document is nested too deeply to parse, so nest fewer levels';
      return sendRequestErrors(reply, 400, [{ message, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } }], flags);
    }
    if (!(error instanceof GraphQLError)) throw error;
    return sendRequestErrors(reply, 400, [formatDocumentError(error, ErrorCode.GRAPHQL_PARSE_FAILED)], flags);
  }

  const documentErrors = validateDocument(options, document);
  if (documentErrors.length > 0) return sendRequestErrors(reply, 400, documentErrors, flags);

  const operation = selectOperation(document, params.operationName);
  if (operation.operation === 'mutation' && request.method === 'GET') {
    reply.header('allow', 'POST');
    const message = 'GET /graphql runs queries only: send mutations with POST';
    return sendRequestErrors(reply, 405, [{ message, extensions: { code: ErrorCode.METHOD_NOT_ALLOWED } }], flags);
  }

  const requestId = operation.operation === 'mutation' ? requestIdOf(request, document, operation) : '';
  const context: RequestContext = {
    customerId: request.customerId,
    tokenExpired: request.tokenExpired,
    requestId,
    rpc: options.parley.forRequest(request.log),
    catalog: options.catalog,
    uploaderConfig: options.uploaderConfig,
    log: request.log,
  };

  const executed = await execute({
    schema: options.schema,
    document,
    variableValues: params.variables,
    operationName: params.operationName,
    contextValue: context,
  });

  const result =
    executed.errors === undefined
      ? executed
      : { ...executed, errors: executed.errors.map((error) => withEnumValues(error, options.schema)) };
  // Without data, execution did not start: the variables were invalid.
  const statusCode = result.data === undefined ? 400 : 200;
  return reply.code(statusCode).header('cache-control', 'no-store').send(toResponseBody(result, flags, request.log));
}

function validateDocument(options: GraphqlRouteOptions, document: DocumentNode): GraphQLFormattedError[] {
  const validationErrors = validate(options.schema, document);
  if (validationErrors.length > 0) {
    return validationErrors.map((error) =>
      formatDocumentError(withEnumValues(error, options.schema), ErrorCode.GRAPHQL_VALIDATION_FAILED),
    );
  }
  return checkCost(document, options.costLimits).map((error) => formatDocumentError(error, ErrorCode.QUERY_TOO_COMPLEX));
}

function selectOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode {
  const operation = getOperationAST(document, operationName);
  if (operation !== null && operation !== undefined) return operation;

  if (operationName !== undefined) {
    throw new GatewayError(
      ErrorCode.BAD_REQUEST,
      `the document has no operation named ${JSON.stringify(operationName)}: ${describeOperations(document)}`,
    );
  }
  throw new GatewayError(ErrorCode.BAD_REQUEST, 'the document has several operations: set "operationName" to the one to run');
}

/** Lists the operations of `document` for an error about operationName. */
function describeOperations(document: DocumentNode): string {
  const names: string[] = [];
  let anonymous = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.name === undefined) anonymous += 1;
    else names.push(JSON.stringify(definition.name.value));
  }
  if (names.length > 0) return `set "operationName" to one of ${names.join(', ')}`;
  if (anonymous > 0) return 'its only operation is anonymous, so omit "operationName"';
  return 'it has no operations';
}

/**
 * Returns the request_id for the mutation. One key identifies one change, so
 * a key on a document with several mutation fields is rejected.
 */
function requestIdOf(request: FastifyRequest, document: DocumentNode, operation: OperationDefinitionNode): string {
  const requestId = parseIdempotencyKey(
    request.headers[kIdempotencyKeyHeader],
    countIdempotencyKeyHeaders(request.raw.rawHeaders),
  );
  if (requestId !== '' && countFields(document, operation.selectionSet) > 1) {
    throw badUserInput('Idempotency-Key applies to one mutation: send one mutation field per request when you set it');
  }
  return requestId;
}

/** Counts the fields of a selection set, with fragments expanded and each named fragment counted once. */
function countFields(document: DocumentNode, selectionSet: SelectionSetNode, visited: Set<string> = new Set()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countFields(document, selection.selectionSet, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count += countFields(document, fragment.selectionSet, visited);
    }
  }
  return count;
}
