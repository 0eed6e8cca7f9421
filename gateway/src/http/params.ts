// Reading the GraphQL request parameters {query, variables, operationName}
// from a GET query string or a POST JSON body.

import { ErrorCode, GatewayError } from '../errors.js';

export interface GraphqlParams {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const kOperationNameFix = 'send the name of the operation to run, or omit "operationName"';
const kVariablesFix = 'send a JSON object, URL-encoded';

/** Parameters of `GET /graphql?query=…&variables=<JSON>&operationName=…`. Throws a BAD_REQUEST GatewayError. */
export function paramsFromQueryString(queryString: unknown): GraphqlParams {
  const search = isObject(queryString) ? queryString : {};
  // fastify parses a parameter that appears more than once as an array.
  for (const name of ['query', 'variables', 'operationName']) {
    if (Array.isArray(search[name])) throw badRequest(`"${name}" appears more than once: send it once`);
  }
  const variables = optionalString(search.variables, 'variables', kVariablesFix);
  return {
    query: requiredQuery(search.query),
    variables: variables === undefined || variables === '' ? undefined : parseVariablesJson(variables),
    operationName: optionalString(search.operationName, 'operationName', kOperationNameFix),
  };
}

/**
 * Parameters of a POST JSON body. `operationName` may also come from the
 * URL's query string, which clients set for logging. The body's value wins.
 * Throws a BAD_REQUEST GatewayError.
 */
export function paramsFromBody(body: unknown, queryString: unknown): GraphqlParams {
  if (!isObject(body)) {
    throw badRequest('request body must be a JSON object with "query" and optional "variables" and "operationName"');
  }
  const search = isObject(queryString) ? queryString : {};
  return {
    query: requiredQuery(body.query),
    variables: variablesObject(body.variables),
    operationName:
      optionalString(body.operationName, 'operationName', kOperationNameFix) ??
      optionalString(search.operationName, 'operationName', kOperationNameFix),
  };
}

function requiredQuery(value: unknown): string {
  if (value === undefined || value === null) {
    throw badRequest('"query" is missing: send the GraphQL document as a string in "query"');
  }
  if (typeof value !== 'string') {
    throw badRequest(`"query" must be a string, not ${describeJsonType(value)}: send the GraphQL document as a string in "query"`);
  }
  if (value.trim() === '') {
    throw badRequest('"query" is empty: send the GraphQL document as a string in "query"');
  }
  return value;
}

function optionalString(value: unknown, name: string, fix: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${name}" must be a string, not ${describeJsonType(value)}: ${fix}`);
  return value;
}

/** Names the JSON type of a parsed value for a message: "a number", "an object", and so on. */
function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function parseVariablesJson(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('"variables" is not valid JSON: send a JSON object, URL-encoded');
  }
  return variablesObject(value);
}

function variablesObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    throw badRequest(`"variables" must be a JSON object, not ${describeJsonType(value)}: map each variable name to its value`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_REQUEST, message);
}
