// How a registry entry looks to an agent: snake_case fields, prices per million tokens, and whether
// the gateway can actually call it.
import { z } from 'zod';
import type { ModelEntry } from '../core/models/registry.ts';
import type { McpDeps } from './deps.ts';

export const modelViewSchema = z.object({
  id: z.string(),
  provider: z.string(),
  kind: z.enum(['chat', 'embedding']),
  configured: z.boolean().describe('The provider has a key, so the gateway can call this model'),
  default: z.boolean().describe("The provider's default model of its kind"),
  context_window: z.number().int(),
  max_output_tokens: z.number().int(),
  prices_per_million_usd: z.object({ input: z.number(), output: z.number(), cached_input: z.number().nullable(), cache_write: z.number().nullable() }),
  capabilities: z.object({ json: z.boolean(), tools: z.boolean(), vision: z.boolean(), reasoning: z.boolean() }),
  quality_tier: z.number().int().describe('1 = top, 3 = basic'),
  speed_tier: z.number().int().describe('1 = fast, 3 = slow'),
  aliases: z.array(z.string()),
});
export type ModelView = z.infer<typeof modelViewSchema>;

export function viewModel(deps: Pick<McpDeps, 'providers' | 'registry'>, entry: ModelEntry): ModelView {
  const defaultEntry = entry.kind === 'chat' ? deps.registry.defaultModel(entry.provider) : deps.registry.defaultEmbeddingModel(entry.provider);
  return {
    id: entry.id,
    provider: entry.provider,
    kind: entry.kind,
    configured: deps.providers.isConfigured(entry.provider),
    default: defaultEntry?.id === entry.id,
    context_window: entry.contextWindow,
    max_output_tokens: entry.maxOutputTokens,
    prices_per_million_usd: { input: entry.prices.input, output: entry.prices.output, cached_input: entry.prices.cachedInput, cache_write: entry.prices.cacheWrite },
    capabilities: { ...entry.capabilities },
    quality_tier: entry.qualityTier,
    speed_tier: entry.speedTier,
    aliases: [...entry.aliases],
  };
}
