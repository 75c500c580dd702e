// Documents travel once: the MCP layer stores a document's text under the sha256 of its content and
// hands workflows the id, so no workflow payload carries a large text. Disk by default (one host);
// Redis when workers run on several hosts.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
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

export function documentIdOf(text: string): string {
  return `doc_${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)}`;
}

function checkId(id: string): void {
  // Ids reach file paths and Redis keys: only the documented shape is ever used.
  if (!DOCUMENT_ID_PATTERN.test(id)) throw new Error(`"${id}" is not a document_id (expected doc_ and 32 hex digits)`);
}

export function createDiskBlobStore(directory: string): BlobStore {
  const fileOf = (id: string) => path.join(directory, id.slice(4, 6), `${id}.txt`);
  return {
    async put(text) {
      const id = documentIdOf(text);
      const file = fileOf(id);
      if (!existsSync(file)) {
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
        return readFileSync(fileOf(id), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async close() {},
  };
}

export function createRedisBlobStore(url: string, options: { keyPrefix?: string; onConnectionError?: (error: Error) => void } = {}): BlobStore {
  const prefix = options.keyPrefix ?? 'dg:blob:';
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  client.on('error', (error: Error) => options.onConnectionError?.(error));
  return {
    async put(text) {
      const id = documentIdOf(text);
      await client.set(`${prefix}${id}`, text, 'NX');
      return { id, bytes: Buffer.byteLength(text, 'utf8') };
    },
    async get(id) {
      checkId(id);
      return (await client.get(`${prefix}${id}`)) ?? undefined;
    },
    async close() {
      client.disconnect();
    },
  };
}
