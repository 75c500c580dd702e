// `npm run bench`: runs every benchmark against the provider simulator, prints a table and writes
// JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDurableCompletion } from './durable-completion.ts';
import { ROOT } from './support.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };

const durable = await benchDurableCompletion({ requestsPerLevel: quick ? 300 : 1000, throughputRequests: quick ? 1000 : 3000 });
results.durable_completion = durable;
console.log('\nDurable generate_completion vs direct SDK call (simulator, zero latency)');
console.table(durable.concurrency);
console.log(`Throughput at concurrency ${durable.throughput.concurrency}: ${durable.throughput.per_second} completions/s over ${durable.throughput.requests} requests, ${durable.throughput.errors} errors`);

const directory = path.join(ROOT, 'bench', 'results');
mkdirSync(directory, { recursive: true });
const file = path.join(directory, `bench-${Date.now()}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(directory, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(ROOT, file)}`);
process.exit(0);
