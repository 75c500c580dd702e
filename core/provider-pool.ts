// One adapter per configured provider, created on first use and shared by every call, so SDK
// clients (and their HTTP keep-alive pools) are built once per process. Every error an adapter
// throws leaves the pool with its secrets scrubbed.
import type { Logger } from 'pino';
import type { GatewayConfig, ProviderSettings } from './config.ts';
import { createProviderAdapter } from './providers/create-provider-adapter.ts';
import { ProviderError } from './providers/provider-error.ts';
import { PROVIDER_IDS, type ProviderAdapter, type ProviderId } from './providers/types.ts';
import { createSecretScrubber, urlPassword, type Scrubber } from './secrets/scrub-secrets.ts';

const KEY_VARIABLES: Record<ProviderId, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  deepseek: 'DEEPSEEK_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  xai: 'XAI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

export interface ProviderPoolOptions {
  /** Secrets besides the providers' own keys (tokens, passwords) that must never leave in an error. */
  secrets?: string[];
  /** Where SDKs that log on their own write (through pino's redaction). */
  logger?: Logger;
}

/** The same failure with its message scrubbed and without the SDK error behind it (which carries request details). */
export function scrubProviderError(error: unknown, provider: ProviderId, scrub: Scrubber): ProviderError {
  if (error instanceof ProviderError) {
    return new ProviderError({ provider: error.provider, kind: error.kind, message: scrub(error.message), ...(error.status !== undefined ? { status: error.status } : {}), ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
  }
  return new ProviderError({ provider, kind: 'unexpected', message: scrub(`unexpected error: ${error instanceof Error ? error.message : String(error)}`) });
}

function scrubbingAdapter(adapter: ProviderAdapter, scrub: Scrubber): ProviderAdapter {
  const scrubbed = (error: unknown) => scrubProviderError(error, adapter.id, scrub);
  return {
    id: adapter.id,
    generate: (request, options) => adapter.generate(request, options).catch((error: unknown) => Promise.reject(scrubbed(error))),
    embed: (request, options) => adapter.embed(request, options).catch((error: unknown) => Promise.reject(scrubbed(error))),
    async *stream(request, options) {
      try {
        yield* adapter.stream(request, options);
      } catch (error) {
        throw scrubbed(error);
      }
    },
  };
}

export class ProviderPool {
  private readonly adapters = new Map<ProviderId, ProviderAdapter>();
  /** Scrubs configured secrets and anything shaped like a key from a message. */
  readonly scrub: Scrubber;

  constructor(
    private readonly providers: GatewayConfig['providers'],
    private readonly options: ProviderPoolOptions = {},
  ) {
    const own = PROVIDER_IDS.flatMap((id) => [providers[id].apiKey, urlPassword(providers[id].baseUrl)]);
    this.scrub = createSecretScrubber([...own, ...(options.secrets ?? [])]);
  }

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
    const adapter = scrubbingAdapter(createProviderAdapter(provider, { apiKey: settings.apiKey, baseUrl: settings.baseUrl, timeoutMs: settings.timeoutMs, logger: this.options.logger }), this.scrub);
    this.adapters.set(provider, adapter);
    return adapter;
  }
}
