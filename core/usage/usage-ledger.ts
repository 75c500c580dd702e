// The usage ledger: one record per provider call (success or failure), kept in LMDB under DATA_DIR
// so it survives restarts and several worker processes on one host can append to it at once.
// Keys are [epoch ms, unique suffix], so "since" queries and "most recent" scans are range reads.
// Each record also adds to a daily rollup (per day, provider, model and tool) in the same write
// transaction, so reports read a few rows per day instead of every call, and calls older than the
// retention period can be pruned while their day totals stay.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { ProviderId, Usage } from '../providers/types.ts';
import { addCall, addTotals, emptyTotals, finishTotals, type RunningTotals, type UsageTotals } from './usage-totals.ts';

export type { UsageTotals } from './usage-totals.ts';

export type CallOutcome = 'success' | 'error' | 'cancelled';

export interface CallRecord {
  provider: ProviderId;
  model: string;
  tool: string;
  job_id?: string | undefined;
  usage?: Usage | undefined;
  cost_usd: number;
  /** true: part of the usage behind cost_usd is a tokenizer count (a broken or cancelled stream). */
  cost_estimated?: boolean | undefined;
  latency_ms: number;
  outcome: CallOutcome;
  error_type?: string | undefined;
}

export interface StoredCallRecord extends CallRecord {
  /** Epoch milliseconds. */
  at: number;
}

export const USAGE_GROUPS = ['provider', 'model', 'tool', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export interface UsageReport {
  since: string | null;
  group_by: UsageGroup;
  groups: Array<{ key: string } & UsageTotals>;
  totals: UsageTotals;
}

export interface UsageLedgerOptions {
  /** Calls older than this many days are deleted (their daily rollups stay); undefined keeps every call. */
  retentionDays?: number | undefined;
}

type LedgerKey = [number, string];
/** [UTC day as YYYY-MM-DD, provider, model, tool]. */
type RollupKey = [string, string, string, string];

const DAY_MS = 86_400_000;
const PRUNE_BATCH = 10_000;

function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function groupKey(group: UsageGroup, day: string, provider: string, model: string, tool: string): string {
  if (group === 'day') return day;
  if (group === 'model') return `${provider}/${model}`;
  return group === 'provider' ? provider : tool;
}

export class UsageLedger {
  private readonly database: RootDatabase<StoredCallRecord, LedgerKey>;
  private readonly rollups: Database<RunningTotals, RollupKey>;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly pruner: NodeJS.Timeout | undefined;
  private closed = false;

  /** `onError` hears of records that could not be written (a full disk): the call itself has happened and must not fail. */
  constructor(
    directory: string,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly options: UsageLedgerOptions = {},
  ) {
    mkdirSync(directory, { recursive: true });
    this.database = open<StoredCallRecord, LedgerKey>({ path: directory, name: 'calls', encoding: 'msgpack' });
    this.rollups = this.database.openDB<RunningTotals, RollupKey>({ name: 'daily', encoding: 'msgpack' });
    this.buildMissingRollups();
    if (options.retentionDays !== undefined) {
      this.track(this.prune());
      this.pruner = setInterval(() => this.track(this.prune()), Math.min(DAY_MS, options.retentionDays * DAY_MS) / 4);
      this.pruner.unref();
    }
  }

  /** A ledger written before rollups existed gets them from its calls, once (every process checks inside one write transaction). */
  private buildMissingRollups(): void {
    if (this.rollups.getKeysCount({ limit: 1 }) > 0) return;
    this.database.transactionSync(() => {
      if (this.rollups.getKeysCount({ limit: 1 }) > 0) return;
      for (const { value } of this.database.getRange({ snapshot: false })) this.addToRollup(value);
    });
  }

  private addToRollup(record: StoredCallRecord): void {
    const key: RollupKey = [dayOf(record.at), record.provider, record.model, record.tool];
    const totals = this.rollups.get(key) ?? emptyTotals();
    addCall(totals, record);
    this.rollups.putSync(key, totals);
  }

  private track(write: Promise<unknown>): void {
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Appends a record without making the caller wait for the disk. */
  record(entry: CallRecord, at = Date.now()): void {
    if (this.closed) {
      this.onError(new Error(`usage ledger is closed; not recorded: ${entry.provider}/${entry.model} ${entry.outcome}`));
      return;
    }
    const stored: StoredCallRecord = { ...entry, at };
    try {
      this.track(
        this.database
          .transaction(() => {
            this.database.putSync([at, randomUUID()], stored);
            this.addToRollup(stored);
          })
          .catch(this.onError),
      );
    } catch (error) {
      this.onError(error);
    }
  }

  /** Deletes calls older than the retention period, a batch per write transaction; returns how many. */
  async prune(now = Date.now()): Promise<number> {
    if (this.options.retentionDays === undefined) return 0;
    const cutoff: LedgerKey = [now - this.options.retentionDays * DAY_MS, ''];
    let removed = 0;
    for (;;) {
      const batch = [...this.database.getKeys({ end: cutoff, limit: PRUNE_BATCH, snapshot: false })];
      if (batch.length === 0 || this.closed) return removed;
      await this.database.transaction(() => {
        for (const key of batch) this.database.removeSync(key);
      });
      removed += batch.length;
    }
  }

  /** Resolves when every record appended so far is on disk. */
  async flushed(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  *entries(options: { since?: number; reverse?: boolean } = {}): Generator<StoredCallRecord> {
    const range = options.reverse
      ? this.database.getRange({ reverse: true, ...(options.since !== undefined ? { end: [options.since, ''] as LedgerKey } : {}) })
      : this.database.getRange(options.since !== undefined ? { start: [options.since, ''] as LedgerKey } : {});
    for (const { value } of range) yield value;
  }

  /**
   * Whole days come from the rollups. A `since` inside a day adds that day's calls from `since` on,
   * read one by one; when those calls were already pruned, the whole day counts and `since` in the
   * report says so.
   */
  report(options: { since?: number | undefined; groupBy: UsageGroup }): UsageReport {
    const groups = new Map<string, RunningTotals>();
    const totals = emptyTotals();
    const addTo = (key: string, more: RunningTotals) => {
      const group = groups.get(key) ?? emptyTotals();
      groups.set(key, group);
      addTotals(group, more);
      addTotals(totals, more);
    };
    let since = options.since;
    let firstWholeDay: string | undefined;
    if (since !== undefined) {
      const dayStart = Date.parse(`${dayOf(since)}T00:00:00Z`);
      const pruned = this.options.retentionDays !== undefined && since < Date.now() - this.options.retentionDays * DAY_MS;
      if (since === dayStart || pruned) {
        since = dayStart;
        firstWholeDay = dayOf(dayStart);
      } else {
        firstWholeDay = dayOf(dayStart + DAY_MS);
        for (const { value } of this.database.getRange({ start: [since, ''], end: [dayStart + DAY_MS, ''] })) {
          const one = emptyTotals();
          addCall(one, value);
          addTo(groupKey(options.groupBy, dayOf(value.at), value.provider, value.model, value.tool), one);
        }
      }
    }
    for (const { key, value } of this.rollups.getRange(firstWholeDay !== undefined ? { start: [firstWholeDay, '', '', ''] as RollupKey } : {})) {
      const [day, provider, model, tool] = key;
      addTo(groupKey(options.groupBy, day, provider, model, tool), value);
    }
    return {
      since: since !== undefined ? new Date(since).toISOString() : null,
      group_by: options.groupBy,
      groups: [...groups.entries()].map(([key, group]) => ({ key, ...finishTotals(group) })).sort((a, b) => b.cost_usd - a.cost_usd || a.key.localeCompare(b.key)),
      totals: finishTotals(totals),
    };
  }

  /** The latest `limit` calls to one provider, newest first. */
  recent(provider: ProviderId, limit: number, since?: number): StoredCallRecord[] {
    const found: StoredCallRecord[] = [];
    for (const record of this.entries({ reverse: true })) {
      if (since !== undefined && record.at < since) break;
      if (record.provider !== provider) continue;
      found.push(record);
      if (found.length >= limit) break;
    }
    return found;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pruner) clearInterval(this.pruner);
    await this.flushed();
    await this.database.close();
  }
}
