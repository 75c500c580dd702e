// Jobs as agents and operators meet them: a slow job answers with its handle after JOB_WAIT_SECONDS
// and keeps going, waiting callers get keep-alive progress, a client that times out loses nothing,
// gateways sharing a task queue never cancel each other's callers' jobs, and job tools see only the
// gateway's own workflows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('jobs');

function providerEnvironment(): Record<string, string> {
  // Prompts in job descriptions: these tests find a job by the prompt that started it.
  return { OPENAI_API_KEY: 'sk-jobs-test-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1', JOB_MEMO_PROMPTS: 'true' };
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function jobByDescription(gateway: TestGateway, ending: string): Promise<{ job_id: string; status: string } | undefined> {
  const listed = await gateway.call('list_jobs', { limit: 50 });
  return (listed.structured.jobs as Array<{ job_id: string; status: string; description: string }>).find((job) => job.description.endsWith(ending));
}

describe('a gateway with a short JOB_WAIT_SECONDS', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: { ...providerEnvironment(), JOB_WAIT_SECONDS: '1.5' } });
  });
  after(async () => {
    await gateway?.close();
  });

  it('answers a slow job with its handle, with keep-alive progress meanwhile, and the job finishes', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'worth waiting for', latencyMs: 8_000 });
    const progress: Array<{ progress: number; message?: string }> = [];
    const started = Date.now();
    const handle = (await gateway.client.callTool({ name: 'generate_completion', arguments: { prompt: 'a slow question' } }, undefined, {
      onprogress: (update) => progress.push({ progress: update.progress, message: update.message }),
    })) as CallToolResult;
    const answeredAfter = Date.now() - started;
    assert.notEqual(handle.isError, true, JSON.stringify(handle.content));
    const structured = handle.structuredContent as { job_id: string; status: string; text?: string };
    assert.equal(structured.status, 'running');
    assert.equal(structured.text, undefined);
    assert.ok(answeredAfter < 7_000, `answered after ${answeredAfter} ms, before the provider did`);
    assert.ok(progress.length >= 1, 'keep-alive progress arrived while the caller waited');
    assert.match(progress[0]!.message ?? '', new RegExp(`job ${structured.job_id} running`));
    assert.deepEqual(progress.map((update) => update.progress), [...progress.map((update) => update.progress)].sort((a, b) => a - b), 'progress only grows');

    const result = await gateway.call('get_job_result', { job_id: structured.job_id, wait: true, wait_seconds: 20 });
    assert.equal(result.structured.status, 'completed', result.text);
    assert.equal((result.structured.result as { text: string }).text, 'worth waiting for');
    assert.equal(suite.chatCalls(), 1, 'one provider call: the job went on after the handle');
    assert.equal(suite.simulator.requests()[0]?.aborted, undefined, 'the provider request was never abandoned');
  });

  it('hands back the handle of a slow fan-out too, saying how far it has got', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ model: 'gpt-4o-mini', text: 'fast slot' }, { model: 'gpt-4o', text: 'slow slot', latencyMs: 4_000 }]);
    const providers = [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }];
    const handle = await gateway.call('multi_completion', { prompt: 'fan out slowly', providers });
    assert.equal(handle.isError, false, handle.text);
    assert.equal(handle.structured.status, 'running');
    const progress = handle.structured.progress as { phase: string; done: number; total: number };
    assert.deepEqual({ phase: progress.phase, total: progress.total }, { phase: 'answering', total: 2 });
    // The fast model has normally answered by now; a loaded machine may not have got to it yet.
    assert.ok(progress.done === 1 || progress.done === 0, `done ${progress.done}`);
    const result = await gateway.call('get_job_result', { job_id: handle.structured.job_id, wait: true, wait_seconds: 20 });
    assert.equal(result.structured.status, 'completed', result.text);
  });
});

describe('callers that stop waiting', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: providerEnvironment() });
  });
  after(async () => {
    await gateway?.close();
  });

  it('never cancels the job of a client that timed out: its answer stays retrievable', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'finished without you', latencyMs: 2_500 });
    await assert.rejects(gateway.client.callTool({ name: 'generate_completion', arguments: { prompt: 'the client times out' } }, undefined, { timeout: 800 }), /timed out/);
    const job = await eventually(async () => {
      const found = await jobByDescription(gateway, 'the client times out');
      return found?.status === 'running' ? undefined : found;
    }, 'the job to end');
    assert.equal(job.status, 'completed');
    const result = await gateway.call('get_job_result', { job_id: job.job_id });
    assert.equal((result.structured.result as { text: string }).text, 'finished without you');
    assert.equal(suite.simulator.requests()[0]?.aborted, undefined, 'the paid request ran to its end');
  });

  it('ends a get_job_result wait that times out without leaving its long poll open', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'eventually', latencyMs: 6_000 });
    const started = await gateway.call('generate_completion', { prompt: 'poll me', background: true });
    const jobId = String(started.structured.job_id);
    const waits = await Promise.all([1, 1, 1].map((seconds) => gateway.call('get_job_result', { job_id: jobId, wait: true, wait_seconds: seconds })));
    for (const wait of waits) assert.equal(wait.structured.status, 'running', wait.text);
    assert.equal(gateway.gateway.mcpDeps!.jobs.openResultPolls, 0, 'no long poll outlives its wait');
    await gateway.call('cancel_job', { job_id: jobId });
  });
});

describe('two gateways on one task queue', () => {
  let first: TestGateway;
  let second: TestGateway;
  before(async () => {
    const shared = { ...providerEnvironment(), TEMPORAL_TASK_QUEUE: `shared-${randomUUID()}`, CACHE_ENABLED: 'true', CACHE_TYPE: 'memory', SEMANTIC_CACHE_ENABLED: 'false' };
    first = await startTestGateway({ temporalAddress: suite.temporal.address, environment: shared });
    second = await startTestGateway({ temporalAddress: suite.temporal.address, environment: shared });
  });
  after(async () => {
    await first?.close();
    await second?.close();
  });

  it("never cancel a shared job while the other gateway's caller still waits", async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'one answer for both', latencyMs: 2_500 });
    const controller = new AbortController();
    const arguments_ = { prompt: 'shared across gateways' };
    const abandoned = first.client.callTool({ name: 'generate_completion', arguments: arguments_ }, undefined, { signal: controller.signal });
    await eventually(async () => (suite.chatCalls() > 0 ? true : undefined), 'the provider call');
    const patient = second.client.callTool({ name: 'generate_completion', arguments: arguments_ }) as Promise<CallToolResult>;
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort('the user pressed stop');
    await assert.rejects(abandoned);
    const result = await patient;
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    assert.equal((result.structuredContent as { text: string }).text, 'one answer for both');
    assert.equal(suite.chatCalls(), 1, 'both callers shared one provider call');
  });

  it('cancel a shared job once its last caller asks to stop', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'nobody wants this', latencyMs: 30_000 });
    const controller = new AbortController();
    const abandoned = first.client.callTool({ name: 'generate_completion', arguments: { prompt: 'stop this shared job' } }, undefined, { signal: controller.signal });
    await eventually(async () => (suite.chatCalls() > 0 ? true : undefined), 'the provider call');
    controller.abort('the user pressed stop');
    await assert.rejects(abandoned);
    const job = await eventually(async () => {
      const found = await jobByDescription(second, 'stop this shared job');
      return found?.status === 'cancelled' ? found : undefined;
    }, 'the job to be cancelled', 30_000);
    assert.equal(job.status, 'cancelled');
    await eventually(async () => (suite.simulator.requests()[0]?.aborted ? true : undefined), 'the provider request to be abandoned');
  });
});

describe('job tools and workflows that are not the gateway’s', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: providerEnvironment() });
  });
  after(async () => {
    await gateway?.close();
  });

  it('answer "no such job" for another application’s workflows and leave them alone', async () => {
    const client = gateway.gateway.temporalClient;
    const foreign = [
      await client.workflow.start('billingWorkflow', { taskQueue: `other-app-${randomUUID()}`, workflowId: `billing-${randomUUID()}`, args: [] }),
      await client.workflow.start('billingWorkflow', { taskQueue: gateway.config.temporal.taskQueue, workflowId: `same-queue-${randomUUID()}`, args: [] }),
    ];
    try {
      for (const handle of foreign) {
        for (const tool of ['get_job_status', 'get_job_result', 'cancel_job']) {
          const { isError, text } = await gateway.call(tool, { job_id: handle.workflowId });
          assert.equal(isError, true, `${tool} on ${handle.workflowId}`);
          assert.match(text, new RegExp(`no job with job_id "${handle.workflowId}"`));
          assert.doesNotMatch(text, /billingWorkflow/, 'the foreign type is not revealed');
        }
        assert.equal((await handle.describe()).status.name, 'RUNNING', 'cancel_job left the foreign workflow running');
      }
      const listed = await gateway.call('list_jobs', { limit: 1000 });
      const ids = (listed.structured.jobs as Array<{ job_id: string }>).map((job) => job.job_id);
      for (const handle of foreign) assert.ok(!ids.includes(handle.workflowId), 'list_jobs shows only the gateway’s jobs');
    } finally {
      for (const handle of foreign) await handle.terminate('test over').catch(() => undefined);
    }
  });
});
