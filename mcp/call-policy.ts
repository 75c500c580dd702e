// Retry and timeout settings for one provider, resolved from configuration for a workflow input.
import type { CallPolicy } from '../core/jobs/types.ts';
import type { ProviderId } from '../core/providers/types.ts';
import type { McpDeps } from './deps.ts';

/** Time on top of the provider timeout before Temporal gives up on an attempt itself. */
const ATTEMPT_MARGIN_MS = 5_000;

export function callPolicy(deps: Pick<McpDeps, 'providers'>, provider: ProviderId): CallPolicy {
  const settings = deps.providers.settings(provider);
  return { maximumAttempts: settings.maxRetries + 1, attemptTimeoutMs: settings.timeoutMs + ATTEMPT_MARGIN_MS };
}
