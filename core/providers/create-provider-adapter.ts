// Picks the adapter for a provider id.
import { createOpenAIAdapter } from './openai/openai-adapter.ts';
import type { ProviderAdapter, ProviderId } from './types.ts';

export function createProviderAdapter(id: ProviderId, options: { apiKey?: string | undefined; baseUrl?: string | undefined; timeoutMs: number }): ProviderAdapter {
  return createOpenAIAdapter({ provider: id, apiKey: options.apiKey, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
}
