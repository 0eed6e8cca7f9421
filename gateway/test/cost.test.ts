// Depth and field-count limits of GraphQL operations.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kind, getIntrospectionQuery, parse } from 'graphql';
import { checkCost } from '../dist/cost.js';
import { kGetMessagesQuery } from './harness.js';

const kLimits = { maxDepth: 10, maxFields: 200, maxIntrospectionDepth: 15, maxIntrospectionFields: 500 };

/** Returns a query whose deepest field, `id`, is at depth `depth + 1`. */
function nestedQuery(depth: number): string {
  let query = 'id';
  for (let level = 0; level < depth; level++) query = `a { ${query} }`;
  return `{ ${query} }`;
}

test('checkCost accepts the documented query', () => {
  assert.deepEqual(checkCost(parse(kGetMessagesQuery), kLimits), []);
});

test('checkCost accepts the maximum depth', () => {
  assert.deepEqual(checkCost(parse(nestedQuery(9)), kLimits), []);
});

test('checkCost rejects one level more', () => {
  const [error] = checkCost(parse(nestedQuery(10)), kLimits);

  assert.equal(error?.extensions.code, 'QUERY_TOO_COMPLEX');
  assert.match(error?.message ?? '', /nests fields more than 10 levels deep/);
});

test('checkCost counts depth through fragments', () => {
  const document = parse(`
    query Deep { a { ...F } }
    fragment F on T { b { c { d { e { f { g { h { i { j { k } } } } } } } } } }`);

  const [error] = checkCost(document, kLimits);

  assert.match(error?.message ?? '', /operation "Deep" nests fields more than 10 levels deep/);
});

test('checkCost counts fields at each fragment use', () => {
  const fields = Array.from({ length: 50 }, (_, index) => `f${index}`).join(' ');
  const ok = parse(`{ a { ...F } b { ...F } c { ...F } } fragment F on T { ${fields} }`);
  const tooMany = parse(`{ a { ...F } b { ...F } c { ...F } d { ...F } } fragment F on T { ${fields} }`);

  assert.deepEqual(checkCost(ok, kLimits), []);
  assert.match(checkCost(tooMany, kLimits)[0]?.message ?? '', /selects more than 200 fields/);
});

test('checkCost stops early on fragment fan-out', () => {
  // A walk in full would expand 2^22 fragment uses.
  let definitions = 'fragment F0 on T { x }';
  for (let level = 1; level <= 22; level++) definitions += ` fragment F${level} on T { ...F${level - 1} ...F${level - 1} }`;
  const document = parse(`{ a { ...F22 } } ${definitions}`);
  let expansions = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const { selectionSet } = definition;
    Object.defineProperty(definition, 'selectionSet', {
      get: () => {
        expansions += 1;
        return selectionSet;
      },
    });
  }

  const errors = checkCost(document, kLimits);

  assert.match(errors[0]?.message ?? '', /selects more than 200 fields/);
  assert.ok(expansions < 1000, `expanded fragments ${expansions} times`);
});

test('checkCost accepts the standard introspection query', () => {
  assert.deepEqual(checkCost(parse(getIntrospectionQuery()), kLimits), []);
});

test('checkCost bounds introspection nesting', () => {
  let typeRef = 'name';
  for (let level = 0; level < 8; level++) typeRef = `fields { type { ${typeRef} } }`;
  const [error] = checkCost(parse(`{ __type(name: "Query") { ${typeRef} } }`), kLimits);

  assert.match(error?.message ?? '', /nests introspection fields more than 15 levels deep/);
});

test('checkCost counts introspection apart', () => {
  const fields = Array.from({ length: 150 }, (_, index) => `f${index}`).join(' ');
  const document = parse(`{ a { ${fields} } __schema { types { name } } __typename }`);

  assert.deepEqual(checkCost(document, kLimits), []);
});
