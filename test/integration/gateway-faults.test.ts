// Faults of a real `gateway start` process: its embedded Temporal dev server killed with SIGKILL
// (the gateway answers 503, refuses Temporal calls at once, restarts the server on the same
// database and the job started before the kill completes), and SIGTERM to the gateway (new calls
// refused with 503, waiting calls answered or handed their job handle within SHUTDOWN_GRACE_SECONDS,
// no process of the gateway left behind).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { obtainTemporalCli } from '../../core/temporal/obtain-temporal-cli.ts';
import { freePort } from '../support/free-port.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { isProcessAlive } from '../../core/process-alive.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY = path.join(ROOT, 'bin', 'gateway.js');
const GRACE_SECONDS = 6;

const suite = useIntegrationSuite('faults');

/** Every process below `pid` (children, their children, …), read from /proc. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while being read
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function structuredOf(result: unknown): Record<string, unknown> {
  return ((result as CallToolResult).structuredContent ?? {}) as Record<string, unknown>;
}

function textOf(result: unknown): string {
  return (result as CallToolResult).content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
}

describe('a gateway with its embedded Temporal dev server', () => {
  let gateway: ChildProcess | undefined;
  let output = '';
  let ports: { server: number; temporal: number; ui: number };
  let dataDir: string;
  /** While this file exists the Temporal CLI the gateway runs fails at once: the restart is held back. */
  let holdRestart: string;
  const clients: Client[] = [];
  after(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
      gateway.kill('SIGKILL');
      // A gateway killed after a failed test leaves its dev server behind: stop that too.
      try {
        const left = devServerPid();
        if (isProcessAlive(left)) process.kill(left, 'SIGKILL');
      } catch {
        // no dev server was recorded
      }
    }
  });

  const base = () => `http://127.0.0.1:${ports.server}`;
  const healthStatus = async () => (await fetch(`${base()}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined))?.status;
  const devServerPid = () => (JSON.parse(readFileSync(path.join(dataDir, 'temporal-dev-server.pid'), 'utf8')) as { pid: number }).pid;
  async function connect(): Promise<Client> {
    const client = new Client({ name: 'faults-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base()}/mcp`)));
    clients.push(client);
    return client;
  }

  it('starts, with its namespace retention set', async () => {
    dataDir = suite.temporaryDirectory();
    ports = { server: await freePort(), temporal: await freePort(), ui: await freePort() };
    const environment: Record<string, string> = {};
    for (const name of ['PATH', 'HOME']) if (process.env[name]) environment[name] = process.env[name]!;
    const realCli = await obtainTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH || undefined, announce: () => undefined });
    holdRestart = path.join(dataDir, 'hold-restart');
    const cli = path.join(dataDir, 'temporal-cli.sh');
    writeFileSync(cli, `#!/bin/sh\nif [ -e '${holdRestart}' ]; then echo 'held back by the test' >&2; exit 1; fi\nexec '${realCli}' "$@"\n`);
    chmodSync(cli, 0o755);
    environment.TEMPORAL_CLI_PATH = cli;
    gateway = spawn(process.execPath, [GATEWAY, 'start'], {
      env: {
        ...environment,
        DATA_DIR: dataDir,
        LOG_FORMAT: 'json',
        OPENAI_API_KEY: 'sk-faults-test-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        SERVER_PORT: String(ports.server),
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.ui),
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
        TEMPORAL_RETENTION_DAYS: '2',
        JOB_WAIT_SECONDS: '120',
        CACHE_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gateway.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(async () => {
      if (gateway!.exitCode !== null) assert.fail(`gateway exited: ${output}`);
      return (await healthStatus()) === 200;
    }, 120_000, '/healthz to answer 200');
    // The UI server may answer a moment after the frontend does.
    const retention = await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${ports.ui}/api/v1/namespaces/default`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      const namespace = (await response?.json().catch(() => undefined)) as { config?: { workflowExecutionRetentionTtl?: string } } | undefined;
      return namespace?.config?.workflowExecutionRetentionTtl;
    }, 30_000, 'the Temporal UI to describe the namespace');
    assert.equal(retention, '172800s', 'the namespace keeps histories for TEMPORAL_RETENTION_DAYS');
  });

  it('survives its dev server being killed: 503, a quick clear error, a restart, and the running job completes', async () => {
    const client = await connect();
    suite.simulator.reset();
    // A provider call whose completion could not be reported during the outage is made again.
    const answer = { text: 'finished across the restart', latencyMs: 3_000, usage: { inputTokens: 10, outputTokens: 5 } };
    suite.simulator.script([answer, answer]);
    const started = structuredOf(await client.callTool({ name: 'generate_completion', arguments: { prompt: 'outlive the server', background: true } }));
    const jobId = String(started.job_id);
    await waitFor(() => suite.simulator.requests().length > 0, 30_000, 'the provider call to begin');

    const killed = devServerPid();
    writeFileSync(holdRestart, '');
    process.kill(killed, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => (await healthStatus()) === 503, 10_000, '/healthz to answer 503');
    process.stdout.write(`# /healthz 503 ${Date.now() - killedAt} ms after the kill\n`);

    const calledAt = Date.now();
    const refused = await client.callTool({ name: 'generate_completion', arguments: { prompt: 'during the outage' } });
    const answeredMs = Date.now() - calledAt;
    assert.equal((refused as CallToolResult).isError, true);
    assert.match(textOf(refused), /Temporal unavailable, retry in a moment/);
    assert.ok(answeredMs < 5_000, `answered in ${answeredMs} ms`);
    const status = await client.callTool({ name: 'get_job_status', arguments: { job_id: jobId } });
    assert.match(textOf(status), /Temporal unavailable, retry in a moment/);
    const local = await client.callTool({ name: 'text_stats', arguments: { text: 'Local tools need no Temporal.' } });
    assert.notEqual((local as CallToolResult).isError, true, textOf(local));
    assert.match(await (await fetch(`${base()}/metrics`)).text(), /^gateway_temporal_up 0$/m);
    rmSync(holdRestart);

    await waitFor(async () => (await healthStatus()) === 200, 120_000, '/healthz to answer 200 again');
    process.stdout.write(`# dev server restarted, /healthz 200 ${Date.now() - killedAt} ms after the kill\n`);
    const restarted = devServerPid();
    assert.notEqual(restarted, killed);
    assert.ok(isProcessAlive(restarted));
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    assert.match(metrics, /^gateway_temporal_up 1$/m);
    assert.match(metrics, /^gateway_temporal_restarts 1$/m);

    const result = await client.callTool({ name: 'get_job_result', arguments: { job_id: jobId, wait: true, wait_seconds: 90 } });
    assert.notEqual((result as CallToolResult).isError, true, textOf(result));
    const finished = structuredOf(result);
    assert.equal(finished.status, 'completed');
    assert.equal((finished.result as { text?: string }).text, 'finished across the restart');
    process.stdout.write(`# job started before the kill completed ${Date.now() - killedAt} ms after it\n`);
  });

  it('on SIGTERM refuses new calls with 503, lets a short call finish, hands a long one its job handle, and leaves no process behind', async () => {
    const [first, second] = [await connect(), await connect()];
    suite.simulator.reset();
    suite.simulator.script([
      { whenPromptIncludes: 'short call', text: 'finished within the grace period', latencyMs: 1_000 },
      { whenPromptIncludes: 'long call', text: 'too late', latencyMs: 120_000 },
    ]);
    const short = first.callTool({ name: 'generate_completion', arguments: { prompt: 'a short call' } });
    const long = second.callTool({ name: 'generate_completion', arguments: { prompt: 'a long call' } });
    await waitFor(() => suite.simulator.requests().length >= 2, 30_000, 'both provider calls to begin');
    const processes = descendantsOf(gateway!.pid!);
    assert.ok(processes.includes(devServerPid()), 'the dev server is a child of the gateway');

    const signalledAt = Date.now();
    gateway!.kill('SIGTERM');
    const refused = await waitFor(async () => {
      const response = await fetch(`${base()}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'late', version: '1' } } }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      return response?.status === 503 ? response : undefined;
    }, 5_000, 'a new call to be refused with 503');
    assert.match(JSON.stringify(await refused.json()), /shutting down/);
    assert.equal((await fetch(`${base()}/healthz`)).status, 503);

    const shortResult = await short;
    assert.equal(structuredOf(shortResult).text, 'finished within the grace period', textOf(shortResult));
    const longResult = await long;
    const handedBackMs = Date.now() - signalledAt;
    assert.notEqual((longResult as CallToolResult).isError, true, textOf(longResult));
    assert.equal(structuredOf(longResult).status, 'running');
    assert.match(String(structuredOf(longResult).job_id), /^generate-completion-/);
    assert.ok(handedBackMs >= (GRACE_SECONDS - 1) * 1000, `handed back after ${handedBackMs} ms, not before the grace period ended`);
    process.stdout.write(`# SIGTERM: job handle handed back after ${handedBackMs} ms (grace ${GRACE_SECONDS} s)\n`);

    await waitFor(() => gateway!.exitCode !== null || gateway!.signalCode !== null, 60_000, 'the gateway to exit');
    assert.equal(gateway!.exitCode, 0, output.slice(-2000));
    process.stdout.write(`# SIGTERM: gateway exited ${Date.now() - signalledAt} ms after the signal\n`);
    await waitFor(() => processes.every((pid) => !isProcessAlive(pid)), 10_000, `every process of the gateway (${processes.join(', ')}) to end`);
  });
});

describe('gateway stdio on SIGTERM', () => {
  it('answers a waiting call with its job handle at the end of the grace period, refuses new calls, and exits', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [GATEWAY, 'stdio'],
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: suite.temporaryDirectory(),
        TEMPORAL_ADDRESS: suite.temporal.address,
        TEMPORAL_TASK_QUEUE: `faults-stdio-${randomUUID()}`,
        OPENAI_API_KEY: 'sk-faults-test-123456',
        OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
        SHUTDOWN_GRACE_SECONDS: '2',
        CACHE_ENABLED: 'false',
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'faults-stdio', version: '1.0.0' });
    await client.connect(transport);
    const pid = transport.pid!;
    try {
      suite.simulator.reset();
      suite.simulator.script({ whenPromptIncludes: 'stdio long call', text: 'too late', latencyMs: 120_000 });
      const long = client.callTool({ name: 'generate_completion', arguments: { prompt: 'a stdio long call' } });
      await waitFor(() => suite.simulator.requests().length >= 1, 30_000, 'the provider call to begin');
      process.kill(pid, 'SIGTERM');
      const refused = await waitFor(async () => {
        const result = (await client.callTool({ name: 'text_stats', arguments: { text: 'too late' } })) as CallToolResult;
        return result.isError ? result : undefined;
      }, 5_000, 'a new call to be refused');
      assert.match(textOf(refused), /shutting down/);
      const handedBack = structuredOf(await long);
      assert.equal(handedBack.status, 'running');
      assert.match(String(handedBack.job_id), /^generate-completion-/);
      await waitFor(() => !isProcessAlive(pid), 60_000, 'the stdio gateway to exit');
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
