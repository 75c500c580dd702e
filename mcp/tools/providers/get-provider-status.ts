// get_provider_status: per provider, whether it is configured, whether it answers now (a model
// listing, no tokens spent), and how its recent calls went according to the usage ledger.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { baseUrlOf, checkProvider } from '../../../core/providers/check-provider.ts';
import { PROVIDER_IDS, type ProviderId } from '../../../core/providers/types.ts';
import type { McpDeps } from '../../deps.ts';
import { providerSchema } from '../../schemas.ts';
import { toolResult } from '../../tool-result.ts';

const RECENT_WINDOW_MS = 60 * 60 * 1000;
const RECENT_CALLS = 200;

const providerStatusSchema = z.object({
  provider: z.string(),
  configured: z.boolean(),
  base_url: z.string(),
  reachable: z.boolean().nullable().describe('null when not checked (not configured, or check: false)'),
  key_accepted: z.boolean().nullable(),
  check_latency_ms: z.number().nullable(),
  check_error: z.string().nullable(),
  recent: z.object({
    calls: z.number().int().describe('Provider calls in the last hour (up to 200)'),
    error_rate: z.number().nullable().describe('Failed calls / calls; null without calls'),
    p50_latency_ms: z.number().nullable(),
    last_error: z.string().nullable(),
  }),
});

function percentile50(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function statusOf(deps: McpDeps, provider: ProviderId, check: boolean) {
  const settings = deps.providers.settings(provider);
  const probe = settings.configured && check ? await checkProvider(provider, settings) : undefined;
  const calls = deps.ledger.recent(provider, RECENT_CALLS, Date.now() - RECENT_WINDOW_MS);
  const failures = calls.filter((call) => call.outcome === 'error');
  return {
    provider,
    configured: settings.configured,
    base_url: baseUrlOf(provider, settings),
    reachable: probe?.reachable ?? null,
    key_accepted: probe?.key_accepted ?? null,
    check_latency_ms: probe?.latency_ms ?? null,
    check_error: probe?.error ?? null,
    recent: {
      calls: calls.length,
      error_rate: calls.length > 0 ? Math.round((failures.length / calls.length) * 1000) / 1000 : null,
      p50_latency_ms: percentile50(calls.filter((call) => call.outcome === 'success').map((call) => call.latency_ms)),
      last_error: failures[0] ? `${failures[0].error_type ?? 'error'} at ${new Date(failures[0].at).toISOString()}` : null,
    },
  };
}

export function registerGetProviderStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_provider_status',
    {
      title: 'Provider status',
      description: 'Per provider: configured, reachable now (lists models, spends no tokens), recent latency and error rate.',
      inputSchema: {
        provider: providerSchema.optional().describe('Only this provider'),
        check: z.boolean().optional().describe('false: skip the live reachability check (default true)'),
      },
      outputSchema: { providers: z.array(providerStatusSchema) },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ provider, check }) => {
      const ids = provider ? [provider] : [...PROVIDER_IDS];
      const providers = await Promise.all(ids.map((id) => statusOf(deps, id, check ?? true)));
      return toolResult({ providers });
    },
  );
}
