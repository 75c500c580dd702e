// Exact-match cache keys: two requests share a key only when everything that can change the answer
// is the same. Built from an explicit list of output-changing fields, so per-call noise (request
// ids, trace ids, timestamps) can never split the cache, and normalised so cosmetic differences
// (property order, CRLF line endings, trailing whitespace) cannot either.
import { createHash } from 'node:crypto';

export interface CacheKeyMessage {
  role: string;
  content: string;
}

export interface ExactCacheKeyParts {
  /** What kind of work produced the answer, e.g. the tool name or task kind. */
  namespace: string;
  provider: string;
  model: string;
  system?: string;
  messages?: CacheKeyMessage[];
  /** Raw input for tools that are not chat-shaped (embedding text, a chunk). */
  input?: unknown;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  reasoningEffort?: string;
  responseFormat?: unknown;
  tools?: unknown;
  toolChoice?: unknown;
  /** Any other option that changes the output, for callers with tool-specific settings. */
  options?: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value)) ?? 'null';
}

function canonicalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalise(item)));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = canonicalise(member);
    }
    return sorted;
  }
  return value;
}

export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trimEnd();
}

export function exactCacheKey(parts: ExactCacheKeyParts): string {
  const keyed = {
    namespace: parts.namespace,
    provider: parts.provider,
    model: parts.model,
    system: parts.system === undefined ? undefined : normaliseText(parts.system),
    messages: parts.messages?.map((message) => ({ role: message.role, content: normaliseText(message.content) })),
    input: typeof parts.input === 'string' ? normaliseText(parts.input) : parts.input,
    temperature: parts.temperature,
    maxTokens: parts.maxTokens,
    topP: parts.topP,
    topK: parts.topK,
    stop: parts.stop,
    seed: parts.seed,
    frequencyPenalty: parts.frequencyPenalty,
    presencePenalty: parts.presencePenalty,
    reasoningEffort: parts.reasoningEffort,
    responseFormat: parts.responseFormat,
    tools: parts.tools,
    toolChoice: parts.toolChoice,
    options: parts.options,
  };
  return createHash('sha256').update(canonicalJson(keyed)).digest('hex');
}
