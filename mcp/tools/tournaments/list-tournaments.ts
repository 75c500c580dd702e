// list_tournaments: the tournaments this gateway knows, newest first, optionally by status.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../../deps.ts';
import { listTournaments } from '../../tournament-lookup.ts';
import { toolResult } from '../../tool-result.ts';
import { progressShape, tournamentStatusSchema } from './tournament-schemas.ts';

export function registerListTournamentsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_tournaments',
    {
      title: 'List tournaments',
      description: 'Tournaments newest first, with status, round and leader.',
      inputSchema: {
        status: tournamentStatusSchema.optional().describe('Only tournaments in this state'),
        limit: z.number().int().min(1).max(200).optional().describe('At most this many (default 20)'),
      },
      outputSchema: {
        tournaments: z.array(z.object({ ...progressShape, type: z.enum(['code', 'text']), created_at: z.string().describe('ISO time it was created') })),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ status, limit }) => {
      const all = await listTournaments(deps);
      const tournaments = all
        .filter((each) => status === undefined || each.status === status)
        .slice(0, limit ?? 20)
        .map((each) => ({
          tournament_id: each.tournament_id,
          name: each.name,
          type: each.type,
          status: each.status,
          round: each.round,
          rounds: each.rounds,
          progress: each.progress,
          cost_usd_so_far: each.cost_usd_so_far,
          current_leader: each.current_leader,
          ...(each.stopped ? { stopped: each.stopped } : {}),
          created_at: each.created_at,
        }));
      return toolResult({ tournaments });
    },
  );
}
