// Provider simulator: an HTTP server speaking the OpenAI chat-completions and embeddings, Anthropic
// Messages and Gemini generateContent protocols (JSON and streaming, with usage), with scriptable
// answers, latency and failures. Real SDKs talk to it through their base-URL options.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAnthropicMessages } from './anthropic-protocol.ts';
import { routeOpenAIEmbeddings } from './embeddings.ts';
import { handleOpenAIChat } from './openai-protocol.ts';
import { routeGemini } from './gemini-protocol.ts';
import type { ProtocolContext } from './protocol-context.ts';
import { modelCallProtocol, providerOf, RateLimitStorm, TrafficMonitor, type SimulatedProvider, type StormOptions } from './rate-limit-storm.ts';
import { presentedKey, rejectionBody } from './rejected-keys.ts';

export interface ScriptedUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface ScriptStep {
  /** Only requests for this model take the step. */
  model?: string;
  text?: string;
  /** OpenAI protocol: the answer computed from the last user message (for fan-outs whose order varies). */
  answer?: (prompt: string) => string;
  usage?: ScriptedUsage;
  latencyMs?: number;
  error?: { status: number; message: string; headers?: Record<string, string> };
  hang?: boolean;
  malformed?: boolean;
  cutAfterChunks?: number;
  times?: number;
  /** Only requests whose conversation (system and messages) contains this text take the step. */
  whenPromptIncludes?: string;
  /** The answer computed from the request's conversation (system and messages, joined). */
  reply?: (conversation: string) => string;
}

export interface RecordedRequest {
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-embeddings';
  path: string;
  model: string | undefined;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  at: number;
  /** true when the client closed the connection before the answer was complete (a cancelled call). */
  aborted?: boolean;
  /** Answered 429 by a rate-limit storm, telling the client to wait this long. */
  retryAfterMs?: number;
}

export interface Simulator {
  url: string;
  openaiBaseUrl: string;
  script(steps: ScriptStep | ScriptStep[]): void;
  setDefaults(defaults: { latencyMs?: number; latencyMaxMs?: number; streamChunkDelayMs?: number }): void;
  /** Every request presenting one of these keys gets a 401 that echoes the key. */
  rejectKeys(keys: string[]): void;
  requests(): RecordedRequest[];
  /** From now on, every model call of the storm's providers is answered 429 with Retry-After, for durationMs. */
  storm(options: StormOptions): void;
  /** The most model calls the provider had in flight at once since the last reset. */
  maxConcurrent(provider: SimulatedProvider): number;
  reset(): void;
  close(): Promise<void>;
}

/** Identifies a request's conversation, so a retry can be told from another call. */
export function conversationKey(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body.messages ?? body.contents ?? body.input ?? null)).digest('hex').slice(0, 16);
}

export async function startSimulator(options: { port?: number } = {}): Promise<Simulator> {
  let queue: ScriptStep[] = [];
  let log: RecordedRequest[] = [];
  const storm = new RateLimitStorm();
  const traffic = new TrafficMonitor();
  let defaults = { latencyMs: 0, latencyMaxMs: 0, streamChunkDelayMs: 0 };
  let rejectedKeys = new Set<string>();
  const sockets = new Set<import('node:net').Socket>();

  function nextStep(model: string | undefined, options: { namedOnly?: boolean; conversation?: string } = {}): ScriptStep {
    const matchesPrompt = (step: ScriptStep) => step.whenPromptIncludes === undefined || (options.conversation ?? '').includes(step.whenPromptIncludes);
    const index = queue.findIndex((step) => ((step.model === undefined && !options.namedOnly) || step.model === model) && matchesPrompt(step));
    const step = queue[index];
    if (!step) return {};
    if ((step.times ?? 1) <= 1) queue.splice(index, 1);
    else step.times = (step.times ?? 1) - 1;
    return step;
  }

  const protocolContext: ProtocolContext = { nextStep, defaults: () => defaults, record: (entry) => log.push({ ...entry, at: Date.now() }) };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const path = (request.url ?? '/').split('?')[0]!;
      const logged = log.length;
      const requestLog = log;
      response.once('close', () => {
        const entry = requestLog[logged];
        if (entry && !response.writableFinished) entry.aborted = true;
      });
      if (path.startsWith('/_control/')) {
        controlRoute(request.method, path, body, response);
        return;
      }
      const protocol = modelCallProtocol(request.method, path);
      if (protocol) {
        traffic.enter(providerOf(protocol), response);
        const retryAfterMs = storm.answer(providerOf(protocol), response);
        if (retryAfterMs !== undefined) {
          log.push({ protocol, path, model: (body.model as string | undefined) ?? path.split('/')[3]?.split(':')[0], body, headers: request.headers, at: Date.now(), retryAfterMs });
          return;
        }
      }
      const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
      const key = presentedKey(request, query);
      if (key !== undefined && rejectedKeys.has(key)) {
        log.push({ protocol: path === '/v1/messages' ? 'anthropic' : path.includes(':') ? 'gemini' : 'openai', path, model: body.model as string | undefined, body, headers: request.headers, at: Date.now() });
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify(rejectionBody(path, key)));
        return;
      }
      if (path === '/v1/chat/completions' && request.method === 'POST') {
        log.push({ protocol: 'openai', path, model: body.model as string | undefined, body, headers: request.headers, at: Date.now() });
        handleOpenAIChat(body, response, protocolContext).catch(() => response.destroy());
        return;
      }
      if (path === '/v1/messages' && request.method === 'POST') {
        log.push({ protocol: 'anthropic', path, model: body.model as string | undefined, body, headers: request.headers, at: Date.now() });
        handleAnthropicMessages(body, response, protocolContext, request.headers).catch(() => response.destroy());
        return;
      }
      if (request.method === 'GET' && (path === '/v1/models' || path === '/models' || path === '/v1beta/models')) {
        // Model listings: what reachability checks ask for.
        const listing = path === '/v1beta/models' ? { models: [{ name: 'models/gemini-2.5-flash' }] } : { object: 'list', data: [{ id: 'simulated-model', object: 'model' }] };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(listing));
        return;
      }
      const call = { method: request.method ?? 'GET', path, query, body, headers: request.headers };
      if (routeGemini(call, response, protocolContext) || routeOpenAIEmbeddings(call, response, protocolContext)) return;
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${path}` } }));
    });
  });
  function reset(): void {
    queue = [];
    log = [];
    storm.stop();
    traffic.reset();
  }

  /** For a simulator in another process (benchmarks, manual runs): start a storm, read the traffic, reset. */
  function controlRoute(method: string | undefined, path: string, body: Record<string, unknown>, response: http.ServerResponse): void {
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (method === 'POST' && path === '/_control/storm') {
      storm.start(body as unknown as StormOptions);
      reply(200, { ok: true });
    } else if (method === 'GET' && path === '/_control/traffic') {
      const providers: SimulatedProvider[] = ['openai', 'anthropic', 'gemini'];
      reply(200, { max_concurrent: Object.fromEntries(providers.map((provider) => [provider, traffic.maxConcurrent(provider)])), requests: log.map(({ protocol, model, at, retryAfterMs, body }) => ({ protocol, model, at, retryAfterMs, conversation: conversationKey(body) })) });
    } else if (method === 'POST' && path === '/_control/reset') {
      reset();
      reply(200, { ok: true });
    } else {
      reply(404, { error: { message: `no control route ${method} ${path}` } });
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    script(steps) {
      queue.push(...(Array.isArray(steps) ? steps : [steps]).map((step) => ({ ...step })));
    },
    setDefaults(next) {
      defaults = { ...defaults, ...next };
    },
    rejectKeys(keys) {
      rejectedKeys = new Set(keys);
    },
    requests: () => [...log],
    storm: (options) => storm.start(options),
    maxConcurrent: (provider) => traffic.maxConcurrent(provider),
    reset,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
