// Token counting as a service for the MCP layer: short texts are counted in place (faster than a
// hop to another thread); long ones go to a small pool of worker threads, so one large or hostile
// input never stalls other requests, /healthz included. The pool starts threads on demand and lets
// them go when idle.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ModelEntry } from '../models/model-entry.ts';
import type { ChatMessage } from '../providers/types.ts';
import { countMessageTokens, countTextTokens, type TokenCount } from './count-tokens.ts';

/** Up to this many characters in all, counting in place takes a few milliseconds at most. */
export const INLINE_COUNT_MAX_CHARS = 32_768;
const IDLE_THREAD_MS = 30_000;
const MAX_QUEUED_COUNTS = 256;

type CountingModel = Pick<ModelEntry, 'tokenizer'>;

type CountTask = { text: string; model: CountingModel } | { messages: ChatMessage[]; system: string | undefined; model: CountingModel };

export interface TokenCounterOptions {
  /** Texts longer than this (in all) go to a worker thread. */
  inlineMaxChars?: number;
  /** Worker threads at most; default one fewer than the CPUs, at least one. */
  maxThreads?: number;
}

export class TokenCounter {
  private readonly pool: Piscina<CountTask, TokenCount>;
  private readonly inlineMaxChars: number;

  constructor(options: TokenCounterOptions = {}) {
    this.inlineMaxChars = options.inlineMaxChars ?? INLINE_COUNT_MAX_CHARS;
    this.pool = new Piscina<CountTask, TokenCount>({
      filename: new URL('./count-tokens-worker.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: options.maxThreads ?? Math.max(1, availableParallelism() - 1),
      idleTimeout: IDLE_THREAD_MS,
      maxQueue: MAX_QUEUED_COUNTS,
    });
  }

  /** Prompt tokens of a chat request (see countMessageTokens); `signal` abandons a long count. */
  async countMessages(messages: readonly ChatMessage[], system: string | undefined, model: CountingModel, signal?: AbortSignal): Promise<TokenCount> {
    const chars = messages.reduce((sum, message) => sum + message.content.length, system?.length ?? 0);
    if (chars <= this.inlineMaxChars) return countMessageTokens(messages, system, model);
    return this.run({ messages: messages.map(({ role, content }) => ({ role, content })), system, model: { tokenizer: model.tokenizer } }, signal);
  }

  /** Tokens of a bare text, without chat framing. */
  async countText(text: string, model: CountingModel, signal?: AbortSignal): Promise<TokenCount> {
    if (text.length <= this.inlineMaxChars) return countTextTokens(text, model);
    return this.run({ text, model: { tokenizer: model.tokenizer } }, signal);
  }

  private run(task: CountTask, signal: AbortSignal | undefined): Promise<TokenCount> {
    return this.pool.run(task, signal ? { signal } : {});
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
