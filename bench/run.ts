// `npm run bench`: runs every benchmark against the provider simulator, prints a table and writes
// JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCache } from './cache.ts';
import { benchChunking } from './chunking.ts';
import { economicsTable } from './economics.ts';
import { benchMapReduce } from './map-reduce.ts';
import { benchMemory } from './memory.ts';
import { benchCatalogue } from './catalogue.ts';
import { benchDurableCompletion } from './durable-completion.ts';
import { benchExtraction } from './extraction.ts';
import { benchLoad } from './load.ts';
import { benchOptimizedWorkflow } from './optimized-workflow.ts';
import { benchProviderQueues } from './provider-queues.ts';
import { benchSandbox } from './sandbox.ts';
import { ROOT } from './support.ts';
import { benchTokenCounting } from './token-counting.ts';
import { benchUsageLedger } from './usage-ledger.ts';
import { runVectorBenchmarks } from './vectors.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length };

function printCatalogue(catalogue: Awaited<ReturnType<typeof benchCatalogue>>, heaviest: number): void {
  console.log('\nTool catalogue per TOOL_PROFILE (o200k tokens: model-visible = name, description, input schema; whole = tools/list)');
  console.table(catalogue.profiles);
  console.log(`The full profile's ${Math.min(heaviest, catalogue.tools.length)} heaviest tools`);
  console.table(catalogue.tools.slice(0, heaviest));
}

// `npm run bench -- vectors`: only the vector-store benchmarks, at full scale.
if (process.argv.includes('vectors')) {
  results.vectors = await runVectorBenchmarks({ full: true });
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `vectors-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

// `npm run bench -- workflow`: only execute_optimized_workflow.
if (process.argv.includes('workflow')) {
  const only = await benchOptimizedWorkflow({ runs: quick ? 5 : 20 });
  console.table([only.workflow, only.document_workflow]);
  process.exit(0);
}

// `npm run bench -- catalogue`: only what the tool catalogue costs, per profile and per tool.
if (process.argv.includes('catalogue')) {
  results.catalogue = await benchCatalogue({ calls: 5 });
  printCatalogue(results.catalogue as Awaited<ReturnType<typeof benchCatalogue>>, 51);
  process.exit(0);
}

// `npm run bench -- map-reduce [chunks…]`: only summarize_document's map-reduce, at 64 and 500 chunks (or
// the counts given), 3 jobs each.
if (process.argv.includes('map-reduce')) {
  results.load_average = os.loadavg();
  const counts = process.argv.slice(2).filter((argument) => /^\d+$/.test(argument)).map(Number);
  for (const sections of counts.length > 0 ? counts : [64, 500]) {
    const figures = await benchMapReduce({ sections, runs: 3 });
    results[`map_reduce_${sections}`] = figures;
    console.log(`\n${sections} chunks: calls per round ${figures.calls_per_round.join(' → ')}, wall ${figures.wall_ms_each.join(', ')} ms against an ideal ${figures.ideal_ms} ms (median ${figures.ratio}×)`);
    console.log(JSON.stringify({ overhead: figures.overhead, cpu_ms_per_job: figures.cpu_ms_per_job, first_job: figures.first_job }));
  }
  console.log(`load average before: ${(results.load_average as number[]).map((value) => value.toFixed(2)).join(' ')}, after: ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `map-reduce-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

// `npm run bench -- load`: LOAD_CLIENTS (64) MCP clients for LOAD_SECONDS (60) against a gateway process.
if (process.argv.includes('load')) {
  const load = await benchLoad({ clients: Number(process.env.LOAD_CLIENTS ?? 64), seconds: Number(process.env.LOAD_SECONDS ?? 60), latencyMs: [300, 1500], repeatShare: 0.3, summaryEverySeconds: 3 });
  results.load = load;
  console.log(`\n${load.clients} MCP clients for ${load.seconds} s, provider latency ${load.provider_latency_ms.join('–')} ms, load average ${load.load_average.join(' ')}`);
  console.log(`${load.calls} calls, ${load.calls_per_second} calls/s, ${load.errors} errors; ${load.completions_cached} completions from the cache, ${load.answered_with_job_handle} answered with a job handle`);
  console.table(load.per_tool);
  console.table(load.memory_mb);
  console.log(`CPU seconds over ${load.cpu_seconds.wall} s: gateway ${load.cpu_seconds.gateway}, dev server ${load.cpu_seconds.dev_server}, simulator ${load.cpu_seconds.simulator} (${os.cpus().length} CPUs, shared)`);
  for (const error of load.error_samples) console.log(`error in ${error.tool}: ${error.message}`);
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `load-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(load.errors === 0 ? 0 : 1);
}

// `npm run bench -- memory`: heap and RSS growth over a long mix of calls.
if (process.argv.includes('memory')) {
  const { checkpoints, ...memory } = await benchMemory({ calls: quick ? 2_000 : 10_000, warmupCalls: 500 });
  results.memory = { ...memory, checkpoints };
  console.log('\nMemory over a long run (heap and RSS after a full GC, warmed up vs at the end)');
  console.table([memory]);
  console.table(checkpoints);
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `memory-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

if (process.argv.includes('economics')) {
  const economics = economicsTable();
  console.log(`\nDocument jobs on a ${economics.document_words}-word (about 100-page) document: tokens sent and received, and dollars`);
  console.table(economics.rows);
  for (const note of economics.notes) console.log(`- ${note}`);
  process.exit(0);
}

const durable = await benchDurableCompletion({ requestsPerLevel: quick ? 300 : 1000, throughputRequests: quick ? 1000 : 3000 });
results.durable_completion = durable;
console.log('\nDurable generate_completion vs direct SDK call (simulator, zero latency)');
console.table(durable.concurrency);
console.log(`Throughput at concurrency ${durable.throughput.concurrency}: ${durable.throughput.per_second} completions/s over ${durable.throughput.requests} requests, ${durable.throughput.errors} errors`);
const cpu = durable.throughput.cpu_ms_per_completion;
console.log(`CPU per completion: gateway and MCP clients ${cpu.gateway_and_clients} ms, Temporal server ${cpu.temporal_server ?? 'n/a'} ms, simulator ${cpu.simulator ?? 'n/a'} ms on ${os.cpus().length} CPUs`);

const cache = await benchCache({ hitCalls: quick ? 1000 : 5000, lookups: quick ? 20_000 : 100_000 });
results.cache = cache;
console.log('\nExact cache hit through the MCP layer (generate_completion, concurrency 1)');
console.table(cache.exact_hit);
console.log('Cache store lookups (10,000 entries of ~1 KB)');
console.table(cache.store_lookups);
const workload = cache.workload;
console.log(
  `Skewed workload (${workload.requests} requests over ${workload.distinct_prompts} prompts, 8 in flight): hit rate ${(workload.hit_rate * 100).toFixed(1)}% ` +
    `(${workload.hits} hits, ${workload.misses} misses), ${workload.provider_calls} provider calls, $${workload.saved_usd} saved`,
);

const counting = benchTokenCounting({ sizes: quick ? [250_000, 1_000_000] : [250_000, 1_000_000, 4_000_000], baselineSizes: [10_000, 20_000, 40_000] });
results.token_counting = counting;
console.log('\nToken counting (o200k_base), ms by input size: linear for adversarial inputs');
console.table(counting.bounded);
console.log(`Per-character cost, largest size against smallest (1 = linear): ${JSON.stringify(counting.growth)}`);
console.log('Whole-text counting (one pre-token per run), for comparison');
console.table(counting.whole_text_baseline);

const ledgerBench = await benchUsageLedger({ records: quick ? 100_000 : 1_000_000 });
results.usage_ledger = ledgerBench;
console.log(`\nget_usage_report over ${ledgerBench.records} calls spread across a year (written at ${ledgerBench.records_per_second} records/s)`);
console.table(ledgerBench.reports_ms);
console.log(`Adding up every record instead (no rollups): ${ledgerBench.full_scan_ms} ms`);

const chunking = await benchChunking({ corpusBytes: quick ? 500_000 : 2_000_000, chunkSize: 512, chunkOverlap: 64 });
results.chunking = chunking;
console.log(`\nChunking throughput on ${chunking.corpus_mb} MB of real documents (chunk_size ${chunking.chunk_size}, overlap ${chunking.chunk_overlap})`);
console.table(chunking.rows);

const mapReduce = await benchMapReduce();
results.map_reduce = mapReduce;
console.log(
  `\nsummarize_document map-reduce: ${mapReduce.chunks} chunks, calls per round ${mapReduce.calls_per_round.join(' → ')}, ${mapReduce.latency_ms} ms latency, max_concurrency ${mapReduce.max_concurrency}: ` +
    `${mapReduce.wall_ms} ms against an ideal ${mapReduce.ideal_ms} ms (${mapReduce.ratio}×)` +
    `; first call after ${mapReduce.overhead.first_call_ms} ms, completion to next call p50 ${mapReduce.overhead.handoff_ms_p50} ms (max ${mapReduce.overhead.handoff_ms_max}), answer to answer in a lane p50 ${mapReduce.overhead.lane_call_ms_p50} ms, ` +
    `${mapReduce.overhead.workflow_tasks} workflow tasks of p50 ${mapReduce.overhead.workflow_task_ms_p50} ms, ${mapReduce.overhead.finish_ms} ms from the last call to the result` +
    `; the first job after start-up: ${mapReduce.first_job.wall_ms} ms (${mapReduce.first_job.ratio}×), first call after ${mapReduce.first_job.first_call_ms} ms`,
);

const queues = await benchProviderQueues();
results.provider_queues = queues;
console.log(
  `\nProvider task queues: ${queues.storm.chunks} OpenAI chunks through a 5 s storm of 429s (Retry-After 1 s) at OPENAI_MAX_CONCURRENCY 8: ${queues.storm.wall_ms} ms against an ideal ${queues.storm.ideal_ms} ms, ` +
    `${queues.storm.rate_limited_calls} calls refused, ${queues.storm.retries_before_retry_after} retries before Retry-After, at most ${queues.storm.max_concurrent_openai} OpenAI calls at once; ` +
    `a 4-chunk Anthropic summary meanwhile: ${queues.storm.other_provider_wall_ms} ms (${queues.storm.other_provider_alone_ms} ms alone). GEMINI_MAX_RPS ${queues.rate.limit}: ${queues.rate.calls} calls at ${queues.rate.calls_per_second}/s`,
);

const extraction = await benchExtraction({ calls: quick ? 50 : 200 });
results.extraction = extraction;
console.log('\nExtraction in process: answer check (parse + Ajv, 10-line invoice), CSV text, schema inference');
console.table([extraction.local]);
console.log('Extraction and MCP tasks through the MCP layer (Streamable HTTP, simulator at zero latency, sequential)');
console.table(extraction.through_mcp);
const sandbox = await benchSandbox({ runs: quick ? 10 : 30 });
results.sandbox = sandbox;
console.log(`\nGenerated code in the sandbox (isolation: ${sandbox.isolation.kind}, network cut: ${sandbox.isolation.network_cut}, limits: ${sandbox.isolation.resource_limits})`);
console.table(sandbox.per_language);
console.log(`Isolation overhead per run (python): ${sandbox.isolation_overhead.isolated_p50_ms} ms isolated vs ${sandbox.isolation_overhead.plain_process_p50_ms} ms plain (p50)`);
console.log(`extract_code_from_response: ${sandbox.extract_code.mb_per_second} MB/s on a ${sandbox.extract_code.answer_mb} MB answer`);
results.vectors = await runVectorBenchmarks({ full: false });

const workflow = await benchOptimizedWorkflow({ runs: quick ? 5 : 20 });
results.optimized_workflow = workflow;
console.log('\nexecute_optimized_workflow against its critical path, and /metrics scrapes');
console.table([workflow.workflow, workflow.document_workflow]);
console.table([workflow.metrics_scrape]);

const catalogue = await benchCatalogue({ calls: quick ? 20 : 100 });
results.catalogue = catalogue;
printCatalogue(catalogue, 10);
console.log('Local text tools through the MCP layer (in-process client, ~100 KB inputs), ms');
console.table(catalogue.local_tools_ms);
console.log(`regex_extract on a catastrophically backtracking pattern: answered (error) after ${catalogue.catastrophic_regex_ms} ms`);

const directory = path.join(ROOT, 'bench', 'results');
mkdirSync(directory, { recursive: true });
const file = path.join(directory, `bench-${Date.now()}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(directory, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(ROOT, file)}`);
process.exit(0);
