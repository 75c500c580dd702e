import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { countMessageTokens, countTextTokens } from '../../../../core/tokens/count-tokens.ts';
import { MAX_RUN_LENGTH, splitLongRuns } from '../../../../core/tokens/split-long-runs.ts';
import { TokenCounter } from '../../../../core/tokens/token-counter.ts';

const o200k = { tokenizer: 'o200k_base' as const };
const PROSE = 'The committee’s 2024 report—drafted in Zürich—runs to 312 pages; see §4.2 (pp. 17–19) for details. ';

function randomBases(length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += 'ACGT'[Math.floor(Math.random() * 4)];
  return text;
}

describe('splitLongRuns', () => {
  it('leaves ordinary text whole, so its count stays exact', () => {
    const text = PROSE.repeat(50) + 'こんにちは世界。' + '🙂'.repeat(20);
    assert.deepEqual(splitLongRuns(text), { pieces: [text], cut: false });
    const counted = countTextTokens(text, o200k);
    assert.equal(counted.method, 'exact');
    assert.equal(counted.tokens, countTokens(text));
  });

  it('cuts each long run of letters, symbols or spaces into pieces no longer than the bound, losing nothing', () => {
    const text = `start ${'A'.repeat(1000)} middle ${'-'.repeat(700)}${' '.repeat(500)}end`;
    const { pieces, cut } = splitLongRuns(text);
    assert.equal(cut, true);
    assert.equal(pieces.join(''), text);
    for (const piece of pieces) {
      for (const run of piece.match(/[\p{L}\p{M}]+|\s+|[^\s\p{L}\p{M}\p{N}]+/gu) ?? []) assert.ok(run.length <= MAX_RUN_LENGTH, `a run of ${run.length}`);
    }
  });

  it('never cuts a character outside the Basic Multilingual Plane in two', () => {
    const text = '𝔸'.repeat(400);
    const { pieces } = splitLongRuns(text);
    assert.equal(pieces.join(''), text);
    for (const piece of pieces) assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece), 'no piece starts or ends inside a surrogate pair');
  });
});

describe('counting adversarial text', () => {
  it('stays within 1% of the exact count and says it is approximate', () => {
    for (const text of [randomBases(12_000), 'A'.repeat(12_000), '-'.repeat(12_000)]) {
      const counted = countTextTokens(text, o200k);
      const exact = countTokens(text);
      assert.equal(counted.method, 'approximate');
      assert.ok(Math.abs(counted.tokens - exact) <= exact * 0.01, `${counted.tokens} against ${exact}`);
    }
  });

  it('counts a million characters without a space (which took many minutes when counted whole)', () => {
    const counted = countMessageTokens([{ role: 'user', content: 'A'.repeat(1_000_000) }], '-'.repeat(200_000), o200k);
    assert.equal(counted.method, 'approximate');
    assert.ok(counted.tokens > 100_000);
  });
});

describe('TokenCounter', () => {
  it('counts long texts on a worker thread with the same result, while the event loop keeps running', async () => {
    const counter = new TokenCounter({ inlineMaxChars: 1000, maxThreads: 1 });
    try {
      const text = randomBases(300_000);
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 5);
      const counted = await counter.countText(text, o200k);
      clearInterval(timer);
      assert.deepEqual(counted, countTextTokens(text, o200k));
      assert.ok(ticks > 0, 'timers ran while the text was counted');
      const messages = [{ role: 'user' as const, content: PROSE.repeat(100) }];
      assert.deepEqual(await counter.countMessages(messages, 'Be brief.', { tokenizer: null }), countMessageTokens(messages, 'Be brief.', { tokenizer: null }));
    } finally {
      await counter.close();
    }
  });

  it('abandons a count when its caller gives up', async () => {
    const counter = new TokenCounter({ inlineMaxChars: 1000, maxThreads: 1 });
    try {
      const controller = new AbortController();
      const counting = counter.countText(randomBases(3_000_000), o200k, controller.signal);
      controller.abort();
      await assert.rejects(counting, (error: Error) => error.name === 'AbortError');
    } finally {
      await counter.close();
    }
  });
});
