// Model registry: answers "which model does this call mean?" over the catalogue, so callers can name a
// model by id or alias, or name only a provider and get its default.
import { PROVIDER_IDS, type ProviderId } from '../providers/types.ts';
import { DEFAULT_EMBEDDING_MODELS, DEFAULT_MODELS, MODEL_CATALOG } from './catalog.ts';
import type { ModelEntry, ModelKind } from './model-entry.ts';

export type { ModelCapabilities, ModelCapability, ModelEntry, ModelKind, ModelPrices, QualityTier, SpeedTier, TokenizerName } from './model-entry.ts';

export interface ModelFilter {
  provider?: ProviderId | undefined;
  kind?: ModelKind | undefined;
}

export interface ModelRegistry {
  /** By id or alias; with only a provider, that provider's default chat model. Throws naming the alternatives. */
  resolve(query: { provider?: ProviderId | undefined; model?: string | undefined }): ModelEntry;
  /** Chat models of the same quality tier on other providers, cheapest (input + output price) first. */
  equivalents(model: ModelEntry): ModelEntry[];
  list(filter?: ModelFilter): ModelEntry[];
  /** By id or alias; undefined when unknown. */
  get(id: string): ModelEntry | undefined;
  defaultModel(provider: ProviderId): ModelEntry;
  /** Undefined when the provider offers no embedding model. */
  defaultEmbeddingModel(provider: ProviderId): ModelEntry | undefined;
}

export interface RegistryDefaults {
  chat: Partial<Record<ProviderId, string>>;
  embedding: Partial<Record<ProviderId, string>>;
}

function matches(entry: ModelEntry, name: string): boolean {
  return entry.id === name || entry.aliases.includes(name);
}

function combinedPrice(entry: ModelEntry): number {
  return entry.prices.input + entry.prices.output;
}

function namesOf(entries: readonly ModelEntry[]): string {
  return entries.map((entry) => entry.id).join(', ');
}

/**
 * With no `defaults`, a provider's default is DEFAULT_MODELS when the catalogue holds it, otherwise the
 * provider's first chat model in catalogue order.
 */
export function createModelRegistry(
  catalog: readonly ModelEntry[] = MODEL_CATALOG,
  defaults: RegistryDefaults = { chat: DEFAULT_MODELS, embedding: DEFAULT_EMBEDDING_MODELS },
): ModelRegistry {
  const knownProviders = (): ProviderId[] => PROVIDER_IDS.filter((provider) => catalog.some((entry) => entry.provider === provider));

  function get(id: string): ModelEntry | undefined {
    return catalog.find((entry) => matches(entry, id));
  }

  function defaultOfKind(provider: ProviderId, kind: ModelKind): ModelEntry | undefined {
    const configured = kind === 'chat' ? defaults.chat[provider] : defaults.embedding[provider];
    const named = configured === undefined ? undefined : catalog.find((entry) => entry.provider === provider && matches(entry, configured));
    return named ?? catalog.find((entry) => entry.provider === provider && entry.kind === kind);
  }

  function defaultModel(provider: ProviderId): ModelEntry {
    const entry = defaultOfKind(provider, 'chat');
    if (!entry) {
      throw new Error(`no chat models known for provider "${provider}"; providers with models: ${knownProviders().join(', ')}`);
    }
    return entry;
  }

  return {
    resolve({ provider, model }) {
      if (!model) {
        if (!provider) throw new Error(`name a model or a provider; providers with models: ${knownProviders().join(', ')}`);
        return defaultModel(provider);
      }
      const sameProvider = provider ? catalog.find((entry) => entry.provider === provider && matches(entry, model)) : undefined;
      const entry = sameProvider ?? get(model);
      if (!entry) {
        const candidates = provider ? catalog.filter((each) => each.provider === provider) : catalog;
        const scope = provider ? `known ${provider} models` : 'known models';
        throw new Error(`unknown model "${model}"; ${scope}: ${namesOf(candidates)}`);
      }
      if (provider && entry.provider !== provider) {
        throw new Error(
          `model "${model}" belongs to provider "${entry.provider}", not "${provider}"; ${provider} models: ${namesOf(catalog.filter((each) => each.provider === provider))}`,
        );
      }
      return entry;
    },
    equivalents(model) {
      if (model.kind !== 'chat') return [];
      return catalog
        .filter((entry) => entry.kind === 'chat' && entry.provider !== model.provider && entry.qualityTier === model.qualityTier)
        .sort((left, right) => combinedPrice(left) - combinedPrice(right));
    },
    list(filter = {}) {
      return catalog.filter(
        (entry) => (filter.provider === undefined || entry.provider === filter.provider) && (filter.kind === undefined || entry.kind === filter.kind),
      );
    },
    get,
    defaultModel,
    defaultEmbeddingModel(provider) {
      return defaultOfKind(provider, 'embedding');
    },
  };
}
