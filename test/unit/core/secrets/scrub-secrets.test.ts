// Secrets never leave in a message: configured values and anything shaped like a key are replaced,
// and configuration errors name the variable and the rule without repeating a secret.
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../../core/config.ts';
import { configuredSecrets, createSecretScrubber, SCRUBBED } from '../../../../core/secrets/scrub-secrets.ts';

const NO_ENV_FILE = path.join(os.tmpdir(), 'no-such-dir', '.env');

function configErrorOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment, NO_ENV_FILE);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('the configuration was accepted');
}

describe('createSecretScrubber', () => {
  it('replaces configured secrets wherever they appear', () => {
    const scrub = createSecretScrubber(['my-own-gateway-token-0042']);
    assert.equal(scrub('refused my-own-gateway-token-0042 twice: my-own-gateway-token-0042'), `refused ${SCRUBBED} twice: ${SCRUBBED}`);
  });

  it('replaces anything shaped like a key, whoever it belongs to', () => {
    const scrub = createSecretScrubber([]);
    const text = [
      'Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.',
      'anthropic sk-ant-api03-AAAAbbbbCCCCdddd',
      'google AIzaSyA1234567890abcdefghijklmnopq',
      'xai xai-abcdefghijklmnop1234',
      'Authorization: Bearer abc.def.ghi-123456',
      'GET /v1beta/models?key=plainsecret123&alt=sse',
      'redis://default:hunter2hunter2@cache.internal:6379',
    ].join('\n');
    const scrubbed = scrub(text);
    for (const secret of ['sk-proj-AbCdEf0123456789xyz', 'sk-ant-api03', 'AIzaSyA1234567890', 'xai-abcdefghijklmnop1234', 'abc.def.ghi-123456', 'plainsecret123', 'hunter2hunter2']) {
      assert.ok(!scrubbed.includes(secret), `${secret} survived: ${scrubbed}`);
    }
    assert.match(scrubbed, /Incorrect API key provided: \[REDACTED\]/);
    assert.match(scrubbed, /Bearer \[REDACTED\]/);
    assert.match(scrubbed, /redis:\/\/default:\[REDACTED\]@cache\.internal:6379/);
  });

  it('leaves ordinary text alone', () => {
    const scrub = createSecretScrubber(['abc']);
    const text = 'the model answered: a task-specific summary, 12 tokens, see https://example.com/docs';
    assert.equal(scrub(text), text);
  });
});

describe('configuredSecrets', () => {
  it('lists keys, tokens and passwords inside URLs', () => {
    const config = loadConfig(
      { OPENAI_API_KEY: 'sk-openai-secret-1', GATEWAY_AUTH_TOKEN: 'token-of-sixteen-chars', REDIS_URL: 'redis://user:redis-pass-99@127.0.0.1:6379', CACHE_TYPE: 'memory' },
      NO_ENV_FILE,
    );
    const secrets = configuredSecrets(config);
    for (const expected of ['sk-openai-secret-1', 'token-of-sixteen-chars', 'redis-pass-99']) assert.ok(secrets.includes(expected), `${expected} missing`);
  });
});

describe('configuration errors', () => {
  it('name a too-short GATEWAY_AUTH_TOKEN and its rule without repeating it', () => {
    const error = configErrorOf({ GATEWAY_AUTH_TOKEN: 'short-tok' });
    assert.match(error.message, /GATEWAY_AUTH_TOKEN: expected at least 16 characters/);
    assert.ok(!error.message.includes('short-tok'), error.message);
  });

  it('show a rejected REDIS_URL without its password', () => {
    const error = configErrorOf({ REDIS_URL: 'http://admin:s3cret-pass-word@cache.internal:6379' });
    assert.match(error.message, /REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL/);
    assert.ok(!error.message.includes('s3cret-pass-word'), error.message);
    assert.match(error.message, /cache\.internal/);
  });

  it('still show ordinary rejected values', () => {
    assert.match(configErrorOf({ SERVER_PORT: 'abc' }).message, /\(got "abc"\)/);
  });
});
