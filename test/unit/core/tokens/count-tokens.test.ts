import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModelRegistry } from '../../../../core/models/registry.ts';
import { countMessageTokens, countTextTokens } from '../../../../core/tokens/count-tokens.ts';

const registry = createModelRegistry();
const gpt4oMini = registry.resolve({ model: 'gpt-4o-mini' });
const embeddingSmall = registry.resolve({ model: 'text-embedding-3-small' });
const sonnet = registry.resolve({ model: 'claude-sonnet-4-5' });

describe('countTextTokens', () => {
  it('counts known strings exactly with o200k_base for OpenAI chat models', () => {
    assert.deepEqual(countTextTokens('Hello, world!', gpt4oMini), { tokens: 4, method: 'exact', encoding: 'o200k_base' });
    assert.equal(countTextTokens('tiktoken is great!', gpt4oMini).tokens, 6);
    assert.equal(countTextTokens('The quick brown fox jumps over the lazy dog.', gpt4oMini).tokens, 10);
    assert.equal(countTextTokens('こんにちは世界', gpt4oMini).tokens, 2);
    assert.equal(countTextTokens('', gpt4oMini).tokens, 0);
  });

  it('uses cl100k_base for text-embedding-3 models', () => {
    assert.deepEqual(countTextTokens('こんにちは世界', embeddingSmall), { tokens: 4, method: 'exact', encoding: 'cl100k_base' });
  });

  it('approximates other providers with o200k_base and says so', () => {
    assert.deepEqual(countTextTokens('Hello, world!', sonnet), { tokens: 4, method: 'approximate', encoding: 'o200k_base' });
  });

  it('counts text that looks like a special token as plain text instead of failing', () => {
    assert.equal(countTextTokens('<|endoftext|> hi', gpt4oMini).tokens, 8);
  });
});

describe('countMessageTokens', () => {
  it('adds the per-message and reply-priming overhead', () => {
    // reply priming 3 + user message (3 + "user" 1 + "Hello, world!" 4) = 11
    assert.equal(countMessageTokens([{ role: 'user', content: 'Hello, world!' }], undefined, gpt4oMini).tokens, 11);
  });

  it('counts the system prompt as a leading system message', () => {
    // 3 + system (3 + "system" 1 + "You are terse." 4) + user (3 + "user" 1 + "Hello, world!" 4) + assistant (3 + "assistant" 1 + "tiktoken is great!" 6) = 3 + 8 + 8 + 10 = 29
    const count = countMessageTokens(
      [
        { role: 'user', content: 'Hello, world!' },
        { role: 'assistant', content: 'tiktoken is great!' },
      ],
      'You are terse.',
      gpt4oMini,
    );
    assert.deepEqual(count, { tokens: 29, method: 'exact', encoding: 'o200k_base' });
  });

  it('marks message counts for non-OpenAI models as approximate', () => {
    assert.equal(countMessageTokens([{ role: 'user', content: 'Hello, world!' }], undefined, sonnet).method, 'approximate');
  });
});
