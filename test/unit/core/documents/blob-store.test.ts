import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createDiskBlobStore, documentIdOf } from '../../../../core/documents/blob-store.ts';

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
