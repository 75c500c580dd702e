// Which cache the settings build, and the settings it refuses, before anything is opened.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createResponseCache } from '../../../../core/cache/create-response-cache.ts';
import { ConfigError, loadConfig } from '../../../../core/config.ts';
import { createSilentLogger } from '../../../../core/logger.ts';
import { createModelRegistry } from '../../../../core/models/registry.ts';
import { ProviderPool } from '../../../../core/provider-pool.ts';
import { LanceVectorStore } from '../../../../core/vectors/lance-store.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-cache-config-'));
after(() => rmSync(directory, { recursive: true, force: true }));

async function build(environment: Record<string, string>) {
  const config = loadConfig({ DATA_DIR: directory, CACHE_TYPE: 'memory', ...environment }, path.join(directory, 'none.env'));
  return createResponseCache({ config, providers: new ProviderPool(config.providers), registry: createModelRegistry(), logger: createSilentLogger(), vectors: await LanceVectorStore.open(path.join(directory, 'vectors')) });
}

describe('building the response cache', () => {
  it('turns semantic caching on only with an embedding provider', async () => {
    const without = await build({ ANTHROPIC_API_KEY: 'sk-ant-123456' });
    assert.equal((await without!.stats()).semantic_enabled, false);
    const withOpenAI = await build({ OPENAI_API_KEY: 'sk-123456' });
    assert.equal((await withOpenAI!.stats()).semantic_enabled, true);
    assert.equal(await build({ CACHE_ENABLED: 'false' }), undefined);
  });

  it('takes the provider from a named embedding model', async () => {
    const cache = await build({ OPENAI_API_KEY: 'sk-123456', GEMINI_API_KEY: 'g-123456', EMBEDDING_MODEL: 'gemini-embedding-001' });
    assert.equal((await cache!.stats()).semantic_enabled, true);
  });

  it('refuses an embedding model that is not one, and insisting without a provider', async () => {
    await assert.rejects(build({ OPENAI_API_KEY: 'sk-123456', EMBEDDING_MODEL: 'gpt-4o-mini' }), (error: unknown) => error instanceof ConfigError && /EMBEDDING_MODEL: "gpt-4o-mini" is not an embedding model/.test(error.message));
    await assert.rejects(build({ SEMANTIC_CACHE_ENABLED: 'true' }), (error: unknown) => error instanceof ConfigError && /SEMANTIC_CACHE_ENABLED: semantic caching needs an embedding provider/.test(error.message));
  });
});
