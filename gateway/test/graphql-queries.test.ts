// Queries through the real gateway against a fake parleyd: the documented
// GetMessages query, the one-call look-ahead, filters, the catalog and the
// uploader configuration.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { GatewayHarness, kGetMessagesQuery } from './harness.js';

let harness: GatewayHarness;
let token: string;

beforeEach(async () => {
  harness = await new GatewayHarness().start();
  token = await harness.token('cust-42');
});

afterEach(async () => {
  await harness.stop();
});

describe('GetMessages', () => {
  test('makes one gRPC call for three discussions', async () => {
    harness.fake.addDiscussion('cust-42', { messageCount: 2 });
    harness.fake.addDiscussion('cust-42', { messageCount: 12, orderNumber: '180012345', skus: ['10530943', '999'] });
    harness.fake.addDiscussion('cust-42', { messageCount: 1, skus: ['10530943'] });
    harness.fake.addDiscussion('someone-else', { messageCount: 1 });

    const response = await harness.post(kGetMessagesQuery, { token });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.calls.length, 1);
    const [call] = harness.fake.callsOf('ListDiscussions');
    assert.equal(call?.request.customerId, 'cust-42');
    assert.equal(call?.request.includeMessages, true);
    assert.equal(call?.request.messageOffset, 0);
    assert.equal(call?.request.messageLimit, 10);
    assert.equal(call?.request.offset, 0);
    assert.equal(call?.request.limit, 10);

    const page = response.body.data.customer.discussions;
    assert.equal(page.total, 3);
    assert.equal(page.hasMore, false);
    assert.equal(page.discussions.length, 3);
  });

  test('returns the documented fields with their types', async () => {
    harness.fake.addDiscussion('cust-42', { messageCount: 12, orderNumber: '180012345', skus: ['10530943', '999'] });

    const response = await harness.post(kGetMessagesQuery, { token });

    const [discussion] = response.body.data.customer.discussions.discussions;
    assert.match(discussion.id, /^[0-9]+$/);
    assert.equal(discussion.category, 'WEBSITE_ISSUES');
    assert.equal(discussion.status, 'OUTSTANDING');
    assert.equal(typeof discussion.createdAt, 'number');
    assert.equal(typeof discussion.updatedAt, 'number');
    assert.ok(discussion.updatedAt > discussion.createdAt);
    assert.equal(discussion.read, true);
    assert.deepEqual(discussion.selection, {
      selectedOrder: { orderNumber: '180012345' },
      selectedProducts: [
        { sku: 10530943, productVariant: { title: 'Impact Whey Protein, Chocolate Smooth, 1kg' } },
        { sku: 999, productVariant: null },
      ],
    });
    assert.equal(discussion.messages.total, 12);
    assert.equal(discussion.messages.hasMore, true);
    assert.equal(discussion.messages.messages.length, 10);
    assert.deepEqual(Object.keys(discussion.messages.messages[0]), ['id', 'type', 'createdAt', 'message']);
    assert.equal(discussion.messages.messages[0].type, 'QUERY');
    assert.equal(discussion.messages.messages[1].type, 'RESPONSE');
    assert.equal(typeof discussion.messages.messages[0].createdAt, 'number');
  });

  test('returns null selection for a discussion without one', async () => {
    harness.fake.addDiscussion('cust-42');
    harness.fake.addDiscussion('cust-42', { orderNumber: '', skus: [] });

    const response = await harness.post(kGetMessagesQuery, { token });

    const discussions = response.body.data.customer.discussions.discussions;
    assert.equal(discussions[0].selection, null);
    assert.equal(discussions[1].selection, null);
  });

  test('returns null customer without a token', async () => {
    harness.fake.addDiscussion('cust-42');

    const response = await harness.post(kGetMessagesQuery);

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.body.data, { customer: null });
    assert.deepEqual(response.body.extensions, { flags: [] });
    assert.equal(harness.fake.calls.length, 0);
  });
});

describe('message look-ahead', () => {
  test('passes message arguments from variables', async () => {
    harness.fake.addDiscussion('cust-42', { messageCount: 5 });
    const query = `query ($offset: Int!, $limit: Int!) {
      customer { discussions(limit: 3) { discussions { messages(offset: $offset, limit: $limit) { messages { message } total } } } }
    }`;

    const response = await harness.post(query, { token, variables: { offset: 1, limit: 2 } });

    assert.equal(harness.fake.calls.length, 1);
    const request = harness.fake.callsOf('ListDiscussions')[0]?.request;
    assert.equal(request.limit, 3);
    assert.equal(request.messageOffset, 1);
    assert.equal(request.messageLimit, 2);
    const messages = response.body.data.customer.discussions.discussions[0].messages;
    assert.deepEqual(messages.messages.map((m: { message: string }) => m.message), ['message 2 of 1000', 'message 3 of 1000']);
    assert.equal(messages.total, 5);
  });

  test('finds messages through fragments', async () => {
    harness.fake.addDiscussion('cust-42', { messageCount: 3 });
    harness.fake.addDiscussion('cust-42', { messageCount: 3 });
    const query = `
      query { customer { discussions { ...Page } } }
      fragment Page on Discussions { discussions { ... on Discussion { ...Thread } } }
      fragment Thread on Discussion { id messages(limit: 2) { messages { id } hasMore } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.calls.length, 1);
    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.messageLimit, 2);
    for (const discussion of response.body.data.customer.discussions.discussions) {
      assert.equal(discussion.messages.messages.length, 2);
      assert.equal(discussion.messages.hasMore, true);
    }
  });

  test('calls ListMessages for an alias with other arguments', async () => {
    harness.fake.addDiscussion('cust-42', { messageCount: 4 });
    harness.fake.addDiscussion('cust-42', { messageCount: 4 });
    const query = `{ customer { discussions { discussions {
      first: messages(limit: 1) { messages { message } }
      rest: messages(offset: 1, limit: 3) { messages { message } }
    } } } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.callsOf('ListDiscussions').length, 1);
    assert.equal(harness.fake.callsOf('ListMessages').length, 2);
    const [newest] = response.body.data.customer.discussions.discussions;
    assert.equal(newest.first.messages.length, 1);
    assert.equal(newest.rest.messages.length, 3);
    assert.equal(newest.first.messages[0].message, 'message 1 of 1005');
    assert.equal(newest.rest.messages[0].message, 'message 2 of 1005');
  });

  test('embeds no messages when they are skipped', async () => {
    harness.fake.addDiscussion('cust-42');
    const query = `query ($withMessages: Boolean!) {
      customer { discussions { discussions { id messages @include(if: $withMessages) { total } } } }
    }`;

    await harness.post(query, { token, variables: { withMessages: false } });

    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.includeMessages, false);
  });

  test('embeds no messages when none are selected', async () => {
    harness.fake.addDiscussion('cust-42');

    await harness.post('{ customer { discussions { total } } }', { token });

    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.includeMessages, false);
  });
});

describe('Customer.discussions', () => {
  test('maps the filter to the gRPC filter', async () => {
    const discussion = harness.fake.addDiscussion('cust-42', { orderNumber: '555', status: 'STATUS_PENDING' });
    const query = `query ($id: ID) {
      customer { discussions(filter: {id: $id, orderNumber: "555", status: PENDING}, offset: 0, limit: 5) { total discussions { id } } }
    }`;

    const response = await harness.post(query, { token, variables: { id: discussion.id } });

    assert.deepEqual(harness.fake.callsOf('ListDiscussions')[0]?.request.filter, {
      discussionId: discussion.id,
      orderNumber: '555',
      status: 'STATUS_PENDING',
    });
    assert.equal(response.body.data.customer.discussions.total, 1);
  });

  test('rejects an invalid filter id', async () => {
    const response = await harness.post('{ customer { discussions(filter: {id: "abc"}) { total } } }', { token });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.data.customer.discussions, null);
    const [error] = response.body.errors;
    assert.equal(error.extensions.code, 'BAD_USER_INPUT');
    assert.match(error.message, /^filter\.id "abc" is not a valid ID/);
    assert.deepEqual(error.path, ['customer', 'discussions']);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects an invalid filter orderNumber', async () => {
    const kRule = 'use 1 to 64 characters of A-Z, a-z, 0-9, _ and -';
    const kCases: Array<[string, string]> = [
      ['a b', `filter.orderNumber "a b" contains " " at offset 1: ${kRule}`],
      ['№5', `filter.orderNumber "№5" contains "№" at offset 0: ${kRule}`],
      ['A1😀', `filter.orderNumber "A1😀" contains "😀" at offset 2: ${kRule}`],
      ['x'.repeat(65), `filter.orderNumber is 65 characters long: ${kRule}`],
    ];
    const query = 'query ($orderNumber: OrderNumber) { customer { discussions(filter: {orderNumber: $orderNumber}) { total } } }';
    for (const [orderNumber, message] of kCases) {
      const response = await harness.post(query, { token, variables: { orderNumber } });

      assert.equal(response.statusCode, 200, orderNumber);
      assert.equal(response.body.data.customer.discussions, null, orderNumber);
      assert.deepEqual(response.body.errors[0].extensions, { code: 'BAD_USER_INPUT' }, orderNumber);
      assert.equal(response.body.errors[0].message, message);
      assert.deepEqual(response.body.errors[0].path, ['customer', 'discussions'], orderNumber);
    }
    const literal = await harness.post('{ customer { discussions(filter: {orderNumber: "a b"}) { total } } }', { token });
    assert.equal(literal.body.errors[0].message, `filter.orderNumber "a b" contains " " at offset 1: ${kRule}`);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('accepts a filter orderNumber of 64 characters', async () => {
    const orderNumber = `A-z_9${'x'.repeat(59)}`;

    const response = await harness.post('query ($o: OrderNumber) { customer { discussions(filter: {orderNumber: $o}) { total } } }', {
      token,
      variables: { o: orderNumber },
    });

    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.filter.orderNumber, orderNumber);
  });

  test('maps a limit that parleyd rejects', async () => {
    const response = await harness.post('{ customer { discussions(limit: 500) { total } } }', { token });

    assert.equal(harness.fake.callsOf('ListDiscussions')[0]?.request.limit, 500);
    assert.equal(response.body.data.customer.discussions, null);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.equal(response.body.errors[0].message, 'limit 500 is out of range: use 0 to 100');
  });

  test('rejects an explicit null limit', async () => {
    const query = 'query ($limit: Int) { customer { discussions(limit: $limit) { total } } }';

    const response = await harness.post(query, { token, variables: { limit: null } });

    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /limit/);
    assert.equal(harness.fake.calls.length, 0);
  });
});

describe('Order.discussions', () => {
  test('lists the discussions of the order', async () => {
    harness.fake.addDiscussion('cust-42', { orderNumber: '777' });
    harness.fake.addDiscussion('cust-42', { orderNumber: '888' });
    harness.fake.addDiscussion('cust-42', { orderNumber: '777', messageCount: 3 });
    const query = `{ customer { discussions(filter: {orderNumber: "888"}) { discussions {
      selection { selectedOrder { orderNumber discussions(limit: 5) { total discussions { id messages { total } } } } }
    } } } }`;

    const response = await harness.post(query, { token });

    assert.equal(response.body.errors, undefined);
    const [outer, inner] = harness.fake.callsOf('ListDiscussions');
    assert.equal(harness.fake.calls.length, 2);
    assert.equal(outer?.request.filter.orderNumber, '888');
    assert.equal(inner?.request.filter.orderNumber, '888');
    assert.equal(inner?.request.limit, 5);
    assert.equal(inner?.request.includeMessages, true);
    const order = response.body.data.customer.discussions.discussions[0].selection.selectedOrder;
    assert.equal(order.orderNumber, '888');
    assert.equal(order.discussions.total, 1);
  });
});

describe('attachmentUploaderConfig', () => {
  test('returns null without a token', async () => {
    const response = await harness.post('{ attachmentUploaderConfig { uploadUrl authToken } }');

    assert.deepEqual(response.body.data, { attachmentUploaderConfig: null });
  });

  test('returns the upload path and token that parleyd signed', async () => {
    const response = await harness.post('query Config { attachmentUploaderConfig { uploadUrl authToken } }', { token });

    assert.deepEqual(response.body.data.attachmentUploaderConfig, {
      uploadUrl: '/account/documentupload/uploader/upload/cust-42',
      authToken: 'fake-upload:cust-42',
    });
    assert.deepEqual(harness.fake.attachments.configRequests.at(-1), { customerId: 'cust-42' });
  });

  test('upload token is not a session token', async () => {
    const config = await harness.post('{ attachmentUploaderConfig { authToken } }', { token });
    const uploadToken = config.body.data.attachmentUploaderConfig.authToken;

    const response = await harness.post('{ customer { discussions { total } } }', { token: uploadToken });

    assert.deepEqual(response.body.data, { customer: null });
    assert.deepEqual(response.body.extensions.flags, []);
  });
});
