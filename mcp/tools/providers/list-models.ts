// list_models: the registry as an agent needs it to choose, with prices, capabilities and whether
// the provider is configured here.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { modelViewSchema, viewModel } from '../../model-view.ts';
import { providerSchema } from '../../schemas.ts';
import { toolResult } from '../../tool-result.ts';

export function registerListModelsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description: 'Known models with prices per million tokens, capabilities, tiers, and whether their provider is configured.',
      inputSchema: {
        provider: providerSchema.optional().describe('Only this provider'),
        kind: z.enum(['chat', 'embedding']).optional().describe('Only chat or only embedding models'),
        configured_only: z.boolean().optional().describe('true: only models the gateway can call now'),
      },
      outputSchema: { models: z.array(modelViewSchema), count: z.number().int(), configured_providers: z.array(z.string()) },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ provider, kind, configured_only }) => {
      const models = deps.registry
        .list({ provider, kind })
        .map((entry) => viewModel(deps, entry))
        .filter((model) => !configured_only || model.configured);
      return toolResult({ models, count: models.length, configured_providers: deps.providers.configuredProviders() });
    },
  );
}
