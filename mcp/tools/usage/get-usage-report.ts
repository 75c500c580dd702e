// get_usage_report: what delegated work cost, from the persistent usage ledger (every provider call,
// including failed ones), grouped by provider, model, tool or day.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { USAGE_GROUPS } from '../../../core/usage/usage-ledger.ts';
import type { McpDeps } from '../../deps.ts';
import { parseDurationMs } from '../../duration.ts';
import { toolError, toolResult } from '../../tool-result.ts';


/** An ISO date/time, or a look-back such as 30m, 24h, 7d. */
export function parseSince(value: string, now = Date.now()): number | undefined {
  const lookBack = parseDurationMs(value);
  const from = lookBack !== undefined ? now - lookBack : Date.parse(value);
  // A look-back past the earliest date JavaScript can represent is not a time.
  return Number.isFinite(new Date(from).getTime()) ? from : undefined;
}

const totalsShape = {
  calls: z.number().int(),
  errors: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cached_input_tokens: z.number().int(),
  cache_write_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
  cost_usd: z.number(),
  average_latency_ms: z.number(),
};

export function registerGetUsageReportTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_usage_report',
    {
      title: 'Usage report',
      description: 'Tokens, cost and errors of every provider call the gateway made, grouped by provider, model, tool or day.',
      inputSchema: {
        since: z.string().max(64).optional().describe('ISO date/time, or a look-back such as 24h or 7d; default: all time'),
        group_by: z.enum(USAGE_GROUPS).optional().describe('Grouping; default provider'),
      },
      outputSchema: {
        since: z.string().nullable(),
        group_by: z.enum(USAGE_GROUPS),
        groups: z.array(z.object({ key: z.string(), ...totalsShape })),
        totals: z.object(totalsShape),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ since, group_by }) => {
      const from = since === undefined ? undefined : parseSince(since);
      if (since !== undefined && from === undefined) {
        return toolError(`get_usage_report: since "${since}" is not a usable time: give an ISO date/time (2026-01-31, 2026-01-31T12:00:00Z) or a look-back such as 30m, 24h or 7d`);
      }
      await deps.ledger.flushed();
      return toolResult(deps.ledger.report({ since: from, groupBy: group_by ?? 'provider' }));
    },
  );
}
