// recommend_model: which model to delegate a kind of task to, by capability, budget and priority,
// with the reason for each pick.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TASK_TYPES } from '../../../core/routing/classify-task.ts';
import { recommendModels } from '../../../core/routing/recommend-models.ts';
import type { McpDeps } from '../../deps.ts';
import { modelViewSchema, viewModel } from '../../model-view.ts';
import { toolError, toolResult } from '../../tool-result.ts';

export const prioritySchema = z.enum(['cost', 'quality', 'speed', 'balanced']).describe('What matters most');
export const capabilitySchema = z.enum(['json', 'tools', 'vision', 'reasoning']);

export function registerRecommendModelTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'recommend_model',
    {
      title: 'Recommend model',
      description: 'Best models for a task type, token budget and priority, with reasons; configured providers only unless include_unconfigured.',
      inputSchema: {
        task_type: z.enum(TASK_TYPES).describe('Kind of work'),
        expected_input_tokens: z.number().int().min(0).max(10_000_000).describe('Prompt tokens per call'),
        expected_output_tokens: z.number().int().min(0).max(1_000_000).optional().describe('Output tokens per call; default typical for the task type'),
        required_capabilities: z.array(capabilitySchema).max(4).optional().describe('Capabilities the model must have'),
        max_cost_usd: z.number().positive().optional().describe('Most one call may cost'),
        priority: prioritySchema.optional().describe('Default balanced'),
        include_unconfigured: z.boolean().optional().describe('true: also models of providers without a key'),
        limit: z.number().int().min(1).max(20).optional().describe('How many to return; default 3'),
      },
      outputSchema: {
        recommendations: z.array(z.object({ model: modelViewSchema, estimated_cost_usd: z.number(), score: z.number(), reason: z.string() })),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args) => {
      const configured = deps.providers.configuredProviders();
      const ranked = recommendModels(deps.registry, {
        taskType: args.task_type,
        expectedInputTokens: args.expected_input_tokens,
        expectedOutputTokens: args.expected_output_tokens,
        requiredCapabilities: args.required_capabilities,
        maxCostUsd: args.max_cost_usd,
        priority: args.priority ?? 'balanced',
        configuredProviders: args.include_unconfigured ? undefined : configured,
      });
      if (ranked.length === 0) {
        const scope = args.include_unconfigured ? 'any known provider' : `the configured providers (${configured.join(', ') || 'none: set a provider key'})`;
        return toolError(
          `recommend_model: no model on ${scope} meets these needs (task ${args.task_type}, ${args.expected_input_tokens} input tokens` +
            `${args.required_capabilities?.length ? `, needs ${args.required_capabilities.join(', ')}` : ''}${args.max_cost_usd !== undefined ? `, at most $${args.max_cost_usd}` : ''}); ` +
            'relax the budget or capabilities, or pass include_unconfigured: true to see what other providers offer',
        );
      }
      return toolResult({
        recommendations: ranked.slice(0, args.limit ?? 3).map((each) => ({ model: viewModel(deps, each.model), estimated_cost_usd: each.estimatedCostUsd, score: each.score, reason: each.reason })),
      });
    },
  );
}
