// The terminal commands as people run them (`bin/gateway.js` in a child process) against a running
// gateway: jobs, following a job with a progress bar, cache stats and clear, usage, and a call's
// progress bar.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY = path.join(ROOT, 'bin', 'gateway.js');
const suite = useIntegrationSuite('cli-commands');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('gateway jobs, job, cache, usage and call', () => {
  let gateway: TestGateway;

  const cli = (...args: string[]) =>
    new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, [GATEWAY, ...args, '--url', gateway.gateway.http!.mcpUrl], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: suite.temporaryDirectory(), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, CACHE_ENABLED: 'true', SEMANTIC_CACHE_ENABLED: 'false' },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  it('answers an unknown option or an option without its value with usage, not a stack trace', async () => {
    for (const args of [['tools', '--json'], ['jobs', '--status']]) {
      const { code, stdout, stderr } = await cli(...args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /--json|--status/);
      assert.match(stderr, /Usage: gateway <command>/);
      assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
      assert.equal(stdout, '');
    }
  });

  it('lists jobs and follows a running job with a progress bar until it ends', async () => {
    suite.simulator.reset();
    suite.simulator.script({ latencyMs: 6_000, times: 3, text: 'slow step', usage: { inputTokens: 5, outputTokens: 2 } });
    const started = await gateway.call('execute_optimized_workflow', {
      background: true,
      steps: [
        { id: 'one', tool: 'generate_completion', args: { prompt: 'first' } },
        { id: 'two', tool: 'generate_completion', args: { prompt: 'after ${steps.one.text}' }, depends_on: ['one'] },
        { id: 'three', tool: 'generate_completion', args: { prompt: 'after ${steps.two.text}' }, depends_on: ['two'] },
      ],
    });
    assert.equal(started.isError, false, started.text);
    const jobId = started.structured.job_id as string;

    const [running, followed] = await Promise.all([cli('jobs', '--status', 'running'), cli('job', jobId)]);
    assert.equal(running.code, 0, running.stderr);
    assert.match(running.stdout, new RegExp(`${jobId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+running\\s+execute_optimized_workflow`));

    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stderr, /\[[^\]]*\] \d\/3 steps/, 'a bar over the workflow\'s three steps');
    const answer = JSON.parse(followed.stdout) as { status: string; result: { outputs: Record<string, { text: string }> } };
    assert.equal(answer.status, 'completed');
    assert.equal(answer.result.outputs.three!.text, 'slow step');

    const completed = await cli('jobs', '--status', 'completed');
    assert.match(completed.stdout, new RegExp(jobId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const unknown = await cli('job', 'no-such-job');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no job with job_id "no-such-job"/);
  });

  it('shows and clears the cache, and reports usage since a time', async () => {
    suite.simulator.reset();
    suite.simulator.script({ text: 'cached answer', usage: { inputTokens: 40, outputTokens: 8 } });
    for (let index = 0; index < 2; index += 1) assert.equal((await gateway.call('generate_completion', { prompt: 'cache me for the cli' })).isError, false);

    const stats = await cli('cache', 'stats');
    assert.equal(stats.code, 0, stats.stderr);
    const report = JSON.parse(stats.stdout) as { entries: number; since_start: { hits: { exact: number } } };
    assert.ok(report.entries >= 1);
    assert.ok(report.since_start.hits.exact >= 1);

    const cleared = await cli('cache', 'clear');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /removed [1-9]\d* cache entries/);
    const emptied = JSON.parse((await cli('cache', 'stats')).stdout) as { entries: number };
    assert.equal(emptied.entries, 0);
    const wrong = await cli('cache', 'flush');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /needs "stats" or "clear", not "flush"/);

    const usage = await cli('usage', '--since', '1h');
    assert.equal(usage.code, 0, usage.stderr);
    const totals = (JSON.parse(usage.stdout) as { totals: { calls: number; cost_usd: number } }).totals;
    assert.ok(totals.calls >= 1);
    assert.ok(totals.cost_usd > 0);
  });

  it('shows a progress bar while a called tool reports progress', async () => {
    suite.simulator.reset();
    suite.simulator.setDefaults({ streamChunkDelayMs: 300 });
    try {
      suite.simulator.script({ text: 'one two three four five six seven eight', usage: { inputTokens: 5, outputTokens: 8 } });
      const called = await cli('call', 'stream_completion', JSON.stringify({ prompt: 'count' }));
      assert.equal(called.code, 0, called.stderr);
      assert.equal((JSON.parse(called.stdout) as { text: string }).text, 'one two three four five six seven eight');
      assert.match(called.stderr, /stream_completion \[[^\]]*\] \d+\/\d+/);
    } finally {
      suite.simulator.setDefaults({ streamChunkDelayMs: 0 });
    }
  });
});
