// compare_and_synthesize: several models answer, then one model merges their answers into one; the
// individual answers are attached so the agent can check the synthesis.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SynthesisInput, SynthesisResult } from '../../../core/jobs/types.ts';
import { fallbackTargetSchema } from '../../completion-args.ts';
import type { McpDeps } from '../../deps.ts';
import { toModelTarget } from '../../fallback-chain.ts';
import { resolveTarget } from '../../resolve-target.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';
import { backgroundSchema } from '../../schemas.ts';
import { modelAnswerSchema, multiInputShape, prepareFanOut, totalsSchema } from './multi-completion.ts';

const TOOL = 'compare_and_synthesize';
const present = (result: SynthesisResult) => ({ ...result, status: 'completed' });

export function registerCompareAndSynthesizeTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Compare and synthesize',
      description: 'Several models answer; one model compares them and writes the best single answer. Individual answers attached.',
      inputSchema: {
        ...multiInputShape,
        synthesizer: fallbackTargetSchema.optional().describe('Model that merges the answers; default: the first entry of providers'),
        instructions: z.string().max(10_000).optional().describe('How to synthesise (default: compare, correct, merge)'),
        background: backgroundSchema.optional(),
      },
      outputSchema: {
        job_id: z.string(),
        status: z.string(),
        synthesis: z.string().optional().describe('The merged answer'),
        synthesizer: z.object({ provider: z.string(), model: z.string(), cost_usd: z.number() }).passthrough().optional(),
        answers: z.array(modelAnswerSchema).optional(),
        succeeded: z.number().optional(),
        failed: z.number().optional(),
        totals: totalsSchema.optional().describe('All calls including the synthesis'),
        latency_ms: z.number().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<SynthesisInput, SynthesisResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: () => {
          const fanOut = prepareFanOut(deps, TOOL, args);
          const chosen = args.synthesizer ?? args.providers[0]!;
          const synthesizer = toModelTarget(deps, resolveTarget(deps, chosen.provider, chosen.model));
          return {
            workflow: 'compareAndSynthesizeWorkflow',
            description: `${fanOut.targets.length} models + synthesis: ${args.prompt.slice(0, 80)}`,
            input: { ...fanOut, synthesizer, question: args.prompt, ...(args.instructions ? { instructions: args.instructions } : {}) },
          };
        },
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
