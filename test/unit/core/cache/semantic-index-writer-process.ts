// Run as a separate process by the semantic index test: opens the shared store the way a gateway
// does (memory in front of disk or Redis) and adds its items to one scope, all at once.
import { createDiskStore } from '../../../../core/cache/disk-store.ts';
import { createLayeredStore } from '../../../../core/cache/layered-store.ts';
import { createMemoryStore } from '../../../../core/cache/memory-store.ts';
import { createRedisStore } from '../../../../core/cache/redis-store.ts';
import { SemanticIndex } from '../../../../core/cache/semantic-index.ts';
import { oneHot } from './semantic-index-vectors.ts';

const [backend, location, keyPrefix, first, count] = process.argv.slice(2);
if (!backend || !location || !keyPrefix || !first || !count) throw new Error('usage: semantic-index-writer-process <disk|redis> <directory|url> <keyPrefix> <first> <count>');

const backing = backend === 'disk' ? createDiskStore({ directory: location, maxEntries: 1_000 }) : await createRedisStore({ url: location, keyPrefix });
const store = createLayeredStore({ memory: createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000 }), backing, memoryTtlMs: 60_000 });
const index = new SemanticIndex(store);
const expiresAt = Date.now() + 60_000;
const items = Array.from({ length: Number(count) }, (_unused, offset) => Number(first) + offset);
await Promise.all(items.map((item) => index.add('scope', oneHot(item), `answer-${item}`, expiresAt, { provider: 'openai', model: 'gpt-test' })));
await store.close();
process.stdout.write(JSON.stringify({ added: items.length }));
