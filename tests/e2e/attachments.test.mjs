// End-to-end: the documented attachment flow through the real gateway and a
// real parleyd. A customer gets the uploader configuration, uploads a file
// as multipart/form-data with the documented field names, and sends the
// returned token with a message. Then the customer and an agent read the
// attachment back, every documented failure is checked, parleyd restarts,
// and the memory that an upload at the size limit costs is measured.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  createDiscussion, exampleAttachmentToken, replyToDiscussion, uploaderConfig, withIds,
} from './documented_operations.mjs';
import { Parley } from './harness.mjs';

// parleyd reads its token key from the environment it inherits, so tokens
// survive the restart below and this test can sign an expired one.
const attachmentSecret = 'e2e-attachment-secret-0123456789abcdef0123';
process.env.PARLEY_ATTACHMENT_SECRET = attachmentSecret;

const customerId = '38779254';
const otherCustomerId = '38779255';
// parleyd's default --attachment_max_bytes.
const maxBytes = 10 * 1024 * 1024;

// A JFIF header and end marker, which libmagic names image/jpeg.
const jpegBytes = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
// A valid 1x1 PNG.
const pngBytes = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489'
  + '0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082', 'hex');

// A PNG followed by zeros up to `size` bytes; libmagic still names it image/png.
function pngOfSize(size) {
  const bytes = Buffer.alloc(size);
  pngBytes.copy(bytes);
  return bytes;
}

// Signs an upload token as parleyd does (see attachment_tokens.h).
function signUploadToken(customer, expiresAtMs) {
  const payload = Buffer.from(`parley-upload-v1\n${customer}\n${expiresAtMs}`);
  const mac = createHmac('sha256', attachmentSecret).update(payload).digest();
  return `${payload.toString('base64url')}.${mac.toString('base64url')}`;
}

// Peak and current resident memory of a process, in KiB, from /proc.
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))[1]);
  return { hwmKiB: field('VmHWM'), rssKiB: field('VmRSS') };
}

function firstError(body) {
  assert.ok(body.errors?.length > 0, `expected an error, got ${JSON.stringify(body)}`);
  return body.errors[0];
}

describe('attachments', () => {
  const parley = new Parley();
  const scratch = mkdtempSync(join(tmpdir(), 'parley-e2e-attachments-'));
  let token;
  let otherToken;
  let config;
  let discussionId;
  const attachmentIds = [];
  let uploadedEvents = 0;

  // POSTs a multipart form with `fields` in order to `path` (default: the
  // customer's uploadUrl), as the documented curl command does.
  async function upload(fields, path = config.uploadUrl) {
    const form = new FormData();
    for (const [name, value, fileName, type] of fields) {
      if (fileName === undefined) form.append(name, value);
      else form.append(name, new Blob([value], { type }), fileName);
    }
    const response = await fetch(`${parley.url}${path}`, { method: 'POST', body: form });
    return { status: response.status, body: await response.json() };
  }

  function uploadTokenField(value = config.authToken) {
    return ['uploadToken', value];
  }

  function attachmentField(bytes, fileName = 'e6ac8e98-5ec7-44db-b303-5c5e48c4710f.jpeg', type = 'image/jpeg') {
    return ['attachment', bytes, fileName, type];
  }

  // Uploads `bytes` with a fresh configuration and returns the attachment token.
  async function uploadFile(bytes) {
    const { status, body } = await upload([uploadTokenField(), attachmentField(bytes)]);
    assert.equal(status, 200, JSON.stringify(body));
    uploadedEvents += 1;
    return body.token;
  }

  async function attachmentsOfDiscussion(id, customerToken = token) {
    const { body } = await parley.graphql(
      `{ customer { discussions(filter: {id: "${id}"}) { discussions { messages { messages { id attachments { id mimeType size url } } } } } } }`,
      { token: customerToken });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data.customer.discussions.discussions[0].messages.messages.map((m) => m.attachments);
  }

  async function download(url, customerToken) {
    const response = await fetch(`${parley.url}${url}`, {
      headers: customerToken ? { authorization: `Opaque ${customerToken}` } : {},
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async function countEvents(type) {
    const { code, stdout, stderr } = await parley.agent('events', `--type=${type}`);
    assert.equal(code, 0, stderr);
    return stdout.split('\n').filter((line) => line.trim() !== '').length;
  }

  async function discussionCount() {
    const { body } = await parley.graphql('{ customer { discussions { total } } }', { token });
    return body.data.customer.discussions.total;
  }

  before(async () => {
    await parley.start();
    token = await parley.tokenFor(customerId);
    otherToken = await parley.tokenFor(otherCustomerId);
  });
  after(async () => {
    await parley.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('1. the uploader configuration is bound to the customer', async () => {
    const { body } = await parley.graphql(uploaderConfig, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    config = body.data.attachmentUploaderConfig;
    assert.equal(config.uploadUrl, `/account/documentupload/uploader/upload/${customerId}`);
    assert.match(config.authToken, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    const anonymous = await parley.graphql(uploaderConfig);
    assert.equal(anonymous.body.data.attachmentUploaderConfig, null);
  });

  test('2-4. the documented upload answers the documented JSON', async () => {
    const { status, body } = await upload([uploadTokenField(), attachmentField(jpegBytes)]);

    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['errorCode', 'mimeType', 'successful', 'token']);
    assert.equal(body.successful, true);
    assert.equal(body.mimeType, 'image/jpeg');
    assert.equal(body.errorCode, 0);
    assert.equal(typeof body.token, 'string');
    uploadedEvents += 1;
    config.attachmentToken = body.token;
  });

  test('the type comes from the bytes: a PNG named .jpeg is a PNG', async () => {
    const { status, body } = await upload([uploadTokenField(), attachmentField(pngBytes)]);

    assert.equal(status, 200);
    assert.equal(body.mimeType, 'image/png');
    uploadedEvents += 1;
  });

  test('authToken is accepted as the token field too', async () => {
    const { status, body } = await upload([['authToken', config.authToken], attachmentField(jpegBytes)]);

    assert.equal(status, 200, JSON.stringify(body));
    uploadedEvents += 1;
  });

  test('5. the token attaches the file to a new discussion', async () => {
    const operation = createDiscussion.replace(exampleAttachmentToken, config.attachmentToken);
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    discussionId = body.data.createDiscussion;

    const [attachments] = await attachmentsOfDiscussion(discussionId);
    assert.equal(attachments.length, 1);
    const [attachment] = attachments;
    assert.equal(attachment.mimeType, 'image/jpeg');
    assert.equal(attachment.size, jpegBytes.length);
    assert.equal(attachment.url, `/account/documentupload/attachments/${attachment.id}`);
    attachmentIds.push(attachment.id);

    const { stdout } = await parley.agent('events', '--type=MessagePosted');
    const posted = JSON.parse(stdout.trim().split('\n').at(-1)).payload;
    assert.equal(posted.attachments[0].id, attachment.id);
    assert.equal(posted.attachments[0].mimeType, 'image/jpeg');
    assert.equal(posted.attachments[0].sizeBytes, String(jpegBytes.length));
    assert.equal(Buffer.from(posted.attachments[0].sha256, 'base64').length, 32);
  });

  test('a reply carries an attachment too', async () => {
    const attachmentToken = await uploadFile(pngOfSize(200_000));
    const operation = withIds(replyToDiscussion, { discussionId }).replace(exampleAttachmentToken, attachmentToken);
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));

    const attachments = await attachmentsOfDiscussion(discussionId);
    assert.equal(attachments[1][0].mimeType, 'image/png');
    assert.equal(attachments[1][0].size, 200_000);
    attachmentIds.push(attachments[1][0].id);
  });

  test('the owner downloads the bytes; another customer gets 404', async () => {
    const owner = await download(`/account/documentupload/attachments/${attachmentIds[1]}`, token);
    assert.equal(owner.status, 200);
    assert.equal(owner.headers.get('content-type'), 'image/png');
    assert.ok(owner.bytes.equals(pngOfSize(200_000)));

    const other = await download(`/account/documentupload/attachments/${attachmentIds[1]}`, otherToken);
    assert.equal(other.status, 404);
    const anonymous = await download(`/account/documentupload/attachments/${attachmentIds[1]}`);
    assert.equal(anonymous.status, 401);
  });

  test('an agent lists and downloads the attachment with parleyctl', async () => {
    const shown = await parley.agent('show', `--discussion=${discussionId}`);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`attachment ${attachmentIds[0]}: image/jpeg, ${jpegBytes.length} bytes`));

    const out = join(scratch, 'agent-copy.png');
    const got = await parley.agent('attachment', 'get', `--id=${attachmentIds[1]}`, `--out=${out}`);
    assert.equal(got.code, 0, got.stderr);
    assert.ok(readFileSync(out).equals(pngOfSize(200_000)));

    const missing = await parley.agent('attachment', 'get', '--id=999999', `--out=${join(scratch, 'none')}`);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /NOT_FOUND/);
  });

  test('every upload failure has its errorCode and HTTP status, and stores nothing', async () => {
    const cases = [
      { name: 'forged token', fields: [uploadTokenField('145D6BC5-E617-454F-BFB2-MUM19BBC160F'), attachmentField(jpegBytes)], status: 401, errorCode: 1 },
      { name: 'missing token', fields: [attachmentField(jpegBytes)], status: 401, errorCode: 1 },
      { name: 'tampered token', fields: [uploadTokenField(`${config.authToken.slice(0, -2)}AA`), attachmentField(jpegBytes)], status: 401, errorCode: 1 },
      { name: 'expired token', fields: [uploadTokenField(signUploadToken(customerId, Date.now() - 1000)), attachmentField(jpegBytes)], status: 401, errorCode: 2 },
      { name: "another customer's upload URL", fields: [uploadTokenField(), attachmentField(jpegBytes)], path: `/account/documentupload/uploader/upload/${otherCustomerId}`, status: 403, errorCode: 3 },
      { name: 'no attachment field', fields: [uploadTokenField()], status: 400, errorCode: 4 },
      { name: 'empty file', fields: [uploadTokenField(), attachmentField(Buffer.alloc(0))], status: 400, errorCode: 5 },
      { name: 'one byte over the limit', fields: [uploadTokenField(), attachmentField(pngOfSize(maxBytes + 1))], status: 413, errorCode: 6 },
      { name: 'shell script named .jpg', fields: [uploadTokenField(), attachmentField(Buffer.from('#!/bin/sh\necho hello\n'), 'photo.jpg', 'image/jpeg')], status: 415, errorCode: 7 },
    ];
    for (const c of cases) {
      const { status, body } = await upload(c.fields, c.path);
      assert.equal(status, c.status, `${c.name}: ${JSON.stringify(body)}`);
      assert.equal(body.successful, false, c.name);
      assert.equal(body.token, null, c.name);
      assert.equal(body.errorCode, c.errorCode, c.name);
    }
    assert.equal(await countEvents('AttachmentUploaded'), uploadedEvents);
  });

  test('a bad attachmentToken is BAD_USER_INPUT and appends nothing', async () => {
    const fresh = await uploadFile(jpegBytes);
    const before = await discussionCount();
    const cases = [
      { name: 'reused', token, attachmentToken: config.attachmentToken, message: /already used/ },
      { name: "another customer's", token: otherToken, attachmentToken: fresh, message: /another customer/ },
      { name: 'forged', token, attachmentToken: exampleAttachmentToken, message: /unknown/ },
    ];
    for (const c of cases) {
      const operation = createDiscussion.replace(exampleAttachmentToken, c.attachmentToken);
      const { body } = await parley.graphql(operation, { token: c.token });
      const error = firstError(body);
      assert.equal(error.extensions.code, 'BAD_USER_INPUT', c.name);
      assert.match(error.message, c.message, c.name);
    }
    assert.equal(await discussionCount(), before);
    assert.equal(await countEvents('AttachmentAttached'), 2);
    config.freshToken = fresh;
  });

  test('a restart of parleyd keeps attachments and messages', async () => {
    await parley.restartParleyd();

    const [first, second] = await attachmentsOfDiscussion(discussionId);
    assert.equal(first[0].id, attachmentIds[0]);
    assert.equal(second[0].id, attachmentIds[1]);
    const owner = await download(second[0].url, token);
    assert.ok(owner.bytes.equals(pngOfSize(200_000)));

    // A token issued before the restart is still valid once.
    const operation = withIds(replyToDiscussion, { discussionId }).replace(exampleAttachmentToken, config.freshToken);
    const { body } = await parley.graphql(operation, { token });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  });

  test('with parleyd stopped, an upload is 503 with errorCode 8', async () => {
    process.kill(parley.parleyd.pid, 'SIGTERM');
    await new Promise((resolve) => parley.parleyd.once('exit', resolve));

    const { status, body } = await upload([uploadTokenField(), attachmentField(jpegBytes)]);

    assert.equal(status, 503, JSON.stringify(body));
    assert.equal(body.errorCode, 8);
  });
});

// Peak resident memory (VmHWM) of fresh processes around one upload of 1 MiB
// and one at the size limit, logged for docs/benchmarks.md. A small upload
// first warms up the code paths, so the difference is the cost of the large
// file itself.
for (const size of [1024 * 1024, maxBytes]) {
  describe(`attachment upload memory, ${size} bytes`, () => {
    const parley = new Parley();
    let config;

    async function uploadOnce(bytes, fileName) {
      const form = new FormData();
      form.append('uploadToken', config.authToken);
      form.append('attachment', new Blob([bytes], { type: 'image/png' }), fileName);
      const response = await fetch(`${parley.url}${config.uploadUrl}`, { method: 'POST', body: form });
      return { status: response.status, body: await response.json() };
    }

    before(async () => {
      await parley.start();
      const { body } = await parley.graphql(uploaderConfig, { token: await parley.tokenFor(customerId) });
      config = body.data.attachmentUploaderConfig;
    });
    after(() => parley.stop());

    test('peak memory of the gateway and parleyd', async () => {
      const warmUp = await uploadOnce(pngBytes, 'small.png');
      assert.equal(warmUp.status, 200, JSON.stringify(warmUp.body));
      const file = pngOfSize(size);
      const gatewayBefore = memoryOf(parley.gateway.pid);
      const parleydBefore = memoryOf(parley.parleyd.pid);

      const { status, body } = await uploadOnce(file, 'large.png');

      const gatewayAfter = memoryOf(parley.gateway.pid);
      const parleydAfter = memoryOf(parley.parleyd.pid);
      assert.equal(status, 200, JSON.stringify(body));
      const gatewayGrowth = gatewayAfter.hwmKiB - gatewayBefore.hwmKiB;
      const parleydGrowth = parleydAfter.hwmKiB - parleydBefore.hwmKiB;
      console.log(`attachment upload memory: ${file.length} bytes; `
        + `gateway VmHWM ${gatewayBefore.hwmKiB} -> ${gatewayAfter.hwmKiB} KiB (+${gatewayGrowth}), `
        + `VmRSS after ${gatewayAfter.rssKiB} KiB; `
        + `parleyd VmHWM ${parleydBefore.hwmKiB} -> ${parleydAfter.hwmKiB} KiB (+${parleydGrowth}), `
        + `VmRSS after ${parleydAfter.rssKiB} KiB`);
      // parleyd writes the file in chunks of 256 KiB as it arrives. It keeps
      // the blobs family's memtables (at most two of 4 MiB), a few chunks
      // and RocksDB's file buffers, none of which grows with the file. The bound leaves room above the 11 MiB measured for 10 MiB in
      // docs/benchmarks.md; before chunked uploads it was 3.2 times the file.
      assert.ok(parleydGrowth < 20 * 1024, `parleyd's peak grew by ${parleydGrowth} KiB`);
      // NOTE: no bound is asserted for the gateway. Its peak grows by two to
      // three times the file here. That is garbage from the copies of each
      // chunk (multipart parser, protobuf, HTTP/2 frames) before V8 collects
      // it, and it does not scale with the file: docs/benchmarks.md has
      // uploads of up to 150 MiB. The gateway's own tests check that it stops
      // forwarding a rejected file.
    });
  });
}
