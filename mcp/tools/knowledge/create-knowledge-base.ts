// create_knowledge_base: names a knowledge base and fixes its embedding model; chunks come later
// through add_documents.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { knowledgeBaseNameProblem } from '../../../core/knowledge/catalog.ts';
import type { McpDeps } from '../../deps.ts';
import { chooseEmbeddingModel, knowledgeBaseNameSchema } from '../../knowledge-args.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

const TOOL = 'create_knowledge_base';

export function registerCreateKnowledgeBaseTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Create knowledge base',
      description: 'Create a knowledge base to search by meaning and keywords; fill it with add_documents.',
      inputSchema: {
        name: knowledgeBaseNameSchema,
        description: z.string().max(2000).optional().describe('What the knowledge base holds'),
        embedding_model: z.string().min(1).max(200).optional().describe('Embedding model, e.g. text-embedding-3-small; default: EMBEDDING_MODEL or the first configured provider’s'),
      },
      outputSchema: {
        name: z.string(),
        description: z.string(),
        embedding_provider: z.string(),
        embedding_model: z.string(),
        created: z.boolean().describe('false: it existed already with this embedding model'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const problem = knowledgeBaseNameProblem(args.name);
        if (problem) throw new ToolInputError(problem);
        const model = chooseEmbeddingModel(deps, args.embedding_model);
        if (!deps.providers.isConfigured(model.provider)) throw new ToolInputError(`embedding_model ${model.id}: ${deps.providers.notConfiguredMessage(model.provider)}`);
        const existing = await deps.knowledgeBases.get(args.name);
        if (existing) {
          if (existing.embeddingModel !== model.id) {
            throw new ToolInputError(`knowledge base "${args.name}" exists with embedding model ${existing.embeddingModel}; delete it first or pick another name`);
          }
          return toolResult({ name: existing.name, description: existing.description, embedding_provider: existing.embeddingProvider, embedding_model: existing.embeddingModel, created: false });
        }
        const record = { name: args.name, description: args.description ?? '', embeddingProvider: model.provider, embeddingModel: model.id, dimension: 0, fields: {}, createdAt: new Date().toISOString() };
        await deps.knowledgeBases.put(record);
        return toolResult({ name: record.name, description: record.description, embedding_provider: record.embeddingProvider, embedding_model: record.embeddingModel, created: true });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`${TOOL}: ${error.message}`);
        throw error;
      }
    },
  );
}
