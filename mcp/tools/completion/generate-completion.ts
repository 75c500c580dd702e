// generate_completion: one prompt, one model, run as a durable workflow. Short calls answer in the
// call; `background: true` returns the job handle at once.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CompletionJobInput, CompletionJobResult } from '../../../core/jobs/types.ts';
import { completionOptionsShape, prepareCompletion } from '../../completion-args.ts';
import type { McpDeps } from '../../deps.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { offerAsTask } from '../../tasks/offer-as-task.ts';
import { backgroundSchema, completionResultShape } from '../../schemas.ts';

const TOOL = 'generate_completion';
const present = (result: CompletionJobResult) => ({ ...result, status: 'completed' as const });

export function registerGenerateCompletionTool(server: McpServer, deps: McpDeps): void {
  const registered = server.registerTool(
    TOOL,
    {
      title: 'Generate completion',
      description: 'Send one prompt to a (cheaper) model as a durable job. Returns text, usage, cost_usd and job_id.',
      inputSchema: {
        prompt: z.string().min(1, 'prompt must not be empty').max(1_000_000).describe('The prompt text'),
        ...completionOptionsShape,
        background: backgroundSchema.optional(),
      },
      outputSchema: completionResultShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<CompletionJobInput, CompletionJobResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          const prepared = await prepareCompletion(deps, TOOL, [{ role: 'user', content: args.prompt }], args);
          return { workflow: 'completionWorkflow', ...prepared };
        },
        present,
      }),
  );
  offerAsTask(deps, TOOL, registered, present);
}
