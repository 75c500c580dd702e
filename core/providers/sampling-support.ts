// Which sampling parameters each provider's API accepts. Anthropic's API version 2026-10-21 (the
// one the SDK speaks) refuses temperature and top_p outright, whatever their value; older versions
// accept them. A parameter the provider cannot take is left out of the request, reported to the
// agent as ignored, and left out of the cache key, since it cannot change the answer.
import type { ProviderId } from './types.ts';

export type SamplingParameter = 'temperature' | 'top_p';

/** The Anthropic API version the adapter sends (pinned, so this table and the wire agree). */
export const ANTHROPIC_API_VERSION = '2026-10-21';

const ANTHROPIC_SAMPLING_BY_VERSION: Record<string, readonly SamplingParameter[]> = {
  '2023-06-01': ['temperature', 'top_p'],
  '2026-10-21': [],
};

const ALL: readonly SamplingParameter[] = ['temperature', 'top_p'];

export function acceptedSamplingParameters(provider: ProviderId, anthropicApiVersion = ANTHROPIC_API_VERSION): readonly SamplingParameter[] {
  if (provider !== 'anthropic') return ALL;
  return ANTHROPIC_SAMPLING_BY_VERSION[anthropicApiVersion] ?? [];
}

export function acceptsSamplingParameter(provider: ProviderId, parameter: SamplingParameter, anthropicApiVersion = ANTHROPIC_API_VERSION): boolean {
  return acceptedSamplingParameters(provider, anthropicApiVersion).includes(parameter);
}

/** The sampling parameters a request sets that the provider will not receive. */
export function ignoredSamplingParameters(provider: ProviderId, request: { temperature?: number | undefined; topP?: number | undefined }, anthropicApiVersion = ANTHROPIC_API_VERSION): SamplingParameter[] {
  const given: SamplingParameter[] = [...(request.temperature !== undefined ? ['temperature' as const] : []), ...(request.topP !== undefined ? ['top_p' as const] : [])];
  return given.filter((parameter) => !acceptsSamplingParameter(provider, parameter, anthropicApiVersion));
}
