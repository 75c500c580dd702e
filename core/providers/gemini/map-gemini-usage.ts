// Gemini usageMetadata to normalised usage. Gemini's promptTokenCount already includes cached
// tokens, and candidatesTokenCount excludes thinking tokens, so output is the sum of both.
import type { Usage } from '../types.ts';

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

export function mapGeminiUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  const thoughts = metadata?.thoughtsTokenCount ?? 0;
  return {
    inputTokens: metadata?.promptTokenCount ?? 0,
    outputTokens: (metadata?.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: metadata?.cachedContentTokenCount ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}
