// Hit, miss and savings counters: since this process started, and all-time in a small persistent
// counter store (LMDB beside the disk cache, or a Redis hash when the cache is shared through Redis)
// so every process on every host adds to the same totals.
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import type { Redis } from 'ioredis';

export const COUNTER_NAMES = ['exact_hits', 'semantic_hits', 'exact_misses', 'semantic_misses', 'saved_input_tokens', 'saved_output_tokens', 'saved_usd'] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export function emptyCounters(): Counters {
  return { exact_hits: 0, semantic_hits: 0, exact_misses: 0, semantic_misses: 0, saved_input_tokens: 0, saved_output_tokens: 0, saved_usd: 0 };
}

export interface CounterBackend {
  add(delta: Partial<Counters>): Promise<void>;
  read(): Promise<Counters>;
  close(): Promise<void>;
}

export function memoryCounters(): CounterBackend {
  const totals = emptyCounters();
  return {
    async add(delta) {
      for (const name of COUNTER_NAMES) totals[name] += delta[name] ?? 0;
    },
    async read() {
      return { ...totals };
    },
    async close() {},
  };
}

export function lmdbCounters(directory: string): CounterBackend {
  mkdirSync(directory, { recursive: true });
  const database: RootDatabase<number, string> = open<number, string>({ path: directory, name: 'cache-counters', encoding: 'msgpack' });
  return {
    async add(delta) {
      // A write transaction: read-modify-write is atomic across processes sharing the directory.
      await database.transaction(() => {
        for (const name of COUNTER_NAMES) {
          const value = delta[name];
          if (value) void database.put(name, (database.get(name) ?? 0) + value);
        }
      });
    },
    async read() {
      const totals = emptyCounters();
      for (const name of COUNTER_NAMES) totals[name] = database.get(name) ?? 0;
      return totals;
    },
    async close() {
      await database.close();
    },
  };
}

export function redisCounters(client: Redis, key: string): CounterBackend {
  return {
    async add(delta) {
      const pipeline = client.pipeline();
      for (const name of COUNTER_NAMES) if (delta[name]) pipeline.hincrbyfloat(key, name, delta[name]);
      await pipeline.exec();
    },
    async read() {
      const stored = await client.hgetall(key);
      const totals = emptyCounters();
      for (const name of COUNTER_NAMES) totals[name] = Number(stored[name] ?? 0);
      return totals;
    },
    async close() {
      client.disconnect();
    },
  };
}

/** Counts in this process, and forwards to the shared backend without making callers wait. */
export class CacheCounters {
  readonly sinceStart = emptyCounters();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly backend: CounterBackend,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(delta: Partial<Counters>): void {
    for (const name of COUNTER_NAMES) this.sinceStart[name] += delta[name] ?? 0;
    const write = this.backend.add(delta).catch(this.onError);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  async allTime(): Promise<Counters> {
    await Promise.allSettled([...this.pending]);
    return this.backend.read();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.backend.close();
  }
}
