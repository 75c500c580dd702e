// Picks the adapter for a provider id. DeepSeek, OpenRouter, xAI and Ollama speak the OpenAI
// protocol, so they share the OpenAI adapter with their own default base URLs.
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { createGeminiAdapter } from './gemini/gemini-adapter.ts';
import { createOpenAIAdapter } from './openai/openai-adapter.ts';
import type { Logger } from 'pino';
import type { ProviderAdapter, ProviderId } from './types.ts';

/** Where each OpenAI-compatible provider lives when `<PROVIDER>_BASE_URL` is not set. */
export const DEFAULT_BASE_URLS: Partial<Record<ProviderId, string>> = {
  deepseek: 'https://api.deepseek.com',
  openrouter: 'https://openrouter.ai/api/v1',
  xai: 'https://api.x.ai/v1',
  ollama: 'http://127.0.0.1:11434/v1',
};

export interface AdapterSettings {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs: number;
  /** For SDKs that log on their own; without it they stay silent. */
  logger?: Logger | undefined;
}

export function createProviderAdapter(id: ProviderId, settings: AdapterSettings): ProviderAdapter {
  const common = { apiKey: settings.apiKey, baseUrl: settings.baseUrl, timeoutMs: settings.timeoutMs };
  switch (id) {
    case 'anthropic':
      return createAnthropicAdapter({ ...common, logger: settings.logger });
    case 'gemini':
      return createGeminiAdapter(common);
    default:
      return createOpenAIAdapter({ ...common, provider: id, baseUrl: settings.baseUrl ?? DEFAULT_BASE_URLS[id] });
  }
}
