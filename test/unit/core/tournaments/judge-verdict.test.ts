import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJudgeReply } from '../../../../core/tournaments/judge-verdict.ts';

describe('parseJudgeReply', () => {
  it('reads a clean reply in label order', () => {
    const reply = JSON.stringify({ scores: [{ answer: 'B', score: 4, feedback: 'thin' }, { answer: 'A', score: 8.5, feedback: 'solid' }] });
    assert.deepEqual(parseJudgeReply(reply, ['A', 'B']), {
      ok: true,
      repaired: false,
      verdicts: [
        { label: 'A', score: 8.5, feedback: 'solid' },
        { label: 'B', score: 4, feedback: 'thin' },
      ],
    });
  });

  it('repairs JSON with single quotes, trailing commas and a code fence around it', () => {
    const reply = "Here is my verdict:\n```json\n{scores: [{'answer': 'Answer A', 'score': 7, 'feedback': 'good',}, {'answer': 'b', 'score': 2,},]}\n```";
    const parsed = parseJudgeReply(reply, ['A', 'B']);
    assert.equal(parsed.ok, true, parsed.error);
    assert.equal(parsed.repaired, true);
    assert.deepEqual(parsed.verdicts?.map((verdict) => [verdict.label, verdict.score, verdict.feedback]), [['A', 7, 'good'], ['B', 2, '']]);
  });

  it('says what is wrong when the reply cannot be used', () => {
    assert.match(parseJudgeReply('Answer A is better.', ['A', 'B']).error ?? '', /does not match the format: reply/);
    assert.match(parseJudgeReply('{"scores": [{"answer": "A", "score": 11}]}', ['A']).error ?? '', /scores\.0\.score/);
    assert.match(parseJudgeReply('{"scores": [{"answer": "A", "score": 5}]}', ['A', 'B']).error ?? '', /answers B have no score/);
    assert.match(parseJudgeReply('{"scores": [{"answer": "A", "score": 5}, {"answer": "A", "score": 6}]}', ['A', 'B']).error ?? '', /answer A is scored twice/);
    assert.match(parseJudgeReply('{"scores": [{"answer": "Z", "score": 5}]}', ['A']).error ?? '', /names answer "Z"/);
  });
});
