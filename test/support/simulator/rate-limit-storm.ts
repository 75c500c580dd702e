// What a provider under pressure looks like: a storm answers every model call of the chosen providers
// with 429 and Retry-After for a while, and a monitor counts how many calls each provider has in
// flight at once, so tests can check the gateway's retries and concurrency limits from the outside.
import type { ServerResponse } from 'node:http';

export type SimulatedProvider = 'openai' | 'anthropic' | 'gemini';
export type ModelCallProtocol = 'openai' | 'anthropic' | 'gemini' | 'openai-embeddings';

const GEMINI_CALL = /^\/v1beta\/models\/[^/:]+:(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

/** The protocol of a model call (chat, messages, generate, embeddings); undefined for anything else. */
export function modelCallProtocol(method: string | undefined, path: string): ModelCallProtocol | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/chat/completions') return 'openai';
  if (path === '/v1/embeddings') return 'openai-embeddings';
  if (path === '/v1/messages') return 'anthropic';
  return GEMINI_CALL.test(path) ? 'gemini' : undefined;
}

export function providerOf(protocol: ModelCallProtocol): SimulatedProvider {
  return protocol === 'openai-embeddings' ? 'openai' : protocol;
}

export interface StormOptions {
  durationMs: number;
  retryAfterSeconds: number;
  /** Default: every provider. */
  providers?: SimulatedProvider[];
}

export class TrafficMonitor {
  private readonly current = new Map<SimulatedProvider, number>();
  private readonly peak = new Map<SimulatedProvider, number>();

  /** Counts the call until its response is finished or its connection closes. */
  enter(provider: SimulatedProvider, response: ServerResponse): void {
    const now = (this.current.get(provider) ?? 0) + 1;
    this.current.set(provider, now);
    this.peak.set(provider, Math.max(now, this.peak.get(provider) ?? 0));
    response.once('close', () => this.current.set(provider, (this.current.get(provider) ?? 1) - 1));
  }

  /** The most calls the provider had in flight at once since the last reset. */
  maxConcurrent(provider: SimulatedProvider): number {
    return this.peak.get(provider) ?? 0;
  }

  reset(): void {
    this.peak.clear();
    for (const [provider, count] of this.current) this.peak.set(provider, count);
  }
}

export class RateLimitStorm {
  private until = 0;
  private retryAfterSeconds = 1;
  private providers: SimulatedProvider[] | undefined;

  start(options: StormOptions): void {
    this.until = Date.now() + options.durationMs;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.providers = options.providers;
  }

  stop(): void {
    this.until = 0;
  }

  /** Answers the call with 429 and returns its Retry-After in milliseconds when the storm covers it. */
  answer(provider: SimulatedProvider, response: ServerResponse): number | undefined {
    if (Date.now() >= this.until || (this.providers && !this.providers.includes(provider))) return undefined;
    const message = 'Rate limit reached: too many requests, retry after the delay given';
    const body =
      provider === 'anthropic'
        ? { type: 'error', error: { type: 'rate_limit_error', message } }
        : { error: { code: 429, message, status: 'RESOURCE_EXHAUSTED', type: 'rate_limit_exceeded' } };
    const text = JSON.stringify(body);
    response.writeHead(429, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'retry-after': String(this.retryAfterSeconds) });
    response.end(text);
    return this.retryAfterSeconds * 1000;
  }
}
