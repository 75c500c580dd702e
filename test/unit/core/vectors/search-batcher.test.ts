// The micro-batcher behind LanceDB searches: concurrent searches share calls, each caller gets its
// own answer or its own error, and a lone search leaves at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchBatcher } from '../../../../core/vectors/search-batcher.ts';

/** A search engine over numbers: the "nearest" results are the query times 10, 20 and 30; negative queries are invalid. */
function engine(options: { maxBatch: number; maxInFlight: number }) {
  const calls: number[][] = [];
  const batcher = new SearchBatcher<{ limit: number }, number, number[]>({
    ...options,
    run: async (plan, queries) => {
      calls.push([...queries]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const invalid = queries.find((query) => query < 0);
      if (invalid !== undefined) throw new Error(`query ${invalid} is negative`);
      return queries.map((query) => Array.from({ length: plan.limit }, (_, rank) => query * 10 * (rank + 1)));
    },
  });
  return { batcher, calls };
}

describe('search batcher', () => {
  it('answers concurrent searches of one shape in one call, each with its own results', async () => {
    const { batcher, calls } = engine({ maxBatch: 32, maxInFlight: 1 });
    const queries = Array.from({ length: 20 }, (_, index) => index + 1);
    const results = await Promise.all(queries.map((query) => batcher.search('t', { limit: 3 }, query)));
    assert.deepEqual(results, queries.map((query) => [query * 10, query * 20, query * 30]));
    assert.deepEqual(calls, [queries]);
    assert.equal(batcher.pending, 0);
  });

  it('keeps searches of different shapes apart', async () => {
    const { batcher, calls } = engine({ maxBatch: 32, maxInFlight: 1 });
    const [short, long] = await Promise.all([batcher.search('limit-1', { limit: 1 }, 2), batcher.search('limit-2', { limit: 2 }, 3)]);
    assert.deepEqual(short, [20]);
    assert.deepEqual(long, [30, 60]);
    assert.equal(calls.length, 2);
  });

  it('sends a lone search on the next turn of the event loop, without waiting for company', async () => {
    const { batcher, calls } = engine({ maxBatch: 32, maxInFlight: 1 });
    const result = batcher.search('t', { limit: 1 }, 7);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, [[7]]);
    assert.deepEqual(await result, [70]);
  });

  it('queues searches that arrive while calls are under way and sends them together, at most maxBatch a call', async () => {
    const { batcher, calls } = engine({ maxBatch: 4, maxInFlight: 1 });
    const first = batcher.search('t', { limit: 1 }, 1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 10 }, (_, index) => batcher.search('t', { limit: 1 }, index + 2));
    assert.deepEqual(await first, [10]);
    assert.deepEqual(await Promise.all(later), Array.from({ length: 10 }, (_, index) => [(index + 2) * 10]));
    assert.deepEqual(calls, [[1], [2, 3, 4, 5], [6, 7, 8, 9], [10, 11]]);
  });

  it('spreads queued searches over the free call slots', async () => {
    const { batcher, calls } = engine({ maxBatch: 16, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 10 }, (_, index) => batcher.search('t', { limit: 1 }, index + 1)));
    assert.deepEqual(calls, [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
  });

  it('gives the error of a failing search to its caller only', async () => {
    const { batcher } = engine({ maxBatch: 32, maxInFlight: 1 });
    const settled = await Promise.allSettled([1, -4, 3, -6].map((query) => batcher.search('t', { limit: 1 }, query)));
    assert.deepEqual(settled[0], { status: 'fulfilled', value: [10] });
    assert.deepEqual(settled[2], { status: 'fulfilled', value: [30] });
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /query -4 is negative/);
    assert.match(String((settled[3] as PromiseRejectedResult).reason), /query -6 is negative/);
    assert.equal(batcher.pending, 0);
  });
});
