import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDiskTournamentStore, createRedisTournamentStore, type TournamentStore } from '../../../../core/tournaments/tournament-store.ts';
import type { TournamentResults } from '../../../../core/tournaments/types.ts';
import { startRedisServer, type TestRedisServer } from '../../../support/redis-server.ts';

function results(createdAt: string, status: TournamentResults['status'] = 'running'): TournamentResults {
  return {
    tournament_id: `tournament-${randomUUID()}`,
    name: 'n',
    type: 'text',
    status,
    round: 1,
    rounds: 3,
    phase: 'answering',
    progress: 0.25,
    cost_usd_so_far: 0.001,
    current_leader: null,
    created_at: createdAt,
    updated_at: createdAt,
    leaderboard: [],
    winner: null,
    round_results: [],
    total_cost_usd: 0.001,
  };
}

let redis: TestRedisServer;
const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-tournaments-'));
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis.stop();
  rmSync(directory, { recursive: true, force: true });
});

for (const [kind, create] of [
  ['disk', () => createDiskTournamentStore(path.join(directory, randomUUID()))],
  ['redis', () => createRedisTournamentStore(redis.url, { keyPrefix: `test:${randomUUID()}:` })],
] as Array<[string, () => TournamentStore]>) {
  describe(`${kind} tournament store`, () => {
    it('keeps the latest snapshot of each tournament and lists them newest first', async () => {
      const store = create();
      try {
        assert.deepEqual(await store.list(), []);
        const older = results('2026-01-01T00:00:00.000Z');
        const newer = results('2026-02-01T00:00:00.000Z');
        await store.save(older);
        await store.save(newer);
        await store.save({ ...older, status: 'completed', round: 3 });
        assert.deepEqual((await store.get(older.tournament_id))?.status, 'completed');
        assert.deepEqual((await store.list()).map((each) => [each.tournament_id, each.status]), [[newer.tournament_id, 'running'], [older.tournament_id, 'completed']]);
        assert.equal(await store.get(`tournament-${randomUUID()}`), undefined);
      } finally {
        await store.close();
      }
    });

    it('refuses ids that are not tournament ids', async () => {
      const store = create();
      try {
        await assert.rejects(store.get('../../etc/passwd'), /not a tournament_id/);
        await assert.rejects(store.save({ ...results('2026-01-01T00:00:00.000Z'), tournament_id: 'x/y' }), /not a tournament_id/);
      } finally {
        await store.close();
      }
    });
  });
}
