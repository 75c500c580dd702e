// Turns whatever the Gemini SDK throws into a ProviderError. The SDK's ApiError carries only a
// status and a JSON message, so Retry-After is read from the response through a per-call fetch.
// With a custom fetch the SDK no longer lifts undici's own header and body timeouts, so those
// surface as fetch failures and are classified as timeouts here.
import { ApiError, type Fetch } from '@google/genai';
import { ProviderError, connectionFailureDetail, isConnectionFailure, kindFromStatus, parseRetryAfter } from '../provider-error.ts';

const PROVIDER = 'gemini';

export interface ResponseHeaderCapture {
  fetch: Fetch;
  retryAfterMs(): number | undefined;
}

/** A fetch that remembers the headers of the last failed response it saw. */
export function captureFailedResponseHeaders(): ResponseHeaderCapture {
  let failedHeaders: Headers | undefined;
  return {
    async fetch(input, init) {
      const response = await fetch(input, init);
      if (!response.ok) failedHeaders = response.headers;
      return response;
    },
    retryAfterMs: () => parseRetryAfter(failedHeaders),
  };
}

/** Pulls `error.message` out of the JSON the SDK puts in ApiError messages. */
export function messageFromApiError(message: string): string {
  const start = message.indexOf('{');
  if (start < 0) return message;
  try {
    const parsed = JSON.parse(message.slice(start)) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === 'string' ? parsed.error.message : message;
  } catch {
    return message;
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error || error instanceof DOMException ? error.name : undefined;
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function toGeminiProviderError(error: unknown, context: { signal?: AbortSignal | undefined; retryAfterMs?: number | undefined } = {}): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal?.aborted) return new ProviderError({ provider: PROVIDER, kind: 'cancelled', message: 'request cancelled', cause: error });
  if (error instanceof ApiError) {
    return new ProviderError({
      provider: PROVIDER,
      kind: kindFromStatus(error.status),
      status: error.status,
      message: messageFromApiError(error.message),
      retryAfterMs: context.retryAfterMs,
      cause: error,
    });
  }
  const name = errorName(error);
  if (name === 'AbortError' || name === 'TimeoutError' || TIMEOUT_CODES.has(causeCode(error) ?? '')) return new ProviderError({ provider: PROVIDER, kind: 'timeout', message: 'request timed out', cause: error });
  if (isConnectionFailure(error)) return new ProviderError({ provider: PROVIDER, kind: 'connection', message: `connection failed: ${connectionFailureDetail(error)}`, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SyntaxError) return new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message: `malformed response: ${message}`, cause: error });
  return new ProviderError({ provider: PROVIDER, kind: 'unexpected', message: `unexpected error: ${message}`, cause: error });
}
