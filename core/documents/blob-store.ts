// Documents travel once: the MCP layer stores a document's text under the sha256 of its content and
// hands workflows the id, so no workflow payload carries a large text. Disk by default (one host);
// Redis when workers run on several hosts. Growth is bounded by a retention (BLOB_RETENTION_DAYS):
// a text not read or written for that long is removed — by a periodic sweep on disk, by a TTL in
// Redis — and every read or write starts its time again, so a text a job still reads stays.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';

/** `doc_` and the first 32 hex digits (128 bits) of the text's sha256. */
export const DOCUMENT_ID_PATTERN = /^doc_[0-9a-f]{32}$/;

export interface StoredBlob {
  id: string;
  bytes: number;
}

export interface BlobStore {
  /** Stores a text (idempotent: the same text always gets the same id). */
  put(text: string): Promise<StoredBlob>;
  /** The text, or undefined when no blob has this id. */
  get(id: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface DiskBlobStore extends BlobStore {
  /** Removes the texts not read or written within the retention; returns how many went. */
  sweep(now?: number): Promise<number>;
}

export interface BlobRetention {
  /** A text not read or written for this long is removed; undefined: kept for good. */
  retentionMs?: number | undefined;
}

/** How often the disk store sweeps at most (and at least, for short retentions, four times per retention). */
const MAX_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** A temporary file this old was left by a writer that died mid-write. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

export function documentIdOf(text: string): string {
  return `doc_${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)}`;
}

function checkId(id: string): void {
  // Ids reach file paths and Redis keys: only the documented shape is ever used.
  if (!DOCUMENT_ID_PATTERN.test(id)) throw new Error(`"${id}" is not a document_id (expected doc_ and 32 hex digits)`);
}

/** Starts a blob's retention again (its modification time is what the sweep reads). */
function touch(file: string): boolean {
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export function createDiskBlobStore(directory: string, options: BlobRetention = {}): DiskBlobStore {
  const fileOf = (id: string) => path.join(directory, id.slice(4, 6), `${id}.txt`);
  const { retentionMs } = options;
  const store: DiskBlobStore = {
    async put(text) {
      const id = documentIdOf(text);
      const file = fileOf(id);
      if (!existsSync(file) || !touch(file)) {
        mkdirSync(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
        writeFileSync(temporary, text, 'utf8');
        renameSync(temporary, file);
      }
      return { id, bytes: Buffer.byteLength(text, 'utf8') };
    },
    async get(id) {
      checkId(id);
      try {
        const text = readFileSync(fileOf(id), 'utf8');
        if (retentionMs !== undefined) touch(fileOf(id));
        return text;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async sweep(now = Date.now()) {
      if (retentionMs === undefined) return 0;
      let removed = 0;
      const shards = await readdir(directory).catch(() => [] as string[]);
      for (const shard of shards) {
        const names = await readdir(path.join(directory, shard)).catch(() => [] as string[]);
        for (const name of names) {
          const file = path.join(directory, shard, name);
          const limit = name.endsWith('.tmp') ? STALE_TEMPORARY_MS : name.endsWith('.txt') ? retentionMs : undefined;
          if (limit === undefined) continue;
          const info = await stat(file).catch(() => undefined);
          if (!info || now - info.mtimeMs <= limit) continue;
          await unlink(file).then(
            () => (removed += name.endsWith('.txt') ? 1 : 0),
            () => undefined,
          );
        }
      }
      return removed;
    },
    async close() {
      clearInterval(sweeper);
    },
  };
  const sweeper =
    retentionMs === undefined
      ? undefined
      : setInterval(() => void store.sweep().catch(() => undefined), Math.max(1_000, Math.min(MAX_SWEEP_INTERVAL_MS, retentionMs / 4)));
  sweeper?.unref();
  if (retentionMs !== undefined) void store.sweep().catch(() => undefined);
  return store;
}

export function createRedisBlobStore(url: string, options: BlobRetention & { keyPrefix?: string; onConnectionError?: (error: Error) => void } = {}): BlobStore {
  const prefix = options.keyPrefix ?? 'dg:blob:';
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  client.on('error', (error: Error) => options.onConnectionError?.(error));
  const ttlSeconds = options.retentionMs === undefined ? undefined : Math.max(1, Math.round(options.retentionMs / 1000));
  return {
    async put(text) {
      const id = documentIdOf(text);
      const key = `${prefix}${id}`;
      if (ttlSeconds === undefined) await client.set(key, text, 'NX');
      // Written when new, its TTL started again when it was there already.
      else await client.multi().set(key, text, 'EX', ttlSeconds, 'NX').expire(key, ttlSeconds).exec();
      return { id, bytes: Buffer.byteLength(text, 'utf8') };
    },
    async get(id) {
      checkId(id);
      const key = `${prefix}${id}`;
      return (ttlSeconds === undefined ? await client.get(key) : await client.getex(key, 'EX', ttlSeconds)) ?? undefined;
    },
    async close() {
      client.disconnect();
    },
  };
}
