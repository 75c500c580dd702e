// Persistent cache on LMDB: survives restarts and is shared safely by every gateway process on one
// host (LMDB serialises writers across processes through its lock file). An age index keyed by
// [createdAt, key] makes "evict the oldest" a cursor walk, and LMDB's page statistics give the entry
// count and size without scanning.
import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { isExpired, matchesClearFilter } from './entry-rules.ts';
import type { CacheClearFilter, CacheEntry, CacheStore, CacheStoreStats, EntryChange } from './types.ts';

export interface DiskStoreOptions {
  directory: string;
  /** Once a write takes the store past this many entries, the oldest ones are removed. */
  maxEntries: number;
  /** Initial memory-map size; LMDB grows it when the data outgrows it. */
  mapSizeBytes?: number;
}

const DEFAULT_MAP_SIZE_BYTES = 1024 * 1024 * 1024;

type AgeKey = [number, string];

interface PageStatistics {
  entryCount: number;
  pageSize: number;
  treeBranchPageCount: number;
  treeLeafPageCount: number;
  overflowPages: number;
}

export function createDiskStore(options: DiskStoreOptions): CacheStore {
  if (!(options.maxEntries > 0)) throw new Error('Disk cache needs maxEntries greater than zero');
  mkdirSync(options.directory, { recursive: true });
  const root: RootDatabase = open({
    path: options.directory,
    maxDbs: 4,
    mapSize: options.mapSizeBytes ?? DEFAULT_MAP_SIZE_BYTES,
    compression: false,
  });
  const entries: Database<CacheEntry, string> = root.openDB<CacheEntry, string>({
    name: 'entries',
    encoding: 'json',
    compression: false,
  });
  const byAge: Database<boolean, AgeKey> = root.openDB<boolean, AgeKey>({
    name: 'entries-by-age',
    encoding: 'json',
    compression: false,
  });

  // Must run inside a write transaction: the read and both removals commit together.
  function removeWithinTransaction(key: string): CacheEntry | undefined {
    const existing = entries.get(key);
    if (!existing) return undefined;
    entries.removeSync(key);
    byAge.removeSync([existing.createdAt, key]);
    return existing;
  }

  function writeWithinTransaction(key: string, entry: CacheEntry): void {
    removeWithinTransaction(key);
    if (isExpired(entry, Date.now())) return;
    entries.putSync(key, entry);
    byAge.putSync([entry.createdAt, key], true);
    evictOldestWithinTransaction();
  }

  function pageStatistics(): PageStatistics {
    return entries.getStats() as PageStatistics;
  }

  function evictOldestWithinTransaction(): void {
    const excess = pageStatistics().entryCount - options.maxEntries;
    if (excess <= 0) return;
    const oldest = [...byAge.getKeys({ limit: excess, snapshot: false })];
    for (const [, key] of oldest) removeWithinTransaction(key);
  }

  return {
    name: 'disk',

    async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (isExpired(entry, Date.now())) {
        await entries.transaction(() => {
          const current = entries.get(key);
          if (current && isExpired(current, Date.now())) removeWithinTransaction(key);
        });
        return undefined;
      }
      return entry as CacheEntry<T>;
    },

    async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      await entries.transaction(() => writeWithinTransaction(key, entry as CacheEntry));
    },

    // LMDB runs one write transaction at a time across every process: the read and the write commit together.
    async update<T>(key: string, change: EntryChange<T>): Promise<CacheEntry<T> | undefined> {
      return entries.transaction(() => {
        const current = entries.get(key) as CacheEntry<T> | undefined;
        const next = change(current && !isExpired(current, Date.now()) ? current : undefined);
        if (next) writeWithinTransaction(key, next as CacheEntry);
        else removeWithinTransaction(key);
        return next;
      });
    },

    async delete(key: string): Promise<boolean> {
      return entries.transaction(() => removeWithinTransaction(key) !== undefined);
    },

    async clear(filter?: CacheClearFilter): Promise<number> {
      return entries.transaction(() => {
        const now = Date.now();
        const matching: Array<{ key: string; live: boolean }> = [];
        for (const { key, value } of entries.getRange({ snapshot: false })) {
          const live = !isExpired(value, now);
          if (!live || matchesClearFilter(value, filter, now)) matching.push({ key, live });
        }
        let removed = 0;
        for (const { key, live } of matching) {
          removeWithinTransaction(key);
          if (live) removed += 1;
        }
        return removed;
      });
    },

    async stats(): Promise<CacheStoreStats> {
      const statistics = pageStatistics();
      const pages = statistics.treeBranchPageCount + statistics.treeLeafPageCount + statistics.overflowPages;
      return { entries: statistics.entryCount, sizeBytes: pages * statistics.pageSize };
    },

    async close(): Promise<void> {
      await root.close();
    },
  };
}
