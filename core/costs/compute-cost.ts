// Cost of one call: provider-reported usage times registry prices (USD per million tokens).
import type { ModelEntry } from '../models/registry.ts';
import type { Usage } from '../providers/types.ts';

const PRECISION = 1e12;

function round(value: number): number {
  return Math.round(value * PRECISION) / PRECISION;
}

export function computeCost(model: ModelEntry, usage: Usage) {
  const prices = model.prices;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const input_usd = round((uncached * prices.input) / 1e6);
  const cached_input_usd = round((usage.cachedInputTokens * (prices.cachedInput ?? prices.input)) / 1e6);
  const cache_write_usd = round((usage.cacheWriteTokens * (prices.cacheWrite ?? prices.input)) / 1e6);
  const output_usd = round((usage.outputTokens * prices.output) / 1e6);
  return { input_usd, cached_input_usd, cache_write_usd, output_usd, total_usd: round(input_usd + cached_input_usd + cache_write_usd + output_usd) };
}
