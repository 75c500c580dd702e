// A gateway killed with SIGKILL in the middle of a map-reduce summary: started again on the same
// DATA_DIR and task queue, it finishes the job, and the provider is paid again at most for the calls
// that were in flight when the process died.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chunkDocument } from '../../core/chunking/chunk-document.ts';
import { freePort } from '../support/free-port.ts';
import { useIntegrationSuite } from '../support/integration-suite.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY = path.join(ROOT, 'bin', 'gateway.js');
const README = readFileSync(new URL('../fixtures/documents/markdown-ioredis.md', import.meta.url), 'utf8');
const MAX_CONCURRENCY = 4;

const suite = useIntegrationSuite('document-crash');
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function startGatewayProcess(environment: Record<string, string>, port: number): Promise<{ child: ChildProcess; client: Client }> {
  const child = spawn(process.execPath, [GATEWAY, 'start'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) assert.fail(`gateway exited: ${output}`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    90_000,
    'the gateway to answer /healthz',
  );
  const client = new Client({ name: 'crash-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return { child, client };
}

const promptOf = (body: Record<string, unknown>): string => (body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'user').at(-1)!.content;

describe('a gateway killed mid-summary', () => {
  it('finishes the job after a restart on the same DATA_DIR without paying twice for finished chunks', async () => {
    const port = await freePort();
    const environment = {
      DATA_DIR: suite.temporaryDirectory(),
      TEMPORAL_ADDRESS: suite.temporal.address,
      TEMPORAL_TASK_QUEUE: `crash-${randomUUID()}`,
      SERVER_PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      CACHE_ENABLED: 'false',
      OPENAI_API_KEY: 'sk-crash-test-123456',
      OPENAI_BASE_URL: suite.simulator.openaiBaseUrl,
    };
    suite.simulator.reset();
    suite.simulator.setDefaults({ latencyMs: 400 });
    try {
      const first = await startGatewayProcess(environment, port);
      const started = await first.client.callTool({ name: 'summarize_document', arguments: { document: README, chunk_size: 400, max_concurrency: MAX_CONCURRENCY, background: true } });
      const jobId = String((started.structuredContent as Record<string, unknown>).job_id);
      const half = Math.ceil(chunkDocument(README, { strategy: 'structural', chunkSize: 400, chunkOverlap: 0 }).chunks.length / 2);
      await waitFor(() => (suite.chatCalls() >= half ? true : undefined), 60_000, 'about half of the chunks to be asked');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const callsAtCrash = suite.chatCalls();

      const second = await startGatewayProcess(environment, port);
      const result = await waitFor(
        async () => {
          const answer = await second.client.callTool({ name: 'get_job_result', arguments: { job_id: jobId, wait: true, wait_seconds: 30 } }, undefined, { timeout: 60_000 });
          const structured = answer.structuredContent as Record<string, unknown>;
          return structured.status === 'running' ? undefined : structured;
        },
        180_000,
        'the job to finish after the restart',
      );
      await second.client.close();
      assert.equal(result.status, 'completed', JSON.stringify(result));
      const summary = result.result as { chunks: number; rounds: number; summary: string };
      const requests = suite.simulator.requests().filter((request) => request.path === '/v1/chat/completions');
      const mapCalls = requests.filter((request) => promptOf(request.body).startsWith('This is part '));
      const reduceCalls = requests.filter((request) => promptOf(request.body).startsWith('Below are summaries'));
      assert.ok(summary.chunks >= 40, `${summary.chunks} chunks`);
      assert.ok(callsAtCrash < summary.chunks, `the crash came before the last chunk (${callsAtCrash} calls)`);
      assert.equal(new Set(mapCalls.map((request) => promptOf(request.body).slice(0, 30))).size, summary.chunks, 'every chunk was summarised');
      assert.ok(
        requests.length <= summary.chunks + reduceCalls.length + MAX_CONCURRENCY,
        `${requests.length} calls for ${summary.chunks} chunks and ${reduceCalls.length} reductions`,
      );
      process.stdout.write(`# crash at ${callsAtCrash} calls; ${mapCalls.length} chunk calls for ${summary.chunks} chunks, ${reduceCalls.length} reduce calls\n`);
    } finally {
      suite.simulator.setDefaults({ latencyMs: 0 });
    }
  });
});
