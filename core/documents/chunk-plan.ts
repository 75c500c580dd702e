// A document job's chunk plan: the offsets and token counts of its chunks, never their text. Made
// the same way wherever it is made (by the MCP layer before a job starts, or by the planning
// activity when the job did not bring one), so a job's chunks do not depend on where it was planned.
import { chunkDocument } from '../chunking/chunk-document.ts';
import type { ChunkPlan, ChunkPlanInput } from '../jobs/document-types.ts';

export function planDocumentChunks(text: string, input: Omit<ChunkPlanInput, 'documentId'>): ChunkPlan {
  const chunked = chunkDocument(text, {
    strategy: input.strategy,
    chunkSize: input.chunkSize,
    chunkOverlap: input.chunkOverlap,
    model: { tokenizer: input.tokenizer },
  });
  return {
    chunks: chunked.chunks.map(({ text: _text, ...span }) => span),
    total_tokens: chunked.total_tokens,
    tokenizer: chunked.tokenizer,
  };
}
