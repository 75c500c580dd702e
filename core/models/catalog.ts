// Every model the gateway knows: context limits, prices, capabilities and rough quality and speed
// tiers. Data only; the registry, cost and routing code read it. Prices are USD per million tokens at
// the standard (not batch, flex or priority) rate, for prompts within the base context tier: long-
// context surcharges (Gemini 2.5 Pro and Grok above 200K tokens) are not modelled. Anthropic's
// `cacheWrite` is the 5-minute cache write rate (1.25 × input).
//
// Where the prices come from (checked 2026-11-25 unless a date is given):
// - openai: platform.openai.com/docs/pricing, as published in July 2026 (gpt-4o, gpt-4o-mini, the
//   gpt-4.1 family, o4-mini with its $0.275 cached rate, text-embedding-3 at $0.02 and $0.13).
// - anthropic: docs.anthropic.com/en/docs/about-claude/pricing, the table with Opus 4.5, Opus 4.1,
//   Sonnet 4.5 and Haiku 4.5 as published in late 2025; Sonnet 4.6 at the Sonnet rates as reported
//   in March–May 2026. Newer Opus releases are left out: the figures found for them disagree.
// - gemini: ai.google.dev/gemini-api/docs/pricing, as published in September 2026 (2.5 Pro $1.25 /
//   $10, cached $0.125; 2.5 Flash $0.30 / $2.50, cached $0.03; 2.5 Flash-Lite $0.10 / $0.40, cached
//   $0.01; gemini-embedding-001 $0.15).
// - deepseek: api-docs.deepseek.com/quick_start/pricing, as published in April 2026 (V3.2: $0.28
//   miss, $0.028 hit, $0.42 output for both names). DeepSeek announced that `deepseek-chat` and
//   `deepseek-reasoner` retire on 2026-07-24 in favour of `deepseek-v4-flash` / `deepseek-v4-pro`;
//   those are not listed yet because their published cache-hit rates could not be confirmed.
// - xai: docs.x.ai/developers/pricing, as published in July 2026 (grok-4.3 and grok-4-1-fast). xAI
//   retired older slugs on 2026-05-15 and bills them as grok-4.3, hence the `grok-4` aliases.
// - openrouter: openrouter.ai model pages; OpenRouter passes the upstream provider's rate through,
//   so the routed OpenAI, Anthropic and Gemini models carry the rates above; Llama 3.3 70B as listed
//   in mid-2026.
// - ollama: runs locally, no charge.
import type { ProviderId } from '../providers/types.ts';
import type { ModelCapabilities, ModelEntry } from './model-entry.ts';

const ALL: ModelCapabilities = { json: true, tools: true, vision: true, reasoning: true };
const NO_REASONING: ModelCapabilities = { json: true, tools: true, vision: true, reasoning: false };
const TEXT_ONLY: ModelCapabilities = { json: true, tools: true, vision: false, reasoning: false };
const TEXT_REASONING: ModelCapabilities = { json: true, tools: true, vision: false, reasoning: true };
const EMBEDDING: ModelCapabilities = { json: false, tools: false, vision: false, reasoning: false };

const GPT_4_1_CONTEXT = 1_047_576;
const GEMINI_CONTEXT = 1_048_576;

export const MODEL_CATALOG: readonly ModelEntry[] = [
  // openai
  { id: 'gpt-4o-mini', provider: 'openai', kind: 'chat', contextWindow: 128_000, maxOutputTokens: 16_384,
    prices: { input: 0.15, output: 0.6, cachedInput: 0.075, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 3, speedTier: 1, aliases: ['gpt-4o-mini-2024-07-18'], tokenizer: 'o200k_base' },
  { id: 'gpt-4o', provider: 'openai', kind: 'chat', contextWindow: 128_000, maxOutputTokens: 16_384,
    prices: { input: 2.5, output: 10, cachedInput: 1.25, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 2, speedTier: 2, aliases: ['gpt-4o-2024-08-06'], tokenizer: 'o200k_base' },
  { id: 'gpt-4.1', provider: 'openai', kind: 'chat', contextWindow: GPT_4_1_CONTEXT, maxOutputTokens: 32_768,
    prices: { input: 2, output: 8, cachedInput: 0.5, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 1, speedTier: 2, aliases: ['gpt-4.1-2025-04-14'], tokenizer: 'o200k_base' },
  { id: 'gpt-4.1-mini', provider: 'openai', kind: 'chat', contextWindow: GPT_4_1_CONTEXT, maxOutputTokens: 32_768,
    prices: { input: 0.4, output: 1.6, cachedInput: 0.1, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 2, speedTier: 1, aliases: ['gpt-4.1-mini-2025-04-14'], tokenizer: 'o200k_base' },
  { id: 'gpt-4.1-nano', provider: 'openai', kind: 'chat', contextWindow: GPT_4_1_CONTEXT, maxOutputTokens: 32_768,
    prices: { input: 0.1, output: 0.4, cachedInput: 0.025, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 3, speedTier: 1, aliases: ['gpt-4.1-nano-2025-04-14'], tokenizer: 'o200k_base' },
  { id: 'o4-mini', provider: 'openai', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 100_000,
    prices: { input: 1.1, output: 4.4, cachedInput: 0.275, cacheWrite: null }, capabilities: ALL,
    qualityTier: 1, speedTier: 2, aliases: ['o4-mini-2025-04-16'], tokenizer: 'o200k_base' },
  { id: 'text-embedding-3-small', provider: 'openai', kind: 'embedding', contextWindow: 8_191, maxOutputTokens: 0,
    prices: { input: 0.02, output: 0, cachedInput: null, cacheWrite: null }, capabilities: EMBEDDING,
    qualityTier: 2, speedTier: 1, aliases: [], tokenizer: 'cl100k_base' },
  { id: 'text-embedding-3-large', provider: 'openai', kind: 'embedding', contextWindow: 8_191, maxOutputTokens: 0,
    prices: { input: 0.13, output: 0, cachedInput: null, cacheWrite: null }, capabilities: EMBEDDING,
    qualityTier: 1, speedTier: 1, aliases: [], tokenizer: 'cl100k_base' },

  // anthropic
  { id: 'claude-haiku-4-5', provider: 'anthropic', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 64_000,
    prices: { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 }, capabilities: ALL,
    qualityTier: 2, speedTier: 1, aliases: ['claude-haiku-4-5-20251001'], tokenizer: null },
  { id: 'claude-sonnet-4-5', provider: 'anthropic', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 64_000,
    prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }, capabilities: ALL,
    qualityTier: 1, speedTier: 2, aliases: ['claude-sonnet-4-5-20250929'], tokenizer: null },
  { id: 'claude-sonnet-4-6', provider: 'anthropic', kind: 'chat', contextWindow: 1_000_000, maxOutputTokens: 64_000,
    prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }, capabilities: ALL,
    qualityTier: 1, speedTier: 2, aliases: [], tokenizer: null },
  { id: 'claude-opus-4-5', provider: 'anthropic', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 64_000,
    prices: { input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25 }, capabilities: ALL,
    qualityTier: 1, speedTier: 3, aliases: ['claude-opus-4-5-20251101'], tokenizer: null },
  { id: 'claude-opus-4-1', provider: 'anthropic', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 32_000,
    prices: { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 }, capabilities: ALL,
    qualityTier: 1, speedTier: 3, aliases: ['claude-opus-4-1-20250805'], tokenizer: null },

  // gemini
  { id: 'gemini-2.5-flash-lite', provider: 'gemini', kind: 'chat', contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536,
    prices: { input: 0.1, output: 0.4, cachedInput: 0.01, cacheWrite: null }, capabilities: ALL,
    qualityTier: 3, speedTier: 1, aliases: [], tokenizer: null },
  { id: 'gemini-2.5-flash', provider: 'gemini', kind: 'chat', contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536,
    prices: { input: 0.3, output: 2.5, cachedInput: 0.03, cacheWrite: null }, capabilities: ALL,
    qualityTier: 2, speedTier: 1, aliases: [], tokenizer: null },
  { id: 'gemini-2.5-pro', provider: 'gemini', kind: 'chat', contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536,
    prices: { input: 1.25, output: 10, cachedInput: 0.125, cacheWrite: null }, capabilities: ALL,
    qualityTier: 1, speedTier: 3, aliases: [], tokenizer: null },
  { id: 'gemini-embedding-001', provider: 'gemini', kind: 'embedding', contextWindow: 2_048, maxOutputTokens: 0,
    prices: { input: 0.15, output: 0, cachedInput: null, cacheWrite: null }, capabilities: EMBEDDING,
    qualityTier: 1, speedTier: 1, aliases: [], tokenizer: null },

  // deepseek
  { id: 'deepseek-chat', provider: 'deepseek', kind: 'chat', contextWindow: 128_000, maxOutputTokens: 8_192,
    prices: { input: 0.28, output: 0.42, cachedInput: 0.028, cacheWrite: null }, capabilities: TEXT_ONLY,
    qualityTier: 2, speedTier: 2, aliases: [], tokenizer: null },
  { id: 'deepseek-reasoner', provider: 'deepseek', kind: 'chat', contextWindow: 128_000, maxOutputTokens: 65_536,
    prices: { input: 0.28, output: 0.42, cachedInput: 0.028, cacheWrite: null }, capabilities: TEXT_REASONING,
    qualityTier: 2, speedTier: 3, aliases: [], tokenizer: null },

  // openrouter
  { id: 'openai/gpt-4o-mini', provider: 'openrouter', kind: 'chat', contextWindow: 128_000, maxOutputTokens: 16_384,
    prices: { input: 0.15, output: 0.6, cachedInput: 0.075, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 3, speedTier: 1, aliases: [], tokenizer: 'o200k_base' },
  { id: 'google/gemini-2.5-flash', provider: 'openrouter', kind: 'chat', contextWindow: GEMINI_CONTEXT, maxOutputTokens: 65_536,
    prices: { input: 0.3, output: 2.5, cachedInput: 0.03, cacheWrite: null }, capabilities: ALL,
    qualityTier: 2, speedTier: 1, aliases: [], tokenizer: null },
  { id: 'anthropic/claude-sonnet-4.5', provider: 'openrouter', kind: 'chat', contextWindow: 200_000, maxOutputTokens: 64_000,
    prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 }, capabilities: ALL,
    qualityTier: 1, speedTier: 2, aliases: [], tokenizer: null },
  { id: 'meta-llama/llama-3.3-70b-instruct', provider: 'openrouter', kind: 'chat', contextWindow: 131_072, maxOutputTokens: 16_384,
    prices: { input: 0.1, output: 0.32, cachedInput: null, cacheWrite: null }, capabilities: TEXT_ONLY,
    qualityTier: 2, speedTier: 2, aliases: [], tokenizer: null },

  // xai
  { id: 'grok-4-1-fast-non-reasoning', provider: 'xai', kind: 'chat', contextWindow: 2_000_000, maxOutputTokens: 30_000,
    prices: { input: 0.2, output: 0.5, cachedInput: 0.05, cacheWrite: null }, capabilities: NO_REASONING,
    qualityTier: 2, speedTier: 1, aliases: [], tokenizer: null },
  { id: 'grok-4-1-fast-reasoning', provider: 'xai', kind: 'chat', contextWindow: 2_000_000, maxOutputTokens: 30_000,
    prices: { input: 0.2, output: 0.5, cachedInput: 0.05, cacheWrite: null }, capabilities: ALL,
    qualityTier: 2, speedTier: 2, aliases: [], tokenizer: null },
  { id: 'grok-4.3', provider: 'xai', kind: 'chat', contextWindow: 1_000_000, maxOutputTokens: 64_000,
    prices: { input: 1.25, output: 2.5, cachedInput: 0.2, cacheWrite: null }, capabilities: ALL,
    qualityTier: 1, speedTier: 2, aliases: ['grok-4', 'grok-4-0709'], tokenizer: null },

  // ollama
  { id: 'llama3.2', provider: 'ollama', kind: 'chat', contextWindow: 131_072, maxOutputTokens: 8_192,
    prices: { input: 0, output: 0, cachedInput: null, cacheWrite: null }, capabilities: TEXT_ONLY,
    qualityTier: 3, speedTier: 2, aliases: ['llama3.2:3b', 'llama3.2:latest'], tokenizer: null },
  { id: 'qwen2.5', provider: 'ollama', kind: 'chat', contextWindow: 32_768, maxOutputTokens: 8_192,
    prices: { input: 0, output: 0, cachedInput: null, cacheWrite: null }, capabilities: TEXT_ONLY,
    qualityTier: 3, speedTier: 2, aliases: ['qwen2.5:7b', 'qwen2.5:latest'], tokenizer: null },
  { id: 'nomic-embed-text', provider: 'ollama', kind: 'embedding', contextWindow: 8_192, maxOutputTokens: 0,
    prices: { input: 0, output: 0, cachedInput: null, cacheWrite: null }, capabilities: EMBEDDING,
    qualityTier: 3, speedTier: 1, aliases: ['nomic-embed-text:latest'], tokenizer: null },
];

/** A cheap, capable chat model per provider: what a call gets when it names no model. */
export const DEFAULT_MODELS: Record<ProviderId, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
  deepseek: 'deepseek-chat',
  openrouter: 'openai/gpt-4o-mini',
  xai: 'grok-4-1-fast-non-reasoning',
  ollama: 'llama3.2',
};

/** The embedding model per provider; Anthropic, DeepSeek and xAI publish none. */
export const DEFAULT_EMBEDDING_MODELS: Partial<Record<ProviderId, string>> = {
  openai: 'text-embedding-3-small',
  gemini: 'gemini-embedding-001',
  ollama: 'nomic-embed-text',
};
