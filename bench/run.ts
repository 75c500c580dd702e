// `npm run bench`: runs every benchmark against the provider simulator, prints a table and writes
// JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCache } from './cache.ts';
import { benchChunking } from './chunking.ts';
import { economicsTable } from './economics.ts';
import { benchMapReduce } from './map-reduce.ts';
import { benchDurableCompletion } from './durable-completion.ts';
import { benchExtraction } from './extraction.ts';
import { ROOT } from './support.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length };

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

const chunking = await benchChunking({ corpusBytes: quick ? 500_000 : 2_000_000, chunkSize: 512, chunkOverlap: 64 });
results.chunking = chunking;
console.log(`\nChunking throughput on ${chunking.corpus_mb} MB of real documents (chunk_size ${chunking.chunk_size}, overlap ${chunking.chunk_overlap})`);
console.table(chunking.rows);

const mapReduce = await benchMapReduce();
results.map_reduce = mapReduce;
console.log(
  `\nsummarize_document map-reduce: ${mapReduce.chunks} chunks, calls per round ${mapReduce.calls_per_round.join(' → ')}, ${mapReduce.latency_ms} ms latency, max_concurrency ${mapReduce.max_concurrency}: ` +
    `${mapReduce.wall_ms} ms against an ideal ${mapReduce.ideal_ms} ms (${mapReduce.ratio}×)`,
);

const extraction = await benchExtraction({ calls: quick ? 50 : 200 });
results.extraction = extraction;
console.log('\nExtraction in process: answer check (parse + Ajv, 10-line invoice), CSV text, schema inference');
console.table([extraction.local]);
console.log('Extraction and MCP tasks through the MCP layer (Streamable HTTP, simulator at zero latency, sequential)');
console.table(extraction.through_mcp);

const directory = path.join(ROOT, 'bench', 'results');
mkdirSync(directory, { recursive: true });
const file = path.join(directory, `bench-${Date.now()}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(directory, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(ROOT, file)}`);
process.exit(0);
