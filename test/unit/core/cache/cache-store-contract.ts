// The behaviour every CacheStore promises, written once and run against each real backend so the
// memory, disk, Redis and layered stores cannot drift apart.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { CacheEntry, CacheEntryMeta, CacheStore } from '../../../../core/cache/types.ts';

export interface ContractSubject {
  /** A fresh, empty store; called once per test. */
  create(): Promise<CacheStore>;
}

const SHORT_TTL_MS = 150;

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

export function makeEntry<T>(value: T, options: { meta?: Partial<CacheEntryMeta>; ttlMs?: number; ageMs?: number } = {}): CacheEntry<T> {
  const now = Date.now();
  return {
    value,
    meta: { kind: 'exact', provider: 'openai', model: 'gpt-test', ...options.meta },
    createdAt: now - (options.ageMs ?? 0),
    expiresAt: now + (options.ttlMs ?? 60_000),
  };
}

export function describeCacheStoreContract(label: string, subject: ContractSubject): void {
  describe(`${label} store fulfils the cache contract`, () => {
    const opened: CacheStore[] = [];
    async function freshStore(): Promise<CacheStore> {
      const store = await subject.create();
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('returns what was stored, value and metadata alike', async () => {
      const store = await freshStore();
      const entry = makeEntry(
        { text: 'Paris is the capital of France.', tags: ['geo', 'ünïcødé'], nested: { score: 0.5 } },
        { meta: { tool: 'summarize', inputTokens: 12, outputTokens: 7, costUsd: 0.00042 } },
      );
      await store.set('answer:1', entry);
      assert.deepEqual(await store.get('answer:1'), entry);
    });

    it('updates an entry from its live value: absent and expired read as undefined, undefined removes', async () => {
      const store = await freshStore();
      const seen: Array<number | undefined> = [];
      const increment = (current: CacheEntry<number> | undefined) => {
        seen.push(current?.value);
        return makeEntry((current?.value ?? 0) + 1);
      };
      assert.equal((await store.update<number>('counter', increment))?.value, 1);
      assert.equal((await store.update<number>('counter', increment))?.value, 2);
      assert.equal((await store.get<number>('counter'))?.value, 2);
      await store.set('stale', makeEntry(41, { ttlMs: SHORT_TTL_MS }));
      await sleep(SHORT_TTL_MS + 100);
      assert.equal((await store.update<number>('stale', increment))?.value, 1);
      assert.deepEqual(seen, [undefined, 1, undefined]);
      assert.equal(await store.update('counter', () => undefined), undefined);
      assert.equal(await store.get('counter'), undefined);
    });

    it('loses none of many concurrent updates to one entry', async () => {
      const store = await freshStore();
      const append = (item: number) => (current: CacheEntry<number[]> | undefined) => makeEntry([...(current?.value ?? []), item]);
      await Promise.all(Array.from({ length: 40 }, (_unused, item) => store.update<number[]>('list', append(item))));
      const stored = (await store.get<number[]>('list'))?.value ?? [];
      assert.deepEqual([...stored].sort((a, b) => a - b), Array.from({ length: 40 }, (_unused, item) => item));
    });

    it('reports a miss for a key never stored', async () => {
      const store = await freshStore();
      assert.equal(await store.get('never-stored'), undefined);
    });

    it('replaces an entry written twice under the same key', async () => {
      const store = await freshStore();
      await store.set('k', makeEntry('first'));
      await store.set('k', makeEntry('second'));
      assert.equal((await store.get<string>('k'))?.value, 'second');
      assert.equal((await store.stats()).entries, 1);
    });

    it('keeps keys with separators and glob characters apart', async () => {
      const store = await freshStore();
      await store.set('a*b?[c]', makeEntry('odd'));
      await store.set('a:b', makeEntry('colon'));
      assert.equal((await store.get<string>('a*b?[c]'))?.value, 'odd');
      assert.equal((await store.get<string>('a:b'))?.value, 'colon');
      assert.equal(await store.get('a'), undefined);
    });

    it('stops returning an entry once its TTL has passed', async () => {
      const store = await freshStore();
      await store.set('short', makeEntry('brief', { ttlMs: SHORT_TTL_MS }));
      await store.set('long', makeEntry('lasting'));
      assert.equal((await store.get<string>('short'))?.value, 'brief');
      await sleep(SHORT_TTL_MS + 100);
      assert.equal(await store.get('short'), undefined);
      assert.equal((await store.get<string>('long'))?.value, 'lasting');
      assert.equal((await store.stats()).entries, 1);
    });

    it('does not keep an entry that is already expired when written', async () => {
      const store = await freshStore();
      await store.set('stale', { ...makeEntry('old'), expiresAt: Date.now() - 1 });
      assert.equal(await store.get('stale'), undefined);
      assert.equal((await store.stats()).entries, 0);
    });

    it('deletes one entry and says whether it existed', async () => {
      const store = await freshStore();
      await store.set('gone', makeEntry(1));
      await store.set('kept', makeEntry(2));
      assert.equal(await store.delete('gone'), true);
      assert.equal(await store.delete('gone'), false);
      assert.equal(await store.get('gone'), undefined);
      assert.equal((await store.get<number>('kept'))?.value, 2);
    });

    it('clears everything when given no filter and reports how many went', async () => {
      const store = await freshStore();
      for (let index = 0; index < 5; index += 1) await store.set(`entry-${index}`, makeEntry(index));
      assert.equal(await store.clear(), 5);
      assert.equal(await store.get('entry-0'), undefined);
      assert.equal((await store.stats()).entries, 0);
    });

    it('clears only entries of the given kind', async () => {
      const store = await freshStore();
      await store.set('exact', makeEntry('e', { meta: { kind: 'exact' } }));
      await store.set('embedding', makeEntry([0.1, 0.2], { meta: { kind: 'embedding' } }));
      await store.set('chunk', makeEntry('c', { meta: { kind: 'chunk' } }));
      assert.equal(await store.clear({ kind: 'embedding' }), 1);
      assert.equal(await store.get('embedding'), undefined);
      assert.ok(await store.get('exact'));
      assert.ok(await store.get('chunk'));
    });

    it('clears only entries from the given provider', async () => {
      const store = await freshStore();
      await store.set('openai-1', makeEntry('a', { meta: { provider: 'openai' } }));
      await store.set('openai-2', makeEntry('b', { meta: { provider: 'openai' } }));
      await store.set('anthropic', makeEntry('c', { meta: { provider: 'anthropic' } }));
      assert.equal(await store.clear({ provider: 'openai' }), 2);
      assert.equal(await store.get('openai-1'), undefined);
      assert.ok(await store.get('anthropic'));
    });

    it('clears only entries older than the given age', async () => {
      const store = await freshStore();
      await store.set('old', makeEntry('o', { ageMs: 10 * 60_000 }));
      await store.set('new', makeEntry('n'));
      assert.equal(await store.clear({ olderThanMs: 60_000 }), 1);
      assert.equal(await store.get('old'), undefined);
      assert.ok(await store.get('new'));
    });

    it('combines filters: all given conditions must match', async () => {
      const store = await freshStore();
      await store.set('target', makeEntry('t', { meta: { kind: 'exact', provider: 'gemini' }, ageMs: 120_000 }));
      await store.set('young', makeEntry('y', { meta: { kind: 'exact', provider: 'gemini' } }));
      await store.set('other-kind', makeEntry('k', { meta: { kind: 'chunk', provider: 'gemini' }, ageMs: 120_000 }));
      assert.equal(await store.clear({ kind: 'exact', provider: 'gemini', olderThanMs: 60_000 }), 1);
      assert.equal(await store.get('target'), undefined);
      assert.ok(await store.get('young'));
      assert.ok(await store.get('other-kind'));
    });

    it('counts live entries and their size in stats', async () => {
      const store = await freshStore();
      assert.deepEqual(await store.stats(), { entries: 0, sizeBytes: 0 });
      await store.set('one', makeEntry('x'.repeat(200)));
      await store.set('two', makeEntry('y'.repeat(200)));
      const stats = await store.stats();
      assert.equal(stats.entries, 2);
      assert.ok(stats.sizeBytes >= 400, `sizeBytes ${stats.sizeBytes} should cover the stored payloads`);
    });
  });
}
