// OpenAI (and OpenAI-compatible endpoints) through the official SDK, with its own retries off.
import OpenAI from 'openai';
import { ProviderError, connectionFailureDetail, isConnectionFailure, kindFromStatus, parseRetryAfter } from '../provider-error.ts';
import type { CallOptions, EmbedRequest, EmbedResult, GenerateRequest, GenerateResult, ProviderAdapter, ProviderId, StreamEvent, Usage } from '../types.ts';

export interface OpenAIAdapterOptions {
  provider: ProviderId;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
}

function toMessages(request: GenerateRequest): OpenAI.Chat.ChatCompletionMessageParam[] {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ role: message.role, content: message.content });
  return messages;
}

function mapFinishReason(reason: string | null | undefined): GenerateResult['finishReason'] {
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'content_filter';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_calls';
  return 'other';
}

/** DeepSeek reports its context-cache hits beside the OpenAI fields rather than inside them. */
type CompatibleUsage = OpenAI.CompletionUsage & { prompt_cache_hit_tokens?: number };

export function mapUsage(usage: CompatibleUsage | undefined | null): Usage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

export function toProviderError(provider: ProviderId, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError({ provider, kind: 'cancelled', message: 'request cancelled', cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError({ provider, kind: 'timeout', message: 'request timed out', cause: error });
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError({ provider, kind: 'connection', message: `connection failed: ${error.message}`, cause: error });
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return new ProviderError({
      provider,
      kind: kindFromStatus(error.status),
      status: error.status,
      message: error.message,
      retryAfterMs: parseRetryAfter(error.headers),
      cause: error,
    });
  }
  if (isConnectionFailure(error)) return new ProviderError({ provider, kind: 'connection', message: `connection failed: ${connectionFailureDetail(error)}`, cause: error });
  if (error instanceof SyntaxError) return new ProviderError({ provider, kind: 'malformed_response', message: `malformed response: ${error.message}`, cause: error });
  return new ProviderError({ provider, kind: 'unexpected', message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`, cause: error });
}

export function createOpenAIAdapter(options: OpenAIAdapterOptions): ProviderAdapter {
  const client = new OpenAI({ apiKey: options.apiKey ?? 'not-needed', baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs });
  const provider = options.provider;
  return {
    id: provider,
    async generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<GenerateResult> {
      try {
        const response = await client.chat.completions.create(
          {
            model: request.model,
            messages: toMessages(request),
            ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(request.responseFormat === 'json' ? { response_format: { type: 'json_object' as const } } : {}),
          },
          { signal: callOptions.signal },
        );
        const choice = response.choices?.[0];
        if (!choice) throw new ProviderError({ provider, kind: 'malformed_response', message: 'response has no choices' });
        return {
          text: choice.message?.content ?? '',
          finishReason: mapFinishReason(choice.finish_reason),
          rawFinishReason: choice.finish_reason ?? null,
          usage: mapUsage(response.usage),
          model: response.model,
        };
      } catch (error) {
        throw toProviderError(provider, error);
      }
    },
    async *stream(request: GenerateRequest, callOptions: CallOptions = {}): AsyncIterable<StreamEvent> {
      let text = '';
      let finish: string | null = null;
      let usage: Usage | undefined;
      let model = request.model;
      try {
        const stream = await client.chat.completions.create(
          {
            model: request.model,
            messages: toMessages(request),
            stream: true,
            stream_options: { include_usage: true },
            ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(request.responseFormat === 'json' ? { response_format: { type: 'json_object' as const } } : {}),
          },
          { signal: callOptions.signal },
        );
        for await (const chunk of stream) {
          model = chunk.model ?? model;
          if (chunk.usage) {
            usage = mapUsage(chunk.usage);
            yield { type: 'usage', usage };
          }
          const choice = chunk.choices?.[0];
          if (choice?.finish_reason) finish = choice.finish_reason;
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            yield { type: 'delta', text: delta };
          }
        }
      } catch (error) {
        throw toProviderError(provider, error);
      }
      if (finish === null) {
        throw new ProviderError({ provider, kind: 'malformed_response', message: 'the stream ended before the model finished its answer' });
      }
      yield { type: 'done', result: { text, finishReason: mapFinishReason(finish), rawFinishReason: finish, usage: usage ?? mapUsage(undefined), model } };
    },
    async embed(request: EmbedRequest, callOptions: CallOptions = {}): Promise<EmbedResult> {
      try {
        const response = await client.embeddings.create({ model: request.model, input: request.inputs }, { signal: callOptions.signal });
        return {
          embeddings: response.data.sort((a, b) => a.index - b.index).map((item) => item.embedding),
          usage: { inputTokens: response.usage?.prompt_tokens ?? 0 },
          model: response.model,
        };
      } catch (error) {
        throw toProviderError(provider, error);
      }
    },
  };
}
