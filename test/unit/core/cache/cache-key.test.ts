import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, exactCacheKey, type ExactCacheKeyParts } from '../../../../core/cache/cache-key.ts';

function baseParts(): ExactCacheKeyParts {
  return {
    namespace: 'summarize',
    provider: 'openai',
    model: 'gpt-4o-mini',
    system: 'You summarise documents.',
    messages: [{ role: 'user', content: 'Summarise:\nThe quick brown fox.' }],
    temperature: 0.2,
    maxTokens: 256,
  };
}

describe('exact cache key', () => {
  it('is a sha256 hex digest that repeats for the same request', () => {
    const key = exactCacheKey(baseParts());
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(exactCacheKey(baseParts()), key);
  });

  it('changes when the temperature changes', () => {
    assert.notEqual(exactCacheKey({ ...baseParts(), temperature: 0.9 }), exactCacheKey(baseParts()));
  });

  it('changes with any other output-changing setting', () => {
    const base = exactCacheKey(baseParts());
    const variants: ExactCacheKeyParts[] = [
      { ...baseParts(), model: 'gpt-4o' },
      { ...baseParts(), provider: 'openrouter' },
      { ...baseParts(), namespace: 'translate' },
      { ...baseParts(), system: 'You write poems.' },
      { ...baseParts(), maxTokens: 512 },
      { ...baseParts(), topP: 0.5 },
      { ...baseParts(), stop: ['\n\n'] },
      { ...baseParts(), responseFormat: 'json' },
      { ...baseParts(), tools: [{ name: 'lookup', parameters: { type: 'object' } }] },
      { ...baseParts(), messages: [{ role: 'assistant', content: 'Summarise:\nThe quick brown fox.' }] },
      { ...baseParts(), messages: [{ role: 'user', content: 'Summarise:\nThe slow brown fox.' }] },
    ];
    const keys = variants.map(exactCacheKey);
    for (const key of keys) assert.notEqual(key, base);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('ignores request ids and other per-call noise', () => {
    const withNoise = { ...baseParts(), requestId: 'req-123', traceId: 'trace-9', receivedAt: Date.now() };
    const withOtherNoise = { ...baseParts(), requestId: 'req-456' };
    assert.equal(exactCacheKey(withNoise), exactCacheKey(baseParts()));
    assert.equal(exactCacheKey(withOtherNoise), exactCacheKey(withNoise));
  });

  it('does not depend on property order', () => {
    const reordered: ExactCacheKeyParts = {
      maxTokens: 256,
      temperature: 0.2,
      messages: [{ content: 'Summarise:\nThe quick brown fox.', role: 'user' }],
      system: 'You summarise documents.',
      model: 'gpt-4o-mini',
      provider: 'openai',
      namespace: 'summarize',
    };
    assert.equal(exactCacheKey(reordered), exactCacheKey(baseParts()));
    const toolsOne = { ...baseParts(), tools: [{ name: 'lookup', parameters: { type: 'object', required: ['q'] } }] };
    const toolsTwo = { ...baseParts(), tools: [{ parameters: { required: ['q'], type: 'object' }, name: 'lookup' }] };
    assert.equal(exactCacheKey(toolsOne), exactCacheKey(toolsTwo));
  });

  it('treats CRLF and LF line endings, and trailing whitespace, as the same text', () => {
    const crlf: ExactCacheKeyParts = {
      ...baseParts(),
      system: 'You summarise documents.\r\n',
      messages: [{ role: 'user', content: 'Summarise:\r\nThe quick brown fox.  \r\n' }],
    };
    assert.equal(exactCacheKey(crlf), exactCacheKey(baseParts()));
  });

  it('treats an absent setting and an undefined one alike', () => {
    assert.equal(exactCacheKey({ ...baseParts(), topP: undefined, stop: undefined }), exactCacheKey(baseParts()));
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: undefined } }), '{"a":{"d":[3,{"z":1}]},"b":1}');
  });

  it('keeps array order, which is meaningful', () => {
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });
});
