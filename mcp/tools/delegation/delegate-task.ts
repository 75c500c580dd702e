// delegate_task: the one-call way to hand work to a cheaper model. Classifies the task, picks a
// model by policy (task type, budget, priority, configured providers), runs it as a durable job,
// and reports what the same tokens would have cost on the reference top-tier model.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { computeCost } from '../../../core/costs/compute-cost.ts';
import type { CompletionJobInput, CompletionJobResult } from '../../../core/jobs/types.ts';
import type { ModelEntry } from '../../../core/models/registry.ts';
import { TASK_TYPES, classifyTask } from '../../../core/routing/classify-task.ts';
import { recommendModels } from '../../../core/routing/recommend-models.ts';
import { activityFor, cacheFastPath, cacheOptionsShape, requestCachePolicy } from '../../cache-policy.ts';
import type { McpDeps } from '../../deps.ts';
import { toModelTarget } from '../../fallback-chain.ts';
import { resolveModel } from '../../resolve-target.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';
import { backgroundSchema, completionResultShape, maxTokensSchema } from '../../schemas.ts';
import { boundedText, TEXT_LIMITS } from '../../text-limits.ts';
import { ToolInputError } from '../../tool-result.ts';
import { capabilitySchema, prioritySchema } from './recommend-model.ts';
import { completionWorkflow } from '../../../workflows/index.ts';

const TOOL = 'delegate_task';

const routingSchema = z.object({
  task_type: z.enum(TASK_TYPES),
  classified: z.boolean().describe('true: task_type was inferred from the wording'),
  classification_reason: z.string().nullable(),
  priority: prioritySchema,
  reason: z.string().describe('Why this model was chosen'),
  estimated_cost_usd: z.number().describe('Estimate before the call'),
});
type Routing = z.infer<typeof routingSchema>;

/**
 * Fallbacks come from the same ranking, so they too fit the budget, capabilities and context
 * window: the next best models, one per other provider (a provider that is down stays down).
 */
function fallbackChain(candidates: ModelEntry[], chosenProvider: string): ModelEntry[] {
  const seen = new Set([chosenProvider]);
  return candidates.filter((model) => !seen.has(model.provider) && seen.add(model.provider)).slice(0, 2);
}

function promptOf(task: string, input: string | undefined): string {
  return input === undefined ? task : `${task}\n\n---\n${input}`;
}

function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/** The delegation result with its savings against the reference model; routing is known to the call that routed it. */
function presentDelegation(deps: McpDeps, result: CompletionJobResult, routing?: Routing) {
  const reference = resolveModel(deps, undefined, deps.config.referenceModel);
  // A cache hit spent nothing; the reference is priced on the tokens the original answer took.
  const tokens = result.cached && result.saved_tokens ? { ...result.saved_tokens, cached_input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 } : result.usage;
  const usage = {
    inputTokens: tokens.input_tokens,
    outputTokens: tokens.output_tokens,
    cachedInputTokens: tokens.cached_input_tokens,
    cacheWriteTokens: tokens.cache_write_tokens,
    reasoningTokens: tokens.reasoning_tokens,
  };
  const referenceCost = computeCost(reference, usage).total_usd;
  const saved = roundUsd(referenceCost - result.cost_usd);
  return {
    ...result,
    status: 'completed' as const,
    routing,
    reference_model: `${reference.provider}/${reference.id}`,
    reference_cost_usd: referenceCost,
    saved_usd: saved,
    savings_percent: referenceCost > 0 ? Math.round((saved / referenceCost) * 1000) / 10 : 0,
  };
}

export function registerDelegateTaskTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Delegate task',
      description:
        'Hand a routine task to the cheapest adequate model for its type, budget and priority; reports cost and savings against a top-tier model.',
      inputSchema: {
        task: boundedText(TEXT_LIMITS.task).min(1, 'task must not be empty').describe('What to do, e.g. "Summarise this in 3 bullets"'),
        input: boundedText(TEXT_LIMITS.taskInput).optional().describe('The material to work on'),
        task_type: z.enum(TASK_TYPES).optional().describe('Kind of work; inferred from the task when absent'),
        budget_usd: z.number().positive().optional().describe('Most this call may cost (estimated before the call)'),
        priority: prioritySchema.optional().describe('Default cost'),
        required_capabilities: z.array(capabilitySchema).max(4).optional().describe('Capabilities the model must have'),
        max_tokens: maxTokensSchema.optional(),
        cache: cacheOptionsShape.cache,
        cache_ttl: cacheOptionsShape.cache_ttl,
        background: backgroundSchema.optional(),
      },
      outputSchema: {
        ...completionResultShape,
        routing: routingSchema.optional(),
        reference_model: z.string().optional().describe('The top-tier model savings are measured against'),
        reference_cost_usd: z.number().optional().describe('What the same tokens would have cost on the reference model'),
        saved_usd: z.number().optional(),
        savings_percent: z.number().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) => {
      let routing: Routing | undefined;
      return runJobTool<CompletionJobInput, CompletionJobResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          const classification = args.task_type ? undefined : classifyTask(args.task, args.input);
          const taskType = args.task_type ?? classification!.taskType;
          const priority = args.priority ?? 'cost';
          const prompt = promptOf(args.task, args.input);
          const configured = deps.providers.configuredProviders();
          if (configured.length === 0) {
            throw new ToolInputError('no provider has a key: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY or XAI_API_KEY (or OLLAMA_BASE_URL)');
          }
          const inputTokens = (await deps.tokens.countMessages([{ role: 'user', content: prompt }], undefined, { tokenizer: 'o200k_base' }, extra.signal)).tokens;
          const ranked = recommendModels(deps.registry, {
            taskType,
            expectedInputTokens: inputTokens,
            expectedOutputTokens: args.max_tokens,
            requiredCapabilities: args.required_capabilities,
            maxCostUsd: args.budget_usd,
            priority,
            configuredProviders: configured,
          });
          const best = ranked[0];
          if (!best) {
            throw new ToolInputError(
              `no model on the configured providers (${configured.join(', ')}) fits a ${taskType} task of ~${inputTokens} input tokens` +
                `${args.budget_usd !== undefined ? ` within $${args.budget_usd}` : ''}${args.required_capabilities?.length ? ` with ${args.required_capabilities.join(', ')}` : ''}; ` +
                'raise budget_usd, drop required_capabilities, or configure another provider',
            );
          }
          routing = {
            task_type: taskType,
            classified: classification !== undefined,
            classification_reason: classification?.reason ?? null,
            priority,
            reason: best.reason,
            estimated_cost_usd: best.estimatedCostUsd,
          };
          const target = { provider: best.model.provider, model: best.model };
          const cache = requestCachePolicy(deps, { cache: args.cache, cache_ttl: args.cache_ttl, task_type: taskType }, prompt);
          const input: CompletionJobInput = {
            request: { messages: [{ role: 'user', content: prompt }], maxTokens: args.max_tokens, tool: TOOL, ...(cache ? { cache } : {}) },
            targets: [toModelTarget(deps, target), ...fallbackChain(ranked.slice(1).map((each) => each.model), best.model.provider).map((model) => toModelTarget(deps, { provider: model.provider, model }))],
            ...activityFor(deps, args.background),
          };
          const description = `${taskType} → ${best.model.provider}/${best.model.id}`;
          return { workflow: completionWorkflow, description, promptPreview: args.task, input, ...(await cacheFastPath(deps.cache, TOOL, input)) };
        },
        present: (result) => presentDelegation(deps, result, routing),
      });
    },
  );
  offerAsTask(deps, TOOL, registered, (result: CompletionJobResult) => presentDelegation(deps, result));
}
