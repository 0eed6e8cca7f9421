// Attachment routes of the real gateway against a fake parleyd: the
// multipart upload and its error codes, the download route, and
// attachments on messages.

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { GatewayHarness } from './harness.js';
import { kMaxDiscardBytes } from '../dist/attachment-client.js';
import { kPngSignature } from './fake-attachments.js';

let harness: GatewayHarness;

beforeEach(async () => {
  harness = await new GatewayHarness().start();
});

afterEach(async () => {
  await harness.stop();
});

const kUploadPath = '/account/documentupload/uploader/upload/cust-42';

/** Returns a "PNG" of `size` bytes: the signature, then zeros. */
function png(size = 100): Buffer {
  const bytes = Buffer.alloc(size);
  kPngSignature.copy(bytes);
  return bytes;
}

interface FormPart {
  name: string;
  value: string | Buffer;
  fileName?: string;
  type?: string;
}

/** Serializes `parts` as multipart/form-data, in order, with the encoder of Node's fetch. */
async function multipart(parts: FormPart[]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === 'string' && part.fileName === undefined) {
      form.append(part.name, part.value);
    } else {
      form.append(part.name, new Blob([part.value], { type: part.type ?? 'application/octet-stream' }), part.fileName ?? 'file');
    }
  }
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? '' };
}

async function upload(parts: FormPart[], path = kUploadPath) {
  const { body, contentType } = await multipart(parts);
  const response = await harness.app.inject({ method: 'POST', url: path, headers: { 'content-type': contentType }, payload: body });
  return { statusCode: response.statusCode, body: response.json() };
}

function tokenField(value = 'fake-upload:cust-42', name = 'uploadToken'): FormPart {
  return { name, value };
}

function fileField(content: Buffer = png(), fileName = 'photo.jpeg', type = 'image/jpeg'): FormPart {
  return { name: 'attachment', value: content, fileName, type };
}

describe('upload route', () => {
  test('answers the documented JSON for an accepted file', async () => {
    const response = await upload([tokenField(), fileField()]);

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.body, { successful: true, token: 'fake-attachment-1', mimeType: 'image/png', errorCode: 0 });
    const [received] = harness.fake.attachments.uploads;
    assert.deepEqual(received?.start, { uploadToken: 'fake-upload:cust-42', customerId: 'cust-42', fileName: 'photo.jpeg', declaredType: 'image/jpeg' });
    assert.equal(received?.sawEnd, true);
  });

  test('accepts the token in the field authToken', async () => {
    const response = await upload([tokenField('fake-upload:cust-42', 'authToken'), fileField()]);

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.successful, true);
  });

  test('streams the file in chunks of at most 64 KiB', async () => {
    const content = png(300 * 1024 + 7);

    const response = await upload([tokenField(), fileField(content)]);

    assert.equal(response.statusCode, 200);
    const [received] = harness.fake.attachments.uploads;
    assert.ok(received !== undefined);
    assert.equal(received.bytes, content.length);
    assert.ok(Math.max(...received.chunkSizes) <= 64 * 1024, JSON.stringify(received.chunkSizes));
  });

  test('stops forwarding a file that parleyd rejects as too large', async () => {
    harness.fake.attachments.maxBytes = 200 * 1024;

    const response = await upload([tokenField(), fileField(png(2 * 1024 * 1024))]);

    assert.equal(response.statusCode, 413);
    assert.equal(response.body.errorCode, 6);
    const [received] = harness.fake.attachments.uploads;
    assert.ok((received?.bytes ?? 0) < 1024 * 1024, `forwarded ${received?.bytes} bytes`);
  });

  test('maps each rejection to its errorCode and HTTP status', async () => {
    const kCases: Array<{ name: string; parts: FormPart[]; path?: string; status: number; errorCode: number }> = [
      { name: 'forged token', parts: [tokenField('145D6BC5-E617'), fileField()], status: 401, errorCode: 1 },
      { name: 'no token field', parts: [fileField()], status: 401, errorCode: 1 },
      { name: 'token after the file', parts: [fileField(), tokenField()], status: 401, errorCode: 1 },
      { name: 'expired token', parts: [tokenField('fake-upload:cust-42:expired'), fileField()], status: 401, errorCode: 2 },
      { name: "another customer's URL", parts: [tokenField(), fileField()], path: '/account/documentupload/uploader/upload/cust-43', status: 403, errorCode: 3 },
      { name: 'no attachment field', parts: [tokenField()], status: 400, errorCode: 4 },
      { name: 'attachment as text', parts: [tokenField(), { name: 'attachment', value: 'hello' }], status: 400, errorCode: 4 },
      { name: 'empty file', parts: [tokenField(), fileField(Buffer.alloc(0))], status: 400, errorCode: 5 },
      { name: 'type not allowed', parts: [tokenField(), fileField(Buffer.from('#!/bin/sh\necho hi\n'))], status: 415, errorCode: 7 },
    ];
    for (const c of kCases) {
      const response = await upload(c.parts, c.path);
      assert.equal(response.statusCode, c.status, c.name);
      assert.equal(response.body.successful, false, c.name);
      assert.equal(response.body.token, null, c.name);
      assert.equal(response.body.mimeType, null, c.name);
      assert.equal(response.body.errorCode, c.errorCode, c.name);
      assert.equal(typeof response.body.message, 'string', c.name);
    }
  });

  test('reports a storage failure as 503 with errorCode 8', async () => {
    harness.fake.attachments.failNextUpload(grpc.status.UNAVAILABLE, 'event log write failed: IO error');

    const response = await upload([tokenField(), fileField()]);

    assert.equal(response.statusCode, 503);
    assert.equal(response.body.errorCode, 8);
    assert.doesNotMatch(response.body.message, /IO error/);
  });

  test('rejects two files and stores neither', async () => {
    const response = await upload([tokenField(), fileField(png(), 'a.png'), fileField(png(), 'b.png')]);

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.successful, false);
    assert.equal(response.body.token, null);
    assert.equal(response.body.errorCode, 10);
    assert.equal(
      response.body.message,
      'The form has more than one file in the field attachment, and an upload takes one file: send each file in its own request',
    );
    // The gateway cancels the call of the first file before its end message,
    // which parleyd needs to store a file. The call may be cancelled before
    // the fake has seen it at all.
    const { uploads } = harness.fake.attachments;
    assert.ok(uploads.length <= 1, `${uploads.length} upload calls`);
    assert.ok(uploads.every((received) => !received.sawEnd));
  });

  test('rejects more files than the form limit', async () => {
    const files = Array.from({ length: 5 }, (_, i) => fileField(png(), `${i}.png`));

    const response = await upload([tokenField(), ...files]);

    assert.equal(response.statusCode, 400);
    assert.equal(response.body.errorCode, 10);
    assert.match(response.body.message, /^The form has more than 4 files, .*send each file in its own request$/);
    assert.ok(harness.fake.attachments.uploads.every((received) => !received.sawEnd));
  });

  test('accepts one file beside a file in another field', async () => {
    const response = await upload([tokenField(), fileField(), { name: 'thumbnail', value: png(), fileName: 't.png', type: 'image/png' }]);

    assert.equal(response.statusCode, 200);
    assert.equal(response.body.successful, true);
  });

  test('rejects other methods with 405', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
      const response = await harness.app.inject({ method, url: kUploadPath, headers: { 'content-type': 'application/json' }, payload: '{' });

      assert.equal(response.statusCode, 405, method);
      assert.equal(response.headers.allow, 'POST', method);
      if (method === 'HEAD') continue;
      assert.deepEqual(
        response.json(),
        {
          successful: false,
          token: null,
          mimeType: null,
          errorCode: 9,
          message: `${method} ${kUploadPath} is not allowed: send the upload with POST as multipart/form-data`,
        },
        method,
      );
    }
    assert.equal(harness.fake.attachments.uploads.length, 0);
  });

  test('rejects a body that is not multipart', async () => {
    for (const [contentType, payload] of [
      ['application/json', '{"uploadToken":"x"}'],
      ['application/octet-stream', 'bytes'],
    ] as const) {
      const response = await harness.app.inject({ method: 'POST', url: kUploadPath, headers: { 'content-type': contentType }, payload });
      assert.equal(response.statusCode, 415, contentType);
      assert.equal(response.json().errorCode, 9, contentType);
    }
  });
});

/** What a client sending over a real socket got: the JSON response, or the error that broke the connection first. */
type SocketOutcome = { statusCode: number; body: any } | { error: Error };

/**
 * POSTs a multipart form with the token and a PNG of `fileBytes` bytes to
 * the gateway listening on `port`. It sends writes of 1 MiB that wait for
 * the socket to drain, as a browser does, and stops early when the response
 * or an error arrives. The file is generated as it is sent, never kept whole.
 */
function uploadOverSocket(port: number, fileBytes: number): Promise<SocketOutcome> {
  const boundary = 'parley-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="uploadToken"\r\n\r\nfake-upload:cust-42\r\n`
      + `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="big.png"\r\n`
      + 'Content-Type: image/png\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const first = png(1024 * 1024);
  const zeros = Buffer.alloc(1024 * 1024);

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: SocketOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: kUploadPath,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + fileBytes + tail.length),
      },
    });
    request.on('error', (error) => settle({ error }));
    request.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (data: Buffer) => parts.push(data));
      response.on('error', (error) => settle({ error }));
      response.on('end', () => settle({ statusCode: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString()) }));
    });

    void (async () => {
      request.write(head);
      for (let sent = 0; sent < fileBytes && !settled && !request.destroyed; sent += zeros.length) {
        const piece = (sent === 0 ? first : zeros).subarray(0, Math.min(zeros.length, fileBytes - sent));
        if (!request.write(piece)) {
          await new Promise<void>((resume) => {
            const done = () => {
              request.off('drain', done);
              request.off('close', done);
              resume();
            };
            request.on('drain', done);
            request.on('close', done);
          });
        }
      }
      if (!settled && !request.destroyed) request.end(tail);
    })();
  });
}

describe('upload route over a socket', () => {
  let port: number;

  beforeEach(async () => {
    harness.fake.attachments.maxBytes = 200 * 1024;
    await harness.app.listen({ host: '127.0.0.1', port: 0 });
    port = (harness.app.server.address() as AddressInfo).port;
  });

  async function assertHealthy(): Promise<void> {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const small = await uploadOverSocket(port, 100);
    assert.ok('statusCode' in small, `a small upload failed: ${'error' in small ? small.error.message : ''}`);
    assert.equal(small.statusCode, 200);
    assert.equal(small.body.successful, true);
  }

  test('answers errorCode 6 for a file over the limit and stays healthy', { timeout: 60_000 }, async () => {
    const outcome = await uploadOverSocket(port, 8 * 1024 * 1024);

    assert.ok('statusCode' in outcome, `the connection broke: ${'error' in outcome ? outcome.error.message : ''}`);
    assert.equal(outcome.statusCode, 413);
    assert.equal(outcome.body.successful, false);
    assert.equal(outcome.body.errorCode, 6);
    assert.equal(typeof outcome.body.message, 'string');
    await assertHealthy();
  });

  test('closes the connection past the discard limit and stays healthy', { timeout: 120_000 }, async (t) => {
    const outcome = await uploadOverSocket(port, kMaxDiscardBytes + 16 * 1024 * 1024);
    t.diagnostic('statusCode' in outcome ? `response ${outcome.statusCode}` : `connection error: ${outcome.error.message}`);

    // The gateway stops reading after kMaxDiscardBytes, so the client gets
    // the error response or, when it is still sending, a reset.
    if ('statusCode' in outcome) {
      assert.equal(outcome.statusCode, 413);
      assert.equal(outcome.body.errorCode, 6);
    } else {
      assert.match(outcome.error.message, /EPIPE|ECONNRESET|socket hang up/);
    }
    const [received] = harness.fake.attachments.uploads;
    assert.ok((received?.bytes ?? 0) < 1024 * 1024, `forwarded ${received?.bytes} bytes`);
    await assertHealthy();
  });
});

describe('upload route without parleyd', () => {
  test('answers 503 with errorCode 8', async () => {
    await harness.stop();
    harness = await new GatewayHarness().start({ grpcTarget: '127.0.0.1:1' });

    const response = await upload([tokenField(), fileField()]);

    assert.equal(response.statusCode, 503);
    assert.equal(response.body.errorCode, 8);
  });
});

describe('download route', () => {
  test('serves the owner the bytes with the detected type', async () => {
    const content = png(150 * 1024);
    const attachment = harness.fake.attachments.add('cust-42', content);

    const response = await harness.app.inject({
      method: 'GET',
      url: `/account/documentupload/attachments/${attachment.id}`,
      headers: { authorization: `Opaque ${await harness.token('cust-42')}` },
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.equal(response.headers['content-length'], String(content.length));
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(response.rawPayload.equals(content));
  });

  test('accepts the session cookie', async () => {
    const attachment = harness.fake.attachments.add('cust-42', png());

    const response = await harness.app.inject({
      method: 'GET',
      url: `/account/documentupload/attachments/${attachment.id}`,
      cookies: { parley_session: await harness.token('cust-42') },
    });

    assert.equal(response.statusCode, 200);
  });

  test("answers 404 for another customer's attachment and 401 without a token", async () => {
    const attachment = harness.fake.attachments.add('cust-42', png());
    const url = `/account/documentupload/attachments/${attachment.id}`;

    const other = await harness.app.inject({ method: 'GET', url, headers: { authorization: `Opaque ${await harness.token('cust-43')}` } });
    const anonymous = await harness.app.inject({ method: 'GET', url });
    const malformed = await harness.app.inject({
      method: 'GET',
      url: '/account/documentupload/attachments/007',
      headers: { authorization: `Opaque ${await harness.token('cust-42')}` },
    });

    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'NOT_FOUND');
    assert.equal(anonymous.statusCode, 401);
    assert.equal(malformed.statusCode, 404);
  });

  test('names an expired token in 401', async () => {
    const attachment = harness.fake.attachments.add('cust-42', png());
    const url = `/account/documentupload/attachments/${attachment.id}`;

    const expired = await harness.app.inject({ method: 'GET', url, headers: { authorization: `Opaque ${await harness.token('cust-42', -120)}` } });
    const garbage = await harness.app.inject({ method: 'GET', url, headers: { authorization: 'Opaque not-a-jwt' } });

    assert.equal(expired.statusCode, 401);
    assert.deepEqual(expired.json(), {
      code: 'UNAUTHENTICATED',
      message: 'Authentication required: the customer token has expired. Log in again to get a new token, and send it as for /graphql',
    });
    assert.equal(garbage.statusCode, 401);
    assert.equal(garbage.json().message, 'Authentication required: send the customer token as for /graphql');
  });

  test('rejects other methods with 405', async () => {
    const response = await harness.app.inject({ method: 'DELETE', url: '/account/documentupload/attachments/9' });

    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET');
    assert.deepEqual(response.json(), {
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE /account/documentupload/attachments/9 is not allowed: download the attachment with GET',
    });
  });
});

describe('DiscussionMessage.attachments', () => {
  test('lists each attachment with its download URL', async () => {
    const discussion = harness.fake.addDiscussion('cust-42', { messageCount: 1 });
    harness.fake.attach(discussion.id, { id: '9', mimeType: 'application/pdf', sizeBytes: '2048', sha256: Buffer.alloc(32) });

    const response = await harness.post('{ customer { discussions { discussions { messages { messages { attachments { id mimeType size url } } } } } } }', {
      token: await harness.token('cust-42'),
    });

    assert.equal(response.body.errors, undefined, JSON.stringify(response.body.errors));
    const [message] = response.body.data.customer.discussions.discussions[0].messages.messages;
    assert.deepEqual(message.attachments, [{ id: '9', mimeType: 'application/pdf', size: 2048, url: '/account/documentupload/attachments/9' }]);
  });
});
