// cancel_tournament: stops a running tournament; its in-flight provider calls and code runs are
// cancelled, and the rounds already scored are kept and reported.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../../deps.ts';
import { JobNotFoundError } from '../../job-service.ts';
import { readTournament } from '../../tournament-lookup.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';
import { tournamentIdSchema, tournamentStatusSchema } from './tournament-schemas.ts';

/** How long to wait for the workflow to record its end, so the answer can say what was kept. */
const SETTLE_WAIT_MS = 10_000;
const POLL_MS = 200;

export function registerCancelTournamentTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'cancel_tournament',
    {
      title: 'Cancel tournament',
      description: 'Cancel a running tournament; scored rounds are kept (see get_tournament_results).',
      inputSchema: { tournament_id: tournamentIdSchema },
      outputSchema: {
        tournament_id: z.string(),
        cancel_requested: z.boolean().describe('true if it was running and cancellation was requested'),
        status: tournamentStatusSchema,
        rounds_completed: z.number().int().describe('Scored rounds kept'),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ tournament_id }) => {
      try {
        let state = await readTournament(deps, tournament_id);
        if (state.status !== 'running') return toolResult({ tournament_id, cancel_requested: false, status: state.status, rounds_completed: state.round_results.length });
        await deps.jobs.cancel(tournament_id);
        const deadline = Date.now() + SETTLE_WAIT_MS;
        while (Date.now() < deadline) {
          const stored = await deps.tournaments.get(tournament_id);
          if (stored && stored.status !== 'running') {
            state = stored;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        return toolResult({ tournament_id, cancel_requested: true, status: state.status, rounds_completed: state.round_results.length });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`cancel_tournament: ${error.message}`);
        if (error instanceof JobNotFoundError) return toolError(`cancel_tournament: ${error.message}`);
        throw error;
      }
    },
  );
}
