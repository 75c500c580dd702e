// Model registry: which models exist, on which provider, at what price.
import type { ProviderId } from '../providers/types.ts';

export interface ModelPrices {
  input: number;
  output: number;
  cachedInput: number | null;
  cacheWrite: number | null;
}

export interface ModelEntry {
  id: string;
  provider: ProviderId;
  aliases: string[];
  prices: ModelPrices;
}

const CATALOG: ModelEntry[] = [
  { id: 'gpt-4o-mini', provider: 'openai', aliases: [], prices: { input: 0.15, output: 0.6, cachedInput: 0.075, cacheWrite: null } },
  { id: 'gpt-4o', provider: 'openai', aliases: [], prices: { input: 2.5, output: 10, cachedInput: 1.25, cacheWrite: null } },
];

export interface ModelRegistry {
  resolve(query: { provider?: ProviderId | undefined; model?: string | undefined }): ModelEntry;
  /** Chat models of the same quality tier on other providers, cheapest first. */
  equivalents(model: ModelEntry): ModelEntry[];
}

export function createModelRegistry(catalog: ModelEntry[] = CATALOG): ModelRegistry {
  return {
    resolve({ provider, model }) {
      if (!model) {
        const entry = catalog.find((each) => each.provider === provider);
        if (!entry) throw new Error(`no models known for provider "${provider}"`);
        return entry;
      }
      const entry = catalog.find((each) => each.id === model || each.aliases.includes(model));
      if (!entry) throw new Error(`unknown model "${model}"; known models: ${catalog.map((each) => each.id).join(', ')}`);
      if (provider && entry.provider !== provider) throw new Error(`model "${model}" belongs to provider "${entry.provider}", not "${provider}"`);
      return entry;
    },
    equivalents() {
      return [];
    },
  };
}
