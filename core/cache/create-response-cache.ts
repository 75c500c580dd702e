// Builds the response cache the configuration asks for: an in-memory LRU alone, or in front of the
// LMDB store under DATA_DIR (several processes on one host share it) or Redis (many hosts share it);
// semantic lookups when an embedding provider is configured.
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ConfigError, EMBEDDING_PROVIDER_IDS, type GatewayConfig } from '../config.ts';
import type { ModelEntry, ModelRegistry } from '../models/registry.ts';
import type { ProviderPool } from '../provider-pool.ts';
import type { UsageLedger } from '../usage/usage-ledger.ts';
import { CacheCounters, lmdbCounters, memoryCounters, redisCounters, type CounterBackend } from './cache-stats.ts';
import { createDiskStore } from './disk-store.ts';
import { Embedder } from './embedder.ts';
import { createLayeredStore } from './layered-store.ts';
import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import { ResponseCache } from './response-cache.ts';
import type { CacheStore } from './types.ts';
import { VectorSemanticIndex } from './vector-semantic-index.ts';
import type { VectorStore } from '../vectors/types.ts';

const MEMORY_BYTES_PER_ENTRY = 16 * 1024;
/** How stale a process's memory copy may get after another process clears the shared store. */
const SHARED_MEMORY_TTL_MS = 60_000;

/** The embedding model of the semantic cache, or undefined when semantic caching is off. */
function pickEmbedding(config: GatewayConfig, providers: ProviderPool, registry: ModelRegistry): ModelEntry | undefined {
  const wanted = config.cache.semanticEnabled;
  if (wanted === false) return undefined;
  const named = config.cache.embeddingModel;
  const namedEntry = named ? registry.get(named) : undefined;
  if (named && (!namedEntry || namedEntry.kind !== 'embedding' || (config.cache.embeddingProvider && namedEntry.provider !== config.cache.embeddingProvider))) {
    throw new ConfigError([`EMBEDDING_MODEL: "${named}" is not an embedding model${config.cache.embeddingProvider ? ` of ${config.cache.embeddingProvider}` : ''}; list_models with kind "embedding" shows them`]);
  }
  // A named model decides the provider; otherwise the configured provider, or the first with a key.
  const provider = namedEntry?.provider ?? config.cache.embeddingProvider ?? EMBEDDING_PROVIDER_IDS.find((id) => providers.isConfigured(id));
  const model = namedEntry ?? (provider ? registry.defaultEmbeddingModel(provider) : undefined);
  if (!provider || !model || !providers.isConfigured(provider)) {
    if (wanted === true) {
      throw new ConfigError([
        `SEMANTIC_CACHE_ENABLED: semantic caching needs an embedding provider with a key${provider ? ` (${provider} has none)` : ''}: set OPENAI_API_KEY or GEMINI_API_KEY (or OLLAMA_BASE_URL), or EMBEDDING_PROVIDER / EMBEDDING_MODEL`,
      ]);
    }
    return undefined;
  }
  return model;
}

export async function createResponseCache(options: { config: GatewayConfig; providers: ProviderPool; registry: ModelRegistry; logger: Logger; ledger?: Pick<UsageLedger, 'record'>; vectors: VectorStore }): Promise<ResponseCache | undefined> {
  const { config, logger } = options;
  if (!config.cache.enabled) return undefined;
  // Decided first: it can refuse the configuration, and nothing is open yet to leak.
  const embedding = pickEmbedding(config, options.providers, options.registry);
  const memory = createMemoryStore({ maxEntries: config.cache.maxEntries, maxBytes: config.cache.maxEntries * MEMORY_BYTES_PER_ENTRY });
  let store: CacheStore = memory;
  let counters: CounterBackend = memoryCounters();
  if (config.cache.type === 'disk') {
    const directory = path.join(config.dataDir, 'cache');
    store = createLayeredStore({ memory, backing: createDiskStore({ directory, maxEntries: config.cache.maxEntries }), memoryTtlMs: SHARED_MEMORY_TTL_MS });
    counters = lmdbCounters(path.join(config.dataDir, 'cache-counters'));
  } else if (config.cache.type === 'redis') {
    const url = config.cache.redisUrl!;
    const onConnectionError = (error: Error) => logger.warn({ event: 'cache', error: error.message }, 'Redis connection problem');
    const backing = await createRedisStore({ url, onConnectionError });
    store = createLayeredStore({ memory, backing, memoryTtlMs: SHARED_MEMORY_TTL_MS });
    const client = new Redis(url, { maxRetriesPerRequest: 2 });
    client.on('error', onConnectionError);
    counters = redisCounters(client, 'dg:counters:cache');
  }
  const embedder = embedding ? new Embedder({ providers: options.providers, model: embedding, store, ledger: options.ledger }) : undefined;
  logger.info({ event: 'cache', type: config.cache.type, semantic: embedding ? `${embedding.provider}/${embedding.id}` : false }, 'response cache ready');
  return new ResponseCache({
    store,
    storeType: config.cache.type,
    counters: new CacheCounters(counters, (error) => logger.warn({ event: 'cache', error: String(error) }, 'could not update cache counters')),
    embedder,
    semanticThreshold: config.cache.semanticThreshold,
    semanticIndex: embedder
      ? new VectorSemanticIndex(options.vectors, { maxPoints: config.cache.maxEntries, onUpkeepError: (error) => logger.warn({ event: 'cache', error: String(error) }, 'semantic cache upkeep failed') })
      : undefined,
  });
}
