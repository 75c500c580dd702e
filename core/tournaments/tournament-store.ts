// Tournament results outlive the workflow's history: every round's snapshot and the final result are
// kept here, on disk under DATA_DIR/tournaments or in Redis when workers run on several hosts.
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { TournamentResults } from './types.ts';

export const TOURNAMENT_ID_PATTERN = /^tournament-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TournamentStore {
  save(results: TournamentResults): Promise<void>;
  get(tournamentId: string): Promise<TournamentResults | undefined>;
  /** Every stored tournament, newest first. */
  list(): Promise<TournamentResults[]>;
  close(): Promise<void>;
}

function checkId(id: string): void {
  if (!TOURNAMENT_ID_PATTERN.test(id)) throw new Error(`"${id}" is not a tournament_id (expected tournament- and a UUID)`);
}

const newestFirst = (a: TournamentResults, b: TournamentResults) => b.created_at.localeCompare(a.created_at);

export function createDiskTournamentStore(directory: string): TournamentStore {
  const fileOf = (id: string) => path.join(directory, `${id}.json`);
  const read = (file: string): TournamentResults | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as TournamentResults;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  return {
    async save(results) {
      checkId(results.tournament_id);
      mkdirSync(directory, { recursive: true });
      const file = fileOf(results.tournament_id);
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, JSON.stringify(results), 'utf8');
      renameSync(temporary, file);
    },
    async get(id) {
      checkId(id);
      return read(fileOf(id));
    },
    async list() {
      let names: string[];
      try {
        names = readdirSync(directory).filter((name) => name.endsWith('.json'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return names
        .map((name) => read(path.join(directory, name)))
        .filter((each): each is TournamentResults => each !== undefined)
        .sort(newestFirst);
    },
    async close() {},
  };
}

export function createRedisTournamentStore(url: string, options: { keyPrefix?: string; onConnectionError?: (error: Error) => void } = {}): TournamentStore {
  const prefix = options.keyPrefix ?? 'dg:tournament:';
  const index = `${prefix}index`;
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  client.on('error', (error: Error) => options.onConnectionError?.(error));
  return {
    async save(results) {
      checkId(results.tournament_id);
      await client.multi().set(`${prefix}${results.tournament_id}`, JSON.stringify(results)).sadd(index, results.tournament_id).exec();
    },
    async get(id) {
      checkId(id);
      const text = await client.get(`${prefix}${id}`);
      return text ? (JSON.parse(text) as TournamentResults) : undefined;
    },
    async list() {
      const ids = await client.smembers(index);
      if (ids.length === 0) return [];
      const texts = await client.mget(ids.map((id) => `${prefix}${id}`));
      return texts.filter((text): text is string => text !== null).map((text) => JSON.parse(text) as TournamentResults).sort(newestFirst);
    },
    async close() {
      client.disconnect();
    },
  };
}
