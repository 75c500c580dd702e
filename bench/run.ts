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
import { benchOptimizedWorkflow } from './optimized-workflow.ts';
import { benchSandbox } from './sandbox.ts';
import { ROOT } from './support.ts';
import { benchTokenCounting } from './token-counting.ts';
import { benchUsageLedger } from './usage-ledger.ts';
import { runVectorBenchmarks } from './vectors.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length };

// `npm run bench -- vectors`: only the vector-store benchmarks, at full scale.
if (process.argv.includes('vectors')) {
  results.vectors = await runVectorBenchmarks({ full: true });
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `vectors-${Date.now()}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

// `npm run bench -- memory`: heap and RSS growth over a long mix of calls.
if (process.argv.includes('memory')) {
  results.memory = await benchMemory({ calls: quick ? 2_000 : 10_000, warmupCalls: 500 });
  console.log('\nMemory over a long run (heap and RSS after a full GC, warmed up vs at the end)');
  console.table([results.memory]);
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
    `; first call after ${mapReduce.overhead.first_call_ms} ms, completion to next call p50 ${mapReduce.overhead.handoff_ms_p50} ms (max ${mapReduce.overhead.handoff_ms_max}), ` +
    `${mapReduce.overhead.workflow_tasks} workflow tasks of p50 ${mapReduce.overhead.workflow_task_ms_p50} ms, ${mapReduce.overhead.finish_ms} ms from the last call to the result` +
    `; the first job after start-up: ${mapReduce.first_job.wall_ms} ms (${mapReduce.first_job.ratio}×), first call after ${mapReduce.first_job.first_call_ms} ms`,
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
console.table([workflow.workflow]);
console.table([workflow.metrics_scrape]);

const catalogue = await benchCatalogue({ calls: quick ? 20 : 100 });
results.catalogue = catalogue;
console.log('\nTool catalogue per TOOL_PROFILE (o200k tokens: model-visible = name, description, input schema; whole = tools/list)');
console.table(catalogue.profiles);
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
