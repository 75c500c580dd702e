import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { EMBEDDING_DIMENSIONS, embedText } from '../../support/simulator/embeddings.ts';
import { startSimulator, type Simulator } from '../../support/simulator/index.ts';

const MODEL = 'text-embedding-3-small';

let simulator: Simulator;
let client: OpenAI;

before(async () => {
  simulator = await startSimulator();
  client = new OpenAI({ apiKey: 'test-key', baseURL: simulator.openaiBaseUrl, maxRetries: 0 });
});
after(() => simulator.close());
beforeEach(() => simulator.reset());

function cosine(left: number[], right: number[]): number {
  let dot = 0;
  let leftLength = 0;
  let rightLength = 0;
  for (const [index, value] of left.entries()) {
    const other = right[index] ?? 0;
    dot += value * other;
    leftLength += value * value;
    rightLength += other * other;
  }
  return dot / Math.sqrt(leftLength * rightLength);
}

async function embed(input: string[]): Promise<number[][]> {
  const response = await client.embeddings.create({ model: MODEL, input });
  return response.data.map((item) => item.embedding);
}

describe('simulator OpenAI embeddings', () => {
  it('answers in the OpenAI list shape with one unit-length vector per input, in order', async () => {
    const response = await client.embeddings.create({ model: MODEL, input: ['alpha beta', 'gamma delta', 'epsilon'], encoding_format: 'float' });
    assert.equal(response.object, 'list');
    assert.equal(response.model, MODEL);
    assert.deepEqual(
      response.data.map((item) => [item.object, item.index]),
      [
        ['embedding', 0],
        ['embedding', 1],
        ['embedding', 2],
      ],
    );
    for (const item of response.data) {
      assert.equal(item.embedding.length, EMBEDDING_DIMENSIONS);
      assert.ok(Math.abs(Math.hypot(...item.embedding) - 1) < 1e-9);
    }
    assert.ok(response.usage.prompt_tokens > 0);
    assert.equal(response.usage.total_tokens, response.usage.prompt_tokens);
    assert.equal(simulator.requests()[0]?.protocol, 'openai-embeddings');
  });

  it('decodes to the same vectors through the SDK default base64 encoding', async () => {
    const [vector] = await embed(['The same sentence, twice.']);
    const expected = embedText('The same sentence, twice.');
    assert.equal(vector?.length, EMBEDDING_DIMENSIONS);
    for (const [index, value] of expected.entries()) assert.ok(Math.abs((vector?.[index] ?? Number.NaN) - value) < 1e-6);
  });

  it('is deterministic across calls', async () => {
    const first = await embed(['How do I reset my password?']);
    const second = await embed(['How do I reset my password?']);
    assert.deepEqual(first, second);
  });

  it('places near-paraphrases close together and unrelated texts far apart', async () => {
    const [fox, foxAgain, report, reportAgain, revenue, photosynthesis] = await embed([
      'The quick brown fox jumps over the lazy dog.',
      'the quick brown fox jumped over the lazy dog',
      'Summarise the quarterly sales report for the board.',
      'Summarize the quarterly sales report for the board',
      'Quarterly revenue grew by twelve percent in Europe.',
      'Photosynthesis converts light into chemical energy.',
    ]);
    assert.ok(cosine(fox!, foxAgain!) > 0.9);
    assert.ok(cosine(report!, reportAgain!) > 0.9);
    assert.ok(cosine(fox!, revenue!) < 0.5);
    assert.ok(cosine(report!, photosynthesis!) < 0.5);
    assert.ok(cosine(fox!, photosynthesis!) < 0.5);
  });

  it('ignores case, punctuation and extra whitespace', () => {
    assert.deepEqual(embedText('Hello,   WORLD!'), embedText('hello world'));
  });

  it('applies scripted errors to the matching embedding model', async () => {
    simulator.script({ model: MODEL, error: { status: 429, message: 'Rate limit reached for embeddings', headers: { 'retry-after': '2' } } });
    await assert.rejects(
      () => embed(['text']),
      (error: unknown) => error instanceof OpenAI.RateLimitError && error.message.includes('Rate limit reached for embeddings'),
    );
  });

  it('applies scripted latency to embeddings', async () => {
    simulator.script({ model: MODEL, latencyMs: 150 });
    const started = Date.now();
    await embed(['slow']);
    assert.ok(Date.now() - started >= 140);
  });

  it('leaves steps scripted for other models in the queue', async () => {
    simulator.script({ model: 'gpt-4o-mini', error: { status: 500, message: 'chat only' } });
    const [vector] = await embed(['unaffected']);
    assert.equal(vector?.length, EMBEDDING_DIMENSIONS);
  });
});
