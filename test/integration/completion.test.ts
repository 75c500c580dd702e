// generate_completion and the job tools through a real MCP client over Streamable HTTP, a real
// worker, a real Temporal server and the OpenAI SDK talking to the provider simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../support/simulator/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useTemporalTestServer, type TestTemporal } from '../support/temporal-test-server.ts';

/** temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED */
const EVENT_TYPE_WORKFLOW_TASK_FAILED = 9;

let temporal: TestTemporal;
let simulator: Simulator;
let gateway: TestGateway;

before(async () => {
  temporal = await useTemporalTestServer();
  simulator = await startSimulator();
  gateway = await startTestGateway({
    temporalAddress: temporal.address,
    environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: simulator.openaiBaseUrl },
  });
});

after(async () => {
  await gateway?.close();
  await simulator?.close();
  await temporal?.stop();
});

async function waitForStatus(jobId: string, wanted: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { structured } = await gateway.call('get_job_status', { job_id: jobId });
    if (structured.status === wanted) return structured;
    if (Date.now() > deadline) assert.fail(`job ${jobId} stayed ${String(structured.status)}, expected ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('generate_completion over Streamable HTTP', () => {
  it('lists the tools with schemas and annotations', async () => {
    const { tools } = await gateway.client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of ['generate_completion', 'get_job_status', 'get_job_result', 'cancel_job', 'list_jobs']) {
      assert.ok(names.includes(name), `missing ${name}`);
    }
    const tool = tools.find((each) => each.name === 'generate_completion')!;
    assert.ok(tool.outputSchema, 'generate_completion has an output schema');
    // tools/list leaves out hints at the specification's defaults: an absent openWorldHint means true.
    assert.notEqual(tool.annotations?.openWorldHint, false);
    assert.equal(tool.annotations?.destructiveHint, false);
    assert.ok((tool.inputSchema.properties as Record<string, { description?: string }>).prompt?.description);
  });

  it("answers with the simulator's text, usage and the registry cost", async () => {
    simulator.reset();
    simulator.script({ text: 'Paris is the capital of France.', usage: { inputTokens: 1200, outputTokens: 300 } });
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'Capital of France?', model: 'gpt-4o-mini' });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'Paris is the capital of France.');
    assert.equal(structured.provider, 'openai');
    assert.equal(structured.model, 'gpt-4o-mini');
    assert.deepEqual(
      { ...(structured.usage as object) },
      { input_tokens: 1200, output_tokens: 300, total_tokens: 1500, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 },
    );
    // 1200 × $0.15/M + 300 × $0.60/M
    assert.ok(Math.abs((structured.cost_usd as number) - 0.00036) < 1e-12, `cost ${String(structured.cost_usd)}`);
    assert.match(String(structured.job_id), /^generate-completion-/);
    assert.equal(typeof structured.latency_ms, 'number');
    assert.deepEqual(JSON.parse(text), structured, 'the text block carries the same JSON');
    const request = simulator.requests().at(-1)!;
    assert.equal(request.model, 'gpt-4o-mini');
  });

  it('prices gpt-4o with its own rates', async () => {
    simulator.reset();
    simulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 1000 } });
    const { structured } = await gateway.call('generate_completion', { prompt: 'hi', provider: 'openai', model: 'gpt-4o' });
    assert.ok(Math.abs((structured.cost_usd as number) - 0.0125) < 1e-12, `cost ${String(structured.cost_usd)}`);
  });

  it('runs a background job that can be polled to completion', async () => {
    simulator.reset();
    simulator.script({ text: 'background answer', latencyMs: 300 });
    const started = await gateway.call('generate_completion', { prompt: 'take your time', background: true });
    assert.equal(started.isError, false, started.text);
    assert.equal(started.structured.status, 'running');
    const jobId = String(started.structured.job_id);
    const status = await waitForStatus(jobId, 'completed');
    assert.equal(status.tool, 'generate_completion');
    assert.equal(status.description, 'openai/gpt-4o-mini', 'the memo names the model, not the prompt');
    assert.ok(Date.parse(String(status.started_at)) > 0);
    const { structured } = await gateway.call('get_job_result', { job_id: jobId });
    assert.equal(structured.status, 'completed');
    assert.equal((structured.result as { text: string }).text, 'background answer');
    const listed = await gateway.call('list_jobs', { status: 'completed', limit: 100 });
    const jobs = listed.structured.jobs as Array<{ job_id: string }>;
    assert.ok(jobs.some((job) => job.job_id === jobId), 'list_jobs shows the finished job');
  });

  it('cancels a job while the provider is slow', async () => {
    simulator.reset();
    simulator.script({ text: 'too late', latencyMs: 30_000 });
    const started = await gateway.call('generate_completion', { prompt: 'slow one', background: true });
    const jobId = String(started.structured.job_id);
    await waitForStatus(jobId, 'running');
    const deadline = Date.now() + 10_000;
    while (simulator.requests().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const cancelled = await gateway.call('cancel_job', { job_id: jobId });
    assert.equal(cancelled.structured.cancel_requested, true);
    await waitForStatus(jobId, 'cancelled', 5_000);
    const result = await gateway.call('get_job_result', { job_id: jobId });
    assert.equal(result.structured.status, 'cancelled');
    assert.equal(simulator.requests()[0]?.aborted, true, 'the provider request was abandoned, not paid for');
  });

  it('cancels a waiting caller’s job and its provider call at once when the client gives up', async () => {
    simulator.reset();
    simulator.script({ text: 'nobody is listening', latencyMs: 30_000 });
    const controller = new AbortController();
    const started = Date.now();
    const call = gateway.client.callTool({ name: 'generate_completion', arguments: { prompt: 'abandon me' } }, undefined, { signal: controller.signal });
    const deadline = Date.now() + 10_000;
    while (simulator.requests().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await assert.rejects(call);
    const listed = async () =>
      ((await gateway.call('list_jobs', { limit: 20 })).structured.jobs as Array<{ tool: string; started_at: string; status: string; job_id: string }>).find(
        (job) => job.tool === 'generate_completion' && Date.parse(job.started_at) >= started - 1_000,
      );
    let job = await listed();
    while (job?.status !== 'cancelled' && Date.now() - started < 8_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await listed();
    }
    assert.equal(job?.status, 'cancelled');
    assert.ok(Date.now() - started < 5_000, `cancelled after ${Date.now() - started} ms`);
    assert.equal(simulator.requests()[0]?.aborted, true);
    const history = await gateway.gateway.temporalClient.workflow.getHandle(job!.job_id).fetchHistory();
    const failedTasks = (history.events ?? []).filter((event) => Number(event.eventType) === EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assert.equal(failedTasks.length, 0, 'the job ends through the cancelled path, without a failed workflow task');
  });

  it('rejects max_tokens: -5 naming the field, and keeps serving', async () => {
    const bad = await gateway.call('generate_completion', { prompt: 'hello', max_tokens: -5 });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /max_tokens/);
    simulator.reset();
    const good = await gateway.call('generate_completion', { prompt: 'still there?' });
    assert.equal(good.isError, false, good.text);
    assert.match(String(good.structured.text), /still there/);
  });

  it('retries a 500 and answers once', async () => {
    simulator.reset();
    simulator.script([{ error: { status: 500, message: 'upstream exploded' } }, { text: 'recovered' }]);
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'flaky' });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'recovered');
    assert.equal(simulator.requests().length, 2);
  });

  it('fails a 401 at once with the provider message', async () => {
    simulator.reset();
    simulator.script({ error: { status: 401, message: 'Incorrect API key provided' }, times: 5 });
    const { isError, text } = await gateway.call('generate_completion', { prompt: 'who am I' });
    assert.equal(isError, true);
    assert.match(text, /Incorrect API key provided/);
    assert.match(text, /not retried/);
    assert.equal(simulator.requests().length, 1, 'a 401 is not retried');
  });

  it('says clearly when a job id does not exist', async () => {
    for (const tool of ['get_job_status', 'get_job_result', 'cancel_job']) {
      const { isError, text } = await gateway.call(tool, { job_id: 'no-such-job' });
      assert.equal(isError, true, tool);
      assert.match(text, /no job with job_id "no-such-job"/);
    }
  });

  it('rejects an unknown model with the name in the message', async () => {
    const { isError, text } = await gateway.call('generate_completion', { prompt: 'x', model: 'gpt-99-ultra' });
    assert.equal(isError, true);
    assert.match(text, /gpt-99-ultra/);
  });
});

describe('a gateway without provider keys', () => {
  it('explains which key to set', async () => {
    const keyless = await startTestGateway({ temporalAddress: temporal.address });
    try {
      const { isError, text } = await keyless.call('generate_completion', { prompt: 'hello' });
      assert.equal(isError, true);
      assert.match(text, /OPENAI_API_KEY/);
      const explicit = await keyless.call('generate_completion', { prompt: 'hello', provider: 'openai' });
      assert.equal(explicit.isError, true);
      assert.match(explicit.text, /provider "openai" is not configured: set OPENAI_API_KEY/);
    } finally {
      await keyless.close();
    }
  });
});
