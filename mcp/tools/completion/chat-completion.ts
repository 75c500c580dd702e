// chat_completion: a multi-turn conversation to one model, as a durable job.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CompletionJobInput, CompletionJobResult } from '../../../core/jobs/types.ts';
import { completionOptionsShape, prepareCompletion } from '../../completion-args.ts';
import { TEXT_LIMITS, withinConversationLimit } from '../../text-limits.ts';
import type { McpDeps } from '../../deps.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { backgroundSchema, chatMessageSchema, completionResultShape } from '../../schemas.ts';
import { ToolInputError } from '../../tool-result.ts';
import { completionWorkflow } from '../../../workflows/index.ts';

const TOOL = 'chat_completion';

export function registerChatCompletionTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Chat completion',
      description: 'Send a conversation (messages with roles) to a model as a durable job. Same result as generate_completion.',
      inputSchema: {
        messages: z.array(chatMessageSchema).min(1, 'messages must hold at least one message').max(500).superRefine(withinConversationLimit(TEXT_LIMITS.conversation)).describe('The conversation, oldest first'),
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
          const systemMessages = args.messages.filter((message) => message.role === 'system').map((message) => message.content);
          const messages = args.messages.filter((message) => message.role !== 'system');
          if (!messages.some((message) => message.role === 'user')) throw new ToolInputError('messages must contain at least one user message');
          const system = [args.system, ...systemMessages].filter(Boolean).join('\n\n') || undefined;
          const prepared = await prepareCompletion(deps, TOOL, messages, { ...args, system });
          return { workflow: completionWorkflow, ...prepared };
        },
        present: (result) => ({ ...result, status: 'completed' as const }),
      }),
  );
}
