// Chunk calls made in lanes (several calls back to back in one activity): a call that fails in the
// middle of a lane is retried alone, after the provider's Retry-After, without asking any other chunk
// twice; a cancelled job stops its lanes. Real MCP client, worker, Temporal server and OpenAI SDK.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('document-lanes');
const README = readFileSync(new URL('../fixtures/documents/markdown-ioredis.md', import.meta.url), 'utf8');
const promptOf = (body: Record<string, unknown>): string => (body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'user').at(-1)!.content;
const chatRequests = () => suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('document fan-outs in lanes', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, CACHE_ENABLED: 'false' },
    });
  });
  after(async () => gateway?.close());

  it('retries a chunk that fails mid-lane after its Retry-After, asking no other chunk twice', async () => {
    suite.simulator.reset();
    suite.simulator.setDefaults({ latencyMs: 20 });
    suite.simulator.script({ whenPromptIncludes: 'This is part 7 of', error: { status: 429, message: 'slow down', headers: { 'retry-after': '1' } } });
    const notes: string[] = [];
    try {
      const result = (await gateway.client.callTool(
        { name: 'summarize_document', arguments: { document: README, chunk_size: 400, max_concurrency: 4, model: 'gpt-4o-mini' } },
        undefined,
        { onprogress: (progress) => notes.push(String(progress.message)), timeout: 120_000 },
      )) as CallToolResult;
      assert.equal(result.isError, undefined, JSON.stringify(result.content));
      const structured = result.structuredContent as { chunks: number; models: string[]; rounds: number };
      const requests = chatRequests();
      const mapCalls = requests.filter((request) => /^This is part \d+ of \d+/.test(promptOf(request.body)));
      const partOf = (request: (typeof requests)[number]) => Number(/^This is part (\d+)/.exec(promptOf(request.body))![1]);
      const seventh = mapCalls.filter((request) => partOf(request) === 7);
      assert.equal(seventh.length, 2, 'the failed chunk was asked again');
      assert.ok(seventh[1]!.at - seventh[0]!.at >= 900, `the retry waited for Retry-After (${seventh[1]!.at - seventh[0]!.at} ms)`);
      assert.equal(mapCalls.length, structured.chunks + 1, 'every other chunk was asked once');
      assert.equal(new Set(mapCalls.map(partOf)).size, structured.chunks);
      assert.deepEqual(structured.models, ['openai/gpt-4o-mini'], 'a retry on the same model, no fallback');
      const chunkNotes = notes.filter((note) => note.startsWith('chunk ')).map((note) => Number(/^chunk (\d+)\//.exec(note)![1]));
      assert.ok(chunkNotes.length >= 2 && chunkNotes.every((done, index) => index === 0 || done > chunkNotes[index - 1]!), `progress moves chunk by chunk: ${notes.join(', ')}`);
    } finally {
      suite.simulator.setDefaults({ latencyMs: 0 });
    }
  });

  it('stops every lane of a cancelled job: no chunk is asked after the cancellation', async () => {
    suite.simulator.reset();
    suite.simulator.setDefaults({ latencyMs: 400 });
    try {
      const started = await gateway.call('summarize_document', { document: README, chunk_size: 400, max_concurrency: 4, background: true });
      const jobId = String(started.structured.job_id);
      for (let attempt = 0; attempt < 200 && chatRequests().length < 6; attempt += 1) await sleep(50);
      assert.ok(chatRequests().length >= 6, 'the lanes are running');
      const cancelled = await gateway.call('cancel_job', { job_id: jobId });
      assert.equal(cancelled.isError, false, cancelled.text);
      const askedAtCancel = chatRequests().length;
      let status = '';
      for (let attempt = 0; attempt < 100 && status !== 'cancelled'; attempt += 1) {
        status = String((await gateway.call('get_job_status', { job_id: jobId })).structured.status);
        if (status !== 'cancelled') await sleep(100);
      }
      assert.equal(status, 'cancelled');
      await sleep(1_000);
      assert.ok(chatRequests().length <= askedAtCancel + 4, `${chatRequests().length - askedAtCancel} calls started after the cancellation`);
      assert.ok(chatRequests().length < 30, `${chatRequests().length} of the document's chunks were asked`);
    } finally {
      suite.simulator.setDefaults({ latencyMs: 0 });
    }
  });
});
