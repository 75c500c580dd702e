// The reachability check of get_provider_status: which request each provider gets, and how an
// answer, a refused key and a dead endpoint are told apart.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkProvider } from '../../../../core/providers/check-provider.ts';
import { freePort } from '../../../support/free-port.ts';

const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const refused = request.headers.authorization === 'Bearer sk-revoked' || request.headers['x-api-key'] === 'sk-revoked';
    response.writeHead(refused ? 401 : 200, { 'content-type': 'application/json' });
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const settings = (apiKey: string, baseUrl: string) => ({ apiKey, baseUrl, timeoutMs: 1_000, maxRetries: 0, configured: true, taskQueue: undefined, maxConcurrency: 1, maxRps: undefined });

describe('provider reachability check', () => {
  it('lists models with each provider’s own authentication', async () => {
    seen.length = 0;
    const openai = await checkProvider('openai', settings('sk-good', `${base}/v1`));
    const anthropic = await checkProvider('anthropic', settings('sk-good', base));
    const gemini = await checkProvider('gemini', settings('g-good', base));
    for (const result of [openai, anthropic, gemini]) assert.deepEqual([result.reachable, result.key_accepted, result.http_status, result.error], [true, true, 200, null]);
    assert.deepEqual(seen.map((request) => request.url), ['/v1/models', '/v1/models?limit=1', '/v1beta/models?pageSize=1']);
    assert.equal(seen[0]!.headers.authorization, 'Bearer sk-good');
    assert.equal(seen[1]!.headers['x-api-key'], 'sk-good');
    assert.equal(seen[2]!.headers['x-goog-api-key'], 'g-good');
  });

  it('tells a refused key from a dead endpoint', async () => {
    const refused = await checkProvider('openai', settings('sk-revoked', `${base}/v1`));
    assert.deepEqual([refused.reachable, refused.key_accepted, refused.http_status], [true, false, 401]);
    assert.match(String(refused.error), /the key was refused/);
    const dead = await checkProvider('deepseek', settings('sk-good', `http://127.0.0.1:${await freePort()}`));
    assert.deepEqual([dead.reachable, dead.key_accepted, dead.http_status], [false, null, null]);
    assert.match(String(dead.error), /cannot connect/);
  });
});
