// The secret scan finds a key however it leaks: whole, a 12-character stretch, base64 at any
// alignment, URL-safe base64, or inside a payload's bytes; ordinary text is not mistaken for one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSecrets, historyTexts } from '../../support/secret-scan.ts';

const KEY = 'sk-proj-OpenAiKq7Rz2Xw9Lm4Tb8Nv1Yc6Hd3';

describe('findSecrets', () => {
  it('finds every leaked form of a key', () => {
    const leaks = [
      `error: ${KEY}`,
      `prefix ${KEY.slice(0, 12)}…`,
      `tail …${KEY.slice(-14)}`,
      Buffer.from(`{"apiKey":"${KEY}"}`).toString('base64'),
      Buffer.from(`xx${KEY}`).toString('base64url'),
      historyTexts({ events: [{ payload: { data: new TextEncoder().encode(`{"key":"${KEY}"}`) } }] }),
    ];
    for (const leak of leaks) assert.equal(findSecrets(leak, { OPENAI_API_KEY: KEY }).length, 1, leak);
  });

  it('passes text that holds no part of the key', () => {
    assert.deepEqual(findSecrets('Incorrect API key provided: [REDACTED]. sk-proj-… is redacted', { OPENAI_API_KEY: KEY }), []);
  });
});
