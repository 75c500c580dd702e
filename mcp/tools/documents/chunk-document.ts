// chunk_document: splits a document into chunks that fit a token budget. Pure work answers in the
// MCP layer without a job; the semantic strategy with an embedding provider configured is a job,
// because embedding the document's sentences is paid provider work.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CHUNK_STRATEGIES, chunkDocument } from '../../../core/chunking/chunk-document.ts';
import type { SemanticChunkingInput, SemanticChunkingResult } from '../../../core/chunking/semantic-job-types.ts';
import type { ModelEntry } from '../../../core/models/registry.ts';
import { semanticChunkingWorkflow } from '../../../workflows/index.ts';
import { callPolicy } from '../../call-policy.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape, resolveDocument } from '../../document-input.ts';
import { chunkSizeSchema, documentJobId } from '../../document-job-args.ts';
import { chooseEmbeddingModel } from '../../knowledge-args.ts';
import { resolveModel } from '../../resolve-target.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { modelSchema } from '../../schemas.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

const TOOL = 'chunk_document';

/** Also what process_document_batch takes for its chunk operation. */
export const chunkOptionsShape = {
  strategy: z.enum(CHUNK_STRATEGIES).optional().describe('token, semantic (sentences, paragraphs) or structural (Markdown blocks; default)'),
  chunk_overlap: z.number().int().min(0).optional().describe('Tokens shared by consecutive chunks, at most half of chunk_size (default 100)'),
};
const BOUNDARIES = ['embeddings', 'sentences'] as const;

export const chunkResultShape = {
  document_id: z.string().describe('Refer to the document by this id in later calls'),
  strategy: z.enum(CHUNK_STRATEGIES).optional(),
  boundaries: z.enum(BOUNDARIES).optional().describe('Semantic: cuts at the largest similarity drops between sentence embeddings, or at sentence and paragraph ends alone'),
  chunks: z
    .array(
      z.object({
        index: z.number().int(),
        text: z.string().describe('Exactly document.slice(start, end)'),
        start: z.number().int().describe('Offset of the first character (UTF-16 code units)'),
        end: z.number().int().describe('Offset after the last character'),
        tokens: z.number().int().describe('Tokens by the tokenizer named in `tokenizer`'),
        heading_path: z.array(z.string()).optional().describe('Structural: the Markdown headings in force where the chunk starts'),
      }),
    )
    .optional()
    .describe('Chunks in document order; consecutive chunks share up to chunk_overlap tokens'),
  count: z.number().int().optional(),
  total_tokens: z.number().int().optional().describe('Tokens of the whole document'),
  tokenizer: z.string().optional().describe('Tokenizer that measured the chunks'),
  job_id: z.string().optional().describe('Embedding job (Temporal workflow id)'),
  status: z.string().optional().describe('completed, or running when the job outlasted the wait'),
  embedded: z.number().int().optional().describe('Sentences sent to the embedding provider (the rest were cached)'),
  usage: z.object({ input_tokens: z.number().int() }).optional().describe('Tokens embedded'),
  cost_usd: z.number().optional().describe('Embedding cost'),
};

/** The embedding model the knowledge bases would use, when its provider has a key. */
function configuredEmbeddingModel(deps: McpDeps): ModelEntry | undefined {
  try {
    const model = chooseEmbeddingModel(deps, undefined);
    return deps.providers.isConfigured(model.provider) ? model : undefined;
  } catch (error) {
    if (error instanceof ToolInputError) return undefined;
    throw error;
  }
}

export function registerChunkDocumentTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Chunk document',
      description:
        'Split a document into chunks of at most chunk_size tokens: token windows, sentence/paragraph boundaries (at the largest shifts in meaning, given an embedding provider) or Markdown structure.',
      inputSchema: {
        ...documentInputShape,
        strategy: chunkOptionsShape.strategy,
        chunk_size: chunkSizeSchema.optional().describe('Tokens per chunk (default 1000)'),
        chunk_overlap: chunkOptionsShape.chunk_overlap,
        model: modelSchema.optional().describe("Measure tokens with this model's tokenizer (default o200k_base)"),
      },
      outputSchema: chunkResultShape,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => {
      const strategy = args.strategy ?? 'structural';
      const chunkSize = args.chunk_size ?? 1000;
      const chunkOverlap = args.chunk_overlap ?? Math.min(100, Math.floor(chunkSize / 2));
      const prepareChunking = async () => {
        if (chunkOverlap > chunkSize / 2) throw new ToolInputError(`chunk_overlap (${chunkOverlap}) must be at most half of chunk_size (${chunkSize})`);
        const model = args.model === undefined ? undefined : resolveModel(deps, undefined, args.model);
        return { model, document: await resolveDocument(deps, args) };
      };
      const embedding = strategy === 'semantic' ? configuredEmbeddingModel(deps) : undefined;
      if (embedding) {
        let text = '';
        return runJobTool<SemanticChunkingInput, SemanticChunkingResult>(deps, extra, {
          tool: TOOL,
          background: false,
          prepare: async () => {
            const { model, document } = await prepareChunking();
            text = document.text;
            const input: SemanticChunkingInput = {
              documentId: document.documentId,
              embedding: { provider: embedding.provider, model: embedding.id, policy: callPolicy(deps, embedding.provider) },
              chunkSize,
              chunkOverlap,
              ...(model?.tokenizer ? { tokenizer: model.tokenizer } : {}),
              tool: TOOL,
            };
            return {
              workflow: semanticChunkingWorkflow,
              description: `${embedding.provider}/${embedding.id}: semantic chunks of ${document.documentId} (${document.bytes} bytes)`,
              input,
              jobId: documentJobId(TOOL, document.documentId),
              memo: { document_id: document.documentId },
              handle: { document_id: document.documentId },
            };
          },
          present: (result) => ({
            document_id: result.document_id,
            strategy,
            boundaries: 'embeddings',
            chunks: result.chunks.map((chunk) => ({ ...chunk, text: text.slice(chunk.start, chunk.end) })),
            count: result.chunks.length,
            total_tokens: result.total_tokens,
            tokenizer: result.tokenizer,
            job_id: result.job_id,
            status: 'completed',
            embedded: result.embedded,
            usage: result.usage,
            cost_usd: result.cost_usd,
          }),
        });
      }
      try {
        const { model, document } = await prepareChunking();
        const chunked = chunkDocument(document.text, { strategy, chunkSize, chunkOverlap, model });
        return toolResult({
          document_id: document.documentId,
          strategy,
          ...(strategy === 'semantic' ? { boundaries: 'sentences' } : {}),
          chunks: chunked.chunks,
          count: chunked.chunks.length,
          total_tokens: chunked.total_tokens,
          tokenizer: chunked.tokenizer,
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`${TOOL}: ${error.message}`);
        throw error;
      }
    },
  );
}
