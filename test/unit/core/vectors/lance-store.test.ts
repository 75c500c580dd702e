// What only the embedded LanceDB store does: upserts that arrive together share one table version,
// and upkeep compacts a table written in many small pieces and deletes its old versions, so a table
// written many times a second (the semantic cache) does not slow down and fill the disk.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { LanceVectorStore } from '../../../../core/vectors/lance-store.ts';
import { pointId } from '../../../../core/vectors/point-id.ts';
import type { VectorPoint } from '../../../../core/vectors/types.ts';
import { embedText } from '../../../support/simulator/embeddings.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-lance-store-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function note(collection: string, index: number): VectorPoint {
  const text = `Note ${index} about subject ${index * 7919}`;
  return { id: pointId(collection, `note-${index}`, 0), vector: embedText(text), text, documentId: `note-${index}`, chunkIndex: 0, metadata: {} };
}

async function tableOf(folder: string, name: string): Promise<lancedb.Table> {
  return (await lancedb.connect(folder)).openTable(name);
}

describe('LanceDB store', () => {
  it('commits upserts that arrive together as one table version, not one each', async () => {
    const folder = path.join(directory, 'together');
    const store = await LanceVectorStore.open(folder);
    await store.createCollection('notes', 256);
    await store.upsert('notes', [note('notes', 0)]);
    const table = await tableOf(folder, 'notes');
    const before = await table.version();
    await Promise.all(Array.from({ length: 60 }, (_, index) => store.upsert('notes', [note('notes', index + 1)])));
    await table.checkoutLatest();
    const versions = (await table.version()) - before;
    assert.ok(versions <= 3, `60 upserts at once made ${versions} versions`);
    assert.equal(await store.count('notes'), 61);
    await store.close();
  });

  it('upkeep compacts a table written in many pieces and deletes versions older than the retention', async () => {
    const folder = path.join(directory, 'upkeep');
    const store = await LanceVectorStore.open(folder, { indexPolicy: { oldVersionRetentionMs: 0 } });
    await store.createCollection('notes', 256);
    for (let index = 0; index < 30; index += 1) await store.upsert('notes', [note('notes', index)]);
    const table = await tableOf(folder, 'notes');
    assert.ok((await table.stats()).fragmentStats.numFragments >= 30);
    assert.ok((await table.listVersions()).length >= 30);
    const upkeep = await store.maintainCollection('notes');
    assert.equal(upkeep?.rows, 30);
    await table.checkoutLatest();
    const fragments = (await table.stats()).fragmentStats.numFragments;
    assert.ok(fragments <= 2, `${fragments} fragments after upkeep`);
    assert.ok((await table.listVersions()).length <= 2, `${(await table.listVersions()).length} versions kept`);
    assert.equal((await store.search('notes', note('notes', 12).vector, { topK: 1 }))[0]?.documentId, 'note-12');
    await store.close();
  });
});
