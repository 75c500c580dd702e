// A provider failure that knows whether retrying can help. Activities turn it into an
// ApplicationFailure whose type and nonRetryable flag come from here, so Temporal's retry policy
// is the only retry loop.
import type { ProviderId } from './types.ts';

export type ProviderErrorKind =
  | 'rate_limited'
  | 'invalid_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'malformed_response'
  /** Anything not known to be transient (a bug in a mapping, an SDK surprise): never retried, never paid twice. */
  | 'unexpected'
  | 'not_configured'
  | 'cancelled';

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limited',
  'conflict',
  'server_error',
  'timeout',
  'connection',
  'malformed_response',
]);

/** Temporal ApplicationFailure type names, one per kind. */
export const FAILURE_TYPES: Record<ProviderErrorKind, string> = {
  rate_limited: 'ProviderRateLimited',
  invalid_request: 'ProviderInvalidRequest',
  authentication: 'ProviderAuthenticationFailed',
  permission_denied: 'ProviderPermissionDenied',
  not_found: 'ProviderNotFound',
  conflict: 'ProviderConflict',
  server_error: 'ProviderServerError',
  timeout: 'ProviderTimeout',
  connection: 'ProviderConnectionFailed',
  malformed_response: 'ProviderMalformedResponse',
  unexpected: 'ProviderUnexpectedError',
  not_configured: 'ProviderNotConfigured',
  cancelled: 'ProviderCallCancelled',
};

export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    provider: ProviderId;
    kind: ProviderErrorKind;
    message: string;
    status?: number;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  get failureType(): string {
    return FAILURE_TYPES[this.kind];
  }
}

export function kindFromStatus(status: number): ProviderErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission_denied';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** Parses a Retry-After header (seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/** undici's own failures (`fetch failed`, a body `terminated` when the other side closed): transient. */
export function isConnectionFailure(error: unknown): error is TypeError {
  if (!(error instanceof TypeError)) return false;
  return error.message === 'fetch failed' || error.message === 'terminated' || error.cause !== undefined;
}

/** The message of a connection failure, from its cause where undici gives one. */
export function connectionFailureDetail(error: TypeError): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}
