// End-to-end: parleyd killed with SIGKILL while customers post replies
// through the gateway. Every reply the gateway acknowledged, and every
// message a customer read before the kill, must be there after a restart,
// and the event log must stay gap-free.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createDiscussion, replyToDiscussion, withIds, withoutAttachment,
} from './documented_operations.mjs';
import { Parley } from './harness.mjs';

const customers = 8;
const loadMs = 700;

const messageIdsQuery = (discussionId, offset) => `query {
  customer {
    discussions(filter: { id: "${discussionId}" }) {
      discussions { messages(offset: ${offset}, limit: 100) { messages { id } total } }
    }
  }
}`;

// Returns every message id of the discussion, oldest first.
async function messageIds(parley, token, discussionId) {
  const ids = [];
  for (let offset = 0; ; offset += 100) {
    const { body } = await parley.graphql(messageIdsQuery(discussionId, offset), { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const page = body.data.customer.discussions.discussions[0].messages;
    ids.push(...page.messages.map((message) => message.id));
    if (ids.length >= page.total || page.messages.length === 0) return ids;
  }
}

// Posts replies until `stop` is set. Returns the ids of the replies the
// gateway acknowledged and the ids read back between replies.
async function replyUntilStopped(parley, token, discussionId, stop) {
  const acknowledged = [];
  const read = [];
  const operation = withoutAttachment(withIds(replyToDiscussion, { discussionId }));
  while (!stop.now) {
    try {
      const { body } = await parley.graphql(operation, { token });
      if (body.data?.replyToDiscussion) acknowledged.push(body.data.replyToDiscussion);
      if (acknowledged.length % 5 === 0) read.push(...await messageIds(parley, token, discussionId));
    } catch {
      // The kill interrupted this request or read, so it was not acknowledged.
    }
  }
  return { acknowledged, read };
}

describe('parleyd killed during writes', () => {
  const parley = new Parley();
  const tokens = [];
  const discussions = [];

  before(async () => {
    await parley.start();
    for (let i = 0; i < customers; i += 1) {
      const token = await parley.tokenFor(`crash-${i}`);
      const { body } = await parley.graphql(withoutAttachment(createDiscussion), { token });
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      tokens.push(token);
      discussions.push(body.data.createDiscussion);
    }
  });
  after(() => parley.stop());

  test('keeps every acknowledged reply and everything read', async () => {
    const stop = { now: false };
    const loops = tokens.map((token, i) => replyUntilStopped(parley, token, discussions[i], stop));
    await new Promise((resolveLater) => setTimeout(resolveLater, loadMs));
    await parley.crashAndRestartParleyd();
    stop.now = true;
    const results = await Promise.all(loops);

    // The gateway's channel reconnects with backoff after the kill.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { body } = await parley.graphql(messageIdsQuery(discussions[0], 0), { token: tokens[0] });
      if (body.errors === undefined) break;
      assert.ok(Date.now() < deadline, `still failing after restart: ${JSON.stringify(body.errors)}`);
      await new Promise((resolveLater) => setTimeout(resolveLater, 100));
    }

    let checked = 0;
    for (let i = 0; i < customers; i += 1) {
      const stored = new Set(await messageIds(parley, tokens[i], discussions[i]));
      const expected = new Set([...results[i].acknowledged, ...results[i].read]);
      for (const id of expected) {
        assert.ok(stored.has(id), `message ${id} of discussion ${discussions[i]} is gone`);
      }
      checked += expected.size;
    }
    assert.ok(checked > 0, 'no reply was acknowledged before the kill');
    console.log(`crash test: ${checked} acknowledged or read messages found after SIGKILL`);
  });

  test('leaves the event log gap-free', async () => {
    const { code, stdout, stderr } = await parley.agent('events', '--from=1');
    assert.equal(code, 0, stderr);
    const positions = stdout.trim().split('\n').map((line) => Number(JSON.parse(line).position));
    positions.forEach((position, index) => assert.equal(position, index + 1));
  });
});
