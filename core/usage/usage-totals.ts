// Sums of call records, kept the same way for a report's groups and for the ledger's daily
// rollups, so a report read from rollups equals one added up from the calls themselves.
import type { CallOutcome } from './usage-ledger.ts';
import type { Usage } from '../providers/types.ts';

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

/** Running sums: latency is summed and averaged only when the totals are finished. */
export type RunningTotals = Omit<UsageTotals, 'average_latency_ms'> & { latency_sum_ms: number };

interface Countable {
  usage?: Usage | undefined;
  cost_usd: number;
  latency_ms: number;
  outcome: CallOutcome;
}

export function emptyTotals(): RunningTotals {
  return { calls: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, cost_usd: 0, latency_sum_ms: 0 };
}

export function addCall(totals: RunningTotals, record: Countable): void {
  totals.calls += 1;
  if (record.outcome !== 'success') totals.errors += 1;
  totals.input_tokens += record.usage?.inputTokens ?? 0;
  totals.output_tokens += record.usage?.outputTokens ?? 0;
  totals.cached_input_tokens += record.usage?.cachedInputTokens ?? 0;
  totals.cache_write_tokens += record.usage?.cacheWriteTokens ?? 0;
  totals.reasoning_tokens += record.usage?.reasoningTokens ?? 0;
  totals.cost_usd += record.cost_usd;
  totals.latency_sum_ms += record.latency_ms;
}

export function addTotals(totals: RunningTotals, more: RunningTotals): void {
  for (const field of Object.keys(totals) as Array<keyof RunningTotals>) totals[field] += more[field];
}

export function finishTotals(totals: RunningTotals): UsageTotals {
  const { latency_sum_ms: latencySum, ...rest } = totals;
  return { ...rest, cost_usd: Math.round(rest.cost_usd * 1e12) / 1e12, average_latency_ms: rest.calls > 0 ? Math.round(latencySum / rest.calls) : 0 };
}
