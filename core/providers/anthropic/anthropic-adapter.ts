// Anthropic's Messages API through the official SDK, with its own retries off: Temporal owns retries.
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import { ProviderError } from '../provider-error.ts';
import type { CallOptions, EmbedResult, GenerateRequest, GenerateResult, ProviderAdapter, StreamEvent } from '../types.ts';
import { anthropicMessageSchema, type AnthropicUsage } from './anthropic-response-schemas.ts';
import { ANTHROPIC_API_VERSION } from '../sampling-support.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { cancelledError, malformedResponseError, toAnthropicProviderError } from './map-anthropic-error.ts';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.ts';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.ts';

export interface AnthropicAdapterOptions {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
  /** Sent as anthropic-version; decides which sampling parameters are sent (default: the SDK's own). */
  apiVersion?: string | undefined;
  /** The SDK's own log lines go here (through pino's redaction); without a logger it logs nothing. */
  logger?: Logger | undefined;
}

/** The SDK's logger interface, written to pino as provider events. */
export function sdkLoggerFor(logger: Logger): NonNullable<ClientOptions['logger']> {
  const child = logger.child({ event: 'provider', provider: 'anthropic', source: 'sdk' });
  const write = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, ...details: unknown[]) =>
    child[level]({ details: details.map((detail) => (typeof detail === 'string' ? detail : JSON.stringify(detail))) }, message);
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}

/** Sent when no key is configured, so the SDK never falls back to credential files on disk. */
const MISSING_API_KEY = 'not-configured';

function toResult(body: unknown): GenerateResult {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success) throw malformedResponseError(`malformed response: ${parsed.error.message}`, parsed.error);
  const message = parsed.data;
  return {
    text: message.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join(''),
    finishReason: mapAnthropicFinishReason(message.stop_reason),
    rawFinishReason: message.stop_reason,
    usage: mapAnthropicUsage(message.usage),
    model: message.model,
  };
}

export function createAnthropicAdapter(options: AnthropicAdapterOptions): ProviderAdapter {
  const apiVersion = options.apiVersion ?? ANTHROPIC_API_VERSION;
  const client = new Anthropic({
    apiKey: options.apiKey ?? MISSING_API_KEY,
    baseURL: options.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs,
    defaultHeaders: { 'anthropic-version': apiVersion },
    ...(options.logger ? { logger: sdkLoggerFor(options.logger), logLevel: 'warn' as const } : { logLevel: 'off' as const }),
  });
  return {
    id: 'anthropic',
    async generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<GenerateResult> {
      try {
        const message = await client.messages.create(convertToAnthropicMessages(request, apiVersion), { signal: callOptions.signal });
        return toResult(message);
      } catch (error) {
        throw toAnthropicProviderError(error);
      }
    },
    async *stream(request: GenerateRequest, callOptions: CallOptions = {}): AsyncIterable<StreamEvent> {
      let text = '';
      let model = request.model;
      let stopReason: string | null = null;
      let startUsage: AnthropicUsage | undefined;
      let deltaUsage: AnthropicUsage | undefined;
      let stopped = false;
      try {
        const events = await client.messages.create({ ...convertToAnthropicMessages(request, apiVersion), stream: true }, { signal: callOptions.signal });
        for await (const event of events) {
          if (event.type === 'message_start') {
            model = event.message.model;
            startUsage = event.message.usage;
            yield { type: 'usage', usage: mapAnthropicUsage(mergeAnthropicUsage(startUsage, undefined)) };
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text += event.delta.text;
            yield { type: 'delta', text: event.delta.text };
          } else if (event.type === 'message_delta') {
            stopReason = event.delta.stop_reason ?? stopReason;
            deltaUsage = event.usage;
            yield { type: 'usage', usage: mapAnthropicUsage(mergeAnthropicUsage(startUsage, deltaUsage)) };
          } else if (event.type === 'message_stop') {
            stopped = true;
          }
        }
      } catch (error) {
        if (callOptions.signal?.aborted) throw cancelledError();
        if (error instanceof ProviderError || error instanceof Anthropic.APIError) throw toAnthropicProviderError(error);
        throw malformedResponseError(`stream broke before message_stop: ${error instanceof Error ? error.message : String(error)}`, error);
      }
      // The SDK ends the iteration quietly when the request is aborted.
      if (callOptions.signal?.aborted) throw cancelledError();
      if (!stopped) throw malformedResponseError('stream ended before message_stop; the answer may be truncated');
      yield {
        type: 'done',
        result: {
          text,
          finishReason: mapAnthropicFinishReason(stopReason),
          rawFinishReason: stopReason,
          usage: mapAnthropicUsage(mergeAnthropicUsage(startUsage, deltaUsage)),
          model,
        },
      };
    },
    async embed(): Promise<EmbedResult> {
      throw new ProviderError({
        provider: 'anthropic',
        kind: 'invalid_request',
        message: 'Anthropic has no embeddings API; choose an embedding model from another provider',
      });
    },
  };
}
