// Cache policy above the stores: what an answer's key is, when a single-turn prompt may be answered
// by a near-identical one (semantic), what is never cached, and what hits saved.
import type { CacheHitReport, ProviderCallInput, ProviderCallResult } from '../jobs/types.ts';
import { acceptsSamplingParameter } from '../providers/sampling-support.ts';
import { exactCacheKey } from './cache-key.ts';
import type { CacheCounters, Counters } from './cache-stats.ts';
import type { Embedder } from './embedder.ts';
import type { VectorSemanticIndex } from './vector-semantic-index.ts';
import type { CacheClearFilter, CacheEntry, CacheStore } from './types.ts';

export interface StoredAnswer {
  result: ProviderCallResult;
  job_id?: string;
}

export type CacheHit = CacheHitReport & { result: ProviderCallResult };

export interface CacheStatsReport {
  enabled: boolean;
  store: string;
  semantic_enabled: boolean;
  entries: number;
  size_bytes: number;
  since_start: CounterView;
  all_time: CounterView;
}

interface CounterView {
  hits: { exact: number; semantic: number; total: number };
  /** Lookups of each kind that found nothing (a semantic hit follows an exact miss). */
  misses: { exact: number; semantic: number };
  hit_rate: number | null;
  tokens_saved: { input: number; output: number };
  saved_usd: number;
}

function view(counters: Counters): CounterView {
  const hits = counters.exact_hits + counters.semantic_hits;
  // Every cacheable request makes exactly one exact lookup, so those lookups count the requests.
  const lookups = counters.exact_hits + counters.exact_misses;
  return {
    hits: { exact: counters.exact_hits, semantic: counters.semantic_hits, total: hits },
    misses: { exact: counters.exact_misses, semantic: counters.semantic_misses },
    hit_rate: lookups > 0 ? Math.round((hits / lookups) * 10_000) / 10_000 : null,
    tokens_saved: { input: counters.saved_input_tokens, output: counters.saved_output_tokens },
    saved_usd: Math.round(counters.saved_usd * 1e12) / 1e12,
  };
}

type KeyedRequest = Pick<ProviderCallInput, 'provider' | 'model' | 'messages' | 'system' | 'temperature' | 'maxTokens' | 'responseFormat'>;

/** A temperature the provider never receives cannot change the answer, so it does not split the cache. */
function keyedTemperature(request: KeyedRequest): number | undefined {
  return acceptsSamplingParameter(request.provider, 'temperature') ? request.temperature : undefined;
}

export class ResponseCache {
  constructor(
    private readonly options: {
      store: CacheStore;
      /** memory, disk or redis: what the operator configured (the store itself may be layered). */
      storeType: string;
      counters: CacheCounters;
      embedder: Embedder | undefined;
      semanticThreshold: number;
      /** Where prompts' embeddings are looked up by similarity; present when the embedder is. */
      semanticIndex?: VectorSemanticIndex | undefined;
    },
  ) {}

  get semanticEnabled(): boolean {
    return this.options.embedder !== undefined && this.options.semanticIndex !== undefined;
  }

  /** Everything that changes the answer, and nothing else (no request ids, no tool name: the same prompt to the same model is the same answer). */
  exactKey(request: KeyedRequest): string {
    return exactCacheKey({
      namespace: 'completion',
      provider: request.provider,
      model: request.model,
      system: request.system,
      messages: request.messages,
      temperature: keyedTemperature(request),
      maxTokens: request.maxTokens,
      responseFormat: request.responseFormat,
    });
  }

  private semanticScope(request: KeyedRequest, taskType: string): string {
    return exactCacheKey({
      namespace: `semantic:${taskType}`,
      provider: request.provider,
      model: request.model,
      system: request.system,
      temperature: keyedTemperature(request),
      maxTokens: request.maxTokens,
      responseFormat: request.responseFormat,
    });
  }

  /** The prompt of a single-turn request short enough to embed; undefined when semantic matching does not apply. */
  private semanticPrompt(request: KeyedRequest): string | undefined {
    const single = request.messages.length === 1 && request.messages[0]!.role === 'user' ? request.messages[0]!.content : undefined;
    return single !== undefined && this.options.embedder?.fits(single) ? single : undefined;
  }

  private hitFrom(entry: CacheEntry<StoredAnswer>, kind: 'exact' | 'semantic', similarity?: number): CacheHit {
    const original = entry.value.result;
    const saved = { input_tokens: original.usage.input_tokens, output_tokens: original.usage.output_tokens };
    this.options.counters.add({
      [kind === 'exact' ? 'exact_hits' : 'semantic_hits']: 1,
      saved_input_tokens: saved.input_tokens,
      saved_output_tokens: saved.output_tokens,
      saved_usd: original.cost_usd,
    });
    return {
      result: original,
      cached: true,
      cache_kind: kind,
      ...(similarity !== undefined ? { similarity: Math.round(similarity * 10_000) / 10_000 } : {}),
      saved_cost_usd: original.cost_usd,
      saved_tokens: saved,
      ...(entry.value.job_id ? { source_job_id: entry.value.job_id } : {}),
    };
  }

  async lookupExact(key: string, options: { countMiss: boolean }): Promise<CacheHit | undefined> {
    const entry = await this.options.store.get<StoredAnswer>(key);
    if (entry) return this.hitFrom(entry, 'exact');
    if (options.countMiss) this.options.counters.add({ exact_misses: 1 });
    return undefined;
  }

  /** Single-turn prompts only; undefined when semantic caching is off or nothing is close enough. */
  async lookupSemantic(request: KeyedRequest, taskType: string, options: { countMiss: boolean }): Promise<CacheHit | undefined> {
    const prompt = this.semanticPrompt(request);
    if (!this.options.embedder || !this.options.semanticIndex || prompt === undefined) return undefined;
    const vector = await this.options.embedder.embed(prompt);
    const nearest = await this.options.semanticIndex.nearest(this.semanticScope(request, taskType), vector, this.options.semanticThreshold);
    const entry = nearest ? await this.options.store.get<StoredAnswer>(nearest.answerKey) : undefined;
    if (entry && nearest) return this.hitFrom(entry, 'semantic', nearest.similarity);
    if (options.countMiss) this.options.counters.add({ semantic_misses: 1 });
    return undefined;
  }

  /** Stores a finished answer. Refusals, empty answers and anything partial are never stored. */
  async store(request: KeyedRequest, result: ProviderCallResult, options: { ttlSeconds: number; taskType: string; jobId: string | undefined }): Promise<boolean> {
    if (result.finish_reason === 'content_filter' || result.text.length === 0 || options.ttlSeconds <= 0) return false;
    const key = this.exactKey(request);
    const now = Date.now();
    const expiresAt = now + options.ttlSeconds * 1000;
    const answer: StoredAnswer = { result: { ...result, cached: false }, ...(options.jobId ? { job_id: options.jobId } : {}) };
    await this.options.store.set<StoredAnswer>(key, {
      value: answer,
      meta: { kind: 'exact', provider: request.provider, model: request.model, taskType: options.taskType, inputTokens: result.usage.input_tokens, outputTokens: result.usage.output_tokens, costUsd: result.cost_usd },
      createdAt: now,
      expiresAt,
    });
    const prompt = this.semanticPrompt(request);
    if (this.options.embedder && this.options.semanticIndex && prompt !== undefined) {
      const vector = await this.options.embedder.embed(prompt);
      await this.options.semanticIndex.add(this.semanticScope(request, options.taskType), vector, key, expiresAt, { provider: request.provider, model: request.model });
    }
    return true;
  }

  async clear(filter: CacheClearFilter): Promise<number> {
    return this.options.store.clear(filter);
  }

  async stats(): Promise<Omit<CacheStatsReport, 'enabled'>> {
    const store = await this.options.store.stats();
    return {
      store: this.options.storeType,
      semantic_enabled: this.semanticEnabled,
      entries: store.entries,
      size_bytes: store.sizeBytes,
      since_start: view(this.options.counters.sinceStart),
      all_time: view(await this.options.counters.allTime()),
    };
  }

  async close(): Promise<void> {
    await this.options.counters.close();
    await this.options.store.close();
  }
}

/** What a call answered from the cache returns: the original answer, nothing spent, what was saved. */
export function answerFromHit(hit: CacheHit, latencyMs: number): ProviderCallResult {
  const { result, ...report } = hit;
  return {
    ...result,
    usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 },
    cost_usd: 0,
    latency_ms: latencyMs,
    ...report,
  };
}
