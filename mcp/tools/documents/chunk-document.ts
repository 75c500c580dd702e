// chunk_document: splits a document into chunks that fit a token budget. Pure work, so it answers in
// the MCP layer without a job.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CHUNK_STRATEGIES, chunkDocument } from '../../../core/chunking/chunk-document.ts';
import type { McpDeps } from '../../deps.ts';
import { documentInputShape, resolveDocument } from '../../document-input.ts';
import { chunkSizeSchema } from '../../document-job-args.ts';
import { resolveModel } from '../../resolve-target.ts';
import { modelSchema } from '../../schemas.ts';
import { ToolInputError, toolError, toolResult } from '../../tool-result.ts';

const TOOL = 'chunk_document';

export const chunkResultShape = {
  document_id: z.string().describe('Refer to the document by this id in later calls'),
  strategy: z.enum(CHUNK_STRATEGIES),
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
    .describe('Chunks in document order; consecutive chunks share up to chunk_overlap tokens'),
  count: z.number().int(),
  total_tokens: z.number().int().describe('Tokens of the whole document'),
  tokenizer: z.string().describe('Tokenizer that measured the chunks'),
};

export function registerChunkDocumentTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Chunk document',
      description: 'Split a document into chunks of at most chunk_size tokens: token windows, sentence/paragraph boundaries, or Markdown structure (code, tables and lists kept whole).',
      inputSchema: {
        ...documentInputShape,
        strategy: z.enum(CHUNK_STRATEGIES).optional().describe('token, semantic (sentences, paragraphs) or structural (Markdown blocks; default)'),
        chunk_size: chunkSizeSchema.optional().describe('Tokens per chunk (default 1000)'),
        chunk_overlap: z.number().int().min(0).optional().describe('Tokens shared by consecutive chunks, at most half of chunk_size (default 100)'),
        model: modelSchema.optional().describe("Measure tokens with this model's tokenizer (default o200k_base)"),
      },
      outputSchema: chunkResultShape,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => {
      const strategy = args.strategy ?? 'structural';
      const chunkSize = args.chunk_size ?? 1000;
      const chunkOverlap = args.chunk_overlap ?? Math.min(100, Math.floor(chunkSize / 2));
      try {
        if (chunkOverlap > chunkSize / 2) throw new ToolInputError(`chunk_overlap (${chunkOverlap}) must be at most half of chunk_size (${chunkSize})`);
        const model = args.model === undefined ? undefined : resolveModel(deps, undefined, args.model);
        const document = await resolveDocument(deps, args);
        const chunked = chunkDocument(document.text, { strategy, chunkSize, chunkOverlap, model });
        return toolResult({ document_id: document.documentId, strategy, chunks: chunked.chunks, count: chunked.chunks.length, total_tokens: chunked.total_tokens, tokenizer: chunked.tokenizer });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`${TOOL}: ${error.message}`);
        throw error;
      }
    },
  );
}
