// delete_knowledge_base: removes a knowledge base and all its chunks.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { collectionOf } from '../../../core/knowledge/catalog.ts';
import type { McpDeps } from '../../deps.ts';
import { knowledgeBaseNameSchema, loadKnowledgeBase } from '../../knowledge-args.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

const TOOL = 'delete_knowledge_base';

export function registerDeleteKnowledgeBaseTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Delete knowledge base',
      description: 'Delete a knowledge base and every chunk in it.',
      inputSchema: { name: knowledgeBaseNameSchema },
      outputSchema: { name: z.string(), deleted: z.boolean(), chunks_removed: z.number().int() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ name }) => {
      try {
        await loadKnowledgeBase(deps, name);
        const collection = collectionOf(name);
        const chunks = (await deps.vectors.describeCollection(collection))?.count ?? 0;
        await deps.vectors.dropCollection(collection);
        await deps.knowledgeBases.remove(name);
        return toolResult({ name, deleted: true, chunks_removed: chunks });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`${TOOL}: ${error.message}`);
        throw error;
      }
    },
  );
}
