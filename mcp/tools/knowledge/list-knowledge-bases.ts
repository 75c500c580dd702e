// list_knowledge_bases: every knowledge base with its size and embedding model.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { collectionOf } from '../../../core/knowledge/catalog.ts';
import type { McpDeps } from '../../deps.ts';
import { toolResult } from '../../tool-result.ts';

export function registerListKnowledgeBasesTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_knowledge_bases',
    {
      title: 'List knowledge bases',
      description: 'Knowledge bases with their document and chunk counts, embedding model and dimension.',
      inputSchema: {},
      outputSchema: {
        store: z.string().describe('lancedb or qdrant'),
        knowledge_bases: z.array(
          z.object({
            name: z.string(),
            description: z.string(),
            documents: z.number().int(),
            chunks: z.number().int(),
            embedding_provider: z.string(),
            embedding_model: z.string(),
            dimension: z.number().int().nullable().describe('null until the first document is added'),
            created_at: z.string(),
          }),
        ),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const records = await deps.knowledgeBases.list();
      const knowledgeBases = await Promise.all(
        records.map(async (record) => {
          const collection = collectionOf(record.name);
          const described = await deps.vectors.describeCollection(collection);
          const documents = described ? await deps.vectors.count(collection, [{ field: 'chunk_index', type: 'number', match: { equals: 0 } }]) : 0;
          return {
            name: record.name,
            description: record.description,
            documents,
            chunks: described?.count ?? 0,
            embedding_provider: record.embeddingProvider,
            embedding_model: record.embeddingModel,
            dimension: described?.dimension ?? null,
            created_at: record.createdAt,
          };
        }),
      );
      return toolResult({ store: deps.vectors.kind, knowledge_bases: knowledgeBases });
    },
  );
}
