// get_tournament_results: the leaderboard with costs, the winner, and every round's scored answers.
// Answers from the results store once the tournament has ended, even after its history is gone.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../../deps.ts';
import { usageSchema } from '../../schemas.ts';
import { readTournament } from '../../tournament-lookup.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';
import { breakdownSchema, leaderSchema, stoppedSchema, tournamentIdSchema, tournamentStatusSchema } from './tournament-schemas.ts';

export function registerGetTournamentResultsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_tournament_results',
    {
      title: 'Tournament results',
      description: 'Leaderboard (score, rank, cost per model), winner, and every round’s scored answers with feedback. Partial while running.',
      inputSchema: { tournament_id: tournamentIdSchema },
      outputSchema: {
        tournament_id: z.string(),
        name: z.string(),
        type: z.enum(['code', 'text']),
        status: tournamentStatusSchema,
        stopped: stoppedSchema,
        leaderboard: z.array(
          z.object({
            provider: z.string(),
            model: z.string(),
            score: z.number().describe('Score of its last round, 0–10'),
            rank: z.number().int(),
            cost_usd: z.number().describe('What its answers cost'),
            rounds: z.array(z.object({ round: z.number().int(), score: z.number(), breakdown: breakdownSchema })),
          }),
        ),
        winner: leaderSchema.describe('Rank 1 once the tournament has ended'),
        rounds: z.array(
          z.object({
            round: z.number().int(),
            judge_cost_usd: z.number(),
            entries: z.array(
              z.object({
                provider: z.string(),
                model: z.string(),
                answer: z.string(),
                score: z.number(),
                breakdown: breakdownSchema,
                feedback: z.string(),
                usage: usageSchema.nullable(),
                cost_usd: z.number(),
                latency_ms: z.number(),
              }),
            ),
          }),
        ),
        total_cost_usd: z.number().describe('Answers and judging'),
        error: z.string().optional(),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ tournament_id }) => {
      try {
        const state = await readTournament(deps, tournament_id);
        return toolResult({
          tournament_id: state.tournament_id,
          name: state.name,
          type: state.type,
          status: state.status,
          ...(state.stopped ? { stopped: state.stopped } : {}),
          leaderboard: state.leaderboard,
          winner: state.winner,
          rounds: state.round_results,
          total_cost_usd: state.total_cost_usd,
          ...(state.error ? { error: state.error } : {}),
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`get_tournament_results: ${error.message}`);
        throw error;
      }
    },
  );
}
