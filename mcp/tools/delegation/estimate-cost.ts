// estimate_cost: what a call would cost before making it, from real tokenizer counts and the
// registry's prices; says whether the prompt fits the model's context window.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DEFAULT_OUTPUT_TOKENS, estimateCostUsd } from '../../../core/routing/recommend-models.ts';
import type { McpDeps } from '../../deps.ts';
import { resolveModel } from '../../resolve-target.ts';
import { chatMessageSchema, defaultedProviderSchema, modelSchema, systemSchema } from '../../schemas.ts';
import { boundedText, TEXT_LIMITS, withinConversationLimit } from '../../text-limits.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

export function registerEstimateCostTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'estimate_cost',
    {
      title: 'Estimate cost',
      description: 'Cost of a prompt (or messages) on a model before calling it, from real tokenizer counts and list prices.',
      inputSchema: {
        prompt: boundedText(TEXT_LIMITS.countedPrompt).optional().describe('The prompt text (or give messages)'),
        messages: z.array(chatMessageSchema).max(500).superRefine(withinConversationLimit(TEXT_LIMITS.countedPrompt)).optional().describe('A conversation instead of a prompt'),
        system: systemSchema.optional(),
        model: modelSchema,
        provider: defaultedProviderSchema,
        max_output_tokens: z.number().int().min(0).max(1_000_000).optional().describe('Output tokens to price; default a typical answer (800)'),
      },
      outputSchema: {
        provider: z.string(),
        model: z.string(),
        input_tokens: z.number().int(),
        token_count_method: z.enum(['exact', 'approximate']).describe('exact: the model’s own tokenizer; approximate: o200k_base, or long runs without spaces counted in pieces'),
        output_tokens: z.number().int(),
        output_tokens_source: z.enum(['max_output_tokens', 'typical']),
        input_cost_usd: z.number(),
        output_cost_usd: z.number(),
        total_cost_usd: z.number(),
        context_window: z.number().int(),
        fits_context: z.boolean(),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ prompt, messages, system, model, provider, max_output_tokens }, extra) => {
      try {
        if ((prompt === undefined) === (messages === undefined)) throw new ToolInputError('give exactly one of prompt or messages');
        const entry = resolveModel(deps, provider, model);
        const conversation = messages ?? [{ role: 'user' as const, content: prompt! }];
        const count = await deps.tokens.countMessages(conversation, system, entry, extra.signal);
        const outputTokens = max_output_tokens ?? DEFAULT_OUTPUT_TOKENS.general ?? 800;
        const inputCost = estimateCostUsd(entry, count.tokens, 0);
        const total = estimateCostUsd(entry, count.tokens, outputTokens);
        return toolResult({
          provider: entry.provider,
          model: entry.id,
          input_tokens: count.tokens,
          token_count_method: count.method,
          output_tokens: outputTokens,
          output_tokens_source: max_output_tokens === undefined ? ('typical' as const) : ('max_output_tokens' as const),
          input_cost_usd: inputCost,
          output_cost_usd: Math.round((total - inputCost) * 1e12) / 1e12,
          total_cost_usd: total,
          context_window: entry.contextWindow,
          fits_context: count.tokens + outputTokens <= entry.contextWindow,
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`estimate_cost: ${error.message}`);
        throw error;
      }
    },
  );
}
