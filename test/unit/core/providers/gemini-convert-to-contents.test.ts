import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertToGeminiContents } from '../../../../core/providers/gemini/convert-to-gemini-contents.ts';

describe('convertToGeminiContents', () => {
  it('maps assistant turns to the model role and keeps user turns', () => {
    const prompt = convertToGeminiContents({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ],
    });
    assert.deepEqual(prompt.contents, [
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello' }] },
      { role: 'user', parts: [{ text: 'Bye' }] },
    ]);
    assert.equal(prompt.systemInstruction, undefined);
  });

  it('merges consecutive turns of one role into one turn with several parts', () => {
    const prompt = convertToGeminiContents({
      messages: [
        { role: 'user', content: 'Part one' },
        { role: 'user', content: 'Part two' },
        { role: 'assistant', content: 'A' },
        { role: 'assistant', content: 'B' },
      ],
    });
    assert.deepEqual(prompt.contents, [
      { role: 'user', parts: [{ text: 'Part one' }, { text: 'Part two' }] },
      { role: 'model', parts: [{ text: 'A' }, { text: 'B' }] },
    ]);
  });

  it('moves the system prompt and system messages into the system instruction', () => {
    const prompt = convertToGeminiContents({
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: 'again' },
      ],
    });
    assert.equal(prompt.systemInstruction, 'Be brief.\n\nAnswer in French.');
    assert.deepEqual(prompt.contents, [{ role: 'user', parts: [{ text: 'Hello' }, { text: 'again' }] }]);
  });

  it('merges user turns that become adjacent once a system message moves out', () => {
    const prompt = convertToGeminiContents({
      messages: [
        { role: 'user', content: 'One' },
        { role: 'system', content: 'Rule' },
        { role: 'user', content: 'Two' },
      ],
    });
    assert.deepEqual(prompt.contents, [{ role: 'user', parts: [{ text: 'One' }, { text: 'Two' }] }]);
    assert.equal(prompt.systemInstruction, 'Rule');
  });
});
