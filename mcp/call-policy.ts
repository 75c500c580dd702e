// Retry and timeout settings for one provider, resolved from configuration for a workflow input.
import { callPolicy as policyFor } from '../core/jobs/job-policy.ts';
import type { CallPolicy } from '../core/jobs/types.ts';
import type { ProviderId } from '../core/providers/types.ts';
import type { McpDeps } from './deps.ts';

export function callPolicy(deps: Pick<McpDeps, 'providers'>, provider: ProviderId): CallPolicy {
  return policyFor(deps.providers.settings(provider));
}
