// The semantic cache's index in the vector store: nearest live answer above the threshold, expiry,
// and no lost additions when two processes (two store connections) add to one scope at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { VectorSemanticIndex } from '../../../../core/cache/vector-semantic-index.ts';
import { LanceVectorStore } from '../../../../core/vectors/lance-store.ts';
import { embedText } from '../../../support/simulator/embeddings.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-semantic-index-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const META = { provider: 'openai', model: 'gpt-4o-mini' };
const SCOPE = 'a'.repeat(64);

describe('semantic index in the vector store', () => {
  it('finds the nearest live answer above the threshold, and nothing below it or expired', async () => {
    const store = await LanceVectorStore.open(path.join(directory, 'one'));
    const index = new VectorSemanticIndex(store);
    const now = Date.now();
    await index.add(SCOPE, embedText('Translate good morning into French'), 'answer-live', now + 60_000, META);
    await index.add(SCOPE, embedText('Write a haiku about the sea'), 'answer-expired', now - 1, META);
    const hit = await index.nearest(SCOPE, embedText('Translate "good morning" into French!'), 0.9);
    assert.equal(hit?.answerKey, 'answer-live');
    assert.ok(hit.similarity >= 0.9 && hit.similarity <= 1);
    assert.equal(await index.nearest(SCOPE, embedText('Write a haiku about the sea'), 0.9), undefined, 'expired');
    assert.equal(await index.nearest(SCOPE, embedText('Summarise the quarterly report'), 0.9), undefined, 'too far');
    assert.equal(await index.nearest('b'.repeat(64), embedText('Translate good morning into French'), 0.5), undefined, 'another scope');
    await store.close();
  });

  it('deletes expired answers as new ones arrive, so a scope does not grow with answers nobody can get', async () => {
    const store = await LanceVectorStore.open(path.join(directory, 'purge'));
    const index = new VectorSemanticIndex(store);
    const now = Date.now();
    for (let round = 0; round < 5; round += 1) {
      await index.add(SCOPE, embedText(`Short-lived question ${round}`), `answer-old-${round}`, now + 1_000, META, now);
    }
    assert.equal(await store.count(`cache-${SCOPE}`), 5);
    const later = now + 11 * 60_000;
    await index.add(SCOPE, embedText('A question asked much later'), 'answer-new', later + 60_000, META, later);
    assert.equal(await store.count(`cache-${SCOPE}`), 1, 'only the live answer is left');
    assert.equal((await index.nearest(SCOPE, embedText('A question asked much later'), 0.99, later))?.answerKey, 'answer-new');
    await store.close();
  });

  it('compacts a scope as answers keep arriving, and keeps no more points than the cache keeps answers', async () => {
    const folder = path.join(directory, 'upkeep');
    const store = await LanceVectorStore.open(folder);
    const index = new VectorSemanticIndex(store, { maxPoints: 150, onUpkeepError: (error) => assert.fail(String(error)) });
    const expiresAt = Date.now() + 60_000;
    for (let group = 0; group < 20; group += 1) {
      await Promise.all(Array.from({ length: 10 }, (_, offset) => index.add(SCOPE, embedText(`Question ${group * 10 + offset} on ${offset * 7919}`), `answer-${group * 10 + offset}`, expiresAt + group * 10 + offset, META)));
    }
    const table = await (await lancedb.connect(folder)).openTable(`cache-${SCOPE}`);
    let fragments = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 100 && fragments > 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await table.checkoutLatest();
      fragments = (await table.stats()).fragmentStats.numFragments;
    }
    assert.ok(fragments <= 2, `${fragments} fragments after 200 additions`);
    assert.equal((await index.nearest(SCOPE, embedText('Question 123 on 23757'), 0.99))?.answerKey, 'answer-123');
    assert.equal(await store.count(`cache-${SCOPE}`), 150, 'the 50 answers that expire first are gone');
    assert.equal(await index.nearest(SCOPE, embedText('Question 13 on 23757'), 0.99), undefined);
    await store.close();
  });

  it('trims by what is there: points another process deletes during the trim do not make it delete more', async () => {
    const store = await LanceVectorStore.open(path.join(directory, 'trim-race'));
    const expiresAt = Date.now() + 60_000;
    let raced = false;
    // Another process purges 120 points between this one's count and its scroll.
    const racing: LanceVectorStore = Object.create(store, {
      scroll: {
        value: async (name: string, options: { limit: number }) => {
          if (!raced) {
            raced = true;
            await store.deleteWhere(name, [{ field: 'expires_at', type: 'number', match: { range: { lt: expiresAt + 120 } } }]);
          }
          return store.scroll(name, options);
        },
      },
    }) as LanceVectorStore;
    const index = new VectorSemanticIndex(racing, { maxPoints: 150, onUpkeepError: (error) => assert.fail(String(error)) });
    for (let group = 0; group < 20; group += 1) {
      await Promise.all(Array.from({ length: 10 }, (_, offset) => index.add(SCOPE, embedText(`Race ${group * 10 + offset} on ${offset * 104729}`), `race-${group * 10 + offset}`, expiresAt + group * 10 + offset, META)));
    }
    for (let attempt = 0; attempt < 100 && !raced; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.ok(raced, 'the trim ran');
    assert.equal(await store.count(`cache-${SCOPE}`), 80, 'only what the other process deleted is gone');
    await store.close();
  });

  it('keeps every addition when two processes add to the same scope at once', async () => {
    const folder = path.join(directory, 'shared');
    const [first, second] = [await LanceVectorStore.open(folder), await LanceVectorStore.open(folder)];
    await first.createCollection(`cache-${SCOPE}`, 256);
    const [left, right] = [new VectorSemanticIndex(first), new VectorSemanticIndex(second)];
    const prompts = Array.from({ length: 40 }, (_, index) => `Question number ${index} about topic ${index * 7919}`);
    const expiresAt = Date.now() + 60_000;
    await Promise.all(prompts.map((prompt, index) => (index % 2 === 0 ? left : right).add(SCOPE, embedText(prompt), `answer-${index}`, expiresAt, META)));
    for (const [index, prompt] of prompts.entries()) {
      assert.equal((await left.nearest(SCOPE, embedText(prompt), 0.99))?.answerKey, `answer-${index}`, prompt);
    }
    await first.close();
    await second.close();
  });
});
