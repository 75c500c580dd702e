// In-process LRU cache: the fastest tier, bounded by entry count and by total serialised size so a
// burst of large answers cannot grow the heap without limit. Entries are kept as JSON text, which
// both measures their size and keeps callers from mutating what is cached.
import { isExpired, matchesClearFilter } from './entry-rules.ts';
import type { CacheClearFilter, CacheEntry, CacheEntryMeta, CacheStore, CacheStoreStats, EntryChange } from './types.ts';

export interface MemoryStoreOptions {
  maxEntries: number;
  /** Upper bound on the summed UTF-8 byte length of the entries' JSON. */
  maxBytes: number;
}

interface StoredEntry {
  json: string;
  bytes: number;
  meta: CacheEntryMeta;
  createdAt: number;
  expiresAt: number;
}

export function createMemoryStore(options: MemoryStoreOptions): CacheStore {
  if (!(options.maxEntries > 0) || !(options.maxBytes > 0)) {
    throw new Error('Memory cache needs maxEntries and maxBytes greater than zero');
  }
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, StoredEntry>();
  let totalBytes = 0;

  function remove(key: string): boolean {
    const stored = entries.get(key);
    if (!stored) return false;
    entries.delete(key);
    totalBytes -= stored.bytes;
    return true;
  }

  function evictWhileOverBounds(): void {
    while (entries.size > options.maxEntries || totalBytes > options.maxBytes) {
      const oldest = entries.keys().next();
      if (oldest.done) return;
      remove(oldest.value);
    }
  }

  function removeExpired(now: number): void {
    for (const [key, stored] of entries) {
      if (isExpired(stored, now)) remove(key);
    }
  }

  // Synchronous, so a read-modify-write made of them cannot interleave with another.
  function read<T>(key: string): CacheEntry<T> | undefined {
    const stored = entries.get(key);
    if (!stored) return undefined;
    if (isExpired(stored, Date.now())) {
      remove(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, stored);
    return JSON.parse(stored.json) as CacheEntry<T>;
  }

  function write<T>(key: string, entry: CacheEntry<T>): void {
    remove(key);
    if (isExpired(entry, Date.now())) return;
    const json = JSON.stringify(entry);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > options.maxBytes) return;
    entries.set(key, { json, bytes, meta: entry.meta, createdAt: entry.createdAt, expiresAt: entry.expiresAt });
    totalBytes += bytes;
    evictWhileOverBounds();
  }

  return {
    name: 'memory',

    async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      return read<T>(key);
    },

    async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      write(key, entry);
    },

    async update<T>(key: string, change: EntryChange<T>): Promise<CacheEntry<T> | undefined> {
      const next = change(read<T>(key));
      if (next) write(key, next);
      else remove(key);
      return next;
    },

    async delete(key: string): Promise<boolean> {
      return remove(key);
    },

    async clear(filter?: CacheClearFilter): Promise<number> {
      const now = Date.now();
      removeExpired(now);
      let removed = 0;
      for (const [key, stored] of entries) {
        if (matchesClearFilter(stored, filter, now) && remove(key)) removed += 1;
      }
      return removed;
    },

    async stats(): Promise<CacheStoreStats> {
      removeExpired(Date.now());
      return { entries: entries.size, sizeBytes: totalBytes };
    },

    async close(): Promise<void> {
      entries.clear();
      totalBytes = 0;
    },
  };
}
