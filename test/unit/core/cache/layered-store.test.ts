import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createDiskStore } from '../../../../core/cache/disk-store.ts';
import { createLayeredStore } from '../../../../core/cache/layered-store.ts';
import { createMemoryStore } from '../../../../core/cache/memory-store.ts';
import type { CacheStore } from '../../../../core/cache/types.ts';
import { describeCacheStoreContract, makeEntry, sleep } from './cache-store-contract.ts';

const temporaryDirectories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-layered-cache-'));
  temporaryDirectories.push(directory);
  return directory;
}
after(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function tiers(): { memory: CacheStore; backing: CacheStore; layered: CacheStore } {
  const memory = createMemoryStore({ maxEntries: 100, maxBytes: 1024 * 1024 });
  const backing = createDiskStore({ directory: temporaryDirectory(), maxEntries: 1_000 });
  return { memory, backing, layered: createLayeredStore({ memory, backing }) };
}

describeCacheStoreContract('layered memory+disk', {
  create: async () => tiers().layered,
});

describe('layered store tiers', () => {
  it('writes through to the backing store, which a later process would read', async () => {
    const { backing, layered } = tiers();
    try {
      await layered.set('k', makeEntry('written once'));
      assert.equal((await backing.get<string>('k'))?.value, 'written once');
    } finally {
      await layered.close();
    }
  });

  it('serves a backing hit from memory afterwards', async () => {
    const { memory, backing, layered } = tiers();
    try {
      await backing.set('warm', makeEntry('from disk'));
      assert.equal(await memory.get('warm'), undefined);
      assert.equal((await layered.get<string>('warm'))?.value, 'from disk');
      assert.equal((await memory.get<string>('warm'))?.value, 'from disk');
    } finally {
      await layered.close();
    }
  });

  it('lets the memory copy of a backing hit expire with the entry, not later', async () => {
    const { memory, backing, layered } = tiers();
    try {
      await backing.set('brief', makeEntry('short-lived', { ttlMs: 200 }));
      assert.ok(await layered.get('brief'));
      await sleep(300);
      assert.equal(await memory.get('brief'), undefined);
      assert.equal(await layered.get('brief'), undefined);
    } finally {
      await layered.close();
    }
  });

  it('removes an entry from both tiers on delete and clear', async () => {
    const { memory, backing, layered } = tiers();
    try {
      await layered.set('deleted', makeEntry(1));
      await layered.set('cleared', makeEntry(2, { meta: { kind: 'chunk' } }));
      assert.equal(await layered.delete('deleted'), true);
      assert.equal(await layered.clear({ kind: 'chunk' }), 1);
      for (const key of ['deleted', 'cleared']) {
        assert.equal(await memory.get(key), undefined);
        assert.equal(await backing.get(key), undefined);
      }
    } finally {
      await layered.close();
    }
  });

  it('reports stats from the backing store, which holds everything', async () => {
    const memory = createMemoryStore({ maxEntries: 1, maxBytes: 1024 * 1024 });
    const backing = createDiskStore({ directory: temporaryDirectory(), maxEntries: 1_000 });
    const layered = createLayeredStore({ memory, backing });
    try {
      for (const key of ['a', 'b', 'c']) await layered.set(key, makeEntry(key));
      assert.equal((await memory.stats()).entries, 1);
      assert.equal((await layered.stats()).entries, 3);
      assert.equal((await layered.get<string>('a'))?.value, 'a');
    } finally {
      await layered.close();
    }
  });
});

describe('layered store shared with other processes', () => {
  it('lets a memory copy live no longer than memoryTtlMs, so a clear elsewhere is seen soon', async () => {
    const backing = createMemoryStore({ maxEntries: 10, maxBytes: 100_000 });
    const layered = createLayeredStore({ memory: createMemoryStore({ maxEntries: 10, maxBytes: 100_000 }), backing, memoryTtlMs: 100 });
    const now = Date.now();
    await layered.set('shared', { value: 'v', meta: { kind: 'exact' }, createdAt: now, expiresAt: now + 60_000 });
    await backing.clear(); // another process clears the shared store
    assert.equal((await layered.get('shared'))?.value, 'v', 'served from memory at first');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await layered.get('shared'), undefined);
  });
});
