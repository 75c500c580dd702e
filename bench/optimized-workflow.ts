// execute_optimized_workflow against its ideal: a plan whose critical path is three provider calls
// (one step, a fan-out of ten, one step) at a fixed simulated latency, so what the parent workflow,
// its prepare activities and child jobs add is the wall time above 3 × latency. Also: /metrics scrapes.
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
      metrics_scrape: { scrapes: scrapes.length, p50_ms: round(percentile(scrapes, 0.5)), p99_ms: round(percentile(scrapes, 0.99)) },
    };
  } finally {
    await client.close();
    await bench.stop();
    await simulator.close();
  }
}
