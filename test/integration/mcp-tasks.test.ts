// MCP tasks over Temporal through the SDK's own task client: a long tool called as a task answers at
// once with a task whose id is the job id; the task is polled, fetched, cancelled and listed, and a
// gateway restarted on the same Temporal server still knows it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CallToolResultSchema, CreateTaskResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('tasks');

describe('MCP tasks', () => {
  const taskQueue = `tasks-${randomUUID()}`;
  let dataDir: string;
  let gateway: TestGateway;
  const environment = () => ({ OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '1', TEMPORAL_TASK_QUEUE: taskQueue });

  before(async () => {
    dataDir = suite.temporaryDirectory();
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: environment() });
  });

  after(async () => {
    await gateway?.close();
  });

  async function createTask(name: string, args: Record<string, unknown>) {
    return gateway.client.request({ method: 'tools/call', params: { name, arguments: args, task: { ttl: 600_000 } } }, CreateTaskResultSchema);
  }

  async function waitForStatus(taskId: string, status: string, client = gateway.client) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const task = await client.experimental.tasks.getTask(taskId);
      if (task.status === status) return task;
      if (Date.now() > deadline) assert.fail(`task ${taskId} is still ${task.status}, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('declares taskSupport "optional" on the long tools, and the server capability', async () => {
    const { tools } = await gateway.client.listTools();
    const optional = tools.filter((tool) => tool.execution?.taskSupport === 'optional').map((tool) => tool.name).sort();
    assert.deepEqual(optional, ['compare_and_synthesize', 'delegate_task', 'extract_entities', 'extract_json', 'generate_completion', 'generate_qa_pairs', 'multi_completion', 'process_document_batch', 'summarize_document']);
    assert.ok(gateway.client.getServerCapabilities()?.tasks?.requests?.tools?.call, 'tasks for tools/call are advertised');
  });

  it('creates a task whose id is the job id, then polls it and fetches its result', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'a durable answer', latencyMs: 800, usage: { inputTokens: 12, outputTokens: 3 } });
    const messages = [];
    for await (const message of gateway.client.experimental.tasks.callToolStream({ name: 'generate_completion', arguments: { prompt: 'as a task' } }, CallToolResultSchema)) {
      messages.push(message);
    }
    const created = messages.find((message) => message.type === 'taskCreated');
    assert.ok(created && created.type === 'taskCreated', JSON.stringify(messages));
    const taskId = created.task.taskId;
    assert.match(taskId, /^generate-completion-[0-9a-f-]{36}$/);
    assert.equal(created.task.status, 'working');
    const result = messages.at(-1)!;
    assert.equal(result.type, 'result', JSON.stringify(result));
    const structured = (result as { result: CallToolResult }).result.structuredContent as Record<string, unknown>;
    assert.equal(structured.text, 'a durable answer');
    assert.equal(structured.job_id, taskId);

    const task = await gateway.client.experimental.tasks.getTask(taskId);
    assert.equal(task.status, 'completed');
    const fetched = (await gateway.client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema)) as CallToolResult;
    assert.equal((fetched.structuredContent as { text: string }).text, 'a durable answer');
    const job = await gateway.call('get_job_status', { job_id: taskId });
    assert.equal(job.structured.status, 'completed', 'the task is the job');
    assert.equal(suite.chatCalls(), 1);
  });

  it('still answers a caller that does not ask for a task in the call itself', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'plain answer' });
    const started = Date.now();
    const { structured, isError, text } = await gateway.call('generate_completion', { prompt: 'no task please' });
    assert.equal(isError, false, text);
    assert.equal(structured.text, 'plain answer');
    assert.match(String(structured.job_id), /^generate-completion-/);
    assert.ok(Date.now() - started < 5_000, 'no polling delay for a plain call');
  });

  it('turns refused input into a failed task with the reason', async () => {
    const { task } = await createTask('generate_completion', { prompt: 'x', provider: 'anthropic' });
    assert.equal(task.status, 'failed');
    const result = (await gateway.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /ANTHROPIC_API_KEY/);
  });

  it('cancels a task: the job is cancelled and the provider call aborted', async () => {
    suite.simulator.reset();
    suite.simulator.script({ hang: true });
    const { task } = await createTask('generate_completion', { prompt: 'never answered' });
    await waitForJobRequest();
    const cancelled = await gateway.client.experimental.tasks.cancelTask(task.taskId);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await gateway.call('get_job_status', { job_id: task.taskId })).structured.status, 'cancelled');
    const deadline = Date.now() + 15_000;
    while (suite.simulator.requests()[0]?.aborted !== true) {
      if (Date.now() > deadline) assert.fail('the provider request was left running');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = (await gateway.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /cancelled/);
    await assert.rejects(gateway.client.experimental.tasks.cancelTask(task.taskId), /terminal status/);
  });

  it('runs extract_json as a task, its repair loop included', async () => {
    suite.simulator.reset();
    suite.simulator.script([{ text: '{"n": "one"}' }, { text: '{"n": 1}' }]);
    const schema = { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } };
    const { task } = await createTask('extract_json', { text: 'n is one', schema });
    assert.match(task.taskId, /^extract-json-/);
    await waitForStatus(task.taskId, 'completed');
    const result = (await gateway.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as CallToolResult;
    assert.deepEqual(result.structuredContent?.data, { n: 1 });
    assert.equal(result.structuredContent?.attempts, 2);
    const refused = await createTask('extract_json', { text: 'n is one', schema: { type: 'integr' } });
    assert.equal(refused.task.status, 'failed');
  });

  it('cancels a fan-out task as a whole', async () => {
    suite.simulator.reset();
    suite.simulator.script({ hang: true, times: 2 });
    const { task } = await createTask('multi_completion', { prompt: 'never answered', providers: [{ provider: 'openai' }, { provider: 'openai', model: 'gpt-4o' }] });
    await waitForJobRequest();
    const cancelled = await gateway.client.experimental.tasks.cancelTask(task.taskId);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await gateway.call('get_job_status', { job_id: task.taskId })).structured.status, 'cancelled');
  });

  it('lists tasks and serves them after a gateway restart', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'survives restarts' });
    const { task } = await createTask('delegate_task', { task: 'Summarise: tasks live in Temporal.' });
    await waitForStatus(task.taskId, 'completed');
    await gateway.close();
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: environment() });

    const after = await gateway.client.experimental.tasks.getTask(task.taskId);
    assert.equal(after.status, 'completed');
    const result = (await gateway.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as CallToolResult;
    const structured = result.structuredContent as Record<string, unknown>;
    assert.equal(structured.text, 'survives restarts');
    assert.equal(typeof structured.saved_usd, 'number', 'presented as delegate_task presents it');
    const listed = await gateway.client.experimental.tasks.listTasks();
    const ids = listed.tasks.map((each) => each.taskId);
    assert.ok(ids.includes(task.taskId), 'tasks/list finds the task after the restart');
    assert.ok(ids.some((id) => id.startsWith('generate-completion-')), 'and the earlier ones');
    await assert.rejects(gateway.client.experimental.tasks.getTask('generate-completion-00000000-0000-0000-0000-000000000000'), /not found/i);
  });

  it('finishes a task that was still working when the gateway restarted', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'finished after the restart', latencyMs: 2_000 });
    const { task } = await createTask('generate_completion', { prompt: 'outlive the gateway' });
    await waitForJobRequest();
    await gateway.close();
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, dataDir, environment: environment() });
    await waitForStatus(task.taskId, 'completed');
    const result = (await gateway.client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)) as CallToolResult;
    assert.equal((result.structuredContent as { text: string }).text, 'finished after the restart');
  });

  async function waitForJobRequest() {
    const deadline = Date.now() + 15_000;
    while (suite.chatCalls() === 0) {
      if (Date.now() > deadline) assert.fail('the job never called the provider');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
