// The scaled shape without containers: one Temporal server, one `gateway serve` (MCP over HTTP, no
// worker of its own) and two `gateway worker` processes, each with its own DATA_DIR as if on another
// host, sharing only Redis (cache and document blobs). A map-reduce summary spreads over both workers;
// one is killed with SIGKILL mid-fan-out and the other finishes the job, paying again at most for the
// calls the dead worker had in flight.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import proto from '@temporalio/proto';
import { freePort } from '../support/free-port.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY = path.join(ROOT, 'bin', 'gateway.js');
const HEALTHCHECK = path.join(ROOT, 'scripts', 'healthcheck.js');
const README = readFileSync(new URL('../fixtures/documents/markdown-ioredis.md', import.meta.url), 'utf8');
const MAX_CONCURRENCY = 6;
const PROVIDER_LATENCY_MS = 800;
const ACTIVITY_STARTED = proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

const suite = useIntegrationSuite('scale-out');
const children: ChildProcess[] = [];
let redis: TestRedisServer | undefined;
let temporalConnection: Connection | undefined;
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await temporalConnection?.close();
  await redis?.stop();
});

interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
}

function startGatewayProcess(command: 'serve' | 'worker', environment: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, [GATEWAY, command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment, DATA_DIR: suite.temporaryDirectory() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function healthcheckExitCode(port: number): number | null {
  return spawnSync(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', SERVER_PORT: String(port) }, timeout: 30_000 }).status;
}

const promptOf = (body: Record<string, unknown>): string => (body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'user').at(-1)!.content;

describe('gateway serve with two gateway workers sharing Redis', () => {
  // Three gateway processes start in this test: more time than one in-process gateway needs on a loaded machine.
  it('spreads a fan-out over both workers, and one worker finishes it after the other is killed', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const environment = {
      TEMPORAL_ADDRESS: suite.temporal.address,
      TEMPORAL_TASK_QUEUE: `scale-out-${randomUUID()}`,
      SERVER_PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      CACHE_TYPE: 'redis',
      BLOB_STORE: 'redis',
      REDIS_URL: redis!.url,
      SEMANTIC_CACHE_ENABLED: 'false',
      OPENAI_API_KEY: 'sk-scale-out-test-123456',
      OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
    };
    temporalConnection = await Connection.connect({ address: suite.temporal.address });
    const temporal = new TemporalClient({ connection: temporalConnection });
    suite.simulator.reset();
    suite.simulator.setDefaults({ latencyMs: PROVIDER_LATENCY_MS });
    try {
      const serve = startGatewayProcess('serve', environment);
      const workers = [startGatewayProcess('worker', environment), startGatewayProcess('worker', environment)];
      await waitFor(
        async () => {
          for (const gateway of [serve, ...workers]) if (gateway.child.exitCode !== null) assert.fail(`a gateway process exited: ${gateway.output()}`);
          const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
          if (response?.status !== 200) return undefined;
          const report = (await response.json()) as { worker: { in_process: boolean; pollers: number } };
          return report.worker.pollers >= 2 ? report : undefined;
        },
        120_000,
        'gateway serve to report both workers polling its task queue',
      ).then((report) => assert.equal(report.worker.in_process, false, 'serve runs no worker of its own'));
      assert.equal(healthcheckExitCode(port), 0, 'the image healthcheck passes against a healthy serve');

      const client = new Client({ name: 'scale-out-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
      const startedAt = performance.now();
      const started = await client.callTool({ name: 'summarize_document', arguments: { document: README, chunk_size: 400, max_concurrency: MAX_CONCURRENCY, background: true } });
      const jobId = String((started.structuredContent as Record<string, unknown>).job_id);
      const handle = temporal.workflow.getHandle(jobId);
      const identities = workers.map((worker) => `${worker.child.pid}@${os.hostname()}`);
      const inFlight = async () => {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        return identities.map((identity) => pending.filter((activity) => activity.lastWorkerIdentity === identity && activity.state === ACTIVITY_STARTED).length);
      };

      // Once a quarter of the chunks have been asked, kill the worker holding the most provider calls in flight.
      const victimIndex = await waitFor(
        async () => {
          if (suite.chatCalls() < 15) return undefined;
          const counts = await inFlight();
          const most = counts.indexOf(Math.max(...counts));
          return counts[most]! > 0 ? most : undefined;
        },
        90_000,
        'a worker to hold a provider call in flight',
      );
      const victim = identities[victimIndex]!;
      const survivor = identities[1 - victimIndex]!;
      workers[victimIndex]!.child.kill('SIGKILL');
      await new Promise((resolve) => workers[victimIndex]!.child.once('exit', resolve));
      const killedAt = performance.now();
      const callsAtKill = suite.chatCalls();
      const inFlightAtKill = (await inFlight())[victimIndex]!;
      assert.ok(inFlightAtKill >= 1, 'the killed worker had calls in flight');

      const result = await waitFor(
        async () => {
          const answer = await client.callTool({ name: 'get_job_result', arguments: { job_id: jobId, wait: true, wait_seconds: 20 } }, undefined, { timeout: 60_000 });
          const structured = answer.structuredContent as Record<string, unknown>;
          return structured.status === 'running' ? undefined : structured;
        },
        150_000,
        'the job to finish on the remaining worker',
      );
      const finishedAt = performance.now();
      await client.close();
      assert.equal(result.status, 'completed', JSON.stringify(result));

      const summary = result.result as { chunks: number; summary: string };
      const requests = suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions');
      const mapCalls = requests.filter((request) => promptOf(request.body).startsWith('This is part '));
      const reduceCalls = requests.filter((request) => promptOf(request.body).startsWith('Below are summaries'));
      assert.ok(summary.summary.length > 0);
      assert.ok(callsAtKill < summary.chunks, `the kill came before the last chunk (${callsAtKill} calls)`);
      assert.equal(new Set(mapCalls.map((request) => promptOf(request.body).slice(0, 30))).size, summary.chunks, 'every chunk was summarised');
      assert.ok(
        requests.length <= summary.chunks + reduceCalls.length + inFlightAtKill,
        `${requests.length} calls for ${summary.chunks} chunks, ${reduceCalls.length} reductions and ${inFlightAtKill} calls in flight at the kill`,
      );

      const history = await handle.fetchHistory();
      const starts = (history.events ?? []).flatMap((event) => (event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes] : []));
      const ranBy = (identity: string) => starts.filter((start) => start.identity === identity).length;
      assert.ok(ranBy(survivor) >= 1, `the other worker ran calls too (identities: ${[...new Set(starts.map((start) => start.identity))].join(', ')})`);
      // The killed worker's activities are noticed by their heartbeat timeout; their unanswered chunks
      // are asked again in activities that only the other worker can have completed.
      const events = history.events ?? [];
      const retried = events.filter((event) => event.activityTaskTimedOutEventAttributes);
      assert.ok(retried.length >= 1 && retried.length <= inFlightAtKill, `${retried.length} activities timed out for ${inFlightAtKill} in flight at the kill`);
      const startedBy = new Map(events.flatMap((event) => (event.activityTaskStartedEventAttributes ? [[String(event.eventId), event.activityTaskStartedEventAttributes.identity]] : [])));
      const completedBy = events.flatMap((event) => (event.activityTaskCompletedEventAttributes ? [startedBy.get(String(event.activityTaskCompletedEventAttributes.startedEventId))] : []));
      const completedAfterKill = completedBy.slice(-Math.max(1, retried.length));
      assert.ok(completedAfterKill.every((identity) => identity === survivor), 'the killed worker\'s chunks were finished by the other one');

      process.stdout.write(
        `# ${summary.chunks} chunks at ${PROVIDER_LATENCY_MS} ms, ${MAX_CONCURRENCY} at once: killed after ${Math.round(killedAt - startedAt)} ms (${callsAtKill} calls, ${inFlightAtKill} in flight on it); ` +
          `job done ${Math.round(finishedAt - killedAt)} ms after the kill, ${Math.round(finishedAt - startedAt)} ms in all; ` +
          `activities: ${ranBy(victim)} on the killed worker, ${ranBy(survivor)} on the other, ${retried.length} retried; ${requests.length} calls; load ${os.loadavg()[0]!.toFixed(1)}\n`,
      );
    } finally {
      suite.simulator.setDefaults({ latencyMs: 0 });
    }
  });
});
