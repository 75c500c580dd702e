// /metrics scraped and parsed after real calls through an MCP client: tool calls by outcome, latency,
// provider calls with tokens and cost, cache hits and misses, running jobs; and its bearer-token rule.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startGateway } from '../../cli/gateway-runtime.ts';
import { loadConfig } from '../../core/config.ts';
import { createSilentLogger } from '../../core/logger.ts';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';

const suite = useIntegrationSuite('metrics');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's sample lines (comments and blank lines skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1]!, pair[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

describe('/metrics', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway({
      temporalAddress: suite.temporal.address,
      environment: { OPENAI_API_KEY: 'sk-test-key-123456', OPENAI_BASE_URL: suite.simulator.openaiBaseUrl, CACHE_ENABLED: 'true', SEMANTIC_CACHE_ENABLED: 'false' },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  it('counts tool calls, provider calls, tokens, cost and cache lookups', async () => {
    suite.simulator.script({ text: 'forty-two', usage: { inputTokens: 100, outputTokens: 10 } });
    const first = await gateway.call('generate_completion', { prompt: 'the answer to everything', model: 'gpt-4o-mini' });
    assert.equal(first.isError, false, first.text);
    const second = await gateway.call('generate_completion', { prompt: 'the answer to everything', model: 'gpt-4o-mini' });
    assert.equal(second.structured.cached, true, 'the repeated prompt is an exact cache hit');
    const refused = await gateway.call('generate_completion', { prompt: 'x', model: 'no-such-model' });
    assert.equal(refused.isError, true);

    const response = await fetch(new URL('/metrics', gateway.gateway.http!.url));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const samples = parseExposition(await response.text());

    assert.equal(valueOf(samples, 'gateway_tool_calls_total', { tool: 'generate_completion', outcome: 'success' }), 2);
    assert.equal(valueOf(samples, 'gateway_tool_calls_total', { tool: 'generate_completion', outcome: 'error' }), 1);
    assert.equal(valueOf(samples, 'gateway_tool_call_duration_seconds_count', { tool: 'generate_completion' }), 3);
    assert.equal(valueOf(samples, 'gateway_provider_calls_total', { provider: 'openai', model: 'gpt-4o-mini', outcome: 'success' }), 1, 'the cache hit made no provider call');
    assert.equal(valueOf(samples, 'gateway_tokens_total', { provider: 'openai', model: 'gpt-4o-mini', direction: 'input' }), 100);
    assert.equal(valueOf(samples, 'gateway_tokens_total', { provider: 'openai', model: 'gpt-4o-mini', direction: 'output' }), 10);
    assert.ok(Math.abs(valueOf(samples, 'gateway_cost_usd_total', { provider: 'openai', model: 'gpt-4o-mini' }) - (100 * 0.15 + 10 * 0.6) / 1e6) < 1e-12);
    assert.equal(valueOf(samples, 'gateway_cache_lookups_total', { kind: 'exact', result: 'hit' }), 1);
    assert.equal(valueOf(samples, 'gateway_cache_lookups_total', { kind: 'exact', result: 'miss' }), 1);
    assert.equal(valueOf(samples, 'gateway_jobs_running'), 0);

    // A second scrape adds nothing that did not happen again.
    const again = parseExposition(await (await fetch(new URL('/metrics', gateway.gateway.http!.url))).text());
    assert.equal(valueOf(again, 'gateway_cache_lookups_total', { kind: 'exact', result: 'hit' }), 1);
  });

  it('asks for the bearer token when GATEWAY_AUTH_TOKEN is set, as MCP does', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-metrics-auth-'));
    const config = loadConfig(
      { TEMPORAL_ADDRESS: suite.temporal.address, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, SERVER_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', GATEWAY_AUTH_TOKEN: 'metrics-secret-token-1234' },
      path.join(dataDir, 'no.env'),
    );
    const running = await startGateway('serve', config, createSilentLogger());
    try {
      const url = new URL('/metrics', running.http!.url);
      assert.equal((await fetch(url)).status, 401);
      assert.equal((await fetch(url, { headers: { authorization: 'Bearer wrong-token-000000000' } })).status, 401);
      const allowed = await fetch(url, { headers: { authorization: 'Bearer metrics-secret-token-1234' } });
      assert.equal(allowed.status, 200);
      assert.match(await allowed.text(), /# TYPE gateway_tool_calls_total counter/);
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
