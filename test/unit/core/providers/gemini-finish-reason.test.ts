import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapGeminiFinishReason } from '../../../../core/providers/gemini/map-gemini-finish-reason.ts';

describe('mapGeminiFinishReason', () => {
  it('maps a natural stop and the token limit', () => {
    assert.equal(mapGeminiFinishReason('STOP'), 'stop');
    assert.equal(mapGeminiFinishReason('MAX_TOKENS'), 'length');
  });

  it('maps every safety-style block to content_filter', () => {
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
      assert.equal(mapGeminiFinishReason(reason), 'content_filter', reason);
    }
  });

  it('maps anything else, or nothing, to other', () => {
    for (const reason of ['OTHER', 'LANGUAGE', 'MALFORMED_FUNCTION_CALL', 'FINISH_REASON_UNSPECIFIED', 'SOMETHING_NEW', undefined, null]) {
      assert.equal(mapGeminiFinishReason(reason), 'other', String(reason));
    }
  });
});
