// execute_optimized_workflow against its ideal: a plan whose critical path is three provider calls
// (one step, a fan-out of ten, one step) at a fixed simulated latency, so what the parent workflow,
// its prepare activities and child jobs add is the wall time above 3 × latency; a document plan
// (chunk_document, summarize_document over every chunk, query_json) whose critical path is one
// provider call. Also: /metrics scrapes.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator } from '../test/support/simulator/index.ts';
import { percentile, round, startBenchGateway } from './support.ts';

const LATENCY_MS = 200;
const FAN_OUT = 10;

export async function benchOptimizedWorkflow(options: { runs: number }) {
  const simulator = await startSimulator();
  simulator.setDefaults({ latencyMs: LATENCY_MS });
  const bench = await startBenchGateway({ OPENAI_BASE_URL: simulator.openaiBaseUrl, CACHE_ENABLED: 'false', LOG_LEVEL: 'silent' });
  const client = new Client({ name: 'bench-workflow', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(bench.gateway.http!.mcpUrl)));
  try {
    const items = Array.from({ length: FAN_OUT }, (_, index) => `item ${index}`);
    const walls: number[] = [];
    for (let run = 0; run < options.runs + 1; run += 1) {
      const started = performance.now();
      const result = (await client.callTool({
        name: 'execute_optimized_workflow',
        arguments: {
          inputs: { items, run },
          max_concurrency: FAN_OUT,
          steps: [
            { id: 'plan', tool: 'generate_completion', args: { prompt: 'plan run ${inputs.run}' } },
            { id: 'each', tool: 'generate_completion', args: { prompt: '${item} after ${steps.plan.text}' }, depends_on: ['plan'], iterate_on: '${inputs.items}' },
            { id: 'merge', tool: 'generate_completion', args: { prompt: 'merge ${steps.each.0.text}' }, depends_on: ['each'] },
          ],
        },
      })) as CallToolResult;
      const steps = (result.structuredContent as { steps?: Array<{ status: string }> } | undefined)?.steps;
      if (result.isError || !steps?.every((step) => step.status === 'completed')) throw new Error(`execute_optimized_workflow: ${JSON.stringify(result.content)}`);
      if (run > 0) walls.push(performance.now() - started);
    }
    walls.sort((a, b) => a - b);
    const ideal = 3 * LATENCY_MS;
    const documentWalls: number[] = [];
    for (let run = 0; run < options.runs + 1; run += 1) {
      const report = Array.from({ length: FAN_OUT }, (_, index) => `Section ${index} of run ${run}: ${'the tide turns at the harbour wall. '.repeat(40)}`).join('\n\n');
      const started = performance.now();
      const result = (await client.callTool({
        name: 'execute_optimized_workflow',
        arguments: {
          max_concurrency: FAN_OUT,
          steps: [
            { id: 'split', tool: 'chunk_document', args: { document: report, chunk_size: 400, chunk_overlap: 0 } },
            { id: 'summaries', tool: 'summarize_document', args: { document: '${item.text}', max_words: 30 }, depends_on: ['split'], iterate_on: '${steps.split.chunks}' },
            { id: 'count', tool: 'query_json', args: { json: '${steps.summaries}', query: 'length(@)' }, depends_on: ['summaries'] },
          ],
        },
      })) as CallToolResult;
      const structured = result.structuredContent as { steps?: Array<{ status: string; runs?: number }> } | undefined;
      if (result.isError || !structured?.steps?.every((step) => step.status === 'completed') || structured.steps[1]!.runs !== FAN_OUT) {
        throw new Error(`document plan: ${JSON.stringify(result.content)}`);
      }
      if (run > 0) documentWalls.push(performance.now() - started);
    }
    documentWalls.sort((a, b) => a - b);
    const scrapes: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      const started = performance.now();
      await (await fetch(new URL('/metrics', bench.gateway.http!.url))).text();
      scrapes.push(performance.now() - started);
    }
    scrapes.sort((a, b) => a - b);
    return {
      workflow: {
        plan: `1 step → fan-out of ${FAN_OUT} → 1 step, provider latency ${LATENCY_MS} ms`,
        runs: options.runs,
        ideal_ms: ideal,
        p50_ms: round(percentile(walls, 0.5)),
        p99_ms: round(percentile(walls, 0.99)),
        overhead_p50_ms: round(percentile(walls, 0.5) - ideal),
      },
      document_workflow: {
        plan: `chunk_document → summarize_document over ${FAN_OUT} chunks → query_json, provider latency ${LATENCY_MS} ms`,
        runs: options.runs,
        ideal_ms: LATENCY_MS,
        p50_ms: round(percentile(documentWalls, 0.5)),
        p99_ms: round(percentile(documentWalls, 0.99)),
        overhead_p50_ms: round(percentile(documentWalls, 0.5) - LATENCY_MS),
      },
      metrics_scrape: { scrapes: scrapes.length, p50_ms: round(percentile(scrapes, 0.5)), p99_ms: round(percentile(scrapes, 0.99)) },
    };
  } finally {
    await client.close();
    await bench.stop();
    await simulator.close();
  }
}
