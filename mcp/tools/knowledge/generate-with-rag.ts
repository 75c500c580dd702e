// generate_with_rag: answers a question from a knowledge base — hybrid search, the best chunks in the
// prompt with their ids, the model asked to cite them — and lists the sources the answer cited.
import { ragWorkflow } from '../../../workflows/index.ts';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RagInput, RagResult } from '../../../core/knowledge/job-types.ts';
import { activityFor } from '../../cache-policy.ts';
import { completionOptionsShape } from '../../completion-args.ts';
import type { McpDeps } from '../../deps.ts';
import { buildTargets } from '../../fallback-chain.ts';
import { loadKnowledgeBase, searchRequest, searchShape } from '../../knowledge-args.ts';
import { resolveTarget } from '../../resolve-target.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { backgroundSchema, completionResultShape } from '../../schemas.ts';

const TOOL = 'generate_with_rag';
const { cache: _cache, cache_ttl: _cacheTtl, task_type: _taskType, ...answerOptionsShape } = completionOptionsShape;

export function registerGenerateWithRagTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Generate with RAG',
      description: "Answer a question from a knowledge base's best chunks (hybrid search), cited by id; returns the answer and its sources.",
      inputSchema: {
        ...searchShape,
        query: searchShape.query.describe('The question'),
        ...answerOptionsShape,
        background: backgroundSchema.optional(),
      },
      outputSchema: {
        job_id: z.string(),
        status: z.string().optional(),
        answer: z.string().optional(),
        sources: z.array(z.object({ id: z.string(), document_id: z.string(), score: z.number() })).optional().describe('Retrieved chunks the answer cites'),
        retrieved: z.number().int().optional().describe('Chunks given to the model'),
        provider: z.string().optional(),
        model: z.string().optional(),
        usage: completionResultShape.usage,
        cost_usd: z.number().optional().describe('Answer plus query embedding'),
        fallback: completionResultShape.fallback,
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<RagInput, RagResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          const record = await loadKnowledgeBase(deps, args.knowledge_base);
          const search = searchRequest(deps, record, args, 'hybrid', TOOL);
          const target = resolveTarget(deps, args.provider, args.model);
          return {
            workflow: ragWorkflow,
            description: `${record.name} → ${target.provider}/${target.model.id}`,
            promptPreview: args.query,
            input: {
              search,
              request: { messages: [], system: args.system, maxTokens: args.max_tokens, temperature: args.temperature, responseFormat: args.response_format, tool: TOOL },
              targets: buildTargets(deps, target, args),
              ...activityFor(deps, args.background),
            },
          };
        },
        present: (result) => ({ ...result, status: 'completed' }),
      }),
  );
}
