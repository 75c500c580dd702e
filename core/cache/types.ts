// The storage contract every cache backend (memory LRU, disk, Redis) fulfils. Cache policy — what
// is keyed how, which TTL a task type gets, what is never cached — lives above this, not in stores.

export type CacheKind = 'exact' | 'semantic' | 'chunk' | 'embedding';

export interface CacheEntryMeta {
  kind: CacheKind;
  provider?: string;
  model?: string;
  tool?: string;
  taskType?: string;
  /** Tokens and dollars the original call cost: what a hit saves. */
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

export interface CacheEntry<T = unknown> {
  /** JSON-serialisable payload. */
  value: T;
  meta: CacheEntryMeta;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; the entry is invisible after this. */
  expiresAt: number;
}

export type EntryChange<T> = (current: CacheEntry<T> | undefined) => CacheEntry<T> | undefined;

export interface CacheClearFilter {
  kind?: CacheKind;
  provider?: string;
  /** Only entries created more than this many milliseconds ago. */
  olderThanMs?: number;
}

export interface CacheStoreStats {
  entries: number;
  sizeBytes: number;
}

export interface CacheStore {
  readonly name: 'memory' | 'disk' | 'redis' | 'layered';
  get<T = unknown>(key: string): Promise<CacheEntry<T> | undefined>;
  set<T = unknown>(key: string, entry: CacheEntry<T>): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Read-modify-write of one entry as a single atomic step, across every process sharing the store:
   * `change` sees the live entry (undefined when absent or expired) and returns the new one
   * (undefined removes it). It may run more than once under contention, so it must be pure.
   */
  update<T = unknown>(key: string, change: EntryChange<T>): Promise<CacheEntry<T> | undefined>;
  /** Removes matching entries (all when no filter) and returns how many were removed. */
  clear(filter?: CacheClearFilter): Promise<number>;
  stats(): Promise<CacheStoreStats>;
  close(): Promise<void>;
}
