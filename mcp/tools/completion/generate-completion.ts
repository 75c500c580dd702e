// generate_completion: one prompt, one model, run as a durable workflow. Short calls answer in the
// call; `background: true` returns the job handle at once.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CompletionJobInput, CompletionJobResult } from '../../../core/jobs/types.ts';
import type { McpDeps } from '../../deps.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { resolveTarget } from '../../resolve-target.ts';
import {
  backgroundSchema,
  completionResultShape,
  maxTokensSchema,
  modelSchema,
  providerSchema,
  systemSchema,
  temperatureSchema,
} from '../../schemas.ts';
import { callPolicy } from '../../call-policy.ts';

const TOOL = 'generate_completion';

export const generateCompletionInputShape = {
  prompt: z.string().min(1, 'prompt must not be empty').max(1_000_000).describe('The prompt text'),
  provider: providerSchema.optional(),
  model: modelSchema.optional(),
  system: systemSchema.optional(),
  max_tokens: maxTokensSchema.optional(),
  temperature: temperatureSchema.optional(),
  background: backgroundSchema.optional(),
};

export function registerGenerateCompletionTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Generate completion',
      description: 'Send one prompt to a (cheaper) model as a durable job. Returns text, usage, cost_usd and job_id.',
      inputSchema: generateCompletionInputShape,
      outputSchema: completionResultShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<CompletionJobInput, CompletionJobResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: () => {
          const target = resolveTarget(deps, args.provider, args.model);
          return {
            workflow: 'completionWorkflow',
            description: `${target.provider}/${target.model.id}: ${args.prompt.slice(0, 80)}`,
            input: {
              request: {
                messages: [{ role: 'user', content: args.prompt }],
                system: args.system,
                maxTokens: args.max_tokens,
                temperature: args.temperature,
                tool: TOOL,
              },
              targets: [{ provider: target.provider, model: target.model.id, policy: callPolicy(deps, target.provider) }],
            },
          };
        },
        present: (result) => ({ ...result, status: 'completed' as const }),
      }),
  );
}
