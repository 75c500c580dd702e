// Embeddings for the semantic cache: each text's vector is cached by its exact text, the misses of
// requests arriving in the same tick go to the provider in batches, and every provider call is
// recorded in the usage ledger like any other.
import { computeCost } from '../costs/compute-cost.ts';
import type { ModelEntry } from '../models/registry.ts';
import type { ProviderPool } from '../provider-pool.ts';
import type { UsageLedger } from '../usage/usage-ledger.ts';
import { emptyUsage } from '../providers/types.ts';
import { exactCacheKey } from './cache-key.ts';
import type { CacheStore } from './types.ts';

const EMBEDDING_TTL_MS = 30 * 86_400_000;
/** Inputs per provider call; providers cap a batch (OpenAI at 2048, Gemini at 100). */
const MAX_BATCH = 96;
/** A character is at least a third of a token for the tokenizers in use: longer texts may not fit. */
const CHARACTERS_PER_TOKEN_FLOOR = 3;

interface Waiting {
  text: string;
  resolve: (vector: number[]) => void;
  reject: (error: unknown) => void;
}

export class Embedder {
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly options: { providers: ProviderPool; model: ModelEntry; store: CacheStore; ledger?: Pick<UsageLedger, 'record'> | undefined },
  ) {}

  /** Whether a text surely fits the embedding model's input; longer ones are left to the exact cache. */
  fits(text: string): boolean {
    return text.length <= this.options.model.contextWindow * CHARACTERS_PER_TOKEN_FLOOR;
  }

  private keyOf(text: string): string {
    return exactCacheKey({ namespace: 'embedding', provider: this.options.model.provider, model: this.options.model.id, input: text });
  }

  async embed(text: string): Promise<number[]> {
    const cached = await this.options.store.get<number[]>(this.keyOf(text));
    if (cached) return cached.value;
    return new Promise<number[]>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const waiting = this.queue;
    this.queue = [];
    this.scheduled = false;
    const texts = [...new Set(waiting.map((each) => each.text))];
    const vectors = new Map<string, number[]>();
    const failures = new Map<string, unknown>();
    for (let start = 0; start < texts.length; start += MAX_BATCH) {
      const batch = texts.slice(start, start + MAX_BATCH);
      try {
        const embedded = await this.callProvider(batch);
        batch.forEach((text, index) => vectors.set(text, embedded[index]!));
      } catch (error) {
        for (const text of batch) failures.set(text, error);
      }
    }
    for (const each of waiting) {
      const vector = vectors.get(each.text);
      if (vector) each.resolve(vector);
      else each.reject(failures.get(each.text));
    }
  }

  private async callProvider(texts: string[]): Promise<number[][]> {
    const { model, store, ledger } = this.options;
    const provider = model.provider;
    const started = performance.now();
    try {
      const response = await this.options.providers.get(provider).embed({ model: model.id, inputs: texts });
      if (response.embeddings.length !== texts.length) {
        throw new Error(`${provider}/${model.id} returned ${response.embeddings.length} embeddings for ${texts.length} inputs`);
      }
      const usage = { ...emptyUsage(), inputTokens: response.usage.inputTokens };
      ledger?.record({ provider, model: model.id, tool: 'semantic_cache', usage, cost_usd: computeCost(model, usage).total_usd, latency_ms: Math.round(performance.now() - started), outcome: 'success' });
      const now = Date.now();
      await Promise.all(
        texts.map((text, index) => store.set(this.keyOf(text), { value: response.embeddings[index], meta: { kind: 'embedding', provider, model: model.id }, createdAt: now, expiresAt: now + EMBEDDING_TTL_MS })),
      ).catch(() => undefined);
      return response.embeddings;
    } catch (error) {
      ledger?.record({ provider, model: model.id, tool: 'semantic_cache', cost_usd: 0, latency_ms: Math.round(performance.now() - started), outcome: 'error', error_type: (error as Error).name });
      throw error;
    }
  }
}
