// Turns whatever the Anthropic SDK throws into a ProviderError that knows whether a retry can help.
// Errors sent inside an SSE stream carry no HTTP status, only Anthropic's error type.
import Anthropic from '@anthropic-ai/sdk';
import { ProviderError, connectionFailureDetail, isConnectionFailure, kindFromStatus, parseRetryAfter, type ProviderErrorKind } from '../provider-error.ts';

const PROVIDER = 'anthropic';

const KIND_BY_ERROR_TYPE: Record<string, ProviderErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  billing_error: 'invalid_request',
  permission_error: 'permission_denied',
  not_found_error: 'not_found',
  conflict_error: 'conflict',
  rate_limit_error: 'rate_limited',
  timeout_error: 'timeout',
  api_error: 'server_error',
  overloaded_error: 'server_error',
};

function kindOf(error: InstanceType<typeof Anthropic.APIError>): ProviderErrorKind {
  if (error.type === 'overloaded_error') return 'server_error';
  if (error.status !== undefined) return kindFromStatus(error.status);
  return (error.type ? KIND_BY_ERROR_TYPE[error.type] : undefined) ?? 'server_error';
}

export function toAnthropicProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return new ProviderError({ provider: PROVIDER, kind: 'cancelled', message: 'request cancelled', cause: error });
  if (error instanceof Anthropic.APIConnectionTimeoutError) return new ProviderError({ provider: PROVIDER, kind: 'timeout', message: 'request timed out', cause: error });
  if (error instanceof Anthropic.APIConnectionError) {
    return new ProviderError({ provider: PROVIDER, kind: 'connection', message: `connection failed: ${error.message}`, cause: error });
  }
  if (error instanceof Anthropic.APIError) {
    return new ProviderError({
      provider: PROVIDER,
      kind: kindOf(error),
      status: error.status,
      message: error.apiMessage ?? error.message,
      retryAfterMs: parseRetryAfter(error.headers),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionFailure(error)) return new ProviderError({ provider: PROVIDER, kind: 'connection', message: `connection failed: ${connectionFailureDetail(error)}`, cause: error });
  if (error instanceof SyntaxError) return new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message: `malformed response: ${message}`, cause: error });
  return new ProviderError({ provider: PROVIDER, kind: 'unexpected', message: `unexpected error: ${message}`, cause: error });
}

export function cancelledError(): ProviderError {
  return new ProviderError({ provider: PROVIDER, kind: 'cancelled', message: 'request cancelled' });
}

export function malformedResponseError(message: string, cause?: unknown): ProviderError {
  return new ProviderError({ provider: PROVIDER, kind: 'malformed_response', message, cause });
}
