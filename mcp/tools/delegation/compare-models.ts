// compare_models: several models side by side for one workload — prices, estimated cost, context,
// capabilities and tiers — cheapest first, without calling any of them.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ModelEntry } from '../../../core/models/registry.ts';
import { estimateCostUsd } from '../../../core/routing/recommend-models.ts';
import type { McpDeps } from '../../deps.ts';
import { modelViewSchema, viewModel } from '../../model-view.ts';
import { resolveModel } from '../../resolve-target.ts';
import { defaultedProviderSchema, modelSchema } from '../../schemas.ts';
import { boundedText, TEXT_LIMITS } from '../../text-limits.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

const DEFAULT_OUTPUT_TOKENS = 500;

export function registerCompareModelsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'compare_models',
    {
      title: 'Compare models',
      description: 'Compare 2–10 models for one workload: estimated cost, prices, context window, capabilities, tiers. Cheapest first.',
      inputSchema: {
        models: z
          .array(z.object({ model: modelSchema, provider: defaultedProviderSchema }))
          .min(2, 'give at least two models to compare')
          .max(10)
          .describe('Models to compare'),
        prompt: boundedText(TEXT_LIMITS.countedPrompt).optional().describe('A sample prompt to count tokens from (or give input_tokens)'),
        input_tokens: z.number().int().min(0).max(10_000_000).optional().describe('Expected prompt tokens per call'),
        output_tokens: z.number().int().min(0).max(1_000_000).optional().describe('Expected output tokens per call; default 500'),
        calls: z.number().int().min(1).max(100_000_000).optional().describe('Number of calls to price; default 1'),
      },
      outputSchema: {
        comparisons: z.array(
          z.object({
            model: modelViewSchema,
            input_tokens: z.number().int(),
            output_tokens: z.number().int(),
            estimated_cost_usd: z.number().describe('For all calls'),
            fits_context: z.boolean(),
            relative_cost: z.number().nullable().describe('Cost divided by the cheapest one; null when the cheapest is free'),
          }),
        ),
        cheapest: z.string(),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ models, prompt, input_tokens, output_tokens, calls }, extra) => {
      try {
        if (prompt === undefined && input_tokens === undefined) throw new ToolInputError('give prompt or input_tokens');
        const outputTokens = output_tokens ?? DEFAULT_OUTPUT_TOKENS;
        const count = calls ?? 1;
        // Models sharing a tokenizer share one count.
        const counts = new Map<string, Promise<number>>();
        const countFor = (entry: ModelEntry) => {
          const encoding = entry.tokenizer ?? 'o200k_base';
          if (!counts.has(encoding)) counts.set(encoding, deps.tokens.countText(prompt!, entry, extra.signal).then((count) => count.tokens));
          return counts.get(encoding)!;
        };
        const entries = models.map(({ model, provider }) => resolveModel(deps, provider, model));
        const rows = await Promise.all(entries.map(async (entry) => {
          const inputTokens = input_tokens ?? (await countFor(entry));
          return {
            model: viewModel(deps, entry),
            input_tokens: inputTokens,
            output_tokens: outputTokens,
            estimated_cost_usd: Math.round(estimateCostUsd(entry, inputTokens, outputTokens) * count * 1e12) / 1e12,
            fits_context: inputTokens + outputTokens <= entry.contextWindow,
          };
        }));
        rows.sort((left, right) => left.estimated_cost_usd - right.estimated_cost_usd);
        const cheapest = rows[0]!.estimated_cost_usd;
        const relative = (cost: number) => (cheapest > 0 ? Math.round((cost / cheapest) * 100) / 100 : cost === 0 ? 1 : null);
        const comparisons = rows.map((row) => ({ ...row, relative_cost: relative(row.estimated_cost_usd) }));
        return toolResult({ comparisons, cheapest: `${rows[0]!.model.provider}/${rows[0]!.model.id}` });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`compare_models: ${error.message}`);
        throw error;
      }
    },
  );
}
