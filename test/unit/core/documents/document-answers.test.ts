import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkSummaryPrompt, entitiesPrompt, qaPairsPrompt, reduceSummaryPrompt, wholeSummaryPrompt } from '../../../../core/documents/document-prompts.ts';
import { parseEntitiesAnswer, parseQaAnswer, UnreadableAnswerError } from '../../../../core/documents/parse-document-answers.ts';

describe('document prompts', () => {
  it('carry the text, the format, the length and the focus the caller asked for', () => {
    const whole = wholeSummaryPrompt('The text.', { format: 'key_points', maxWords: 80, focus: 'risks' });
    assert.match(whole.messages[0]!.content, /at most 80 words\.\nFocus on: risks\n.*numbered list[\s\S]*<document>\nThe text\.\n<\/document>/);
    assert.ok(whole.maxTokens >= 120);
    const part = chunkSummaryPrompt('Chunk.', { index: 2, count: 9, tokens: 800 }, {});
    assert.match(part.messages[0]!.content, /^This is part 3 of 9 of a longer document\. Summarise this part in at most 100 words/);
    const reduce = reduceSummaryPrompt(['one', 'two'], { format: 'bullets', maxWords: 60, final: true });
    assert.match(reduce.messages[0]!.content, /at most 60 words[\s\S]*bulleted list[\s\S]*<summary part="1">\none\n<\/summary>\n<summary part="2">\ntwo/);
    assert.match(entitiesPrompt('x', ['drug']).messages[0]!.content, /of these types: drug\./);
    assert.equal(qaPairsPrompt('x', 3).responseFormat, 'json');
  });
});

describe('parsing model answers', () => {
  it('reads entities from plain or fenced JSON and drops malformed entries', () => {
    const fenced = '```json\n{"entities": [{"name": "Ada Lovelace", "type": "person", "mentions": 2}, {"name": "", "type": "person"}, {"name": "London", "type": "location", "mentions": "many"}]}\n```';
    assert.deepEqual(parseEntitiesAnswer(fenced), [
      { name: 'Ada Lovelace', type: 'person', mentions: 2 },
      { name: 'London', type: 'location', mentions: 1 },
    ]);
    assert.deepEqual(parseEntitiesAnswer('Here you go: {"entities": []} Hope it helps.'), []);
  });

  it('refuses answers that are not the JSON asked for', () => {
    assert.throws(() => parseEntitiesAnswer('Ada Lovelace (person)'), UnreadableAnswerError);
    assert.throws(() => parseQaAnswer('{"pairs": []}', 'text'), /no "qa_pairs" array/);
  });

  it('keeps a source quote only when the source really contains it', () => {
    const source = 'The licence is granted for the term of the agreement.';
    const pairs = parseQaAnswer(
      JSON.stringify({ qa_pairs: [{ question: 'How long?', answer: 'The term.', source_quote: 'for the term of the agreement' }, { question: 'Who?', answer: 'Nobody.', source_quote: 'invented quote' }] }),
      source,
    );
    assert.deepEqual(pairs, [
      { question: 'How long?', answer: 'The term.', source_quote: 'for the term of the agreement' },
      { question: 'Who?', answer: 'Nobody.' },
    ]);
  });
});
