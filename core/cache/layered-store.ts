// Two tiers behind one CacheStore: a small in-process LRU answers repeated hits without I/O, and the
// disk or Redis store behind it is the source of truth shared across processes and restarts.
import type { CacheClearFilter, CacheEntry, CacheStore, CacheStoreStats, EntryChange } from './types.ts';

export interface LayeredStoreOptions {
  memory: CacheStore;
  backing: CacheStore;
  /**
   * Longest a memory copy lives. Other processes sharing the backing store may clear or replace an
   * entry; this bounds how long this process can still serve the old copy. Default: the entry's TTL.
   */
  memoryTtlMs?: number;
}

export function createLayeredStore({ memory, backing, memoryTtlMs }: LayeredStoreOptions): CacheStore {
  const remember = <T>(key: string, entry: CacheEntry<T>) =>
    memory.set(key, memoryTtlMs === undefined ? entry : { ...entry, expiresAt: Math.min(entry.expiresAt, Date.now() + memoryTtlMs) });
  return {
    name: 'layered',

    async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const remembered = await memory.get<T>(key);
      if (remembered) return remembered;
      const stored = await backing.get<T>(key);
      // The memory copy lives for the remaining TTL at most.
      if (stored) await remember(key, stored);
      return stored;
    },

    async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      await backing.set(key, entry);
      await remember(key, entry);
    },

    async update<T>(key: string, change: EntryChange<T>): Promise<CacheEntry<T> | undefined> {
      // The backing store is the one every process shares: the change is made there, never on a memory copy.
      const next = await backing.update(key, change);
      if (next) await remember(key, next);
      else await memory.delete(key);
      return next;
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
