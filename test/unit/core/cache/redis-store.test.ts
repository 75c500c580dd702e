import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../../../core/cache/redis-store.ts';
import { freePort } from '../../../support/free-port.ts';
import { startRedisServer, type TestRedisServer } from '../../../support/redis-server.ts';
import { describeCacheStoreContract, makeEntry, sleep } from './cache-store-contract.ts';

let server: TestRedisServer;
before(async () => {
  server = await startRedisServer();
});
after(async () => {
  await server.stop();
});

function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

describeCacheStoreContract('redis', {
  create: () => createRedisStore({ url: server.url, keyPrefix: uniquePrefix() }),
});

describe('redis store sharing and isolation', () => {
  it('lets a second client read what the first one wrote', async () => {
    const keyPrefix = uniquePrefix();
    const writer = await createRedisStore({ url: server.url, keyPrefix });
    const reader = await createRedisStore({ url: server.url, keyPrefix });
    try {
      await writer.set('shared', makeEntry({ text: 'cached once, read anywhere' }));
      assert.deepEqual((await reader.get<{ text: string }>('shared'))?.value, { text: 'cached once, read anywhere' });
      assert.equal(await reader.delete('shared'), true);
      assert.equal(await writer.get('shared'), undefined);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it('stores keys under the default prefix with a Redis TTL matching the entry', async () => {
    const store = await createRedisStore({ url: server.url });
    const raw = new Redis(server.url);
    try {
      const key = `ttl-${randomUUID()}`;
      await store.set(key, makeEntry('expiring', { ttlMs: 30_000 }));
      const remaining = await raw.pttl(`dg:cache:${key}`);
      assert.ok(remaining > 25_000 && remaining <= 30_000, `PTTL ${remaining} should be close to 30s`);
      await store.delete(key);
    } finally {
      await store.close();
      await raw.quit();
    }
  });

  it('never clears keys outside its own prefix', async () => {
    const ours = await createRedisStore({ url: server.url, keyPrefix: uniquePrefix() });
    const theirs = await createRedisStore({ url: server.url, keyPrefix: uniquePrefix() });
    const raw = new Redis(server.url);
    const foreignKey = `unrelated:${randomUUID()}`;
    try {
      await raw.set(foreignKey, 'not a cache entry');
      await ours.set('a', makeEntry('ours'));
      await theirs.set('a', makeEntry('theirs'));
      assert.equal(await ours.clear(), 1);
      assert.equal((await theirs.get<string>('a'))?.value, 'theirs');
      assert.equal(await raw.get(foreignKey), 'not a cache entry');
      assert.equal((await ours.stats()).entries, 0);
      assert.equal((await theirs.stats()).entries, 1);
    } finally {
      await raw.del(foreignKey);
      await Promise.all([ours.close(), theirs.close(), raw.quit()]);
    }
  });
});

describe('redis store when Redis is unreachable', () => {
  it('rejects with a message naming REDIS_URL and leaves the process running', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await assert.rejects(
      createRedisStore({ url, connectTimeoutMs: 1_000 }),
      (error: Error) => {
        assert.match(error.message, /REDIS_URL/);
        assert.ok(error.message.includes(url), error.message);
        return true;
      },
    );
    await sleep(300);
  });

  it('hides the password in the connection error', async () => {
    const url = `redis://cache-user:s3cret-pass@127.0.0.1:${await freePort()}`;
    await assert.rejects(createRedisStore({ url, connectTimeoutMs: 1_000 }), (error: Error) => {
      assert.ok(!error.message.includes('s3cret-pass'), error.message);
      return true;
    });
  });

  it('turns a server that goes away into rejected operations, not a crash', async () => {
    const doomed = await startRedisServer();
    const store = await createRedisStore({ url: doomed.url });
    try {
      await store.set('before', makeEntry('still here'));
      await doomed.stop();
      await assert.rejects(store.get('before'), /REDIS_URL/);
      await assert.rejects(store.set('after', makeEntry('lost')), /REDIS_URL/);
    } finally {
      await store.close();
    }
  });
});
