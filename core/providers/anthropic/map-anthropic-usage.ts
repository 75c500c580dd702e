// Anthropic reports input_tokens without the cache reads and cache writes; the gateway's Usage
// counts every prompt token in inputTokens and keeps the differently priced parts as subsets.
import type { Usage } from '../types.ts';
import type { AnthropicUsage } from './anthropic-response-schemas.ts';

export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const uncachedInput = usage?.input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: uncachedInput + cacheRead + cacheWrite,
    outputTokens: usage?.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: usage?.output_tokens_details?.thinking_tokens ?? 0,
  };
}

/**
 * Streams report usage twice: message_start carries the input and cache counts, message_delta the
 * cumulative output count (and sometimes cumulative input counts). Later non-null values win.
 */
export function mergeAnthropicUsage(start: AnthropicUsage | null | undefined, delta: AnthropicUsage | null | undefined): AnthropicUsage {
  const merged: AnthropicUsage = { ...start };
  for (const [key, value] of Object.entries(delta ?? {}) as Array<[keyof AnthropicUsage, AnthropicUsage[keyof AnthropicUsage]]>) {
    if (value !== null && value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}
