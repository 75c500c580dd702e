// A provider that echoes the whole API key in its 401 answer: the key reaches neither the agent, nor
// the logs, nor the usage report, nor the job's Temporal history. Job memos, which every client of
// the namespace can list, hold no prompt text unless JOB_MEMO_PROMPTS=true.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('secrets');
const KEY = 'sk-proj-Wh0leKeyEchoedBack0123456789abcdef';
const PRIVATE_PROMPT = 'Summarise the confidential merger memo for Project Bluebird';

function environment(extra: Record<string, string> = {}): Record<string, string> {
  return { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, PROVIDER_MAX_RETRIES: '0', ...extra };
}

async function historyOf(gateway: TestGateway, jobId: string): Promise<string> {
  const history = await gateway.gateway.temporalClient.workflow.getHandle(jobId).fetchHistory();
  return JSON.stringify(history);
}

describe('a provider that echoes the key in its error', () => {
  let gateway: TestGateway;
  const logLines: string[] = [];

  before(async () => {
    // No secrets handed to the logger: whatever keeps the key out of the log lines is the scrubbing of provider errors.
    const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment(), logger });
  });
  after(async () => {
    await gateway?.close();
  });

  for (const tool of ['generate_completion', 'stream_completion']) {
    it(`${tool}: the agent, the logs, the usage report and Temporal never see the key`, async () => {
      suite.simulator.reset();
      logLines.length = 0;
      suite.simulator.script({ error: { status: 401, message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.` } });
      const { isError, text } = await gateway.call(tool, { prompt: 'hello', fallback: false });
      assert.equal(isError, true);
      assert.match(text, /Incorrect API key provided: \[REDACTED\]/);
      assert.ok(!text.includes(KEY), text);
      assert.ok(!text.includes('Wh0leKey'), 'no fragment of the key either');

      const jobId = /job_id ([^)]+)\)/.exec(text)?.[1];
      assert.ok(jobId, `the error names its job: ${text}`);
      const history = await historyOf(gateway, jobId);
      assert.match(history, /Incorrect API key provided/);
      assert.ok(!history.includes('Wh0leKey'), 'the workflow history holds no part of the key');

      const report = await gateway.call('get_usage_report', { group_by: 'provider' });
      assert.ok(!report.text.includes('Wh0leKey'));
      assert.ok(logLines.some((line) => line.includes('Incorrect API key provided')), 'the failure is logged');
      assert.ok(!logLines.join('\n').includes('Wh0leKey'), 'no log line holds the key');
    });
  }
});

describe('job memos', () => {
  async function listedDescription(gateway: TestGateway): Promise<string> {
    suite.simulator.reset();
    const { isError, text, structured } = await gateway.call('generate_completion', { prompt: PRIVATE_PROMPT });
    assert.equal(isError, false, text);
    const listed = await gateway.call('list_jobs', {});
    const job = (listed.structured.jobs as Array<{ job_id: string; description: string }>).find((each) => each.job_id === structured.job_id);
    assert.ok(job, 'the job is listed');
    return job.description;
  }

  it('describe a job without its prompt by default', async () => {
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment() });
    try {
      const description = await listedDescription(gateway);
      assert.match(description, /openai\//);
      assert.ok(!description.includes('Bluebird'), description);
    } finally {
      await gateway.close();
    }
  });

  it('include the start of the prompt when JOB_MEMO_PROMPTS=true', async () => {
    const gateway = await startTestGateway({ temporalAddress: suite.temporal.address, environment: environment({ JOB_MEMO_PROMPTS: 'true' }) });
    try {
      assert.match(await listedDescription(gateway), /Project Bluebird/);
    } finally {
      await gateway.close();
    }
  });
});
