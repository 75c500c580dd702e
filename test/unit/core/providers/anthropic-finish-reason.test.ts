import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapAnthropicFinishReason } from '../../../../core/providers/anthropic/map-anthropic-finish-reason.ts';

describe('mapAnthropicFinishReason', () => {
  it('maps every Anthropic stop reason onto the gateway finish reasons', () => {
    assert.equal(mapAnthropicFinishReason('end_turn'), 'stop');
    assert.equal(mapAnthropicFinishReason('stop_sequence'), 'stop');
    assert.equal(mapAnthropicFinishReason('max_tokens'), 'length');
    assert.equal(mapAnthropicFinishReason('model_context_window_exceeded'), 'length');
    assert.equal(mapAnthropicFinishReason('tool_use'), 'tool_calls');
    assert.equal(mapAnthropicFinishReason('refusal'), 'content_filter');
  });

  it('reports other for pauses, unknown values and a missing reason', () => {
    assert.equal(mapAnthropicFinishReason('pause_turn'), 'other');
    assert.equal(mapAnthropicFinishReason('something_new'), 'other');
    assert.equal(mapAnthropicFinishReason(null), 'other');
    assert.equal(mapAnthropicFinishReason(undefined), 'other');
  });
});
