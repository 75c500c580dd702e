import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { laneShares } from '../../../workflows/document-lanes.ts';

describe('laneShares', () => {
  it('gives every call to exactly one lane, lanes differing by at most one call, each in document order', () => {
    for (const [calls, lanes] of [[64, 16], [500, 16], [41, 6], [3, 3], [1, 1], [5, 8]] as const) {
      const shares = laneShares(calls, Math.min(lanes, calls));
      assert.deepEqual(shares.flat().sort((a, b) => a - b), Array.from({ length: calls }, (_, slot) => slot), `${calls} calls in ${lanes} lanes`);
      const sizes = shares.map((share) => share.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${calls} calls in ${lanes} lanes: ${sizes.join(', ')}`);
      for (const share of shares) assert.deepEqual(share, [...share].sort((a, b) => a - b));
    }
  });

  it('starts the first wave on the document\'s first calls', () => {
    assert.deepEqual(laneShares(10, 4).map((share) => share[0]), [0, 1, 2, 3]);
    assert.deepEqual(laneShares(10, 4)[1], [1, 5, 9]);
  });
});
