import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  convertToAnthropicMessages,
  DEFAULT_MAX_TOKENS,
  JSON_RESPONSE_INSTRUCTION,
  OPENING_USER_TURN,
} from '../../../../core/providers/anthropic/convert-to-anthropic-messages.ts';

describe('convertToAnthropicMessages', () => {
  it('moves the system prompt and system-role messages into the system field', () => {
    const params = convertToAnthropicMessages({
      model: 'claude-haiku-4-5',
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    assert.equal(params.system, 'Be brief.\n\nAnswer in French.');
    assert.deepEqual(params.messages, [{ role: 'user', content: 'Hello' }]);
  });

  it('leaves the system field out when there is no system prompt', () => {
    const params = convertToAnthropicMessages({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
    assert.equal('system' in params, false);
  });

  it('defaults max_tokens because Anthropic requires it, and keeps a requested value', () => {
    assert.equal(convertToAnthropicMessages({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }).max_tokens, DEFAULT_MAX_TOKENS);
    assert.equal(DEFAULT_MAX_TOKENS, 4096);
    assert.equal(convertToAnthropicMessages({ model: 'm', maxTokens: 12, messages: [{ role: 'user', content: 'Hi' }] }).max_tokens, 12);
  });

  it('merges consecutive messages from the same role so turns alternate', () => {
    const params = convertToAnthropicMessages({
      model: 'm',
      messages: [
        { role: 'user', content: 'First part.' },
        { role: 'user', content: 'Second part.' },
        { role: 'assistant', content: 'Noted.' },
        { role: 'assistant', content: 'Anything else?' },
        { role: 'user', content: 'No.' },
      ],
    });
    assert.deepEqual(params.messages, [
      { role: 'user', content: 'First part.\n\nSecond part.' },
      { role: 'assistant', content: 'Noted.\n\nAnything else?' },
      { role: 'user', content: 'No.' },
    ]);
  });

  it('opens with a user turn when the conversation starts with the assistant', () => {
    const params = convertToAnthropicMessages({
      model: 'm',
      messages: [
        { role: 'assistant', content: 'How can I help?' },
        { role: 'user', content: 'Summarise this.' },
      ],
    });
    assert.deepEqual(params.messages, [
      { role: 'user', content: OPENING_USER_TURN },
      { role: 'assistant', content: 'How can I help?' },
      { role: 'user', content: 'Summarise this.' },
    ]);
  });

  it('adds the JSON instruction to the system prompt when JSON output is requested', () => {
    const withSystem = convertToAnthropicMessages({ model: 'm', system: 'Extract fields.', responseFormat: 'json', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(withSystem.system, `Extract fields.\n\n${JSON_RESPONSE_INSTRUCTION}`);
    const withoutSystem = convertToAnthropicMessages({ model: 'm', responseFormat: 'json', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(withoutSystem.system, JSON_RESPONSE_INSTRUCTION);
  });

  it('passes stop sequences and leaves out the sampling parameters the API now rejects', () => {
    const params = convertToAnthropicMessages({ model: 'm', temperature: 0.2, topP: 0.9, stop: ['END'], messages: [{ role: 'user', content: 'x' }] });
    assert.deepEqual(params.stop_sequences, ['END']);
    assert.equal('temperature' in params, false);
    assert.equal('top_p' in params, false);
  });
});
