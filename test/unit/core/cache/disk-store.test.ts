import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDiskStore } from '../../../../core/cache/disk-store.ts';
import { describeCacheStoreContract, makeEntry } from './cache-store-contract.ts';

const temporaryDirectories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-disk-cache-'));
  temporaryDirectories.push(directory);
  return directory;
}
after(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

describeCacheStoreContract('disk', {
  create: async () => createDiskStore({ directory: temporaryDirectory(), maxEntries: 1_000 }),
});

describe('disk store persistence and bounds', () => {
  it('keeps entries after the store is closed and reopened', async () => {
    const directory = temporaryDirectory();
    const first = createDiskStore({ directory, maxEntries: 100 });
    await first.set('durable', makeEntry({ answer: 42 }, { meta: { provider: 'anthropic' } }));
    await first.close();

    const reopened = createDiskStore({ directory, maxEntries: 100 });
    try {
      assert.deepEqual((await reopened.get<{ answer: number }>('durable'))?.value, { answer: 42 });
      assert.equal((await reopened.stats()).entries, 1);
    } finally {
      await reopened.close();
    }
  });

  it('removes the oldest entries once the entry limit is passed', async () => {
    const store = createDiskStore({ directory: temporaryDirectory(), maxEntries: 3 });
    try {
      for (let index = 0; index < 5; index += 1) {
        await store.set(`entry-${index}`, makeEntry(index, { ageMs: 1_000 - index }));
      }
      assert.equal((await store.stats()).entries, 3);
      assert.equal(await store.get('entry-0'), undefined);
      assert.equal(await store.get('entry-1'), undefined);
      for (const index of [2, 3, 4]) assert.equal((await store.get<number>(`entry-${index}`))?.value, index);
    } finally {
      await store.close();
    }
  });

  it('is shared by two processes using the same directory', async () => {
    const directory = temporaryDirectory();
    const store = createDiskStore({ directory, maxEntries: 100 });
    try {
      await store.set('from-parent', makeEntry('hello from the parent'));
      const childScript = fileURLToPath(new URL('./disk-writer-process.ts', import.meta.url));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', childScript, directory, 'from-parent', 'from-child'],
        { timeout: 30_000 },
      );
      const report = JSON.parse(stdout) as { seen: unknown; pid: number };
      assert.equal(report.seen, 'hello from the parent');
      const written = await store.get<{ writtenBy: number }>('from-child');
      assert.equal(written?.value.writtenBy, report.pid);
      assert.equal(written?.meta.provider, 'child');
      assert.equal((await store.stats()).entries, 2);
    } finally {
      await store.close();
    }
  });
});
