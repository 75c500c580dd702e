// create_tournament: starts one workflow per tournament and answers at once with its id. Checks every
// argument first (models configured and distinct, code settings only for code tournaments) and picks
// the judge: the given one, or the cheapest configured model of the best quality tier.
import { tournamentWorkflow } from '../../../workflows/index.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ModelTarget } from '../../../core/jobs/types.ts';
import type { ModelEntry } from '../../../core/models/registry.ts';
import { PROVIDER_IDS } from '../../../core/providers/types.ts';
import { CODE_LANGUAGES } from '../../../core/sandbox/code-sandbox.ts';
import type { TournamentInput } from '../../../core/tournaments/types.ts';
import type { McpDeps } from '../../deps.ts';
import { toModelTarget } from '../../fallback-chain.ts';
import { resolveTarget } from '../../resolve-target.ts';
import { maxTokensSchema, modelTargetSchema } from '../../schemas.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';
import { tournamentStatusSchema } from './tournament-schemas.ts';

const DEFAULT_RUBRIC = 'correctness, completeness, clarity';
/** Room per code check on top of the sandbox's own time limits. */
const CHECK_MARGIN_MS = 5_000;

const inputShape = {
  name: z.string().trim().min(1, 'name must not be empty').max(200).describe('A name to find the tournament by'),
  prompt: z.string().min(1, 'prompt must not be empty').max(200_000).describe('The task every model answers'),
  type: z.enum(['code', 'text']).describe('code: answers are run against tests; text: answers are judged'),
  models: z.array(modelTargetSchema).min(2, 'models needs at least 2 entries').max(8, 'models takes at most 8 entries').describe('Contestants'),
  rounds: z.number().int().min(1).max(5).optional().describe('Rounds, default 3'),
  language: z.enum(CODE_LANGUAGES).optional().describe('Language of a code tournament'),
  tests: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200).describe('Test name'),
        code: z.string().min(1).max(20_000).describe("Code run after the answer's code; passes on exit 0"),
        weight: z.number().positive().max(100).optional().describe('Weight (default 1)'),
      }),
    )
    .max(20)
    .optional()
    .describe('Tests of a code tournament'),
  rubric: z.string().min(1).max(5_000).optional().describe(`What the judge scores (default: ${DEFAULT_RUBRIC})`),
  judge: modelTargetSchema.optional().describe('Judge model; default the cheapest configured top-tier model'),
  max_cost_usd: z.number().positive().max(10_000).optional().describe('Stop before a round whose estimated cost would pass this total'),
  max_tokens: maxTokensSchema.optional(),
};
type CreateArgs = z.infer<z.ZodObject<typeof inputShape>>;

/** Configured chat models, best quality tier first, then cheapest. */
function judgeCandidates(deps: McpDeps): ModelEntry[] {
  const configured = new Set(deps.providers.configuredProviders());
  return deps.registry
    .list({ kind: 'chat' })
    .filter((entry) => configured.has(entry.provider as (typeof PROVIDER_IDS)[number]))
    .sort((a, b) => a.qualityTier - b.qualityTier || a.prices.input + a.prices.output - (b.prices.input + b.prices.output));
}

function chooseJudges(deps: McpDeps, args: CreateArgs): { judge: ModelTarget; alternate?: ModelTarget } {
  const candidates = judgeCandidates(deps);
  let judge: ModelTarget;
  if (args.judge) {
    judge = toModelTarget(deps, resolveTarget(deps, args.judge.provider, args.judge.model));
  } else {
    const best = candidates[0];
    if (!best) throw new ToolInputError('judge: no configured provider offers a chat model to judge with');
    judge = toModelTarget(deps, { provider: best.provider as ModelTarget['provider'], model: best });
  }
  const contests = args.models.some((each) => resolveTarget(deps, each.provider, each.model).model.id === judge.model);
  const other = contests ? candidates.find((entry) => entry.id !== judge.model) : undefined;
  return { judge, ...(other ? { alternate: toModelTarget(deps, { provider: other.provider as ModelTarget['provider'], model: other }) } : {}) };
}

function prepare(deps: McpDeps, args: CreateArgs, tournamentId: string): TournamentInput {
  if (args.type === 'code' && !args.language) throw new ToolInputError('language: a code tournament needs language (python, javascript or typescript)');
  if (args.type === 'text' && args.language) throw new ToolInputError('language: only code tournaments take a language');
  if (args.type === 'text' && args.tests?.length) throw new ToolInputError('tests: only code tournaments run tests');
  const seen = new Set<string>();
  for (const [index, test] of (args.tests ?? []).entries()) {
    if (seen.has(test.name)) throw new ToolInputError(`tests[${index}].name: "${test.name}" is used by another test; names must be distinct`);
    seen.add(test.name);
  }
  const contestants = args.models.map((each, index) => {
    try {
      return toModelTarget(deps, resolveTarget(deps, each.provider, each.model));
    } catch (error) {
      throw new ToolInputError(`models[${index}]: ${(error as Error).message}`);
    }
  });
  const names = contestants.map((target) => `${target.provider}/${target.model}`);
  const repeated = names.findIndex((name, index) => names.indexOf(name) !== index);
  if (repeated >= 0) throw new ToolInputError(`models[${repeated}]: ${names[repeated]} is already a contestant; each model competes once`);
  let judges: ReturnType<typeof chooseJudges>;
  try {
    judges = chooseJudges(deps, args);
  } catch (error) {
    throw new ToolInputError(error instanceof ToolInputError ? error.message : `judge: ${(error as Error).message}`);
  }
  const tests = args.tests ?? [];
  return {
    tournamentId,
    name: args.name,
    prompt: args.prompt,
    type: args.type,
    contestants,
    rounds: args.rounds ?? 3,
    ...(args.language ? { language: args.language } : {}),
    tests,
    rubric: args.rubric ?? DEFAULT_RUBRIC,
    judge: judges.judge,
    ...(judges.alternate ? { alternateJudge: judges.alternate } : {}),
    ...(args.max_cost_usd !== undefined ? { maxCostUsd: args.max_cost_usd } : {}),
    ...(args.max_tokens !== undefined ? { maxTokens: args.max_tokens } : {}),
    codeCheckTimeoutMs: (tests.length + 1) * (deps.config.sandbox.timeoutMs + CHECK_MARGIN_MS),
    createdAt: new Date().toISOString(),
  };
}

export function registerCreateTournamentTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'create_tournament',
    {
      title: 'Create tournament',
      description: 'Models compete over rounds, each improving on the last round’s scored answers (code run against tests, text judged). Returns tournament_id at once.',
      inputSchema: inputShape,
      outputSchema: { tournament_id: z.string(), status: tournamentStatusSchema },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => {
      const tournamentId = `tournament-${randomUUID()}`;
      let input: TournamentInput;
      try {
        input = prepare(deps, args, tournamentId);
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`create_tournament: ${error.message}`);
        throw error;
      }
      try {
        await deps.jobs.start(tournamentWorkflow, {
          jobId: tournamentId,
          input,
          memo: { tool: 'create_tournament', description: `${input.type} tournament "${input.name}": ${input.contestants.length} models, ${input.rounds} rounds` },
        });
      } catch (error) {
        deps.logger.warn({ event: 'job', tool: 'create_tournament', error: String(error) }, 'could not start tournament');
        return toolError(`create_tournament: the tournament could not be started (${(error as Error).message}); the gateway's Temporal server may be unavailable — see /healthz`);
      }
      return toolResult({ tournament_id: tournamentId, status: 'running' as const });
    },
  );
}
