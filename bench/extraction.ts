// Extraction and task benchmarks: answer checking (parse + Ajv) and table text throughput in
// process, extract_json through the whole stack with and without a repair round, and what an MCP
// task costs to create and poll compared with a plain call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateTaskResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { checkAnswer } from '../activities/extraction-attempt.ts';
import { inferSchemaFromExamples } from '../core/extraction/infer-schema.ts';
import { toCsv } from '../core/extraction/table-format.ts';
import { startSimulator } from '../test/support/simulator/index.ts';
import { percentile, round, startBenchGateway } from './support.ts';

const SCHEMA = {
  type: 'object',
  required: ['number', 'customer', 'lines'],
  properties: {
    number: { type: 'integer' },
    customer: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
    lines: { type: 'array', items: { type: 'object', required: ['item', 'quantity', 'price'], properties: { item: { type: 'string' }, quantity: { type: 'integer' }, price: { type: 'number' } } } },
  },
};
const RECORD = { number: 17, customer: { name: 'ACME Corp', email: 'billing@acme.example' }, lines: Array.from({ length: 10 }, (_, index) => ({ item: `item ${index}`, quantity: index + 1, price: 4.5 * index })) };

function timeIt(iterations: number, work: (index: number) => void): number {
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) work(index);
  return performance.now() - started;
}

async function sequential(calls: number, call: () => Promise<void>) {
  const latencies: number[] = [];
  for (let index = 0; index < calls; index += 1) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { calls, p50_ms: round(percentile(latencies, 0.5)), p99_ms: round(percentile(latencies, 0.99)) };
}

export async function benchExtraction(options: { calls: number }) {
  const answer = JSON.stringify(RECORD);
  const checks = 20_000;
  const checkMs = timeIt(checks, () => {
    if (!checkAnswer({ task: 'json', schema: SCHEMA }, answer).valid) throw new Error('the benchmark answer must be valid');
  });
  const rows = Array.from({ length: 20_000 }, (_, index) => [`name ${index}`, `a, "quoted" note\non two lines ${index}`, index * 1.5, index % 2 === 0, null]);
  let csvBytes = 0;
  const csvMs = timeIt(5, () => (csvBytes += Buffer.byteLength(toCsv(['name', 'note', 'price', 'flag', 'empty'], rows))));
  const examples = Array.from({ length: 1_000 }, (_, index) => ({ ...RECORD, number: index, ...(index % 3 === 0 ? { note: null } : {}) }));
  const inferMs = timeIt(10, () => inferSchemaFromExamples(examples));
  const local = {
    answer_checks_per_second: round(checks / (checkMs / 1000), 0),
    answer_check_us: round((checkMs * 1000) / checks, 1),
    answer_bytes: answer.length,
    csv_mb_per_second: round(csvBytes / 1e6 / (csvMs / 1000), 1),
    infer_schema_1000_examples_ms: round(inferMs / 10, 1),
  };

  const simulator = await startSimulator();
  const bench = await startBenchGateway({ OPENAI_BASE_URL: simulator.openaiBaseUrl, CACHE_ENABLED: 'false', LOG_LEVEL: 'silent' });
  const client = new Client({ name: 'bench-extraction', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(bench.gateway.http!.mcpUrl)));
  try {
    const extract = async (expectedAttempts: number) => {
      const result = (await client.callTool({ name: 'extract_json', arguments: { text: `Invoice 17 for ACME Corp ${Math.random()}`, schema: SCHEMA } })) as CallToolResult;
      const attempts = (result.structuredContent as { attempts?: number } | undefined)?.attempts;
      if (result.isError || attempts !== expectedAttempts) throw new Error(`extract_json: ${JSON.stringify(result.content)}`);
    };
    simulator.script({ text: answer, times: options.calls + 10 });
    await extract(1);
    const oneAttempt = await sequential(options.calls, () => extract(1));
    simulator.reset();
    simulator.script(Array.from({ length: options.calls }, () => [{ text: '{"number": "seventeen"}' }, { text: answer }]).flat());
    const repaired = await sequential(options.calls, () => extract(2));
    simulator.reset();
    simulator.script({ text: 'plain', times: options.calls * 3 });
    const plain = await sequential(options.calls, async () => {
      await client.callTool({ name: 'generate_completion', arguments: { prompt: `hello ${Math.random()}` } });
    });
    let lastTask = '';
    const createTask = await sequential(options.calls, async () => {
      const created = await client.request({ method: 'tools/call', params: { name: 'generate_completion', arguments: { prompt: `task ${Math.random()}` }, task: {} } }, CreateTaskResultSchema);
      lastTask = created.task.taskId;
    });
    const getTask = await sequential(options.calls, async () => {
      await client.experimental.tasks.getTask(lastTask);
    });
    return {
      local,
      through_mcp: [
        { operation: 'extract_json, valid first answer', ...oneAttempt },
        { operation: 'extract_json, one repair round', ...repaired },
        { operation: 'generate_completion, plain call', ...plain },
        { operation: 'generate_completion as a task: tools/call → task', ...createTask },
        { operation: 'tasks/get (Temporal describe)', ...getTask },
      ],
    };
  } finally {
    await client.close();
    await bench.stop();
    await simulator.close();
  }
}
