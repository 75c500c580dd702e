// `npm run bench -- load`: many MCP clients at once for a fixed time against a gateway running as
// its own process (`gateway start`, embedded Temporal dev server) and the simulator as another, at
// realistic provider latency. A mix of completions (some repeated, so the cache answers), searches,
// job polls and a document summary every few seconds. Reports calls/s, p50/p99 per tool, every
// error, and the resident memory of the gateway and its dev server before, during and after.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { freePort } from '../test/support/free-port.ts';
import { startGatewayProcess } from '../test/support/gateway-process.ts';
import { percentile, processCpuMs, round, rssMb, startSimulatorProcess } from './support.ts';

export interface LoadOptions {
  clients: number;
  seconds: number;
  latencyMs: [number, number];
  /** Share of completions that repeat an earlier prompt. */
  repeatShare: number;
  summaryEverySeconds: number;
}

interface Memory {
  gateway_mb: number;
  dev_server_mb: number;
}

/** The dev server is the gateway's child process running the Temporal CLI. */
function devServerPid(gatewayPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${gatewayPid}/task/${gatewayPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.find((pid) => /temporal/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')));
  } catch {
    return undefined;
  }
}

const DOCUMENT = Array.from({ length: 120 }, (_, index) => `Paragraph ${index}: the quarterly report covers revenue, costs and hiring across regions, with notes on risks.`).join('\n\n');
// Unique prompts differ in their words too, so the semantic cache does not take them for repeats.
const UNIQUE_TOPICS = ['tides and harbours', 'compilers', 'sourdough', 'glaciers', 'tax law', 'violin making', 'orbital mechanics', 'beekeeping'];
const REPEATED_PROMPTS = Array.from({ length: 20 }, (_, index) => `Give one tip about topic ${index}`);

export async function benchLoad(options: LoadOptions) {
  const simulator = await startSimulatorProcess({ latencyMs: options.latencyMs[0], latencyMaxMs: options.latencyMs[1] });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-load-'));
  const gateway = await startGatewayProcess({
    port: await freePort(),
    readyWithinMs: 180_000,
    environment: {
      DATA_DIR: dataDir,
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      ...(process.env.TEMPORAL_CLI_PATH ? { TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH } : {}),
      OPENAI_API_KEY: 'sk-load-bench-0123456789',
      OPENAI_BASE_URL: simulator.openaiBaseUrl,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
  });
  const gatewayPid = gateway.child.pid!;
  const temporalPid = devServerPid(gatewayPid);
  const memory = (): Memory => ({ gateway_mb: rssMb(gatewayPid), dev_server_mb: rssMb(temporalPid) });
  const clients: Client[] = [];
  try {
    for (let index = 0; index < options.clients; index += 1) {
      const client = new Client({ name: `load-${index}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcpUrl)));
      clients.push(client);
    }
    const setup = clients[0]!;
    await setup.callTool({ name: 'create_knowledge_base', arguments: { name: 'load' } });
    await setup.callTool({ name: 'add_documents', arguments: { knowledge_base: 'load', documents: Array.from({ length: 20 }, (_, index) => ({ id: `d${index}`, text: `Document ${index} on topic ${index % 5}: ${DOCUMENT.slice(index * 100, index * 100 + 1500)}` })) } });
    const before = memory();
    const peak: Memory = { ...before };
    const sampler = setInterval(() => {
      const now = memory();
      peak.gateway_mb = Math.max(peak.gateway_mb, now.gateway_mb);
      peak.dev_server_mb = Math.max(peak.dev_server_mb, now.dev_server_mb);
    }, 500);

    const latencies = new Map<string, number[]>();
    const errors: Array<{ tool: string; message: string }> = [];
    const jobIds: string[] = [];
    let handedOff = 0;
    let cached = 0;
    let unique = 0;
    const deadline = Date.now() + options.seconds * 1000;

    async function timed(client: Client, tool: string, args: Record<string, unknown>): Promise<void> {
      const started = performance.now();
      try {
        const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: 120_000 });
        const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
        if (result.isError) {
          errors.push({ tool, message: (result.content as Array<{ text?: string }>).map((block) => block.text ?? '').join(' ').slice(0, 300) });
          return;
        }
        if (typeof structured.job_id === 'string' && jobIds.length < 500) jobIds.push(structured.job_id);
        if (structured.status === 'running') handedOff += 1;
        if (structured.cached === true) cached += 1;
        const list = latencies.get(tool) ?? [];
        list.push(performance.now() - started);
        latencies.set(tool, list);
      } catch (error) {
        errors.push({ tool, message: (error as Error).message.slice(0, 300) });
      }
    }

    function nextCall(): [string, Record<string, unknown>] {
      const roll = Math.random();
      if (roll < 0.55) {
        const repeat = Math.random() < options.repeatShare;
        const prompt = repeat ? REPEATED_PROMPTS[Math.floor(Math.random() * REPEATED_PROMPTS.length)]! : `Write a line about ${(unique += 1)} ${Math.random().toString(36).slice(2)} ${UNIQUE_TOPICS[unique % UNIQUE_TOPICS.length]}`;
        return ['generate_completion', { prompt, max_tokens: 100 }];
      }
      if (roll < 0.7) return ['semantic_search', { knowledge_base: 'load', query: `topic ${Math.floor(Math.random() * 5)} risks`, top_k: 5 }];
      if (roll < 0.8) return ['hybrid_search', { knowledge_base: 'load', query: `revenue hiring topic ${Math.floor(Math.random() * 5)}`, top_k: 5 }];
      if (roll < 0.92 && jobIds.length > 0) return ['get_job_status', { job_id: jobIds[Math.floor(Math.random() * jobIds.length)] }];
      return ['list_jobs', { limit: 20 }];
    }

    const cpuBefore = { gateway: processCpuMs(gatewayPid) ?? 0, devServer: temporalPid ? (processCpuMs(temporalPid) ?? 0) : 0, simulator: processCpuMs(simulator.child.pid!) ?? 0 };
    const started = performance.now();
    let summaries = 0;
    const summaryLane = (async () => {
      while (Date.now() < deadline) {
        summaries += 1;
        void timed(clients[summaries % clients.length]!, 'summarize_document', { document: `${DOCUMENT}\n\nEdition ${summaries}.`, max_words: 80 });
        await new Promise((resolve) => setTimeout(resolve, options.summaryEverySeconds * 1000));
      }
    })();
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < deadline) {
          const [tool, args] = nextCall();
          await timed(client, tool, args);
        }
      }),
    );
    await summaryLane;
    // Summaries started near the end finish before the figures are taken.
    while ((latencies.get('summarize_document')?.length ?? 0) + errors.filter((error) => error.tool === 'summarize_document').length < summaries && performance.now() - started < (options.seconds + 120) * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const wallSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const cpuSeconds = {
      gateway: round(((processCpuMs(gatewayPid) ?? 0) - cpuBefore.gateway) / 1000, 1),
      dev_server: round(((temporalPid ? (processCpuMs(temporalPid) ?? 0) : 0) - cpuBefore.devServer) / 1000, 1),
      simulator: round(((processCpuMs(simulator.child.pid!) ?? 0) - cpuBefore.simulator) / 1000, 1),
      wall: round(wallSeconds, 1),
    };
    for (const client of clients) await client.close().catch(() => undefined);
    clients.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const afterRun = memory();

    const calls = [...latencies.values()].reduce((sum, list) => sum + list.length, 0);
    const perTool = [...latencies.entries()].map(([tool, list]) => {
      list.sort((a, b) => a - b);
      return { tool, calls: list.length, p50_ms: Math.round(percentile(list, 0.5)), p99_ms: Math.round(percentile(list, 0.99)), errors: errors.filter((error) => error.tool === tool).length };
    });
    // What the gateway logged (warnings and errors) explains an error the clients saw.
    const gatewayLog = errors.length > 0 ? gateway.output().split('\n').filter((line) => line.trim() !== '').slice(-200) : [];
    return {
      clients: options.clients,
      seconds: options.seconds,
      provider_latency_ms: options.latencyMs,
      load_average: os.loadavg().map((value) => round(value, 2)),
      calls,
      calls_per_second: round(calls / wallSeconds, 1),
      errors: errors.length,
      error_samples: errors.slice(0, 10),
      completions_cached: cached,
      answered_with_job_handle: handedOff,
      per_tool: perTool.sort((a, b) => b.calls - a.calls),
      memory_mb: { before, peak, after: afterRun },
      cpu_seconds: cpuSeconds,
      gateway_log: gatewayLog,
    };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await gateway.stop();
    simulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
