// End-to-end: the documented GraphQL operations through the real gateway,
// a real parleyd on a temporary data directory, and parleyctl for agents.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createDiscussion, getMessages, markDiscussionAsRead, replyToDiscussion,
  withIds, withoutAttachment,
} from './documented_operations.mjs';
import { Parley } from './harness.mjs';

const customerId = '38779254';

// Returns the only discussion of a GetMessages response.
function onlyDiscussion(body) {
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.equal(body.data.customer.discussions.total, 1);
  return body.data.customer.discussions.discussions[0];
}

function firstErrorCode(body) {
  assert.ok(body.errors?.length > 0, `expected an error, got ${JSON.stringify(body)}`);
  return body.errors[0].extensions?.code;
}

describe('documented customer-services operations', () => {
  const parley = new Parley();
  let token;
  let discussionId;
  let firstMessageId;
  let responseMessageId;

  before(async () => {
    await parley.start();
    token = await parley.tokenFor(customerId);
  });
  after(() => parley.stop());

  test('CreateDiscussion as written rejects the example attachment token', async () => {
    const { body } = await parley.graphql(createDiscussion, { token });
    assert.equal(firstErrorCode(body), 'BAD_USER_INPUT');
    assert.match(body.errors[0].message, /attachmentToken/);
    assert.match(body.errors[0].message, /unknown/);

    const listed = await parley.graphql(getMessages, { token });
    assert.equal(listed.body.data.customer.discussions.total, 0);
  });

  test('CreateDiscussion returns the new discussion id', async () => {
    const { body } = await parley.graphql(withoutAttachment(createDiscussion), { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.match(body.data.createDiscussion, /^\d+$/);
    assert.deepEqual(body.extensions.flags, ['LOGGED_IN']);
    discussionId = body.data.createDiscussion;
  });

  test('ReplyToDiscussion returns the new message id', async () => {
    const operation = withoutAttachment(withIds(replyToDiscussion, { discussionId }));
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.match(body.data.replyToDiscussion, /^\d+$/);
  });

  test('agent responds through parleyctl over gRPC', async () => {
    const assigned = await parley.agent('assign', `--discussion=${discussionId}`, '--agent=ada');
    assert.equal(assigned.code, 0, assigned.stderr);
    const responded = await parley.agent('respond', `--discussion=${discussionId}`,
      '--agent=ada', '--message=Please reset your password from the login page.');
    assert.equal(responded.code, 0, responded.stderr);
  });

  test('GetMessages as written returns the discussion, unread', async () => {
    const { body } = await parley.graphql(getMessages, { token });
    const discussion = onlyDiscussion(body);
    assert.equal(discussion.id, discussionId);
    assert.equal(discussion.category, 'WEBSITE_ISSUES');
    assert.equal(discussion.status, 'COMPLETED');
    assert.equal(discussion.read, false);
    assert.equal(discussion.selection, null);
    assert.equal(typeof discussion.createdAt, 'number');
    assert.ok(discussion.updatedAt >= discussion.createdAt);
    assert.equal(discussion.messages.total, 3);
    assert.equal(discussion.messages.hasMore, false);
    assert.deepEqual(discussion.messages.messages.map((m) => m.type),
      ['QUERY', 'QUERY', 'RESPONSE']);
    assert.equal(discussion.messages.messages[0].message,
      'Hi, I cannot log in on site, please help.');
    assert.equal(body.data.customer.discussions.hasMore, false);
    firstMessageId = discussion.messages.messages[0].id;
    responseMessageId = discussion.messages.messages[2].id;
  });

  test('MarkDiscussionAsRead up to the response makes it read', async () => {
    const operation = withIds(markDiscussionAsRead, { discussionId, messageId: responseMessageId });
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal(body.data.markDiscussionMessagesAsRead, null);

    const listed = await parley.graphql(getMessages, { token });
    assert.equal(onlyDiscussion(listed.body).read, true);
  });

  test('a newer response leaves the discussion unread', async () => {
    const responded = await parley.agent('respond', `--discussion=${discussionId}`,
      '--agent=ada', '--message=Did that work?', '--status=PENDING');
    assert.equal(responded.code, 0, responded.stderr);

    // Marking up to the older response does not cover the newer one.
    const operation = withIds(markDiscussionAsRead, { discussionId, messageId: responseMessageId });
    const marked = await parley.graphql(operation, { token });
    assert.equal(marked.body.errors, undefined, JSON.stringify(marked.body.errors));

    const { body } = await parley.graphql(getMessages, { token });
    const discussion = onlyDiscussion(body);
    assert.equal(discussion.read, false);
    assert.equal(discussion.status, 'PENDING');
    assert.equal(discussion.messages.total, 4);
  });

  test('the read marker never moves back', async () => {
    const operation = withIds(markDiscussionAsRead, { discussionId, messageId: firstMessageId });
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  });

  test('message pages report total and hasMore', async () => {
    const query = `query Page($id: ID!) { customer { discussions(filter: {id: $id}) {
      total discussions { messages(offset: 1, limit: 2) { messages { id } total hasMore } } } } }`;
    const { body } = await parley.graphql(query, { token, variables: { id: discussionId } });
    const page = onlyDiscussion(body).messages;
    assert.equal(page.messages.length, 2);
    assert.equal(page.total, 4);
    assert.equal(page.hasMore, true);
  });

  test('Idempotency-Key returns the first result and adds nothing', async () => {
    const operation = withoutAttachment(withIds(replyToDiscussion, { discussionId }));
    const headers = { 'idempotency-key': 'retry-7f3a' };
    const first = await parley.graphql(operation, { token, headers });
    const second = await parley.graphql(operation, { token, headers });
    assert.equal(first.body.errors, undefined, JSON.stringify(first.body.errors));
    assert.equal(second.body.data.replyToDiscussion, first.body.data.replyToDiscussion);

    const { body } = await parley.graphql(getMessages, { token });
    assert.equal(onlyDiscussion(body).messages.total, 5);
  });

  test('parleyd restarted on the same data answers the same', async () => {
    const beforeRestart = await parley.graphql(getMessages, { token });
    await parley.restartParleyd();
    let afterRestart;
    // The gateway's channel reconnects within its backoff; retry briefly.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      afterRestart = await parley.graphql(getMessages, { token });
      if (!afterRestart.body.errors) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(afterRestart.body, beforeRestart.body);
  });
});
