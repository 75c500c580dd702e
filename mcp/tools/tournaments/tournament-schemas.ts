// Result shapes the tournament tools share.
import { z } from 'zod';

export const tournamentIdSchema = z.string().min(1).max(100).describe('tournament_id returned by create_tournament');
export const tournamentStatusSchema = z.enum(['running', 'completed', 'cancelled', 'failed']).describe('Tournament state');
export const stoppedSchema = z.enum(['budget', 'cancelled']).optional().describe('Why it ended early: max_cost_usd reached, or cancelled');

export const leaderSchema = z.object({ provider: z.string(), model: z.string(), score: z.number() }).nullable();

export const breakdownSchema = z
  .object({
    quality: z.number().nullable().describe("Judge's 0–10 on the rubric; null without a valid verdict"),
    judge: z.string().optional(),
    syntax_ok: z.boolean().optional(),
    tests_passed: z.number().optional(),
    tests_total: z.number().optional(),
    tests_score: z.number().optional().describe('Weighted share of tests passed, 0–10'),
    isolation: z.object({ kind: z.string(), network_cut: z.boolean(), resource_limits: z.boolean() }).optional().describe('How the tests were isolated'),
    error: z.string().optional(),
  })
  .passthrough();

export const progressShape = {
  tournament_id: z.string(),
  name: z.string(),
  status: tournamentStatusSchema,
  round: z.number().int().describe('Round running now, or the last played'),
  rounds: z.number().int().describe('Rounds planned'),
  progress: z.number().describe('Share of the work done, 0–1'),
  cost_usd_so_far: z.number(),
  current_leader: leaderSchema,
  stopped: stoppedSchema,
};
