// Embedding-aware semantic chunking as an activity: the document's sentences are embedded (batched,
// cached by text, recorded in the usage ledger), each neighbouring pair's similarity is measured,
// and the chunker cuts where they differ most. Only chunk spans leave the activity.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { chunkDocument } from '../core/chunking/chunk-document.ts';
import type { SemanticChunkingInput, SemanticChunkingResult } from '../core/chunking/semantic-job-types.ts';
import { neighbourSimilarities, semanticSentenceStarts } from '../core/chunking/sentence-similarity.ts';
import { embedTexts } from '../core/knowledge/embed-texts.ts';
import type { ActivityDeps } from './deps.ts';
import { toApplicationFailure, withHeartbeat } from './provider-call.ts';

export function createSemanticChunkingActivities(deps: ActivityDeps) {
  return {
    async chunkBySentenceEmbeddings(input: SemanticChunkingInput): Promise<Omit<SemanticChunkingResult, 'job_id'>> {
      const model = deps.registry.get(input.embedding.model);
      if (!model) throw ApplicationFailure.nonRetryable(`unknown embedding model ${input.embedding.model}`, 'InvalidJobInput');
      const text = await deps.blobs.get(input.documentId);
      if (text === undefined) throw ApplicationFailure.nonRetryable(`document ${input.documentId} is no longer stored; send its text again`, 'DocumentNotFound');
      const starts = semanticSentenceStarts(text);
      const sentences = starts.map((start, index) => text.slice(start, starts[index + 1] ?? text.length).trim());
      const nonBlank = sentences.filter((sentence) => sentence.length > 0);
      const embedded = await withHeartbeat(deps, model.provider, (signal) =>
        embedTexts(nonBlank, { providers: deps.providers, model, cache: deps.embeddingCache, ledger: deps.ledger, tool: input.tool, jobId: Context.current().info.workflowExecution?.workflowId, signal }),
      ).catch((error: unknown) => {
        throw toApplicationFailure(error);
      });
      let next = 0;
      const vectors = sentences.map((sentence) => (sentence.length > 0 ? embedded.vectors[next++] : undefined));
      const chunked = chunkDocument(text, {
        strategy: 'semantic',
        chunkSize: input.chunkSize,
        chunkOverlap: input.chunkOverlap,
        model: input.tokenizer ? { tokenizer: input.tokenizer } : undefined,
        sentenceSimilarities: neighbourSimilarities(vectors),
      });
      return {
        document_id: input.documentId,
        chunks: chunked.chunks.map(({ index, start, end, tokens }) => ({ index, start, end, tokens })),
        total_tokens: chunked.total_tokens,
        tokenizer: chunked.tokenizer,
        sentences: sentences.length,
        embedded: embedded.embedded,
        embedding_model: `${model.provider}/${model.id}`,
        usage: { input_tokens: embedded.inputTokens },
        cost_usd: embedded.costUsd,
      };
    },
  };
}
