import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../core/config.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-config-'));
const noEnvFile = path.join(directory, 'missing.env');
after(() => rmSync(directory, { recursive: true, force: true }));

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment, noEnvFile);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, noEnvFile);
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.port, 8013);
    assert.equal(config.server.apiPrefix, '/');
    assert.equal(config.logging.level, 'info');
    assert.equal(config.logging.rich, true);
    assert.equal(config.logging.format, 'auto');
    assert.equal(config.logging.file, undefined);
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.providers.openai.timeoutMs, 120_000);
    assert.equal(config.providers.openai.maxRetries, 3);
    assert.equal(config.providers.openai.configured, false);
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.temporal.namespace, 'default');
    assert.equal(config.temporal.taskQueue, 'delegation-gateway');
    assert.equal(config.temporal.uiPort, 8233);
    assert.equal(config.vectors.indexMinRows, 10_000);
    assert.equal(config.temporal.retentionDays, 3);
    assert.equal(config.documents.blobRetentionMs, 30 * 86_400_000);
    assert.equal(config.shutdownGraceMs, 15_000);
  });

  it('accepts a request holding a document of MAX_DOCUMENT_BYTES, however it escapes', () => {
    for (const environment of [{}, { MAX_DOCUMENT_BYTES: String(2 * 1024 * 1024) }]) {
      const config = loadConfig(environment, noEnvFile);
      // Quotes and newlines are the common characters that JSON escaping doubles.
      const document = '"\n'.repeat(config.documents.maxDocumentBytes / 2);
      const request = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'summarize_document', arguments: { document, format: 'bullets' } } });
      assert.ok(Buffer.byteLength(request) <= config.server.maxRequestBytes, `${Buffer.byteLength(request)} > ${config.server.maxRequestBytes}`);
    }
    assert.equal(loadConfig({ MAX_REQUEST_BYTES: '4096' }, noEnvFile).server.maxRequestBytes, 4096);
  });

  it('reads provider keys, base URLs and per-provider overrides', () => {
    const config = loadConfig(
      { OPENAI_API_KEY: 'sk-test-123456', OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1', PROVIDER_TIMEOUT: '30', OPENAI_TIMEOUT: '5', ANTHROPIC_MAX_RETRIES: '0' },
      noEnvFile,
    );
    assert.equal(config.providers.openai.configured, true);
    assert.equal(config.providers.openai.apiKey, 'sk-test-123456');
    assert.equal(config.providers.openai.baseUrl, 'http://127.0.0.1:9999/v1');
    assert.equal(config.providers.openai.timeoutMs, 5_000);
    assert.equal(config.providers.gemini.timeoutMs, 30_000);
    assert.equal(config.providers.anthropic.maxRetries, 0);
    assert.equal(config.providers.deepseek.maxRetries, 3);
  });

  it('gives each configured provider its own task queue with its concurrency and rate limits', () => {
    const config = loadConfig(
      { TEMPORAL_TASK_QUEUE: 'gw', OPENAI_API_KEY: 'sk-test-123456', ANTHROPIC_API_KEY: 'sk-ant-123456', PROVIDER_MAX_CONCURRENCY: '20', OPENAI_MAX_CONCURRENCY: '5', OPENAI_MAX_RPS: '2.5' },
      noEnvFile,
    );
    assert.equal(config.providers.openai.taskQueue, 'gw-provider-openai');
    assert.equal(config.providers.openai.maxConcurrency, 5);
    assert.equal(config.providers.openai.maxRps, 2.5);
    assert.equal(config.providers.anthropic.taskQueue, 'gw-provider-anthropic');
    assert.equal(config.providers.anthropic.maxConcurrency, 20);
    assert.equal(config.providers.anthropic.maxRps, undefined);
    // An unconfigured provider's calls fail fast on the main queue instead of waiting for a poller.
    assert.equal(config.providers.gemini.taskQueue, undefined);
    assert.equal(loadConfig({}, noEnvFile).providers.openai.maxConcurrency, 64);
  });

  it('reads a .env file, with the process environment winning', () => {
    const envFile = path.join(directory, '.env');
    writeFileSync(envFile, 'SERVER_PORT=9100\nOPENAI_API_KEY=sk-from-file-123\nLOG_LEVEL=debug\n');
    const config = loadConfig({ LOG_LEVEL: 'warn' }, envFile);
    assert.equal(config.server.port, 9100);
    assert.equal(config.providers.openai.apiKey, 'sk-from-file-123');
    assert.equal(config.logging.level, 'warn');
  });

  it('reads the cache settings, with task lifetimes', () => {
    const defaults = loadConfig({}, noEnvFile).cache;
    assert.deepEqual(
      { enabled: defaults.enabled, type: defaults.type, ttl: defaults.ttlSeconds, max: defaults.maxEntries, threshold: defaults.semanticThreshold, semantic: defaults.semanticEnabled },
      { enabled: true, type: 'disk', ttl: 86_400, max: 10_000, threshold: 0.95, semantic: undefined },
    );
    const config = loadConfig({ CACHE_TYPE: 'redis', REDIS_URL: 'redis://127.0.0.1:6390', CACHE_TASK_TTLS: 'summarization=604800, creative = 60', SEMANTIC_CACHE_ENABLED: 'false' }, noEnvFile);
    assert.equal(config.cache.type, 'redis');
    assert.equal(config.cache.redisUrl, 'redis://127.0.0.1:6390');
    assert.deepEqual(config.cache.taskTtls, { summarization: 604_800, creative: 60 });
    assert.equal(config.cache.semanticEnabled, false);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ SERVER_PORT: '', TEMPORAL_ADDRESS: '' }, noEnvFile);
    assert.equal(config.server.port, 8013);
    assert.equal(config.temporal.address, undefined);
  });

  const invalidCases: Array<[string, Record<string, string>, RegExp]> = [
    ['SERVER_PORT not a number', { SERVER_PORT: 'abc' }, /^SERVER_PORT: .*port.*\(got "abc"\)/],
    ['SERVER_PORT out of range', { SERVER_PORT: '70000' }, /^SERVER_PORT: expected a port from 0 to 65535/],
    ['API_PREFIX without slashes', { API_PREFIX: 'gateway' }, /^API_PREFIX: expected a path that starts and ends with "\/"/],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL: expected one of trace, debug/],
    ['USE_RICH_LOGGING not boolean', { USE_RICH_LOGGING: 'maybe' }, /^USE_RICH_LOGGING: expected true or false/],
    ['LOG_FORMAT unknown', { LOG_FORMAT: 'xml' }, /^LOG_FORMAT: expected auto, pretty or json/],
    ['PROVIDER_TIMEOUT negative', { PROVIDER_TIMEOUT: '-1' }, /^PROVIDER_TIMEOUT: expected a positive number of seconds/],
    ['PROVIDER_TIMEOUT not a number', { PROVIDER_TIMEOUT: 'soon' }, /^PROVIDER_TIMEOUT: expected a number of seconds/],
    ['PROVIDER_MAX_RETRIES fractional', { PROVIDER_MAX_RETRIES: '1.5' }, /^PROVIDER_MAX_RETRIES: expected a whole number/],
    ['PROVIDER_MAX_RETRIES negative', { PROVIDER_MAX_RETRIES: '-2' }, /^PROVIDER_MAX_RETRIES: expected 0 or more/],
    ['TEMPORAL_ADDRESS without port', { TEMPORAL_ADDRESS: 'temporal.local' }, /^TEMPORAL_ADDRESS: expected host:port/],
    ['OPENAI_BASE_URL not a URL', { OPENAI_BASE_URL: 'not a url' }, /^OPENAI_BASE_URL: expected a URL/],
    ['GATEWAY_AUTH_TOKEN too short', { GATEWAY_AUTH_TOKEN: 'short' }, /^GATEWAY_AUTH_TOKEN: expected at least 16 characters/],
    ['public bind without token', { SERVER_HOST: '0.0.0.0' }, /^SERVER_HOST: binding to 0\.0\.0\.0 \(not loopback\) requires GATEWAY_AUTH_TOKEN/],
    ['ANTHROPIC_TIMEOUT zero', { ANTHROPIC_TIMEOUT: '0' }, /^ANTHROPIC_TIMEOUT: expected a positive number of seconds/],
    ['CACHE_ENABLED not boolean', { CACHE_ENABLED: 'sometimes' }, /^CACHE_ENABLED: expected true or false/],
    ['CACHE_TYPE unknown', { CACHE_TYPE: 'memcached' }, /^CACHE_TYPE: expected memory, disk or redis/],
    ['CACHE_TTL negative', { CACHE_TTL: '-5' }, /^CACHE_TTL: expected a positive number of seconds/],
    ['CACHE_MAX_SIZE zero', { CACHE_MAX_SIZE: '0' }, /^CACHE_MAX_SIZE: expected at least 1/],
    ['CACHE_TASK_TTLS malformed', { CACHE_TASK_TTLS: 'summaries for a week' }, /^CACHE_TASK_TTLS: expected task=seconds pairs/],
    ['redis cache without REDIS_URL', { CACHE_TYPE: 'redis' }, /^REDIS_URL: CACHE_TYPE=redis needs REDIS_URL/],
    ['REDIS_URL with another scheme', { REDIS_URL: 'http://127.0.0.1:6379' }, /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL/],
    ['SEMANTIC_CACHE_THRESHOLD above 1', { SEMANTIC_CACHE_THRESHOLD: '1.5' }, /^SEMANTIC_CACHE_THRESHOLD: expected at most 1/],
    ['EMBEDDING_PROVIDER unknown', { EMBEDDING_PROVIDER: 'cohere' }, /^EMBEDDING_PROVIDER: expected one of openai, gemini, ollama/],
    ['EMBEDDING_PROVIDER without embeddings', { EMBEDDING_PROVIDER: 'anthropic' }, /^EMBEDDING_PROVIDER: expected one of openai, gemini, ollama \(the providers with an embeddings API\)/],
    ['CACHE_TASK_TTLS with an unknown task', { CACHE_TASK_TTLS: 'summarisation=60' }, /^CACHE_TASK_TTLS: unknown task type "summarisation"; task types are summarization/],
    ['ALLOWED_ORIGINS not origins', { ALLOWED_ORIGINS: 'localhost:6274' }, /^ALLOWED_ORIGINS: expected comma-separated origins/],
    ['MAX_SESSIONS zero', { MAX_SESSIONS: '0' }, /^MAX_SESSIONS: expected at least 1/],
    ['USAGE_RETENTION_DAYS fractional', { USAGE_RETENTION_DAYS: '1.5' }, /^USAGE_RETENTION_DAYS: expected a whole number of days/],
    ['SESSION_IDLE_SECONDS zero', { SESSION_IDLE_SECONDS: '0' }, /^SESSION_IDLE_SECONDS: expected a positive number of seconds/],
    ['OPENAI_MAX_CONCURRENCY zero', { OPENAI_MAX_CONCURRENCY: '0' }, /^OPENAI_MAX_CONCURRENCY: expected at least 1 \(got "0"\)/],
    ['PROVIDER_MAX_CONCURRENCY fractional', { PROVIDER_MAX_CONCURRENCY: '2.5' }, /^PROVIDER_MAX_CONCURRENCY: expected a whole number/],
    ['GEMINI_MAX_RPS zero', { GEMINI_MAX_RPS: '0' }, /^GEMINI_MAX_RPS: expected more than 0 calls per second/],
    ['ANTHROPIC_MAX_RPS not a number', { ANTHROPIC_MAX_RPS: 'fast' }, /^ANTHROPIC_MAX_RPS: expected a number of calls per second/],
    ['VECTOR_INDEX_MIN_ROWS too small', { VECTOR_INDEX_MIN_ROWS: '10' }, /^VECTOR_INDEX_MIN_ROWS: expected at least 256 rows/],
    ['VECTOR_INDEX_MIN_ROWS not a number', { VECTOR_INDEX_MIN_ROWS: 'many' }, /^VECTOR_INDEX_MIN_ROWS: expected a number of rows/],
    ['VECTOR_CACHE_MB too small', { VECTOR_CACHE_MB: '1' }, /^VECTOR_CACHE_MB: expected at least 16 MB/],
    ['BLOB_RETENTION_DAYS zero', { BLOB_RETENTION_DAYS: '0' }, /^BLOB_RETENTION_DAYS: expected at least 1 day \(a job may read its document for up to 24 hours\)/],
    ['TEMPORAL_RETENTION_DAYS fractional', { TEMPORAL_RETENTION_DAYS: '0.5' }, /^TEMPORAL_RETENTION_DAYS: expected a whole number of days/],
    ['SHUTDOWN_GRACE_SECONDS negative', { SHUTDOWN_GRACE_SECONDS: '-1' }, /^SHUTDOWN_GRACE_SECONDS: expected 0 or more seconds/],
  ];
  for (const [name, environment, pattern] of invalidCases) {
    it(`rejects ${name}`, () => {
      const problems = problemsOf(environment);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, pattern);
    });
  }

  it('lists every bad variable in one message', () => {
    const problems = problemsOf({ SERVER_PORT: 'x', LOG_LEVEL: 'loud', PROVIDER_MAX_RETRIES: '-1' });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]).sort(), ['LOG_LEVEL', 'PROVIDER_MAX_RETRIES', 'SERVER_PORT']);
    try {
      loadConfig({ SERVER_PORT: 'x', LOG_LEVEL: 'loud' }, noEnvFile);
    } catch (error) {
      assert.match((error as Error).message, /^Invalid configuration:\n {2}- /);
      assert.match((error as Error).message, /SERVER_PORT/);
      assert.match((error as Error).message, /LOG_LEVEL/);
    }
  });

  it('reads the HTTP session bounds and allowed origins', () => {
    const defaults = loadConfig({}, noEnvFile).server;
    assert.deepEqual([defaults.maxSessions, defaults.sessionIdleMs, defaults.allowedOrigins], [100, 1_800_000, undefined]);
    const set = loadConfig({ MAX_SESSIONS: '5', SESSION_IDLE_SECONDS: '90', ALLOWED_ORIGINS: 'https://App.example.com/, http://localhost:6274' }, noEnvFile).server;
    assert.deepEqual([set.maxSessions, set.sessionIdleMs, set.allowedOrigins], [5, 90_000, ['https://app.example.com', 'http://localhost:6274']]);
  });

  it('allows binding to a public address with a token', () => {
    const config = loadConfig({ SERVER_HOST: '0.0.0.0', GATEWAY_AUTH_TOKEN: 'a-long-enough-token' }, noEnvFile);
    assert.equal(config.server.authToken, 'a-long-enough-token');
    assert.ok(config.server.allowedHosts.includes('localhost'));
  });
});
