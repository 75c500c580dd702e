// Run as a separate process by the disk store test: opens the same cache directory, reports what it
// can read, writes an entry of its own, and exits.
import { createDiskStore } from '../../../../core/cache/disk-store.ts';

const [directory, readKey, writeKey] = process.argv.slice(2);
if (!directory || !readKey || !writeKey) throw new Error('usage: disk-writer-process <directory> <readKey> <writeKey>');

const store = createDiskStore({ directory, maxEntries: 1_000 });
const seen = await store.get(readKey);
const now = Date.now();
await store.set(writeKey, { value: { writtenBy: process.pid }, meta: { kind: 'exact', provider: 'child' }, createdAt: now, expiresAt: now + 60_000 });
await store.close();
process.stdout.write(JSON.stringify({ seen: seen?.value ?? null, pid: process.pid }));
