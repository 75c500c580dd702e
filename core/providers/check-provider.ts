// A cheap reachability check that spends no tokens: list the provider's models. Any HTTP answer
// means the endpoint is reachable; 401/403 means it is reachable but the key is refused.
import type { ProviderSettings } from '../config.ts';
import { DEFAULT_BASE_URLS } from './create-provider-adapter.ts';
import type { ProviderId } from './types.ts';

const OFFICIAL_BASE_URLS: Partial<Record<ProviderId, string>> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
};

export interface ProviderCheck {
  reachable: boolean;
  key_accepted: boolean | null;
  http_status: number | null;
  latency_ms: number;
  error: string | null;
}

export function baseUrlOf(provider: ProviderId, settings: Pick<ProviderSettings, 'baseUrl'>): string {
  return (settings.baseUrl ?? DEFAULT_BASE_URLS[provider] ?? OFFICIAL_BASE_URLS[provider] ?? '').replace(/\/+$/, '');
}

function modelsRequest(provider: ProviderId, settings: ProviderSettings): { url: string; headers: Record<string, string> } {
  const base = baseUrlOf(provider, settings);
  const key = settings.apiKey ?? '';
  if (provider === 'anthropic') {
    return { url: `${base}/v1/models?limit=1`, headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' } };
  }
  if (provider === 'gemini') {
    return { url: `${base}/v1beta/models?pageSize=1`, headers: { 'x-goog-api-key': key } };
  }
  return { url: `${base}/models`, headers: key ? { authorization: `Bearer ${key}` } : {} };
}

export async function checkProvider(provider: ProviderId, settings: ProviderSettings, timeoutMs = 5_000): Promise<ProviderCheck> {
  const { url, headers } = modelsRequest(provider, settings);
  const started = performance.now();
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    const refused = response.status === 401 || response.status === 403;
    return {
      reachable: true,
      key_accepted: refused ? false : response.ok ? true : null,
      http_status: response.status,
      latency_ms: Math.round(performance.now() - started),
      error: response.ok ? null : `listing models answered HTTP ${response.status}${refused ? ': the key was refused' : ''}`,
    };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      reachable: false,
      key_accepted: null,
      http_status: null,
      latency_ms: Math.round(performance.now() - started),
      error: timedOut ? `no answer within ${timeoutMs} ms` : `cannot connect: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`,
    };
  }
}
