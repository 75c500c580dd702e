import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeEntities, pairsPerChunk } from '../../../workflows/document-extraction.ts';
import { groupForReduction } from '../../../workflows/summarize-document.ts';

describe('mergeEntities', () => {
  it('merges spellings that differ only in case, spacing or punctuation, within a type, adding mentions', () => {
    const merged = mergeEntities([
      [{ name: 'Acme Corp.', type: 'Organization', mentions: 2 }, { name: 'Paris', type: 'location', mentions: 1 }],
      [{ name: 'acme  corp', type: 'organization', mentions: 3 }, { name: 'Paris', type: 'person', mentions: 1 }],
      [{ name: 'Acme Corp', type: 'organization', mentions: 0 }],
    ]);
    assert.deepEqual(merged, [
      { name: 'acme  corp', type: 'organization', mentions: 6 },
      { name: 'Paris', type: 'location', mentions: 1 },
      { name: 'Paris', type: 'person', mentions: 1 },
    ]);
  });
});

describe('pairsPerChunk', () => {
  it('spreads pairs evenly and never asks for more or fewer than wanted', () => {
    assert.deepEqual(pairsPerChunk(3, 7), [3, 2, 2]);
    assert.deepEqual(pairsPerChunk(10, 4), [0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
    for (const [chunks, pairs] of [[1, 5], [40, 20], [7, 7], [55, 3]] as const) {
      assert.equal(pairsPerChunk(chunks, pairs).reduce((sum, count) => sum + count, 0), pairs);
    }
  });
});

describe('groupForReduction', () => {
  const partials = (tokens: number[]) => tokens.map((count, index) => ({ text: `p${index}`, tokens: count }));

  it('keeps order, stays within the budget where it can, and always makes progress', () => {
    const groups = groupForReduction(partials([100, 100, 100, 100, 100]), 250);
    assert.deepEqual(groups.map((group) => group.map((partial) => partial.text)), [['p0', 'p1'], ['p2', 'p3', 'p4']]);
    assert.equal(groupForReduction(partials([900, 900, 900]), 100).length, 1, 'two or more per group even over the budget');
    assert.equal(groupForReduction(partials([10, 10, 10]), 1000).length, 1);
  });
});
