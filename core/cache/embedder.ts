// Embeddings for the semantic cache: each text's vector is cached by its exact text, and the misses
// of requests arriving in the same tick go to the provider in one batch.
import type { ProviderPool } from '../provider-pool.ts';
import type { ProviderId } from '../providers/types.ts';
import { exactCacheKey } from './cache-key.ts';
import type { CacheStore } from './types.ts';

const EMBEDDING_TTL_MS = 30 * 86_400_000;

interface Waiting {
  text: string;
  resolve: (vector: number[]) => void;
  reject: (error: unknown) => void;
}

export class Embedder {
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly options: { providers: ProviderPool; provider: ProviderId; model: string; store: CacheStore },
  ) {}

  get provider(): ProviderId {
    return this.options.provider;
  }

  get model(): string {
    return this.options.model;
  }

  private keyOf(text: string): string {
    return exactCacheKey({ namespace: 'embedding', provider: this.options.provider, model: this.options.model, input: text });
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
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const texts = [...new Set(batch.map((waiting) => waiting.text))];
    try {
      const response = await this.options.providers.get(this.options.provider).embed({ model: this.options.model, inputs: texts });
      const now = Date.now();
      const byText = new Map(texts.map((text, index) => [text, response.embeddings[index]!]));
      await Promise.all(
        texts.map((text) =>
          this.options.store.set(this.keyOf(text), { value: byText.get(text), meta: { kind: 'embedding', provider: this.options.provider, model: this.options.model }, createdAt: now, expiresAt: now + EMBEDDING_TTL_MS }),
        ),
      ).catch(() => undefined);
      for (const waiting of batch) waiting.resolve(byText.get(waiting.text)!);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
