import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../../../../core/cache/memory-store.ts';
import { describeCacheStoreContract, makeEntry } from './cache-store-contract.ts';

describeCacheStoreContract('memory', {
  create: async () => createMemoryStore({ maxEntries: 1_000, maxBytes: 10 * 1024 * 1024 }),
});

describe('memory store bounds', () => {
  it('evicts the least recently used entry when over the entry limit', async () => {
    const store = createMemoryStore({ maxEntries: 2, maxBytes: 1024 * 1024 });
    await store.set('a', makeEntry('A'));
    await store.set('b', makeEntry('B'));
    await store.get('a');
    await store.set('c', makeEntry('C'));
    assert.equal(await store.get('b'), undefined);
    assert.equal((await store.get<string>('a'))?.value, 'A');
    assert.equal((await store.get<string>('c'))?.value, 'C');
    assert.equal((await store.stats()).entries, 2);
  });

  it('evicts the oldest entries until the total JSON size fits the byte limit', async () => {
    const sample = makeEntry('x'.repeat(1_000));
    const entryBytes = Buffer.byteLength(JSON.stringify(sample));
    const store = createMemoryStore({ maxEntries: 100, maxBytes: Math.floor(entryBytes * 2.5) });
    await store.set('first', makeEntry('x'.repeat(1_000)));
    await store.set('second', makeEntry('x'.repeat(1_000)));
    await store.set('third', makeEntry('x'.repeat(1_000)));
    assert.equal(await store.get('first'), undefined);
    assert.ok(await store.get('second'));
    assert.ok(await store.get('third'));
    const stats = await store.stats();
    assert.equal(stats.entries, 2);
    assert.ok(stats.sizeBytes <= entryBytes * 2.5);
  });

  it('refuses an entry bigger than the whole byte budget without dropping the others', async () => {
    const store = createMemoryStore({ maxEntries: 10, maxBytes: 500 });
    await store.set('small', makeEntry('ok'));
    await store.set('huge', makeEntry('z'.repeat(2_000)));
    assert.equal(await store.get('huge'), undefined);
    assert.ok(await store.get('small'));
  });

  it('hands out copies, so changing a returned value does not change the cache', async () => {
    const store = createMemoryStore({ maxEntries: 10, maxBytes: 10_000 });
    await store.set('k', makeEntry({ list: [1, 2] }));
    const first = await store.get<{ list: number[] }>('k');
    first?.value.list.push(3);
    assert.deepEqual((await store.get<{ list: number[] }>('k'))?.value.list, [1, 2]);
  });
});
