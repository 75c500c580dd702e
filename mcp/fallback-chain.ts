// The models a call may fall back to: the caller's explicit list, or by default models of the same
// quality tier on other configured providers. `fallback: false` turns it off.
import type { ModelTarget } from '../core/jobs/types.ts';
import type { ProviderId } from '../core/providers/types.ts';
import { callPolicy } from './call-policy.ts';
import type { McpDeps } from './deps.ts';
import { resolveTarget, type Target } from './resolve-target.ts';

export interface FallbackOptions {
  fallback?: boolean | undefined;
  fallbacks?: Array<{ provider: ProviderId; model?: string | undefined }> | undefined;
}

/** Default chain length: enough to survive one provider outage without multiplying the bill. */
const DEFAULT_CHAIN_LENGTH = 2;

export function toModelTarget(deps: Pick<McpDeps, 'providers'>, target: Target): ModelTarget {
  return { provider: target.provider, model: target.model.id, policy: callPolicy(deps, target.provider) };
}

export function buildTargets(deps: Pick<McpDeps, 'providers' | 'registry'>, primary: Target, options: FallbackOptions): ModelTarget[] {
  const first = toModelTarget(deps, primary);
  if (options.fallback === false) return [first];
  if (options.fallbacks && options.fallbacks.length > 0) {
    return [first, ...options.fallbacks.map((each) => toModelTarget(deps, resolveTarget(deps, each.provider, each.model)))];
  }
  const configured = new Set(deps.providers.configuredProviders());
  const chain = deps.registry
    .equivalents(primary.model)
    .filter((candidate) => candidate.provider !== primary.provider && configured.has(candidate.provider))
    .filter((candidate, index, all) => all.findIndex((other) => other.provider === candidate.provider) === index)
    .slice(0, DEFAULT_CHAIN_LENGTH);
  return [first, ...chain.map((model) => toModelTarget(deps, { provider: model.provider, model }))];
}
