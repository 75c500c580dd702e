// Concurrent additions to the semantic index, from one process and from several, on every store a
// gateway can share: none may be lost (a read-modify-write without atomicity kept 1 of 10).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createDiskStore } from '../../../../core/cache/disk-store.ts';
import { createMemoryStore } from '../../../../core/cache/memory-store.ts';
import { createRedisStore } from '../../../../core/cache/redis-store.ts';
import { SemanticIndex } from '../../../../core/cache/semantic-index.ts';
import type { CacheStore } from '../../../../core/cache/types.ts';
import { startRedisServer, type TestRedisServer } from '../../../support/redis-server.ts';
import { oneHot } from './semantic-index-vectors.ts';

const WRITER = fileURLToPath(new URL('./semantic-index-writer-process.ts', import.meta.url));
const META = { provider: 'openai', model: 'gpt-test' };
const directories: string[] = [];
let redis: TestRedisServer;

before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis.stop();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'semantic-index-'));
  directories.push(directory);
  return directory;
}

async function assertAllFound(store: CacheStore, items: number): Promise<void> {
  const index = new SemanticIndex(store);
  const missing: number[] = [];
  for (let item = 0; item < items; item += 1) {
    const found = await index.nearest('scope', oneHot(item), 0.99);
    if (found?.answerKey !== `answer-${item}`) missing.push(item);
  }
  assert.deepEqual(missing, [], `${missing.length} of ${items} additions were lost`);
}

async function addConcurrently(store: CacheStore, first: number, count: number): Promise<void> {
  const index = new SemanticIndex(store);
  const expiresAt = Date.now() + 60_000;
  await Promise.all(Array.from({ length: count }, (_unused, offset) => index.add('scope', oneHot(first + offset), `answer-${first + offset}`, expiresAt, META)));
}

/** Four writer processes of ten additions each, while this process adds ten more. */
async function addFromProcesses(store: CacheStore, backend: 'disk' | 'redis', location: string, keyPrefix: string): Promise<void> {
  const children = [0, 1, 2, 3].map((writer) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', WRITER, backend, location, keyPrefix, String(10 + writer * 10), '10'], { timeout: 60_000 }),
  );
  await Promise.all([...children, addConcurrently(store, 0, 10)]);
}

describe('semantic index additions', () => {
  it('keeps all of ten concurrent additions in one process (memory store)', async () => {
    const store = createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 });
    await addConcurrently(store, 0, 10);
    await assertAllFound(store, 10);
  });

  it('keeps every addition made at once by five processes sharing a disk store', async () => {
    const directory = temporaryDirectory();
    const store = createDiskStore({ directory, maxEntries: 1_000 });
    try {
      await addFromProcesses(store, 'disk', directory, 'unused');
      await assertAllFound(store, 50);
    } finally {
      await store.close();
    }
  });

  it('keeps every addition made at once by five processes sharing Redis', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const store = await createRedisStore({ url: redis.url, keyPrefix });
    try {
      await addFromProcesses(store, 'redis', redis.url, keyPrefix);
      await assertAllFound(store, 50);
    } finally {
      await store.close();
    }
  });
});
