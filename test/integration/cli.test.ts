// The `gateway` command as users run it: MCP over stdio from a spawned CLI, and `gateway start`
// with its embedded Temporal dev server, health endpoint, Temporal UI and clean shutdown.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort } from '../support/free-port.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { isProcessAlive } from '../../core/process-alive.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY = path.join(ROOT, 'bin', 'gateway.js');

const suite = useIntegrationSuite('cli');

function baseEnvironment(dataDir: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TEMPORAL_CLI_PATH']) {
    const value = process.env[name];
    if (value) environment[name] = value;
  }
  return {
    ...environment,
    DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
    OPENAI_API_KEY: 'sk-cli-test-123456',
    OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
  };
}

describe('gateway stdio', () => {
  it('serves MCP over stdio with nothing but MCP on stdout', async () => {
    const dataDir = suite.temporaryDirectory();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [GATEWAY, 'stdio'],
      env: { ...baseEnvironment(dataDir), TEMPORAL_ADDRESS: suite.temporal.address, TEMPORAL_TASK_QUEUE: `stdio-${randomUUID()}`, LOG_LEVEL: 'debug' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    const transportErrors: Error[] = [];
    client.onerror = (error) => transportErrors.push(error);
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'generate_completion'));
      suite.simulator.reset();
      suite.simulator.script({ text: 'hello over stdio', usage: { inputTokens: 10, outputTokens: 4 } });
      const result = await client.callTool({ name: 'generate_completion', arguments: { prompt: 'say hello' } });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      const structured = result.structuredContent as Record<string, unknown>;
      assert.equal(structured.text, 'hello over stdio');
      // 10 × $0.15/M + 4 × $0.60/M
      assert.ok(Math.abs((structured.cost_usd as number) - 0.0000039) < 1e-12);
    } finally {
      await client.close();
    }
    assert.deepEqual(transportErrors, [], 'stdout carried only MCP messages');
    assert.match(stderr, /gateway ready \(stdio\)/, 'logs go to stderr');
    assert.doesNotMatch(stderr, /sk-cli-test-123456/, 'the API key never reaches the logs');
  });
});

describe('gateway start with the embedded Temporal dev server', () => {
  let child: ChildProcess | undefined;
  const children: ChildProcess[] = [];
  after(() => {
    for (const each of children) if (each.exitCode === null && each.signalCode === null) each.kill('SIGKILL');
  });

  async function startEmbedded(dataDir: string, ports: { server: number; temporal: number; ui: number }) {
    const started = performance.now();
    const process_ = spawn(process.execPath, [GATEWAY, 'start'], {
      env: {
        ...baseEnvironment(dataDir),
        SERVER_PORT: String(ports.server),
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.ui),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(process_);
    let output = '';
    process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      async () => {
        if (process_.exitCode !== null) assert.fail(`gateway exited: ${output}`);
        const response = await fetch(`http://127.0.0.1:${ports.server}/healthz`).catch(() => undefined);
        return response?.status === 200;
      },
      90_000,
      'healthz to answer 200',
    );
    return { process: process_, startupMs: performance.now() - started, output: () => output };
  }

  it('starts, answers /healthz, shows jobs in the Temporal UI, and stops its dev server on SIGTERM', async () => {
    const dataDir = suite.temporaryDirectory();
    const ports = { server: await freePort(), temporal: await freePort(), ui: await freePort() };
    const gateway = await startEmbedded(dataDir, ports);
    child = gateway.process;
    process.stdout.write(`# npm start → /healthz 200 in ${Math.round(gateway.startupMs)} ms\n`);
    const health = (await (await fetch(`http://127.0.0.1:${ports.server}/healthz`)).json()) as {
      status: string;
      temporal: { connected: boolean; embedded: boolean };
      worker: { running: boolean };
      providers: Record<string, { configured: boolean }>;
    };
    assert.equal(health.status, 'ok');
    assert.equal(health.temporal.connected, true);
    assert.equal(health.temporal.embedded, true);
    assert.equal(health.worker.running, true);
    assert.equal(health.providers.openai?.configured, true);
    assert.equal(health.providers.anthropic?.configured, false);

    const client = new Client({ name: 'embedded-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.server}/mcp`)));
    suite.simulator.reset();
    const result = await client.callTool({ name: 'generate_completion', arguments: { prompt: 'visible in the UI' } });
    await client.close();
    const jobId = String((result.structuredContent as Record<string, unknown>).job_id);
    await waitFor(
      async () => {
        const listing = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/namespaces/default/workflows`)).json()) as {
          executions?: Array<{ execution: { workflowId: string } }>;
        };
        return listing.executions?.some((execution) => execution.execution.workflowId === jobId) ?? false;
      },
      10_000,
      'the Temporal UI to list the job',
    );

    const record = JSON.parse(readFileSync(path.join(dataDir, 'temporal-dev-server.pid'), 'utf8')) as { pid: number };
    assert.ok(isProcessAlive(record.pid));
    child.kill('SIGTERM');
    await waitFor(() => child!.exitCode !== null, 30_000, 'the gateway to exit');
    assert.equal(child.exitCode, 0);
    await waitFor(() => !isProcessAlive(record.pid), 10_000, 'the dev server to stop');
  });

  it('stops a dev server left behind by a crashed gateway on the next start', async () => {
    const dataDir = suite.temporaryDirectory();
    const ports = { server: await freePort(), temporal: await freePort(), ui: await freePort() };
    const first = await startEmbedded(dataDir, ports);
    const stale = JSON.parse(readFileSync(path.join(dataDir, 'temporal-dev-server.pid'), 'utf8')) as { pid: number };
    first.process.kill('SIGKILL');
    await waitFor(() => first.process.exitCode !== null || first.process.signalCode !== null, 10_000, 'the gateway to die');
    assert.ok(isProcessAlive(stale.pid), 'the dev server outlived the killed gateway');

    const second = await startEmbedded(dataDir, ports);
    child = second.process;
    assert.ok(!isProcessAlive(stale.pid), 'the stale dev server was stopped');
    const fresh = JSON.parse(readFileSync(path.join(dataDir, 'temporal-dev-server.pid'), 'utf8')) as { pid: number };
    assert.notEqual(fresh.pid, stale.pid);
    child.kill('SIGTERM');
    await waitFor(() => child!.exitCode !== null, 30_000, 'the gateway to exit');
    await waitFor(() => !isProcessAlive(fresh.pid), 10_000, 'the dev server to stop');
  });
});
