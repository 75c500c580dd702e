// The shape of one catalogue row. Kept apart from the catalogue data and the registry so that both,
// and the cost and token code, can share it without importing each other.
import type { ProviderId } from '../providers/types.ts';

/** USD per million tokens. `null` means the provider has no separate rate, so the input rate applies. */
export interface ModelPrices {
  input: number;
  output: number;
  cachedInput: number | null;
  cacheWrite: number | null;
}

export type ModelKind = 'chat' | 'embedding';

export interface ModelCapabilities {
  /** Reliable JSON output (a JSON mode or structured outputs). */
  json: boolean;
  /** Function or tool calling. */
  tools: boolean;
  /** Image input. */
  vision: boolean;
  /** Thinks before answering (reasoning or thinking tokens, billed as output). */
  reasoning: boolean;
}

export type ModelCapability = keyof ModelCapabilities;

/** 1 = top, 2 = capable, 3 = basic. */
export type QualityTier = 1 | 2 | 3;

/** 1 = fast, 2 = medium, 3 = slow. */
export type SpeedTier = 1 | 2 | 3;

/** The published tokenizer, when the provider has one that gpt-tokenizer implements. */
export type TokenizerName = 'o200k_base' | 'cl100k_base';

export interface ModelEntry {
  id: string;
  provider: ProviderId;
  kind: ModelKind;
  /** Prompt plus output tokens the model accepts in one call. */
  contextWindow: number;
  maxOutputTokens: number;
  prices: ModelPrices;
  capabilities: ModelCapabilities;
  qualityTier: QualityTier;
  speedTier: SpeedTier;
  /** Other names callers may use, such as dated snapshots. */
  aliases: string[];
  tokenizer: TokenizerName | null;
}
