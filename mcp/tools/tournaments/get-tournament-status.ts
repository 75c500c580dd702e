// get_tournament_status: where a tournament is (round, share done, money spent, who leads).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../../deps.ts';
import { readTournament } from '../../tournament-lookup.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';
import { progressShape, tournamentIdSchema } from './tournament-schemas.ts';

export function registerGetTournamentStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_tournament_status',
    {
      title: 'Tournament status',
      description: "A tournament's state: round, progress, cost so far and current leader.",
      inputSchema: { tournament_id: tournamentIdSchema },
      outputSchema: { ...progressShape, phase: z.enum(['starting', 'answering', 'scoring', 'done']).describe('What the current round is doing') },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ tournament_id }) => {
      try {
        const state = await readTournament(deps, tournament_id);
        return toolResult({
          tournament_id: state.tournament_id,
          name: state.name,
          status: state.status,
          round: state.round,
          rounds: state.rounds,
          phase: state.phase,
          progress: state.progress,
          cost_usd_so_far: state.cost_usd_so_far,
          current_leader: state.current_leader,
          ...(state.stopped ? { stopped: state.stopped } : {}),
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`get_tournament_status: ${error.message}`);
        throw error;
      }
    },
  );
}
