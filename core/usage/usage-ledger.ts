// The usage ledger: one record per provider call (success or failure), kept in LMDB under DATA_DIR
// so it survives restarts and several worker processes on one host can append to it at once.
// Keys are [epoch ms, unique suffix], so "since" queries and "most recent" scans are range reads.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import type { ProviderId, Usage } from '../providers/types.ts';

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

export interface UsageTotals {
  calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  average_latency_ms: number;
}

export interface UsageReport {
  since: string | null;
  group_by: UsageGroup;
  groups: Array<{ key: string } & UsageTotals>;
  totals: UsageTotals;
}

type LedgerKey = [number, string];

function emptyTotals(): UsageTotals & { latencySum: number } {
  return { calls: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, cost_usd: 0, average_latency_ms: 0, latencySum: 0 };
}

function add(totals: ReturnType<typeof emptyTotals>, record: StoredCallRecord): void {
  totals.calls += 1;
  if (record.outcome !== 'success') totals.errors += 1;
  totals.input_tokens += record.usage?.inputTokens ?? 0;
  totals.output_tokens += record.usage?.outputTokens ?? 0;
  totals.cached_input_tokens += record.usage?.cachedInputTokens ?? 0;
  totals.cache_write_tokens += record.usage?.cacheWriteTokens ?? 0;
  totals.reasoning_tokens += record.usage?.reasoningTokens ?? 0;
  totals.cost_usd += record.cost_usd;
  totals.latencySum += record.latency_ms;
}

function finish(totals: ReturnType<typeof emptyTotals>): UsageTotals {
  const { latencySum, ...rest } = totals;
  return { ...rest, cost_usd: Math.round(rest.cost_usd * 1e12) / 1e12, average_latency_ms: rest.calls > 0 ? Math.round(latencySum / rest.calls) : 0 };
}

function groupKey(record: StoredCallRecord, group: UsageGroup): string {
  if (group === 'day') return new Date(record.at).toISOString().slice(0, 10);
  if (group === 'model') return `${record.provider}/${record.model}`;
  return record[group];
}

export class UsageLedger {
  private readonly database: RootDatabase<StoredCallRecord, LedgerKey>;
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  /** `onError` hears of records that could not be written (a full disk): the call itself has happened and must not fail. */
  constructor(
    directory: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    mkdirSync(directory, { recursive: true });
    this.database = open<StoredCallRecord, LedgerKey>({ path: directory, name: 'calls', encoding: 'msgpack' });
  }

  /** Appends a record without making the caller wait for the disk. */
  record(entry: CallRecord, at = Date.now()): void {
    if (this.closed) {
      this.onError(new Error(`usage ledger is closed; not recorded: ${entry.provider}/${entry.model} ${entry.outcome}`));
      return;
    }
    let write: Promise<unknown>;
    try {
      write = this.database.put([at, randomUUID()], { ...entry, at }).catch(this.onError);
    } catch (error) {
      this.onError(error);
      return;
    }
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
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

  report(options: { since?: number | undefined; groupBy: UsageGroup }): UsageReport {
    const groups = new Map<string, ReturnType<typeof emptyTotals>>();
    const totals = emptyTotals();
    for (const record of this.entries({ ...(options.since !== undefined ? { since: options.since } : {}) })) {
      const key = groupKey(record, options.groupBy);
      const group = groups.get(key) ?? emptyTotals();
      groups.set(key, group);
      add(group, record);
      add(totals, record);
    }
    return {
      since: options.since !== undefined ? new Date(options.since).toISOString() : null,
      group_by: options.groupBy,
      groups: [...groups.entries()].map(([key, group]) => ({ key, ...finish(group) })).sort((a, b) => b.cost_usd - a.cost_usd || a.key.localeCompare(b.key)),
      totals: finish(totals),
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
    await this.flushed();
    await this.database.close();
  }
}
