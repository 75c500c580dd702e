import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTask, type TaskType } from '../../../../core/routing/classify-task.ts';

const TYPICAL_TASKS: Array<[string, TaskType]> = [
  ['Summarize this article in three bullet points', 'summarization'],
  ['TL;DR of the meeting notes', 'summarization'],
  ['Extract all email addresses and phone numbers into JSON', 'extraction'],
  ['Classify the sentiment of each review as positive, negative or neutral', 'classification'],
  ['Translate this paragraph into French', 'translation'],
  ['Write a Python function that parses ISO dates', 'code'],
  ['Fix the bug in this TypeScript code', 'code'],
  ['Prove that the square root of 2 is irrational', 'reasoning'],
  ['Solve this step by step: a train leaves at 3pm at 80 km/h', 'reasoning'],
  ['Write a short poem about autumn', 'creative'],
  ['Brainstorm names for a coffee shop', 'creative'],
  ['What is the capital of Australia?', 'qa'],
  ['Explain how TCP congestion control works', 'qa'],
  ['Rewrite this email in a more formal tone', 'rewriting'],
  ['Paraphrase the following sentence', 'rewriting'],
];

describe('classifyTask', () => {
  for (const [task, expected] of TYPICAL_TASKS) {
    it(`classifies "${task}" as ${expected}`, () => {
      const result = classifyTask(task);
      assert.equal(result.taskType, expected, result.reason);
      assert.ok(result.confidence > 0.5 && result.confidence <= 1, `confidence ${result.confidence}`);
    });
  }

  it('names the words that decided it', () => {
    assert.match(classifyTask('Translate this paragraph into French').reason, /"Translate".*"into French"/);
  });

  it('falls back to general with low confidence when nothing matches', () => {
    const result = classifyTask('Handle this');
    assert.equal(result.taskType, 'general');
    assert.ok(result.confidence < 0.5);
  });

  it('looks at the input only when the task gives no clue', () => {
    assert.equal(classifyTask('Do the thing', 'def add(a, b):\n    return a + b\n').taskType, 'code');
    assert.equal(classifyTask('Help me with this', 'Is the sky blue?').taskType, 'qa');
    assert.equal(classifyTask('Summarize this', 'def add(a, b):\n    return a + b\n').taskType, 'summarization');
  });

  it('is less confident when two task types compete', () => {
    const mixed = classifyTask('Summarize this Python code');
    const clear = classifyTask('Summarize this article, key points only');
    assert.ok(mixed.confidence < clear.confidence, `${mixed.confidence} vs ${clear.confidence}`);
    assert.match(mixed.reason, /also looked like/);
  });

  it('gives the same answer every time', () => {
    const task = 'Extract the invoice fields and classify the vendor';
    assert.deepEqual(classifyTask(task), classifyTask(task));
  });

  it('classifies a 1.5 MB input from its start and end (the whole-text scan took minutes on repeated keywords)', () => {
    assert.equal(classifyTask('Handle this', 'let '.repeat(375_000)).taskType, 'general');
    assert.equal(classifyTask('Handle this', `const x = 1;\n${'let '.repeat(375_000)}`).taskType, 'code');
    assert.equal(classifyTask('Handle this', `${'let '.repeat(375_000)}\nWhich one is right?`).taskType, 'qa');
  });
});
