// multi_completion: the same prompt to several models in parallel (a fan-out of activities);
// each model's answer or failure is reported in its own slot, with aggregate tokens and cost.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MultiCompletionInput, MultiCompletionResult } from '../../../core/jobs/types.ts';
import { fallbackTargetSchema } from '../../completion-args.ts';
import { cacheOptionsShape, requestCachePolicy, type CacheOptions } from '../../cache-policy.ts';
import { boundedText, TEXT_LIMITS } from '../../text-limits.ts';
import type { McpDeps } from '../../deps.ts';
import { toModelTarget } from '../../fallback-chain.ts';
import { resolveTarget } from '../../resolve-target.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { backgroundSchema, jobHandleShape, maxTokensSchema, systemSchema, temperatureSchema } from '../../schemas.ts';
import { multiCompletionWorkflow } from '../../../workflows/index.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';

const TOOL = 'multi_completion';
const present = (result: MultiCompletionResult) => ({ ...result, status: 'completed' });

export const modelAnswerSchema = z.object({
  provider: z.string(),
  model: z.string(),
  ok: z.boolean().describe('false: this model failed; see error'),
  text: z.string().optional(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() }).passthrough().optional(),
  cost_usd: z.number(),
  latency_ms: z.number().optional(),
  error: z.string().optional(),
  error_type: z.string().optional(),
  cached: z.boolean().optional().describe('true: answered from the cache, nothing spent'),
});

export const totalsSchema = z.object({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  cost_usd: z.number(),
});

export const multiInputShape = {
  prompt: boundedText(TEXT_LIMITS.prompt).min(1, 'prompt must not be empty').describe('The prompt every model gets'),
  providers: z.array(fallbackTargetSchema).min(1, 'providers needs at least one entry').max(16).describe('Models to ask'),
  system: systemSchema.optional(),
  max_tokens: maxTokensSchema.optional(),
  temperature: temperatureSchema.optional(),
  max_concurrency: z.number().int().min(1).max(16).optional().describe('Models asked at once; default all'),
  ...cacheOptionsShape,
};

export function prepareFanOut(deps: McpDeps, tool: string, args: { prompt: string; providers: Array<{ provider: z.infer<typeof fallbackTargetSchema>['provider']; model?: string | undefined }>; system?: string | undefined; max_tokens?: number | undefined; temperature?: number | undefined; max_concurrency?: number | undefined } & CacheOptions): MultiCompletionInput {
  const targets = args.providers.map((each) => toModelTarget(deps, resolveTarget(deps, each.provider, each.model)));
  // Each model's answer is cached on its own, inside the workflow, so a repeated fan-out pays only for new models.
  const cache = requestCachePolicy(deps, args, args.prompt);
  return {
    request: { messages: [{ role: 'user', content: args.prompt }], system: args.system, maxTokens: args.max_tokens, temperature: args.temperature, tool, ...(cache ? { cache } : {}) },
    targets,
    maxConcurrency: args.max_concurrency ?? targets.length,
  };
}

export function registerMultiCompletionTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Multi completion',
      description: 'Same prompt to several models in parallel. Per-model answers or errors, plus total tokens and cost.',
      inputSchema: { ...multiInputShape, background: backgroundSchema.optional() },
      outputSchema: {
        ...jobHandleShape,
        answers: z.array(modelAnswerSchema).optional(),
        succeeded: z.number().optional(),
        failed: z.number().optional(),
        totals: totalsSchema.optional(),
        latency_ms: z.number().optional().describe('Wall time of the fan-out'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<MultiCompletionInput, MultiCompletionResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: () => {
          const input = prepareFanOut(deps, TOOL, args);
          return { workflow: multiCompletionWorkflow, description: `${input.targets.length} models`, promptPreview: args.prompt, input };
        },
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
