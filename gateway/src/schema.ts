// Loads schema.graphql and attaches the resolvers and scalar implementations.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType, isScalarType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { kGatewayRoot } from './config.js';
import { kResolvers } from './resolvers/index.js';
import type { ResolverMap } from './resolvers/types.js';
import { kScalars, type ScalarImplementation } from './scalars.js';

/** Path of the schema file shipped with the gateway. */
export const kSchemaPath = path.join(kGatewayRoot, 'schema.graphql');

/**
 * Builds the executable schema from the SDL file at `file`. Throws when the
 * file cannot be read or parsed, when a resolver names a type or field the
 * schema lacks, or when a custom scalar has no implementation.
 */
export function loadSchema(
  file: string = kSchemaPath,
  resolvers: ResolverMap = kResolvers,
  scalars: Readonly<Record<string, ScalarImplementation>> = kScalars,
): GraphQLSchema {
  const schema = buildSchema(readFileSync(file, 'utf8'));
  attachResolvers(schema, resolvers, file);
  attachScalars(schema, scalars, file);
  return schema;
}

function attachResolvers(schema: GraphQLSchema, resolvers: ResolverMap, file: string): void {
  for (const [typeName, fieldResolvers] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) {
      throw new Error(`${file} has no object type ${typeName}, which has resolvers`);
    }

    const fields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fieldResolvers)) {
      const field = fields[fieldName];
      if (field === undefined) {
        throw new Error(`${file} has no field ${typeName}.${fieldName}, which has a resolver`);
      }
      field.resolve = resolve;
    }
  }
}

function attachScalars(schema: GraphQLSchema, scalars: Readonly<Record<string, ScalarImplementation>>, file: string): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type) || isSpecifiedScalarType(type)) continue;

    const implementation = scalars[type.name];
    if (implementation === undefined) {
      throw new Error(`${file} declares scalar ${type.name}, which has no implementation in scalars.ts`);
    }
    type.serialize = implementation.serialize;
    type.parseValue = implementation.parseValue;
    type.parseLiteral = implementation.parseLiteral;
  }
}
