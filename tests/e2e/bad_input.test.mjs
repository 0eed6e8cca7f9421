// End-to-end: every kind of bad input gets its documented GraphQL error and
// changes nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Parley } from './harness.mjs';

const create = `mutation Create($input: CreateDiscussionInput!) { createDiscussion(input: $input) }`;
const reply = `mutation Reply($id: ID!, $text: String!) {
  replyToDiscussion(discussionId: $id, input: { message: $text }) }`;
const markRead = `mutation Mark($d: ID!, $m: ID!) {
  markDiscussionMessagesAsRead(input: { discussionId: $d, upToMessageId: $m }) }`;
const totals = `{ customer { discussions { total discussions { messages { total } } } } }`;

function errorOf(body) {
  assert.ok(body.errors?.length > 0, `expected an error, got ${JSON.stringify(body)}`);
  return body.errors[0];
}

describe('bad input', () => {
  const parley = new Parley();
  let token;
  let otherToken;
  let discussionId;
  let otherDiscussionId;
  let otherMessageId;
  let totalsBefore;

  before(async () => {
    await parley.start();
    token = await parley.tokenFor('1001');
    otherToken = await parley.tokenFor('2002');
    const mine = await parley.graphql(create, {
      token, variables: { input: { category: 'PAYMENT', message: { message: 'Charged twice.' } } },
    });
    discussionId = mine.body.data.createDiscussion;
    const theirs = await parley.graphql(create, {
      token: otherToken,
      variables: { input: { category: 'DELIVERY_PROBLEM', message: { message: 'Box arrived wet.' } } },
    });
    otherDiscussionId = theirs.body.data.createDiscussion;
    const messages = await parley.graphql(
      '{ customer { discussions { discussions { messages { messages { id } } } } } }',
      { token: otherToken });
    otherMessageId = messages.body.data.customer.discussions.discussions[0].messages.messages[0].id;
    totalsBefore = (await parley.graphql(totals, { token })).body;
  });
  after(async () => {
    // Nothing rejected may have changed the customer's data.
    const totalsAfter = (await parley.graphql(totals, { token })).body;
    assert.deepEqual(totalsAfter, totalsBefore);
    await parley.stop();
  });

  const cases = [
    {
      name: 'unknown category',
      query: `mutation { createDiscussion(input: { category: NOT_A_CATEGORY, message: { message: "Hi" } }) }`,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /DiscussionCategory/,
    },
    {
      name: 'empty message',
      query: create,
      variables: { input: { category: 'PAYMENT', message: { message: '' } } },
      code: 'BAD_USER_INPUT',
      message: /^input\.message\.message is empty/,
    },
    {
      name: 'whitespace-only message',
      query: create,
      variables: { input: { category: 'PAYMENT', message: { message: ' \n\t\u00a0 ' } } },
      code: 'BAD_USER_INPUT',
      message: /whitespace/,
    },
    {
      name: 'message over the limit',
      query: create,
      variables: { input: { category: 'PAYMENT', message: { message: 'é'.repeat(10_001) } } },
      code: 'BAD_USER_INPUT',
      message: /10001 characters; the maximum is 10000/,
    },
    {
      name: 'repeated SKU',
      query: create,
      variables: {
        input: {
          category: 'PAYMENT',
          message: { message: 'Hi' },
          selection: { selectedOrderId: '555', selectedProductSkus: ['10530943', '7', '7'] },
        },
      },
      code: 'BAD_USER_INPUT',
      message: /^input\.selection\.selectedProductSkus\[2\] repeats SKU 7 from input\.selection\.selectedProductSkus\[1\]; list each SKU once$/,
    },
    {
      name: 'order number filter with a space',
      query: '{ customer { discussions(filter: { orderNumber: "a b" }) { total } } }',
      code: 'BAD_USER_INPUT',
      message: /^filter\.orderNumber "a b" contains " " at offset 1: use 1 to 64 characters/,
    },
    {
      name: 'negative offset',
      query: '{ customer { discussions(offset: -1) { total } } }',
      code: 'BAD_USER_INPUT',
      message: /offset is -1/,
    },
    {
      name: 'limit over the maximum',
      query: '{ customer { discussions(limit: 101) { total } } }',
      code: 'BAD_USER_INPUT',
      message: /limit is 101/,
    },
    {
      name: 'malformed discussion id',
      query: reply,
      variables: () => ({ id: 'abc', text: 'Hello' }),
      code: 'BAD_USER_INPUT',
      message: /discussionId/,
    },
    {
      name: 'unknown discussion id',
      query: reply,
      variables: () => ({ id: '987654321', text: 'Hello' }),
      code: 'NOT_FOUND',
      message: /discussion 987654321 not found/,
    },
    {
      name: "another customer's discussion id",
      query: reply,
      variables: () => ({ id: otherDiscussionId, text: 'Hello' }),
      code: 'NOT_FOUND',
      message: () => new RegExp(`discussion ${otherDiscussionId} not found`),
    },
    {
      name: 'mark-read with a message of another discussion',
      query: markRead,
      variables: () => ({ d: discussionId, m: otherMessageId }),
      code: 'BAD_USER_INPUT',
      message: /^input\.upToMessageId [0-9]+ does not belong to discussion/,
    },
    {
      name: 'mark-read with a null input',
      query: 'mutation { markDiscussionMessagesAsRead(input: null) }',
      code: 'BAD_USER_INPUT',
      message: /input/,
    },
  ];

  for (const testCase of cases) {
    test(testCase.name, async () => {
      const variables = typeof testCase.variables === 'function'
        ? testCase.variables() : testCase.variables;
      const { body } = await parley.graphql(testCase.query, { token, variables });
      const error = errorOf(body);
      assert.equal(error.extensions?.code, testCase.code, JSON.stringify(error));
      const message = typeof testCase.message === 'function'
        ? testCase.message() : testCase.message;
      assert.match(error.message, message);
      assert.equal(error.extensions?.stacktrace, undefined);
    });
  }

  test('missing token: customer is null and mutations are rejected', async () => {
    const query = await parley.graphql('{ customer { discussions { total } } }');
    assert.equal(query.body.data.customer, null);
    assert.deepEqual(query.body.extensions.flags, []);

    const mutation = await parley.graphql(reply, { variables: { id: discussionId, text: 'Hi' } });
    assert.equal(errorOf(mutation.body).extensions.code, 'UNAUTHENTICATED');
  });

  test('forged token: treated as no token', async () => {
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const query = await parley.graphql('{ customer { discussions { total } } }', { token: forged });
    assert.equal(query.body.data.customer, null);
    assert.deepEqual(query.body.extensions.flags, []);

    const mutation = await parley.graphql(reply, {
      token: forged, variables: { id: discussionId, text: 'Hi' },
    });
    assert.equal(errorOf(mutation.body).extensions.code, 'UNAUTHENTICATED');
  });
});
