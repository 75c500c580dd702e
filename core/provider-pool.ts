// One adapter per configured provider, created on first use and shared by every call, so SDK
// clients (and their HTTP keep-alive pools) are built once per process.
import type { GatewayConfig, ProviderSettings } from './config.ts';
import { createProviderAdapter } from './providers/create-provider-adapter.ts';
import { ProviderError } from './providers/provider-error.ts';
import { PROVIDER_IDS, type ProviderAdapter, type ProviderId } from './providers/types.ts';

const KEY_VARIABLES: Record<ProviderId, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  deepseek: 'DEEPSEEK_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  xai: 'XAI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

export class ProviderPool {
  private readonly adapters = new Map<ProviderId, ProviderAdapter>();

  constructor(private readonly providers: GatewayConfig['providers']) {}

  settings(provider: ProviderId): ProviderSettings {
    return this.providers[provider];
  }

  isConfigured(provider: ProviderId): boolean {
    return this.providers[provider].configured;
  }

  configuredProviders(): ProviderId[] {
    return PROVIDER_IDS.filter((id) => this.providers[id].configured);
  }

  /** The message an agent sees when it asks for a provider that has no key. */
  notConfiguredMessage(provider: ProviderId): string {
    const configured = this.configuredProviders();
    return (
      `provider "${provider}" is not configured: set ${KEY_VARIABLES[provider]} in the gateway's environment or .env` +
      (configured.length > 0 ? `, or use one of the configured providers: ${configured.join(', ')}` : '; no provider has a key yet')
    );
  }

  get(provider: ProviderId): ProviderAdapter {
    const existing = this.adapters.get(provider);
    if (existing) return existing;
    const settings = this.providers[provider];
    if (!settings.configured) {
      throw new ProviderError({ provider, kind: 'not_configured', message: this.notConfiguredMessage(provider) });
    }
    const adapter = createProviderAdapter(provider, { apiKey: settings.apiKey, baseUrl: settings.baseUrl, timeoutMs: settings.timeoutMs });
    this.adapters.set(provider, adapter);
    return adapter;
  }
}
