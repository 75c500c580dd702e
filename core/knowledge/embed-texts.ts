// Embeddings for knowledge bases: each text's vector is cached by its exact text (and model), the
// misses go to the provider in batches, and every provider call is recorded in the usage ledger
// under the tool that asked.
import { exactCacheKey } from '../cache/cache-key.ts';
import type { CacheStore } from '../cache/types.ts';
import { computeCost } from '../costs/compute-cost.ts';
import type { ModelEntry } from '../models/registry.ts';
import type { ProviderPool } from '../provider-pool.ts';
import { emptyUsage } from '../providers/types.ts';
import type { UsageLedger } from '../usage/usage-ledger.ts';

const EMBEDDING_TTL_MS = 30 * 86_400_000;
/** Inputs per provider call; providers cap a batch (OpenAI at 2048, Gemini at 100). */
export const EMBEDDING_BATCH = 96;

export interface EmbeddedTexts {
  vectors: number[][];
  /** Texts sent to the provider (the rest came from the cache). */
  embedded: number;
  inputTokens: number;
  costUsd: number;
}

export interface EmbedTextsOptions {
  providers: ProviderPool;
  model: ModelEntry;
  cache?: CacheStore | undefined;
  ledger?: Pick<UsageLedger, 'record'> | undefined;
  tool: string;
  jobId?: string | undefined;
  signal?: AbortSignal | undefined;
}

function keyOf(model: ModelEntry, text: string): string {
  return exactCacheKey({ namespace: 'embedding', provider: model.provider, model: model.id, input: text });
}

export async function embedTexts(texts: string[], options: EmbedTextsOptions): Promise<EmbeddedTexts> {
  const { model, cache, ledger } = options;
  const vectors = new Array<number[] | undefined>(texts.length);
  const cached = await Promise.all(texts.map((text) => cache?.get<number[]>(keyOf(model, text)).catch(() => undefined)));
  cached.forEach((entry, index) => (vectors[index] = entry?.value));
  const missing = [...new Set(texts.filter((_, index) => !vectors[index]))];
  const fresh = new Map<string, number[]>();
  let inputTokens = 0;
  let costUsd = 0;
  for (let start = 0; start < missing.length; start += EMBEDDING_BATCH) {
    const batch = missing.slice(start, start + EMBEDDING_BATCH);
    const started = performance.now();
    try {
      const response = await options.providers.get(model.provider).embed({ model: model.id, inputs: batch }, { signal: options.signal });
      if (response.embeddings.length !== batch.length) {
        throw new Error(`${model.provider}/${model.id} returned ${response.embeddings.length} embeddings for ${batch.length} inputs`);
      }
      const usage = { ...emptyUsage(), inputTokens: response.usage.inputTokens };
      const cost = computeCost(model, usage).total_usd;
      ledger?.record({ provider: model.provider, model: model.id, tool: options.tool, job_id: options.jobId, usage, cost_usd: cost, latency_ms: Math.round(performance.now() - started), outcome: 'success' });
      inputTokens += usage.inputTokens;
      costUsd += cost;
      const now = Date.now();
      batch.forEach((text, index) => fresh.set(text, response.embeddings[index]!));
      await Promise.all(
        batch.map((text, index) =>
          cache?.set(keyOf(model, text), { value: response.embeddings[index], meta: { kind: 'embedding', provider: model.provider, model: model.id, tool: options.tool }, createdAt: now, expiresAt: now + EMBEDDING_TTL_MS }),
        ),
      ).catch(() => undefined);
    } catch (error) {
      ledger?.record({ provider: model.provider, model: model.id, tool: options.tool, job_id: options.jobId, cost_usd: 0, latency_ms: Math.round(performance.now() - started), outcome: 'error', error_type: (error as Error).name });
      throw error;
    }
  }
  return {
    vectors: texts.map((text, index) => vectors[index] ?? fresh.get(text)!),
    embedded: missing.length,
    inputTokens,
    costUsd: Math.round(costUsd * 1e12) / 1e12,
  };
}
