// GraphQL over HTTP through the real gateway: GET and POST, request errors,
// flags, authentication carriers, cost limits and gRPC error mapping.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { getIntrospectionQuery } from 'graphql';
import { GatewayHarness } from './harness.js';

let harness: GatewayHarness;
let token: string;

beforeEach(async () => {
  harness = await new GatewayHarness().start();
  token = await harness.token('cust-42');
});

afterEach(async () => {
  await harness.stop();
});

const kTotalQuery = 'query Total { customer { discussions { total } } }';

describe('GET /graphql', () => {
  test('runs a query with variables', async () => {
    harness.fake.addDiscussion('cust-42', { status: 'STATUS_PENDING' });
    harness.fake.addDiscussion('cust-42');
    const query = 'query ($status: DiscussionStatus) { customer { discussions(filter: {status: $status}) { total } } }';

    const response = await harness.get(query, { token, variables: { status: 'PENDING' } });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.body, {
      data: { customer: { discussions: { total: 1 } } },
      extensions: { flags: ['LOGGED_IN'] },
    });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  test('rejects a mutation with 405', async () => {
    const response = await harness.get('mutation { markDiscussionMessagesAsRead(input: {discussionId: "1", upToMessageId: "2"}) }', {
      token,
    });

    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'POST');
    assert.equal(response.body.errors[0].extensions.code, 'METHOD_NOT_ALLOWED');
    assert.deepEqual(response.body.extensions, { flags: ['LOGGED_IN'] });
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects variables that are not JSON', async () => {
    const response = await harness.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(kTotalQuery)}&variables=%7Bx` });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(response.json().errors[0].message, /"variables" is not valid JSON/);
  });

  test('rejects a missing query', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/graphql' });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().extensions, { flags: [] });
    assert.match(response.json().errors[0].message, /"query" is missing/);
  });

  test('rejects a repeated parameter', async () => {
    const query = encodeURIComponent(kTotalQuery);

    const response = await harness.app.inject({ method: 'GET', url: `/graphql?query=${query}&query=${query}` });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().errors, [{ message: '"query" appears more than once: send it once', extensions: { code: 'BAD_REQUEST' } }]);
  });
});

describe('POST /graphql', () => {
  test('takes operationName from the URL', async () => {
    const document = `${kTotalQuery} query Config { attachmentUploaderConfig { uploadUrl } }`;

    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql?operationName=Config',
      headers: { 'content-type': 'application/json', authorization: `Opaque ${token}` },
      payload: { query: document },
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(Object.keys(response.json().data), ['attachmentUploaderConfig']);
  });

  test('prefers the body operationName', async () => {
    const document = `${kTotalQuery} query Config { attachmentUploaderConfig { uploadUrl } }`;

    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql?operationName=Config',
      headers: { 'content-type': 'application/json', authorization: `Opaque ${token}` },
      payload: { query: document, operationName: 'Total' },
    });

    assert.deepEqual(Object.keys(response.json().data), ['customer']);
  });

  test('requires operationName for several operations', async () => {
    const response = await harness.post(`${kTotalQuery} query Other { customer { discussions { hasMore } } }`, { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(response.body.errors[0].message, /set "operationName"/);
  });

  test('rejects an unknown operationName', async () => {
    const response = await harness.post(kTotalQuery, { token, operationName: 'Nope' });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].message, 'the document has no operation named "Nope": set "operationName" to one of "Total"');

    const anonymous = await harness.post('{ customer { discussions { total } } }', { token, operationName: 'Nope' });
    assert.equal(anonymous.body.errors[0].message, 'the document has no operation named "Nope": its only operation is anonymous, so omit "operationName"');

    const named = await harness.post(`${kTotalQuery} query Other { customer { discussions { hasMore } } }`, { token, operationName: 'Nope' });
    assert.equal(named.body.errors[0].message, 'the document has no operation named "Nope": set "operationName" to one of "Total", "Other"');
  });

  test('rejects a body that is not JSON', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Opaque ${token}` },
      payload: '{"query": ',
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errors[0].extensions.code, 'BAD_REQUEST');
    assert.deepEqual(response.json().extensions, { flags: ['LOGGED_IN'] });
  });

  test('rejects a body that is not UTF-8', async () => {
    const prefix = Buffer.from('{"query": "{ customer { discussions(filter: {orderNumber: \\"A');
    const payload = Buffer.concat([prefix, Buffer.from([0xff]), Buffer.from('\\"}) { total } } }"}')]);

    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Opaque ${token}` },
      payload,
    });

    assert.equal(response.statusCode, 400);
    const [error] = response.json().errors;
    assert.equal(error.extensions.code, 'BAD_REQUEST');
    assert.equal(
      error.message,
      `request body is not valid UTF-8 at byte offset ${prefix.length} (byte 0xff): send the JSON body encoded as UTF-8`,
    );
    assert.deepEqual(response.json().extensions, { flags: ['LOGGED_IN'] });
    assert.equal(harness.fake.calls.length, 0);
  });

  test('accepts a UTF-8 body with a charset', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Opaque ${token}` },
      payload: Buffer.from(JSON.stringify({ query: 'mutation { createDiscussion(input: {category: FEEDBACK, message: {message: "é€😀"}}) }' })),
    });

    assert.equal(response.statusCode, 200);
    const request = harness.fake.callsOf('CreateDiscussion')[0]?.request;
    assert.equal(Buffer.from(request.message.text).toString('utf8'), 'é€😀');
  });

  test('rejects a body over the limit with the limit', async () => {
    const payload = JSON.stringify({ query: kTotalQuery, variables: { padding: 'x'.repeat(1024 * 1024) } });

    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Opaque ${token}` },
      payload,
    });

    assert.equal(response.statusCode, 413);
    assert.deepEqual(response.json(), {
      errors: [
        {
          message:
            'Request body is too large: the limit is 1 MiB (1,048,576 bytes). Send a shorter query or smaller variables, or split the work into several requests',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
      extensions: { flags: ['LOGGED_IN'] },
    });
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects parameters of the wrong type', async () => {
    const kCases: Array<{ body: Record<string, unknown>; message: string }> = [
      { body: { query: 123 }, message: '"query" must be a string, not a number: send the GraphQL document as a string in "query"' },
      { body: { query: { text: kTotalQuery } }, message: '"query" must be a string, not an object: send the GraphQL document as a string in "query"' },
      { body: { query: [kTotalQuery] }, message: '"query" must be a string, not an array: send the GraphQL document as a string in "query"' },
      { body: {}, message: '"query" is missing: send the GraphQL document as a string in "query"' },
      { body: { query: null }, message: '"query" is missing: send the GraphQL document as a string in "query"' },
      { body: { query: '  ' }, message: '"query" is empty: send the GraphQL document as a string in "query"' },
      {
        body: { query: kTotalQuery, operationName: 7 },
        message: '"operationName" must be a string, not a number: send the name of the operation to run, or omit "operationName"',
      },
      { body: { query: kTotalQuery, variables: 'x=1' }, message: '"variables" must be a JSON object, not a string: map each variable name to its value' },
      { body: { query: kTotalQuery, variables: [1] }, message: '"variables" must be a JSON object, not an array: map each variable name to its value' },
    ];
    for (const { body, message } of kCases) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.deepEqual(response.json().errors, [{ message, extensions: { code: 'BAD_REQUEST' } }], JSON.stringify(body));
    }
  });

  test('rejects a variable of the wrong type as BAD_USER_INPUT', async () => {
    const query = 'query ($limit: Int!) { customer { discussions(limit: $limit) { total } } }';

    const response = await harness.post(query, { token, variables: { limit: 'ten' } });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.data, undefined);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /^Variable "\$limit" got invalid value "ten"/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects a body with __proto__', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: `{"query": ${JSON.stringify(kTotalQuery)}, "__proto__": {"x": 1}}`,
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errors[0].extensions.code, 'BAD_REQUEST');
  });

  test('rejects a body that is not an object', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: '["{ customer { discussions { total } } }"]',
    });

    assert.equal(response.statusCode, 400);
    assert.match(response.json().errors[0].message, /must be a JSON object/);
  });

  test('rejects variables that are not an object', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: { query: kTotalQuery, variables: [1] },
    });

    assert.equal(response.statusCode, 400);
    assert.match(response.json().errors[0].message, /"variables" must be a JSON object/);
  });

  test('rejects a body that is not JSON by content type', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'text/plain' },
      payload: kTotalQuery,
    });

    assert.equal(response.statusCode, 415);
    assert.equal(response.json().errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(response.json().errors[0].message, /^Unsupported Media Type.*send the body as JSON with "Content-Type: application\/json"$/);
    assert.deepEqual(response.json().extensions, { flags: [] });
  });

  test('reports a syntax error', async () => {
    const response = await harness.post('{ customer { ', { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'GRAPHQL_PARSE_FAILED');
    assert.ok(response.body.errors[0].locations);
  });

  test('reports a validation error', async () => {
    const response = await harness.post('{ customer { nickname } }', { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(response.body.errors[0].message, /nickname/);
  });

  test('rejects a query nested too deep', async () => {
    const nested = 'selection { selectedOrder { discussions { discussions { '.repeat(3);
    const query = `{ customer { discussions { discussions { ${nested} id ${'} } } } '.repeat(3)} } } } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects deeply nested selections', async () => {
    const query = `{${'customer {'.repeat(3000)}${'}'.repeat(3001)}`;

    const response = await harness.post(query, { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.match(response.body.errors[0].message, /nests \{, \[ and \( more than 64 levels deep/);
    assert.deepEqual(response.body.extensions, { flags: ['LOGGED_IN'] });
  });

  test('rejects a deeply nested list literal', async () => {
    const query = `{ customer { discussions(filter: {id: ${'['.repeat(5000)}${']'.repeat(5000)}}) { total } } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.equal(harness.fake.calls.length, 0);
  });

  test('ignores brackets inside strings and comments', async () => {
    const brackets = '{['.repeat(100);
    const query = `# ${brackets}\nmutation { createDiscussion(input: {category: FEEDBACK, message: {message: "${brackets}"}}) }`;

    const response = await harness.post(query, { token });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.errors, undefined);
  });

  test('rejects a document with too many tokens', async () => {
    const query = `{ customer { discussions { ${'total '.repeat(10_001)} } } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.match(response.body.errors[0].message, /more than 10000 tokens/);
  });

  test('runs the standard introspection query', async () => {
    const response = await harness.post(getIntrospectionQuery());

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.errors, undefined);
    assert.equal(response.body.data.__schema.queryType.name, 'Query');
  });

  test('serves a real HTTP connection on 127.0.0.1', async () => {
    const address = await harness.app.listen({ host: '127.0.0.1', port: 0 });

    const response = await fetch(`${address}/graphql?operationName=Total`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: kTotalQuery }),
    });

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      data: { customer: { discussions: { total: 0 } } },
      extensions: { flags: ['LOGGED_IN'] },
    });
  });
});

describe('authentication', () => {
  test('accepts the session cookie', async () => {
    const response = await harness.post(kTotalQuery, { headers: { cookie: `theme=dark; parley_session=${token}` } });

    assert.deepEqual(response.body.extensions.flags, ['LOGGED_IN']);
    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.customerId, 'cust-42');
  });

  test('accepts the Bearer scheme', async () => {
    const response = await harness.post(kTotalQuery, { headers: { authorization: `Bearer ${token}` } });

    assert.deepEqual(response.body.extensions.flags, ['LOGGED_IN']);
  });

  test('names an expired token in UNAUTHENTICATED', async () => {
    const expired = await harness.token('cust-42', -120);
    const mutation = 'mutation { createDiscussion(input: {category: FEEDBACK, message: {message: "hi"}}) }';

    const response = await harness.post(mutation, { token: expired });
    const garbage = await harness.post(mutation, { headers: { authorization: 'Opaque not-a-jwt' } });
    const forged = await harness.post(mutation, { token: `${expired.slice(0, -2)}xx` });

    assert.deepEqual(response.body.errors[0].extensions, { code: 'UNAUTHENTICATED' });
    assert.equal(
      response.body.errors[0].message,
      'Authentication required: the customer token has expired. Log in again to get a new token, and send it as "Authorization: Opaque <token>" or in the parley_session cookie',
    );
    assert.deepEqual(response.body.extensions, { flags: [] });
    const kInvalidMessage = 'Authentication required: send a valid customer token as "Authorization: Opaque <token>" or in the parley_session cookie';
    assert.equal(garbage.body.errors[0].message, kInvalidMessage);
    assert.equal(forged.body.errors[0].message, kInvalidMessage);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('treats a bad token as no token', async () => {
    for (const authorization of [`Opaque ${token}x`, 'Opaque not-a-jwt', `Basic ${token}`]) {
      const response = await harness.post(kTotalQuery, { headers: { authorization } });

      assert.equal(response.statusCode, 200, authorization);
      assert.deepEqual(response.body, { data: { customer: null }, extensions: { flags: [] } }, authorization);
    }
  });

  test('never logs the token', async () => {
    await harness.post(`${kTotalQuery}`, { token: `${token}x` });
    await harness.post(kTotalQuery, { headers: { cookie: `parley_session=${token}` } });

    const signature = token.split('.')[2] ?? '';
    assert.ok(signature.length > 20);
    assert.ok(harness.logLines.length > 0);
    for (const line of harness.logLines) assert.ok(!line.includes(signature), line);
  });
});

describe('gRPC error mapping', () => {
  const kCases: Array<{ status: grpc.status; code: string; exposed: boolean }> = [
    { status: grpc.status.INVALID_ARGUMENT, code: 'BAD_USER_INPUT', exposed: true },
    { status: grpc.status.NOT_FOUND, code: 'NOT_FOUND', exposed: true },
    { status: grpc.status.FAILED_PRECONDITION, code: 'FAILED_PRECONDITION', exposed: true },
    { status: grpc.status.ABORTED, code: 'CONFLICT', exposed: true },
    { status: grpc.status.ALREADY_EXISTS, code: 'CONFLICT', exposed: true },
    { status: grpc.status.UNAUTHENTICATED, code: 'UNAUTHENTICATED', exposed: true },
    { status: grpc.status.PERMISSION_DENIED, code: 'FORBIDDEN', exposed: true },
    { status: grpc.status.RESOURCE_EXHAUSTED, code: 'RATE_LIMITED', exposed: true },
    { status: grpc.status.UNAVAILABLE, code: 'SERVICE_UNAVAILABLE', exposed: false },
    { status: grpc.status.DEADLINE_EXCEEDED, code: 'SERVICE_UNAVAILABLE', exposed: false },
    { status: grpc.status.INTERNAL, code: 'INTERNAL_SERVER_ERROR', exposed: false },
    { status: grpc.status.UNKNOWN, code: 'INTERNAL_SERVER_ERROR', exposed: false },
    { status: grpc.status.DATA_LOSS, code: 'INTERNAL_SERVER_ERROR', exposed: false },
  ];

  for (const { status, code, exposed } of kCases) {
    test(`maps ${grpc.status[status]} to ${code}`, async () => {
      const details = `detail of ${grpc.status[status]} at /var/lib/parley 10.0.0.7:50051`;
      harness.fake.failNext('ListDiscussions', status, details);

      const response = await harness.post(kTotalQuery, { token });

      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.body.data, { customer: { discussions: null } });
      const [error] = response.body.errors;
      assert.equal(error.extensions.code, code);
      assert.deepEqual(Object.keys(error.extensions), ['code']);
      if (exposed) {
        assert.equal(error.message, details);
      } else {
        assert.ok(!error.message.includes('10.0.0.7'), error.message);
        assert.ok(!error.message.includes('/var/lib'), error.message);
      }
      const logged = harness.logLines.find((line) => line.includes('"rpc":"ListDiscussions"'));
      assert.ok(logged, 'the mapped error is logged');
      assert.match(logged, new RegExp(`"grpcCode":"${grpc.status[status]}"`));
    });
  }

  test('maps a deadline to SERVICE_UNAVAILABLE', async () => {
    await harness.stop();
    harness = await new GatewayHarness().start({ deadlineMs: 200 });
    token = await harness.token('cust-42');
    harness.fake.hangNext('ListDiscussions');

    const response = await harness.post(kTotalQuery, { token });

    assert.equal(response.body.errors[0].extensions.code, 'SERVICE_UNAVAILABLE');
    assert.ok(harness.logLines.some((line) => line.includes('"grpcCode":"DEADLINE_EXCEEDED"')));
  });

  test('hides the address of an unreachable parleyd', async () => {
    await harness.stop();
    // Port 9 (discard) on the loopback address has no gRPC server.
    harness = await new GatewayHarness().start({ grpcTarget: '127.0.0.1:9', deadlineMs: 2000 });
    token = await harness.token('cust-42');

    const response = await harness.post(kTotalQuery, { token });

    const [error] = response.body.errors;
    assert.equal(error.extensions.code, 'SERVICE_UNAVAILABLE');
    assert.ok(!error.message.includes('127.0.0.1'), error.message);
    assert.ok(!JSON.stringify(response.body).includes('stack'));
  });
});

describe('unknown routes', () => {
  test('return a JSON error with flags', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/x?secret=abc',
      headers: { authorization: `Opaque ${token}` },
    });

    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), {
      errors: [{ message: 'no route for GET /x; the GraphQL endpoint is /graphql', extensions: { code: 'NOT_FOUND' } }],
      extensions: { flags: ['LOGGED_IN'] },
    });
  });

  test('return empty flags without a token', async () => {
    const response = await harness.app.inject({ method: 'PUT', url: '/graphql/x' });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json().errors[0].message, 'no route for PUT /graphql/x; the GraphQL endpoint is /graphql');
    assert.deepEqual(response.json().extensions, { flags: [] });
  });
});

describe('other methods on /graphql', () => {
  test('are rejected with 405 and Allow', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
      const response = await harness.app.inject({ method, url: '/graphql?query=x', headers: { authorization: `Opaque ${token}` } });

      assert.equal(response.statusCode, 405, method);
      assert.equal(response.headers.allow, 'GET, POST', method);
      assert.deepEqual(
        response.json(),
        {
          errors: [
            {
              message: `${method} /graphql is not allowed: send GraphQL requests with POST, or with GET for queries`,
              extensions: { code: 'METHOD_NOT_ALLOWED' },
            },
          ],
          extensions: { flags: ['LOGGED_IN'] },
        },
        method,
      );
    }
    assert.equal(harness.fake.calls.length, 0);
  });

  test('are rejected before the body is read', async () => {
    const kBodies: Array<[string, string]> = [
      ['application/json', '{"query": '],
      ['text/plain', 'hello'],
      ['application/json', 'x'.repeat(2 * 1024 * 1024)],
    ];
    for (const [contentType, payload] of kBodies) {
      const response = await harness.app.inject({ method: 'PUT', url: '/graphql', headers: { 'content-type': contentType }, payload });

      assert.equal(response.statusCode, 405, contentType);
      assert.equal(response.json().errors[0].extensions.code, 'METHOD_NOT_ALLOWED', contentType);
    }
  });

  test('HEAD is served like GET', async () => {
    const response = await harness.app.inject({ method: 'HEAD', url: `/graphql?query=${encodeURIComponent(kTotalQuery)}` });

    assert.equal(response.statusCode, 200);
  });
});

describe('GET /healthz', () => {
  test('returns ok', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/healthz' });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'ok');
  });

  test('rejects POST with 405', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/healthz' });

    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET');
    assert.equal(response.body, 'POST /healthz is not allowed: send GET /healthz');
  });
});
