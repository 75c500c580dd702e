// The HTTP transport's guards, exercised with real HTTP requests and the SDK's MCP client: bearer
// token, Host and Origin checks, the body size bound, the session cap and idle expiry.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import { after, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../../core/config.ts';
import { createSilentLogger } from '../../core/logger.ts';
import { startHttpServer, type RunningHttpServer } from '../../mcp/http.ts';

const TOKEN = 'a-test-token-of-32-characters-xx';
const running: RunningHttpServer[] = [];
const clients: Client[] = [];

after(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  for (const server of running) await server.close();
});

async function startServer(environment: Record<string, string>): Promise<RunningHttpServer> {
  const config = loadConfig({ SERVER_PORT: '0', ...environment }, path.join(os.tmpdir(), 'no-such-gateway.env'));
  const server = await startHttpServer({
    server: config.server,
    logger: createSilentLogger(),
    createMcpServer: () => new McpServer({ name: 'guarded', version: '1.0.0' }, { capabilities: { tools: {} } }),
    health: async () => ({
      status: 'ok',
      temporal: { connected: true, address: 'n/a', namespace: 'default', embedded: false },
      worker: { running: true, in_process: true, task_queue: 'n/a', pollers: 1 },
      providers: {},
    }),
    metrics: async () => '# TYPE gateway_tool_calls_total counter\n',
  });
  running.push(server);
  return server;
}

async function connect(server: RunningHttpServer, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'guard-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so Host, Origin and the body can be anything a hostile client sends. */
function request(server: RunningHttpServer, options: { method?: string; headers?: Record<string, string>; body?: string; path?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/mcp',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers },
      },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('bearer token', () => {
  it('refuses MCP requests without the token or with a wrong one, and serves the right one', async () => {
    const server = await startServer({ GATEWAY_AUTH_TOKEN: TOKEN });
    const missing = await request(server, { body: INITIALIZE });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer');
    assert.match(missing.body, /GATEWAY_AUTH_TOKEN/);
    const wrong = await request(server, { body: INITIALIZE, headers: { authorization: `Bearer ${TOKEN.replace('a', 'b')}` } });
    assert.equal(wrong.status, 401);
    await assert.rejects(connect(server));
    const client = await connect(server, { authorization: `Bearer ${TOKEN}` });
    assert.deepEqual(client.getServerVersion(), { name: 'guarded', version: '1.0.0' });
  });
});

describe('bound off loopback', () => {
  it('requires the exact bearer token on MCP and /metrics; /healthz stays open to allowed hosts', async () => {
    const server = await startServer({ SERVER_HOST: '0.0.0.0', GATEWAY_AUTH_TOKEN: TOKEN });
    const near = [TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), `${TOKEN.slice(0, -1)}y`, ''];
    for (const path of ['/mcp', '/metrics']) {
      const method = path === '/mcp' ? 'POST' : 'GET';
      const body = path === '/mcp' ? INITIALIZE : undefined;
      assert.equal((await request(server, { method, path, body })).status, 401, `${path} without a token`);
      for (const token of near) {
        const refused = await request(server, { method, path, body, headers: { authorization: `Bearer ${token}` } });
        assert.equal(refused.status, 401, `${path} with a near-miss token of ${token.length} characters`);
        assert.ok(!refused.body.includes(TOKEN.slice(0, 12)), 'the refusal never repeats the token');
      }
      assert.equal((await request(server, { method, path, body, headers: { authorization: `Basic ${TOKEN}` } })).status, 401, `${path} with another scheme`);
      assert.equal((await request(server, { method, path, body, headers: { authorization: `Bearer ${TOKEN}` } })).status, 200, `${path} with the token`);
    }
    assert.equal((await request(server, { method: 'GET', path: '/healthz' })).status, 200);
    const client = await connect(server, { authorization: `Bearer ${TOKEN}` });
    assert.ok(await client.ping());
  });
});

describe('Host and Origin', () => {
  it('refuses a Host that is not allowed (DNS rebinding), even for /healthz', async () => {
    const server = await startServer({});
    const refused = await request(server, { body: INITIALIZE, headers: { host: 'evil.example:80' } });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /ALLOWED_HOSTS/);
    assert.equal((await request(server, { method: 'GET', path: '/healthz', headers: { host: 'evil.example' } })).status, 403);
    assert.equal((await request(server, { method: 'GET', path: '/healthz' })).status, 200);
    assert.equal((await request(server, { method: 'GET', path: '/metrics', headers: { host: 'evil.example' } })).status, 403);
    assert.equal((await request(server, { method: 'GET', path: '/metrics', headers: { origin: 'http://evil.com' } })).status, 403);
    assert.equal((await request(server, { method: 'GET', path: '/metrics' })).status, 200);
  });

  it('refuses a foreign Origin with 403 and no session; local origins and clients without Origin get one', async () => {
    const server = await startServer({});
    const foreign = await request(server, { body: INITIALIZE, headers: { origin: 'http://evil.com' } });
    assert.equal(foreign.status, 403);
    assert.equal((JSON.parse(foreign.body) as { error: { message: string } }).error.message, 'Origin "http://evil.com" is not allowed (ALLOWED_ORIGINS)');
    assert.equal(foreign.headers['mcp-session-id'], undefined);
    assert.equal((await request(server, { body: INITIALIZE, headers: { origin: 'null' } })).status, 403);
    const local = await request(server, { body: INITIALIZE, headers: { origin: 'http://localhost:6274' } });
    assert.equal(local.status, 200, local.body);
    assert.ok(local.headers['mcp-session-id']);
    await connect(server);
  });

  it('accepts exactly the configured ALLOWED_ORIGINS', async () => {
    const server = await startServer({ ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:6274' });
    assert.equal((await request(server, { body: INITIALIZE, headers: { origin: 'https://app.example.com' } })).status, 200);
    assert.equal((await request(server, { body: INITIALIZE, headers: { origin: 'http://localhost:6274' } })).status, 200);
    assert.equal((await request(server, { body: INITIALIZE, headers: { origin: 'http://localhost:9999' } })).status, 403);
    assert.equal((await request(server, { body: INITIALIZE, headers: { origin: 'http://app.example.com' } })).status, 403);
  });
});

describe('request size', () => {
  it('answers 413 naming MAX_REQUEST_BYTES for a body over the bound', async () => {
    const server = await startServer({ MAX_REQUEST_BYTES: '4096' });
    const response = await request(server, { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { padding: 'x'.repeat(5000) } }) });
    assert.equal(response.status, 413);
    assert.match(response.body, /MAX_REQUEST_BYTES \(4096 bytes\)/);
    assert.equal((await request(server, { body: INITIALIZE })).status, 200);
  });
});

describe('sessions', () => {
  it('answers 503 naming MAX_SESSIONS over the cap, and admits a new session once one is closed', async () => {
    const server = await startServer({ MAX_SESSIONS: '2' });
    await connect(server);
    const second = await connect(server);
    const over = await request(server, { body: INITIALIZE });
    assert.equal(over.status, 503);
    assert.ok(over.headers['retry-after']);
    assert.match(over.body, /MAX_SESSIONS \(2\)/);
    await (second.transport as StreamableHTTPClientTransport).terminateSession();
    await second.close();
    const third = await connect(server);
    assert.ok(await third.ping());
  });

  it('expires a session left idle past SESSION_IDLE_SECONDS, which frees its place', async () => {
    const server = await startServer({ MAX_SESSIONS: '1', SESSION_IDLE_SECONDS: '1' });
    const first = await request(server, { body: INITIALIZE });
    const sessionId = first.headers['mcp-session-id'] as string;
    assert.ok(sessionId);
    assert.equal((await request(server, { body: INITIALIZE })).status, 503, 'the only place is taken');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });
    const expired = await request(server, { body: ping, headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION } });
    assert.equal(expired.status, 404);
    assert.match(expired.body, /unknown MCP session/);
    const client = await connect(server);
    assert.ok(await client.ping());
  });

  it('keeps a session with a request still open, however long it runs', async () => {
    const server = await startServer({ SESSION_IDLE_SECONDS: '1' });
    const client = await connect(server);
    // The client keeps its server-sent event stream open: the session is in use, not idle.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.ok(await client.ping());
  });
});
