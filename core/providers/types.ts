// The one small interface every provider adapter implements. Workflows and activities only ever
// see these shapes, so adding a provider never touches orchestration code.

export const PROVIDER_IDS = ['openai', 'anthropic', 'gemini', 'deepseek', 'openrouter', 'xai', 'ollama'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerateRequest {
  model: string;
  messages: ChatMessage[];
  system?: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  responseFormat?: 'text' | 'json';
}

/**
 * Normalised usage. `inputTokens` counts every prompt token (including cached and cache-write ones);
 * `outputTokens` counts every generated token (including reasoning ones). The other fields are the
 * subsets that are priced differently.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  rawFinishReason: string | null;
  usage: Usage;
  /** The model name the provider says answered. */
  model: string;
}

/** `usage`: what the provider has reported so far, sent as soon as it does, so a stream that breaks later is still costed. */
export type StreamEvent = { type: 'delta'; text: string } | { type: 'usage'; usage: Usage } | { type: 'done'; result: GenerateResult };

export interface EmbedRequest {
  model: string;
  inputs: string[];
}

export interface EmbedResult {
  embeddings: number[][];
  usage: { inputTokens: number };
  model: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ProviderAdapter {
  readonly id: ProviderId;
  generate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;
  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  embed(request: EmbedRequest, options?: CallOptions): Promise<EmbedResult>;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}
