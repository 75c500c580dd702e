// Streamable HTTP transport: one MCP session per client at {API_PREFIX}mcp, plus /healthz. Guards
// every request with Host and Origin checks (DNS-rebinding protection), an optional bearer token and
// a size bound before anything reaches MCP; sessions are capped (MAX_SESSIONS) and expire when idle.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../core/config.ts';
import type { HealthReport } from './deps.ts';
import { SHUTTING_DOWN_MESSAGE } from './shutdown.ts';

export interface HttpServerOptions {
  server: GatewayConfig['server'];
  logger: Logger;
  createMcpServer: () => McpServer;
  health: () => Promise<HealthReport>;
  metrics?: () => Promise<string>;
}

export interface RunningHttpServer {
  url: string;
  mcpUrl: string;
  port: number;
  /** From now on MCP requests get 503 and /healthz says the gateway is shutting down. */
  refuseNewRequests(): void;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** Requests (including open SSE streams) still being answered: a busy session is never idle. */
  active: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long close() waits for answers already being written. */
const RESPONSE_FLUSH_MS = 3_000;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body exceeds MAX_REQUEST_BYTES (${limit} bytes)`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0];
}

/** Browsers send Origin; other clients do not, and are judged by Host and the bearer token alone. */
function originAllowed(origin: string | undefined, allowedOrigins: string[] | undefined, allowedHosts: Set<string>): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowedOrigins) return allowedOrigins.includes(parsed.origin);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && allowedHosts.has(parsed.hostname.toLowerCase());
}

/** Compares digests of equal length, so neither the token's characters nor its length show in the timing. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const presented = header?.startsWith('Bearer ') ? header.slice(7) : '';
  return timingSafeEqual(digest(presented), digest(token));
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const settings = options.server;
  const mcpPath = `${settings.apiPrefix}mcp`;
  const healthPath = `${settings.apiPrefix}healthz`;
  const metricsPath = `${settings.apiPrefix}metrics`;
  const allowedHosts = new Set(settings.allowedHosts.map((host) => host.toLowerCase()));
  const sessions = new Map<string, Session>();
  let initializing = 0;
  let draining = false;
  /** MCP POST responses still being written: close() lets them end (a handed-back job handle among them). */
  const openResponses = new Set<ServerResponse>();

  function closeIdleSessions(now: number): void {
    for (const [id, session] of sessions) {
      if (session.active === 0 && now - session.lastSeen > settings.sessionIdleMs) {
        sessions.delete(id);
        void session.transport.close().catch(() => undefined);
        logger.debug({ event: 'http', session: id }, 'idle MCP session closed');
      }
    }
  }

  async function handleMcp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const sessionHeader = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(sessionHeader) ? sessionHeader[0] : sessionHeader;
    const body = request.method === 'POST' ? await readJsonBody(request, settings.maxRequestBytes) : undefined;
    const session = sessionId ? sessions.get(sessionId) : undefined;
    if (!session) {
      if (sessionId) throw new HttpError(404, `unknown MCP session ${sessionId}: start a new session with an initialize request`);
      if (request.method !== 'POST' || !isInitializeRequest(body)) {
        throw new HttpError(400, 'no MCP session: the first request must be an initialize request');
      }
      if (sessions.size + initializing >= settings.maxSessions) closeIdleSessions(Date.now());
      if (sessions.size + initializing >= settings.maxSessions) {
        response.setHeader('retry-after', '30');
        throw new HttpError(503, `the gateway already serves MAX_SESSIONS (${settings.maxSessions}) MCP sessions: close an unused session (HTTP DELETE) or try again later`);
      }
      const server = options.createMcpServer();
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, created);
        },
      });
      const created: Session = { transport, server, lastSeen: Date.now(), active: 0 };
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      initializing += 1;
      try {
        await transport.handleRequest(request, response, body);
      } finally {
        initializing -= 1;
      }
      return;
    }
    if (request.method === 'POST') {
      openResponses.add(response);
      response.once('close', () => openResponses.delete(response));
    }
    session.lastSeen = Date.now();
    session.active += 1;
    response.once('close', () => {
      session.active -= 1;
      session.lastSeen = Date.now();
    });
    await session.transport.handleRequest(request, response, body);
  }

  const httpServer = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const handle = async () => {
      const hostname = hostnameOf(request.headers.host)?.toLowerCase();
      if (!hostname || !allowedHosts.has(hostname)) throw new HttpError(403, `Host "${request.headers.host ?? ''}" is not allowed (ALLOWED_HOSTS)`);
      if (!originAllowed(request.headers.origin, settings.allowedOrigins, allowedHosts)) {
        throw new HttpError(403, `Origin "${request.headers.origin ?? ''}" is not allowed (ALLOWED_ORIGINS)`);
      }
      if (url.pathname === healthPath && request.method === 'GET') {
        const report = await options.health();
        if (draining) return sendJson(response, 503, { ...report, status: 'shutting_down' });
        return sendJson(response, report.status === 'ok' ? 200 : 503, report);
      }
      if (settings.authToken && !tokenMatches(request.headers.authorization, settings.authToken)) {
        response.setHeader('www-authenticate', 'Bearer');
        throw new HttpError(401, 'missing or wrong bearer token (GATEWAY_AUTH_TOKEN)');
      }
      if (url.pathname === metricsPath && request.method === 'GET' && options.metrics) {
        const text = await options.metrics();
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        return void response.end(text);
      }
      if (url.pathname === mcpPath) {
        if (draining) {
          response.setHeader('retry-after', '5');
          throw new HttpError(503, SHUTTING_DOWN_MESSAGE);
        }
        return handleMcp(request, response);
      }
      throw new HttpError(404, `not found; MCP is at ${mcpPath}, health at ${healthPath}`);
    };
    handle().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) logger.error({ event: 'http', error: String(error), path: url.pathname }, 'request failed');
      if (!response.headersSent) sendJson(response, status, { jsonrpc: '2.0', error: { code: -32000, message: (error as Error).message }, id: null });
      else response.end();
    });
  });

  const sweeper = setInterval(() => closeIdleSessions(Date.now()), Math.max(250, Math.min(settings.sessionIdleMs / 2, 60_000)));
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(settings.port, settings.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const displayHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${displayHost}:${port}`;
  logger.info({ event: 'http', url: `${url}${mcpPath}` }, 'MCP over Streamable HTTP listening');
  return {
    url,
    mcpUrl: `${url}${mcpPath}`,
    port,
    refuseNewRequests() {
      draining = true;
    },
    async close() {
      clearInterval(sweeper);
      const flushDeadline = Date.now() + RESPONSE_FLUSH_MS;
      while (openResponses.size > 0 && Date.now() < flushDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all([...sessions.values()].map((session) => session.transport.close().catch(() => undefined)));
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
