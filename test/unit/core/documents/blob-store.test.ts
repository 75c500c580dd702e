import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createDiskBlobStore, createRedisBlobStore, documentIdOf } from '../../../../core/documents/blob-store.ts';
import { startRedisServer } from '../../../support/redis-server.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-blobs-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('disk blob store', () => {
  it('stores a text under the id of its content and reads it back, across instances', async () => {
    const text = 'Ünïcode 文書 🚀\n'.repeat(1000);
    const stored = await createDiskBlobStore(directory).put(text);
    assert.equal(stored.id, documentIdOf(text));
    assert.match(stored.id, /^doc_[0-9a-f]{32}$/);
    assert.equal(stored.bytes, Buffer.byteLength(text));
    assert.equal(await createDiskBlobStore(directory).get(stored.id), text);
  });

  it('gives the same id to the same text and another to another text', async () => {
    const store = createDiskBlobStore(directory);
    assert.equal((await store.put('a')).id, (await store.put('a')).id);
    assert.notEqual((await store.put('a')).id, (await store.put('b')).id);
  });

  it('answers undefined for an unknown id and refuses ids that are not document ids', async () => {
    const store = createDiskBlobStore(directory);
    assert.equal(await store.get(`doc_${'0'.repeat(32)}`), undefined);
    await assert.rejects(store.get('../../etc/passwd'), /not a document_id/);
  });
});

const DAY_MS = 86_400_000;

function age(file: string, byMs: number): void {
  const then = new Date(Date.now() - byMs);
  utimesSync(file, then, then);
}

describe('disk blob store retention', () => {
  it('removes texts neither read nor written within the retention, and keeps those read or stored again', async () => {
    const root = mkdtempSync(path.join(directory, 'retention-'));
    const store = createDiskBlobStore(root, { retentionMs: DAY_MS });
    const read = await store.put('a document a running job still reads');
    const stored = await store.put('a document sent again');
    const forgotten = await store.put('a document nobody asked for since');
    const fileOf = (id: string) => path.join(root, id.slice(4, 6), `${id}.txt`);
    for (const blob of [read, stored, forgotten]) age(fileOf(blob.id), 2 * DAY_MS);
    mkdirSync(path.join(root, 'ab'), { recursive: true });
    const leftover = path.join(root, 'ab', 'doc_ab.txt.123.456.tmp');
    writeFileSync(leftover, 'half written');
    age(leftover, DAY_MS);

    assert.equal(await store.get(read.id), 'a document a running job still reads');
    await store.put('a document sent again');
    assert.equal(await store.sweep(), 1);
    assert.equal(await store.get(read.id), 'a document a running job still reads');
    assert.equal(await store.get(stored.id), 'a document sent again');
    assert.equal(await store.get(forgotten.id), undefined);
    assert.equal(existsSync(leftover), false, 'a temporary file left by a dead writer is removed');
    await store.close();
  });

  it('keeps everything when no retention is set', async () => {
    const root = mkdtempSync(path.join(directory, 'forever-'));
    const store = createDiskBlobStore(root);
    const blob = await store.put('kept for good');
    age(path.join(root, blob.id.slice(4, 6), `${blob.id}.txt`), 3650 * DAY_MS);
    assert.equal(await store.sweep(), 0);
    assert.equal(await store.get(blob.id), 'kept for good');
  });
});

describe('redis blob store retention', () => {
  it('gives each text a TTL of the retention and starts it again on every read and write', async () => {
    const server = await startRedisServer();
    const keyPrefix = `test:${randomUUID()}:`;
    const store = createRedisBlobStore(server.url, { keyPrefix, retentionMs: 100_000 });
    const inspector = new Redis(server.url);
    try {
      const blob = await store.put('a document in Redis');
      const key = `${keyPrefix}${blob.id}`;
      assert.ok((await inspector.ttl(key)) > 90, 'stored with the retention as TTL');
      await inspector.expire(key, 5);
      assert.equal(await store.get(blob.id), 'a document in Redis');
      assert.ok((await inspector.ttl(key)) > 90, 'a read starts the retention again');
      await inspector.expire(key, 5);
      await store.put('a document in Redis');
      assert.ok((await inspector.ttl(key)) > 90, 'storing it again starts the retention again');

      const short = createRedisBlobStore(server.url, { keyPrefix, retentionMs: 1_000 });
      const fleeting = await short.put('gone after a second without reads');
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      assert.equal(await short.get(fleeting.id), undefined);
      await short.close();
    } finally {
      inspector.disconnect();
      await store.close();
      await server.stop();
    }
  });
});
