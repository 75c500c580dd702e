// Each provider's calls on its own task queue, through a real MCP client, worker and Temporal server:
// during a 429 storm with Retry-After a 30-chunk fan-out still finishes, no retry comes before the
// provider said, the provider never sees more than its MAX_CONCURRENCY at once, and another
// provider's job finishes meanwhile; MAX_RPS spaces one provider's calls out across the queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import type { RecordedRequest } from '../support/simulator/index.ts';

const suite = useIntegrationSuite('queues');
let gateway: TestGateway;

const OPENAI_CONCURRENCY = 3;
const GEMINI_RPS = 2;

/** A document of `paragraphs` paragraphs, each about 40 tokens: one chunk each at chunk_size 48. */
function documentOf(topic: string, paragraphs: number): string {
  return Array.from({ length: paragraphs }, (_, index) => `Paragraph ${index} about ${topic}: the gateway schedules every provider call on that provider's own task queue, so one busy provider never holds up another one.`).join('\n\n');
}

async function resultOf(jobId: unknown): Promise<Record<string, unknown>> {
  const { structured, isError, text } = await gateway.call('get_job_result', { job_id: jobId, wait: true, wait_seconds: 120 });
  assert.equal(isError, false, text);
  assert.equal(structured.status, 'completed', text);
  return structured.result as Record<string, unknown>;
}

const conversationOf = (request: RecordedRequest) => JSON.stringify(request.body.messages ?? request.body.contents);

/** The task queues a job's activities were scheduled on. */
async function activityQueuesOf(jobId: unknown): Promise<string[]> {
  const history = await gateway.gateway.temporalClient.workflow.getHandle(String(jobId)).fetchHistory();
  return [...new Set((history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.taskQueue?.name ?? []))];
}

describe('provider task queues', () => {
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: {
        OPENAI_API_KEY: 'sk-openai-queues-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-queues-123456',
        ANTHROPIC_BASE_URL: suite.simulator.url,
        GEMINI_API_KEY: 'gemini-queues-123456',
        GEMINI_BASE_URL: suite.simulator.url,
        OPENAI_MAX_CONCURRENCY: String(OPENAI_CONCURRENCY),
        // Attempts 2 s apart: five cover a 5 s storm with room to spare.
        OPENAI_MAX_RETRIES: '5',
        GEMINI_MAX_RPS: String(GEMINI_RPS),
      },
    });
  });
  after(async () => gateway?.close());

  it('rides out a 429 storm: every chunk answered after Retry-After, never more than MAX_CONCURRENCY at once, another provider unaffected', async () => {
    suite.simulator.reset();
    // Slow answers keep the OpenAI queue's backlog long after the storm, while Anthropic answers at once.
    suite.simulator.script({ model: 'gpt-4o-mini', latencyMs: 300, times: 1_000 });
    const stormStarted = Date.now();
    suite.simulator.storm({ durationMs: 5_000, retryAfterSeconds: 2, providers: ['openai'] });

    const flooded = await gateway.call('summarize_document', { document: documentOf('rate limits', 32), provider: 'openai', model: 'gpt-4o-mini', chunk_size: 48, max_concurrency: 16, background: true });
    assert.equal(flooded.isError, false, flooded.text);
    const other = await gateway.call('summarize_document', { document: documentOf('other providers', 4), provider: 'anthropic', model: 'claude-haiku-4-5', chunk_size: 48, max_concurrency: 4, background: true });
    assert.equal(other.isError, false, other.text);

    const otherResult = await resultOf(other.structured.job_id);
    const floodedMeanwhile = await gateway.call('get_job_status', { job_id: flooded.structured.job_id });
    assert.equal(floodedMeanwhile.structured.status, 'running', 'the Anthropic job finished while the OpenAI fan-out was still working through its queue');
    assert.deepEqual(otherResult.models, ['anthropic/claude-haiku-4-5']);

    const floodedResult = await resultOf(flooded.structured.job_id);
    assert.ok((floodedResult.chunks as number) >= 30, `expected 30 or more chunks, got ${String(floodedResult.chunks)}`);
    assert.deepEqual(floodedResult.models, ['openai/gpt-4o-mini'], 'no chunk fell back to another provider');
    assert.ok(typeof floodedResult.summary === 'string' && floodedResult.summary.length > 0);

    const openai = suite.simulator.requests().filter((request) => request.protocol === 'openai');
    const limited = openai.filter((request) => request.retryAfterMs !== undefined);
    assert.ok(limited.length >= 10, `the fan-out met the storm (${limited.length} rate-limited calls)`);
    assert.ok(limited.every((request) => request.at < stormStarted + 5_000 + 100), 'only calls during the storm were refused');
    for (const refused of limited) {
      const retry = openai.find((request) => request.at > refused.at && conversationOf(request) === conversationOf(refused));
      assert.ok(retry, 'every refused call was made again');
      assert.ok(retry.at - refused.at >= refused.retryAfterMs!, `a retry came ${retry.at - refused.at} ms after a 429 that asked for ${refused.retryAfterMs} ms`);
    }
    const answered = new Set(openai.filter((request) => request.retryAfterMs === undefined).map(conversationOf));
    assert.ok(limited.every((request) => answered.has(conversationOf(request))), 'every refused call was answered in the end');

    const peak = suite.simulator.maxConcurrent('openai');
    assert.ok(peak <= OPENAI_CONCURRENCY, `OpenAI saw ${peak} calls at once, more than OPENAI_MAX_CONCURRENCY=${OPENAI_CONCURRENCY}`);
    assert.ok(peak >= 2, `the fan-out ran calls in parallel (peak ${peak})`);
    assert.ok(suite.simulator.requests().filter((request) => request.protocol === 'anthropic').every((request) => request.retryAfterMs === undefined));
    const mainQueue = gateway.config.temporal.taskQueue;
    assert.deepEqual(await activityQueuesOf(flooded.structured.job_id), [`${mainQueue}-provider-openai`]);
    assert.deepEqual(await activityQueuesOf(other.structured.job_id), [`${mainQueue}-provider-anthropic`]);
  });

  it('holds waiting callers\' completions, which run beside their workflow, to MAX_CONCURRENCY as well', async () => {
    suite.simulator.reset();
    suite.simulator.script({ model: 'gpt-4o-mini', latencyMs: 300, times: 1_000 });
    const answers = await Promise.all(Array.from({ length: 9 }, (_, index) => gateway.call('generate_completion', { prompt: `waiting caller ${index}`, provider: 'openai', model: 'gpt-4o-mini', fallback: false })));
    for (const answer of answers) assert.equal(answer.isError, false, answer.text);
    assert.equal(suite.simulator.requests().filter((request) => request.protocol === 'openai').length, 9);
    const peak = suite.simulator.maxConcurrent('openai');
    assert.ok(peak <= OPENAI_CONCURRENCY && peak >= 2, `OpenAI saw ${peak} calls at once; OPENAI_MAX_CONCURRENCY=${OPENAI_CONCURRENCY}`);
  });

  it('spaces one provider\'s calls at MAX_RPS across its task queue', async () => {
    suite.simulator.reset();
    const started = await gateway.call('summarize_document', { document: documentOf('pacing', 14), provider: 'gemini', model: 'gemini-2.5-flash-lite', chunk_size: 48, max_concurrency: 14, background: true });
    assert.equal(started.isError, false, started.text);
    const result = await resultOf(started.structured.job_id);
    assert.ok((result.chunks as number) >= 14);
    const times = suite.simulator
      .requests()
      .filter((request) => request.protocol === 'gemini')
      .map((request) => request.at)
      .sort((a, b) => a - b);
    assert.ok(times.length >= 15, `chunk calls and the reduce call (${times.length})`);
    // The server splits the rate over the queue's partitions, each of which may let a call or two
    // through at once: allow a first burst of 2 × GEMINI_RPS, then GEMINI_RPS per second.
    const span = times.at(-1)! - times[0]!;
    const least = ((times.length - 1 - 2 * GEMINI_RPS) / GEMINI_RPS) * 1000;
    assert.ok(span >= least, `${times.length} calls within ${span} ms, faster than ${GEMINI_RPS} per second: ${times.map((at) => at - times[0]!).join(', ')}`);
  });
});
