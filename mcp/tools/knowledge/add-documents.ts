// add_documents: documents into a knowledge base as a durable job — chunk, embed in batches (cached
// by text, recorded in the usage ledger), upsert. Unchanged documents are skipped; a changed one
// replaces its old chunks.
import { addDocumentsWorkflow } from '../../../workflows/index.ts';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CHUNK_STRATEGIES, MIN_CHUNK_SIZE } from '../../../core/chunking/chunk-document.ts';
import { FilterError, metadataFieldTypes } from '../../../core/knowledge/filters.ts';
import type { AddDocumentsInput, AddDocumentsResult, IngestDocument } from '../../../core/knowledge/job-types.ts';
import type { FieldType, MetadataValue } from '../../../core/vectors/types.ts';
import type { McpDeps } from '../../deps.ts';
import { documentIdSchema, resolveDocument } from '../../document-input.ts';
import { embeddingCostShape, knowledgeBaseNameSchema, knowledgeBaseRef, loadKnowledgeBase } from '../../knowledge-args.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { backgroundSchema } from '../../schemas.ts';
import { ToolInputError } from '../../tool-result.ts';

const TOOL = 'add_documents';
const DEFAULT_CHUNK_SIZE = 512;
const DEFAULT_CHUNK_OVERLAP = 64;

const documentSchema = z.object({
  text: z.string().optional().describe('Document text'),
  document_id: documentIdSchema.optional(),
  id: z.string().min(1).max(200).regex(/^\S+$/, 'id must not contain spaces').optional().describe('Your id; re-adding an id replaces that document. Default: document_id'),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('Filterable fields: string, number or boolean values'),
});

export function registerAddDocumentsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Add documents',
      description: 'Chunk, embed and store documents in a knowledge base as a durable job; unchanged documents are skipped, changed ones replaced.',
      inputSchema: {
        knowledge_base: knowledgeBaseNameSchema,
        documents: z.array(documentSchema).min(1).max(1000).describe('Documents to add'),
        chunk_size: z.number().int().min(MIN_CHUNK_SIZE).max(8192).optional().describe(`Tokens per chunk (default ${DEFAULT_CHUNK_SIZE})`),
        chunk_overlap: z.number().int().min(0).max(4096).optional().describe(`Tokens shared by neighbouring chunks (default ${DEFAULT_CHUNK_OVERLAP})`),
        strategy: z.enum(CHUNK_STRATEGIES).optional().describe('token, semantic (paragraphs, sentences; default) or structural (Markdown blocks)'),
        background: backgroundSchema.optional(),
      },
      outputSchema: {
        job_id: z.string(),
        status: z.string().optional(),
        knowledge_base: z.string().optional(),
        documents: z
          .array(z.object({ id: z.string(), document_id: z.string(), chunks: z.number().int(), status: z.enum(['added', 'replaced', 'unchanged']) }))
          .optional()
          .describe('Per document: its id, stored document_id, chunk count and what happened'),
        chunks: z.number().int().optional().describe('Chunks of all documents'),
        embedded: z.number().int().optional().describe('Chunk texts sent to the embedding provider (not cached)'),
        skipped: z.number().int().optional().describe('Documents unchanged since they were added'),
        usage: embeddingCostShape.usage.optional(),
        cost_usd: embeddingCostShape.cost_usd.optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<AddDocumentsInput, AddDocumentsResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          const record = await loadKnowledgeBase(deps, args.knowledge_base);
          const knowledgeBase = knowledgeBaseRef(deps, record);
          const chunkSize = args.chunk_size ?? DEFAULT_CHUNK_SIZE;
          const chunkOverlap = args.chunk_overlap ?? Math.min(DEFAULT_CHUNK_OVERLAP, Math.floor(chunkSize / 2));
          if (chunkOverlap > chunkSize / 2) throw new ToolInputError(`chunk_overlap ${chunkOverlap} is more than half of chunk_size ${chunkSize}`);
          const fields: Record<string, FieldType> = { ...record.fields };
          const documents: IngestDocument[] = [];
          for (const [index, document] of args.documents.entries()) {
            const where = `documents[${index}]`;
            if ((document.text === undefined) === (document.document_id === undefined)) throw new ToolInputError(`${where}: give exactly one of text or document_id`);
            let documentId: string;
            if (document.text !== undefined) {
              documentId = (await resolveDocument(deps, { document: document.text }, `${where}.text`)).documentId;
            } else {
              documentId = document.document_id!;
              if ((await deps.blobs.get(documentId)) === undefined) throw new ToolInputError(`${where}.document_id "${documentId}" is unknown here: send the text instead`);
            }
            try {
              Object.assign(fields, metadataFieldTypes(document.metadata ?? {}, fields, `${where}.metadata`));
            } catch (error) {
              if (error instanceof FilterError) throw new ToolInputError(error.message);
              throw error;
            }
            const key = document.id ?? documentId;
            if (documents.some((each) => each.key === key)) throw new ToolInputError(`${where}: id "${key}" appears twice in this call`);
            documents.push({ key, documentId, metadata: (document.metadata ?? {}) as Record<string, MetadataValue> });
          }
          if (Object.keys(fields).length > Object.keys(record.fields).length) await deps.knowledgeBases.put({ ...record, fields });
          return {
            workflow: addDocumentsWorkflow,
            description: `${record.name}: ${documents.length} document${documents.length === 1 ? '' : 's'}`,
            input: { knowledgeBase: { ...knowledgeBase, fields }, documents, chunking: { strategy: args.strategy ?? 'semantic', chunkSize, chunkOverlap }, tool: TOOL },
          };
        },
        present: (result) => ({ ...result, status: 'completed' }),
      }),
  );
}
