// Reading the GraphQL request parameters {query, variables, operationName}
// from a GET query string or a POST JSON body.

import { ErrorCode, GatewayError } from '../errors.js';

export interface GraphqlParams {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** Parameters of `GET /graphql?query=…&variables=<JSON>&operationName=…`. Throws a BAD_REQUEST GatewayError. */
export function paramsFromQueryString(queryString: unknown): GraphqlParams {
  const search = isObject(queryString) ? queryString : {};
  const variables = optionalString(search.variables, 'variables');
  return {
    query: requiredQuery(search.query),
    variables: variables === undefined || variables === '' ? undefined : parseVariablesJson(variables),
    operationName: optionalString(search.operationName, 'operationName'),
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
      optionalString(body.operationName, 'operationName') ?? optionalString(search.operationName, 'operationName'),
  };
}

function requiredQuery(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest('"query" is missing: send the GraphQL document as a string in "query"');
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${name}" must be a string`);
  return value;
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
  if (!isObject(value)) throw badRequest('"variables" must be a JSON object that maps variable names to values');
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_REQUEST, message);
}
