// Two tiers behind one CacheStore: a small in-process LRU answers repeated hits without I/O, and the
// disk or Redis store behind it is the source of truth shared across processes and restarts.
import type { CacheClearFilter, CacheEntry, CacheStore, CacheStoreStats } from './types.ts';

export interface LayeredStoreOptions {
  memory: CacheStore;
  backing: CacheStore;
}

export function createLayeredStore({ memory, backing }: LayeredStoreOptions): CacheStore {
  return {
    name: 'layered',

    async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const remembered = await memory.get<T>(key);
      if (remembered) return remembered;
      const stored = await backing.get<T>(key);
      // The entry keeps its own expiresAt, so the memory copy lives only for the remaining TTL.
      if (stored) await memory.set(key, stored);
      return stored;
    },

    async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      await backing.set(key, entry);
      await memory.set(key, entry);
    },

    async delete(key: string): Promise<boolean> {
      const [fromBacking, fromMemory] = await Promise.all([backing.delete(key), memory.delete(key)]);
      return fromBacking || fromMemory;
    },

    async clear(filter?: CacheClearFilter): Promise<number> {
      const [fromBacking] = await Promise.all([backing.clear(filter), memory.clear(filter)]);
      return fromBacking;
    },

    stats(): Promise<CacheStoreStats> {
      return backing.stats();
    },

    async close(): Promise<void> {
      await Promise.all([memory.close(), backing.close()]);
    },
  };
}
