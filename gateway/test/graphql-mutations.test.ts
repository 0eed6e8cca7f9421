// Mutations through the real gateway against a fake parleyd: the documented
// operations, authentication, ids, Idempotency-Key and variables.

import assert from 'node:assert/strict';
import http from 'node:http';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { countIdempotencyKeyHeaders } from '../dist/idempotency.js';
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

const kAttachmentToken =
  'eTErS1ZBazJGZzNFR25TcGQzVkNxVzFCdUZDeE1yOXJDaXpVbUNweGhrMkhLVERsQjhUMXRKMjVDRHhiYUJUeVBsNUxCdHNhejB1TTV2SlR2YVNxM0E9PQ';

const kCreateDiscussion = `mutation CreateDiscussion {
  createDiscussion(
    input: {
      category: WEBSITE_ISSUES
      message: {
        message: "Hi, I cannot log in on site, please help."
        attachmentToken: "${kAttachmentToken}"
      }
    }
  )
}`;

const kMarkDiscussionAsRead = (discussionId: string, messageId: string) => `mutation MarkDiscussionAsRead {
  markDiscussionMessagesAsRead(
    input: {
      discussionId: "${discussionId}" # This discussion currently being read
      upToMessageId: "${messageId}" # The lastest message being read
    }
  )
}`;

const kReplyToDiscussion = (discussionId: string) => `mutation ReplyToDiscussion {
  replyToDiscussion(
    discussionId: "${discussionId}"
    input: {
      message: "Hi, I still cannot log in on site, please help."
      attachmentToken: "${kAttachmentToken}"
    }
  )
}`;

describe('createDiscussion', () => {
  test('documented mutation returns the new id', async () => {
    const response = await harness.post(kCreateDiscussion, { token });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.errors, undefined);
    const [call] = harness.fake.callsOf('CreateDiscussion');
    assert.equal(response.body.data.createDiscussion, '1000');
    assert.equal(call?.request.customerId, 'cust-42');
    assert.equal(call?.request.category, 'CATEGORY_WEBSITE_ISSUES');
    assert.equal(Buffer.from(call?.request.message.text).toString('utf8'), 'Hi, I cannot log in on site, please help.');
    assert.equal(call?.request.message.attachmentToken, kAttachmentToken);
    assert.equal(call?.request.selection, null);
    assert.equal(call?.request.requestId, '');
  });

  test('sends text as UTF-8 bytes', async () => {
    const text = 'Grüße — 注文 🍫';

    await harness.post('mutation ($text: String!) { createDiscussion(input: {category: FEEDBACK, message: {message: $text}}) }', {
      token,
      variables: { text },
    });

    const request = harness.fake.callsOf('CreateDiscussion')[0]?.request;
    assert.deepEqual(Buffer.from(request.message.text), Buffer.from(text, 'utf8'));
    assert.equal(request.message.attachmentToken, '');
  });

  test('rejects an unpaired surrogate', async () => {
    const response = await harness.post(
      'mutation ($text: String!) { createDiscussion(input: {category: FEEDBACK, message: {message: $text}}) }',
      { token, variables: { text: 'broken \ud800 text' } },
    );

    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /^input\.message\.message contains an unpaired UTF-16 surrogate/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('maps the selection from variables', async () => {
    const query = `mutation ($input: CreateDiscussionInput!) { createDiscussion(input: $input) }`;
    const input = {
      category: 'PROBLEM_WITH_MY_ORDER',
      message: { message: 'The shaker is missing' },
      selection: { selectedOrderId: '180012345', selectedProductSkus: ['10530943', 11381562, '0', 0] },
    };

    const response = await harness.post(query, { token, variables: { input } });

    assert.equal(response.body.errors, undefined);
    assert.deepEqual(harness.fake.callsOf('CreateDiscussion')[0]?.request.selection, {
      orderNumber: '180012345',
      productSkus: ['10530943', '11381562', '0', '0'],
    });
  });

  test('rejects a SKU that is not a number', async () => {
    const query = `mutation ($input: CreateDiscussionInput!) { createDiscussion(input: $input) }`;
    const input = {
      category: 'CHECKOUT',
      message: { message: 'hello' },
      selection: { selectedOrderId: '1', selectedProductSkus: ['10530943', 'whey'] },
    };

    const response = await harness.post(query, { token, variables: { input } });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.data, undefined);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /"\$input".*selectedProductSkus\[1\].*SKU must be/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects SKUs with leading zeros', async () => {
    const query = `mutation ($input: CreateDiscussionInput!) { createDiscussion(input: $input) }`;
    for (const sku of ['0123', '00']) {
      const input = { category: 'CHECKOUT', message: { message: 'hello' }, selection: { selectedOrderId: '1', selectedProductSkus: [sku] } };

      const response = await harness.post(query, { token, variables: { input } });

      assert.equal(response.statusCode, 400, sku);
      assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT', sku);
      assert.match(response.body.errors[0].message, /selectedProductSkus\[0\].*without leading zeros/, sku);
    }
    const literal = await harness.post(
      'mutation { createDiscussion(input: {category: CHECKOUT, message: {message: "x"}, selection: {selectedOrderId: "1", selectedProductSkus: ["0123"]}}) }',
      { token },
    );
    assert.equal(literal.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects an invalid selectedOrderId', async () => {
    const query = `mutation ($input: CreateDiscussionInput!) { createDiscussion(input: $input) }`;
    const kRule = 'use 1 to 64 characters of A-Z, a-z, 0-9, _ and -';
    const kCases: Array<[string, string]> = [
      ['', `input.selection.selectedOrderId is empty: ${kRule}`],
      ['has space', `input.selection.selectedOrderId "has space" contains " " at offset 3: ${kRule}`],
      ['x'.repeat(65), `input.selection.selectedOrderId is 65 characters long: ${kRule}`],
    ];
    for (const [orderId, message] of kCases) {
      const input = { category: 'CHECKOUT', message: { message: 'hello' }, selection: { selectedOrderId: orderId, selectedProductSkus: [] } };

      const response = await harness.post(query, { token, variables: { input } });

      assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT', orderId);
      assert.equal(response.body.errors[0].message, message);
    }
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects ids with leading zeros', async () => {
    const reply = 'mutation ($id: ID!) { replyToDiscussion(discussionId: $id, input: {message: "hi"}) }';
    for (const id of ['01', '00000000000000000001']) {
      const response = await harness.post(reply, { token, variables: { id } });

      assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT', id);
      assert.match(response.body.errors[0].message, new RegExp(`^discussionId "${id}" is not a valid ID: write a decimal number without leading zeros`));
    }
    const mark = await harness.post('mutation { markDiscussionMessagesAsRead(input: {discussionId: "1", upToMessageId: "007"}) }', { token });
    assert.match(mark.body.errors[0].message, /^input\.upToMessageId "007" is not a valid ID/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects an unknown category', async () => {
    const response = await harness.post('mutation { createDiscussion(input: {category: COMPLAINT, message: {message: "x"}}) }', {
      token,
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(response.body.errors[0].message, /^Value "COMPLAINT" does not exist in "DiscussionCategory" enum\./);
    assert.match(response.body.errors[0].message, / Use one of: [A-Z_, ]*WEBSITE_ISSUES[A-Z_, ]*\.$/);
  });

  test('lists the categories for a bad category variable', async () => {
    const query = 'mutation ($input: CreateDiscussionInput!) { createDiscussion(input: $input) }';
    const input = { category: 'WEBSITE', message: { message: 'x' } };

    const response = await harness.post(query, { token, variables: { input } });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /Value "WEBSITE" does not exist in "DiscussionCategory" enum\./);
    assert.match(response.body.errors[0].message, / Use one of: [A-Z_, ]*WEBSITE_ISSUES[A-Z_, ]*\.$/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('lists the categories for a string where the enum belongs', async () => {
    const response = await harness.post('mutation { createDiscussion(input: {category: "CHECKOUT", message: {message: "x"}}) }', {
      token,
    });

    assert.equal(response.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(response.body.errors[0].message, /^Enum "DiscussionCategory" cannot represent non-enum value: "CHECKOUT"\..* Use one of: .*CHECKOUT.*\.$/);
  });

  test('fails without a token', async () => {
    const response = await harness.post(kCreateDiscussion);

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.data, null);
    assert.equal(response.body.errors[0].extensions.code, 'UNAUTHENTICATED');
    assert.deepEqual(response.body.errors[0].path, ['createDiscussion']);
    assert.deepEqual(response.body.extensions, { flags: [] });
    assert.equal(harness.fake.calls.length, 0);
  });

  test('fails with an expired token', async () => {
    const expired = await harness.token('cust-42', -120);

    const response = await harness.post(kCreateDiscussion, { token: expired });

    assert.equal(response.body.errors[0].extensions.code, 'UNAUTHENTICATED');
    assert.match(response.body.errors[0].message, /the customer token has expired\. Log in again to get a new token/);
    assert.equal(harness.fake.calls.length, 0);
  });
});

describe('replyToDiscussion', () => {
  test('documented mutation returns the message id', async () => {
    const discussion = harness.fake.addDiscussion('cust-42');

    const response = await harness.post(kReplyToDiscussion(discussion.id), { token });

    assert.equal(response.body.errors, undefined);
    assert.match(response.body.data.replyToDiscussion, /^[0-9]+$/);
    const request = harness.fake.callsOf('ReplyToDiscussion')[0]?.request;
    assert.equal(request.discussionId, discussion.id);
    assert.equal(request.customerId, 'cust-42');
    assert.equal(request.message.attachmentToken, kAttachmentToken);
  });

  test('passes NOT_FOUND through', async () => {
    const response = await harness.post(kReplyToDiscussion('13183370'), { token });

    assert.equal(response.body.errors[0].extensions.code, 'NOT_FOUND');
    assert.equal(response.body.errors[0].message, 'discussion 13183370 not found');
  });

  test('hides another customer’s discussion', async () => {
    const discussion = harness.fake.addDiscussion('someone-else');

    const response = await harness.post(kReplyToDiscussion(discussion.id), { token });

    assert.equal(response.body.errors[0].extensions.code, 'NOT_FOUND');
    assert.equal(harness.fake.callsOf('ReplyToDiscussion')[0]?.request.customerId, 'cust-42');
  });

  test('rejects an invalid discussion id', async () => {
    const response = await harness.post(kReplyToDiscussion('abc'), { token });

    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.equal(
      response.body.errors[0].message,
      'discussionId "abc" is not a valid ID: use the id returned by createDiscussion',
    );
    assert.equal(harness.fake.calls.length, 0);
  });
});

describe('markDiscussionMessagesAsRead', () => {
  test('documented mutation returns null', async () => {
    const discussion = harness.fake.addDiscussion('cust-42', { messageCount: 2 });
    const messages = await harness.post(`{ customer { discussions { discussions { messages { messages { id } } } } } }`, { token });
    const lastId = messages.body.data.customer.discussions.discussions[0].messages.messages[1].id;

    const response = await harness.post(kMarkDiscussionAsRead(discussion.id, lastId), { token });

    assert.equal(response.body.errors, undefined);
    assert.deepEqual(response.body.data, { markDiscussionMessagesAsRead: null });
    const request = harness.fake.callsOf('MarkRead')[0]?.request;
    assert.equal(request.discussionId, discussion.id);
    assert.equal(request.upToMessageId, lastId);
  });

  test('rejects a null input', async () => {
    for (const query of [
      'mutation { markDiscussionMessagesAsRead }',
      'mutation { markDiscussionMessagesAsRead(input: null) }',
    ]) {
      const response = await harness.post(query, { token });

      assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT', query);
      assert.match(response.body.errors[0].message, /^input is required/, query);
    }
    assert.equal(harness.fake.calls.length, 0);
  });

  test('rejects an invalid message id', async () => {
    const response = await harness.post(kMarkDiscussionAsRead('13183370', '-1'), { token });

    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.match(response.body.errors[0].message, /^input\.upToMessageId "-1" is not a valid ID/);
  });
});

describe('Idempotency-Key', () => {
  test('becomes the request id', async () => {
    const headers = { 'idempotency-key': '6f1c2a9e-4d7b-4f0e-9a51-0c2d8e7b3a10' };

    const first = await harness.post(kCreateDiscussion, { token, headers });
    const retry = await harness.post(kCreateDiscussion, { token, headers });

    const calls = harness.fake.callsOf('CreateDiscussion');
    assert.equal(calls[0]?.request.requestId, headers['idempotency-key']);
    assert.equal(calls[1]?.request.requestId, headers['idempotency-key']);
    assert.equal(retry.body.data.createDiscussion, first.body.data.createDiscussion);
  });

  test('is forwarded by every mutation', async () => {
    const discussion = harness.fake.addDiscussion('cust-42', { messageCount: 1 });
    const headers = { 'idempotency-key': 'retry-me' };

    await harness.post(kReplyToDiscussion(discussion.id), { token, headers });
    await harness.post(kMarkDiscussionAsRead(discussion.id, String(Number(discussion.id) + 1)), { token, headers });

    assert.equal(harness.fake.callsOf('ReplyToDiscussion')[0]?.request.requestId, 'retry-me');
    assert.equal(harness.fake.callsOf('MarkRead')[0]?.request.requestId, 'retry-me');
  });

  test('rejects an invalid key', async () => {
    for (const key of ['x'.repeat(129), 'clé']) {
      const response = await harness.post(kCreateDiscussion, { token, headers: { 'idempotency-key': key } });

      assert.equal(response.statusCode, 400, key);
      assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT', key);
      assert.match(response.body.errors[0].message, /^Idempotency-Key header is invalid/, key);
    }
    assert.equal(harness.fake.calls.length, 0);
  });

  test('accepts a key of 128 characters', async () => {
    const key = 'k'.repeat(128);

    const response = await harness.post(kCreateDiscussion, { token, headers: { 'idempotency-key': key } });

    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.callsOf('CreateDiscussion')[0]?.request.requestId, key);
  });

  test('rejects a key on two mutations', async () => {
    const query = `mutation {
      a: createDiscussion(input: {category: FEEDBACK, message: {message: "one"}})
      b: createDiscussion(input: {category: FEEDBACK, message: {message: "two"}})
    }`;

    const response = await harness.post(query, { token, headers: { 'idempotency-key': 'k1' } });

    assert.equal(response.statusCode, 400);
    assert.match(response.body.errors[0].message, /^Idempotency-Key applies to one mutation/);
    assert.equal(harness.fake.calls.length, 0);
  });

  test('is ignored by queries', async () => {
    const response = await harness.post('{ customer { discussions { total } } }', {
      token,
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.errors, undefined);
  });
});

describe('repeated Idempotency-Key', () => {
  test('is rejected over HTTP', async () => {
    const address = await harness.app.listen({ host: '127.0.0.1', port: 0 });
    const body = JSON.stringify({ query: kCreateDiscussion });

    // fetch would join the values itself, so node:http sends two header lines.
    const response = await new Promise<{ statusCode: number; body: any }>((resolve, reject) => {
      const request = http.request(
        `${address}/graphql`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Opaque ${token}`,
            'idempotency-key': ['key-a', 'key-b'],
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ statusCode: incoming.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errors[0].extensions.code, 'BAD_USER_INPUT');
    assert.equal(response.body.errors[0].message, 'Idempotency-Key header is repeated: send one key per request');
    assert.equal(harness.fake.calls.length, 0);
  });

  test('counts header lines in any case', () => {
    assert.equal(countIdempotencyKeyHeaders(['Host', 'x', 'Idempotency-Key', 'a', 'idempotency-key', 'b']), 2);
    assert.equal(countIdempotencyKeyHeaders(['Idempotency-Key', 'a, b']), 1);
    assert.equal(countIdempotencyKeyHeaders([]), 0);
  });

  test('accepts a key with a comma', async () => {
    const response = await harness.post(kCreateDiscussion, { token, headers: { 'idempotency-key': 'a, b' } });

    assert.equal(response.body.errors, undefined);
    assert.equal(harness.fake.callsOf('CreateDiscussion')[0]?.request.requestId, 'a, b');
  });
});
