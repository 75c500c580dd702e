// Shared cache on Redis, for gateways spread over several hosts. Values are JSON with a Redis TTL
// matching the entry's expiry, every key carries a prefix so clearing never touches anyone else's
// data, and an unreachable server becomes a rejected promise that names REDIS_URL rather than an
// unhandled 'error' event that would take the process down.
import { Redis } from 'ioredis';
import { isExpired, matchesClearFilter } from './entry-rules.ts';
import type { CacheClearFilter, CacheEntry, CacheStore, CacheStoreStats, EntryChange } from './types.ts';

export interface RedisStoreOptions {
  url: string;
  /** Prepended to every key; `dg:cache:` unless given. */
  keyPrefix?: string;
  connectTimeoutMs?: number;
  /** Told about connection errors while the client reconnects in the background (for logging). */
  onConnectionError?: (error: Error) => void;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'dg:cache:';
const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
const SCAN_BATCH_SIZE = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;
/** Optimistic update attempts before giving up under contention from other processes. */
const MAX_UPDATE_ATTEMPTS = 50;

export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describeError).join('; ');
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export async function createRedisStore(options: RedisStoreOptions): Promise<CacheStore> {
  const keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  const where = redactRedisUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  });
  let lastConnectionError: unknown;
  client.on('error', (error: Error) => {
    lastConnectionError = error;
    options.onConnectionError?.(error);
  });

  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Cannot connect to the Redis cache at ${where} (from REDIS_URL): ${describeError(lastConnectionError ?? error)}`,
      { cause: error },
    );
  }

  async function run<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new Error(`Redis cache ${operation} failed at ${where} (from REDIS_URL): ${describeError(error)}`, {
        cause: error,
      });
    }
  }

  // WATCH belongs to a connection, so updates get a connection of their own and take turns on it;
  // other processes' writes to the watched key make EXEC fail, and the update is tried again.
  let updates: Redis | undefined;
  let updateQueue: Promise<unknown> = Promise.resolve();
  function updateConnection(): Redis {
    if (!updates) {
      updates = client.duplicate();
      updates.on('error', (error: Error) => options.onConnectionError?.(error));
    }
    return updates;
  }

  async function updateOnce<T>(connection: Redis, key: string, change: EntryChange<T>): Promise<{ done: boolean; next: CacheEntry<T> | undefined }> {
    await connection.watch(key);
    const json = await connection.get(key);
    const current = json === null ? undefined : (JSON.parse(json) as CacheEntry<T>);
    const next = change(current && !isExpired(current, Date.now()) ? current : undefined);
    const remainingMs = next ? Math.floor(next.expiresAt - Date.now()) : 0;
    const transaction = connection.multi();
    if (next && remainingMs > 0) transaction.set(key, JSON.stringify(next), 'PX', remainingMs);
    else transaction.del(key);
    return { done: (await transaction.exec()) !== null, next };
  }

  async function* scanOurKeys(): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(keyPrefix)}*`, 'COUNT', SCAN_BATCH_SIZE);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }

  return {
    name: 'redis',

    get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      return run('read', async () => {
        const json = await client.get(keyPrefix + key);
        if (json === null) return undefined;
        const entry = JSON.parse(json) as CacheEntry<T>;
        return isExpired(entry, Date.now()) ? undefined : entry;
      });
    },

    set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      return run('write', async () => {
        const remainingMs = Math.floor(entry.expiresAt - Date.now());
        if (remainingMs <= 0) {
          await client.del(keyPrefix + key);
          return;
        }
        await client.set(keyPrefix + key, JSON.stringify(entry), 'PX', remainingMs);
      });
    },

    update<T>(key: string, change: EntryChange<T>): Promise<CacheEntry<T> | undefined> {
      const attempt = updateQueue.then(() =>
        run('update', async () => {
          const connection = updateConnection();
          for (let tries = 1; tries <= MAX_UPDATE_ATTEMPTS; tries += 1) {
            const { done, next } = await updateOnce(connection, keyPrefix + key, change);
            if (done) return next;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * tries));
          }
          throw new Error(`gave up after ${MAX_UPDATE_ATTEMPTS} attempts: other processes kept changing the same entry`);
        }),
      );
      updateQueue = attempt.catch(() => undefined);
      return attempt;
    },

    delete(key: string): Promise<boolean> {
      return run('delete', async () => (await client.del(keyPrefix + key)) > 0);
    },

    clear(filter?: CacheClearFilter): Promise<number> {
      return run('clear', async () => {
        let removed = 0;
        for await (const keys of scanOurKeys()) {
          const values = await client.mget(...keys);
          const now = Date.now();
          const doomed = keys.filter((_key, index) => {
            const json = values[index];
            if (json === null || json === undefined) return false;
            return matchesClearFilter(JSON.parse(json) as CacheEntry, filter, now);
          });
          if (doomed.length === 0) continue;
          const pipeline = client.pipeline();
          for (const key of doomed) pipeline.del(key);
          for (const [error, count] of (await pipeline.exec()) ?? []) {
            if (error) throw error;
            removed += typeof count === 'number' ? count : 0;
          }
        }
        return removed;
      });
    },

    stats(): Promise<CacheStoreStats> {
      return run('stats', async () => {
        let entries = 0;
        let sizeBytes = 0;
        for await (const keys of scanOurKeys()) {
          const pipeline = client.pipeline();
          for (const key of keys) pipeline.strlen(key);
          const lengths = (await pipeline.exec()) ?? [];
          keys.forEach((key, index) => {
            const length = lengths[index]?.[1];
            if (typeof length === 'number' && length > 0) {
              entries += 1;
              sizeBytes += length + Buffer.byteLength(key, 'utf8');
            }
          });
        }
        return { entries, sizeBytes };
      });
    },

    async close(): Promise<void> {
      for (const connection of updates ? [client, updates] : [client]) {
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      }
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
