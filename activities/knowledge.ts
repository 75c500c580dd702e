// Knowledge-base I/O as activities: plan a document (chunk it, see whether it changed), embed and
// upsert one batch of its chunks, drop chunks left over from an older version, and search. Point
// ids come from the knowledge base, the document and the chunk index, so a retried activity or a
// repeated ingestion overwrites instead of duplicating.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { chunkDocument } from '../core/chunking/chunk-document.ts';
import { embedTexts } from '../core/knowledge/embed-texts.ts';
import type { AddDocumentsInput, EmbedBatchInput, EmbedBatchResult, IngestDocument, KnowledgeBaseRef, KnowledgeHit, KnowledgeSearchInput, KnowledgeSearchResult, PlannedDocument } from '../core/knowledge/job-types.ts';
import { pointId } from '../core/vectors/point-id.ts';
import { VectorStoreError, type CollectionMaintenance, type ScoredPoint, type VectorFilter } from '../core/vectors/types.ts';
import type { ActivityDeps } from './deps.ts';
import { toApplicationFailure, withHeartbeat } from './provider-call.ts';

const UPKEEP_HEARTBEAT_MS = 5_000;

/** Hidden field on every chunk: which text, chunking and metadata produced it. */
const VERSION_FIELD = '_version';

function documentFilter(key: string, extra: VectorFilter = []): VectorFilter {
  return [{ field: 'document_id', type: 'string', match: { equals: key } }, ...extra];
}

function visibleMetadata(metadata: ScoredPoint['metadata']): ScoredPoint['metadata'] {
  return Object.fromEntries(Object.entries(metadata).filter(([field]) => !field.startsWith('_')));
}

/** Store refusals (a changed embedding dimension, a bad name) cannot be fixed by retrying. */
function storeFailure(error: unknown): unknown {
  if (error instanceof VectorStoreError) return ApplicationFailure.create({ type: 'VectorStoreRejected', message: error.message, nonRetryable: true });
  return toApplicationFailure(error);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(error);
  }
}

function jobIdOfActivity(): string | undefined {
  return Context.current().info.workflowExecution?.workflowId;
}

export function createKnowledgeActivities(deps: ActivityDeps) {
  const modelOf = (knowledgeBase: KnowledgeBaseRef) => {
    const model = deps.registry.get(knowledgeBase.embedding.model);
    if (!model) throw ApplicationFailure.nonRetryable(`unknown embedding model ${knowledgeBase.embedding.model}`, 'InvalidJobInput');
    return model;
  };

  const embed = (knowledgeBase: KnowledgeBaseRef, texts: string[], tool: string) =>
    withHeartbeat(deps, knowledgeBase.embedding.provider, (signal) =>
      embedTexts(texts, { providers: deps.providers, model: modelOf(knowledgeBase), cache: deps.embeddingCache, ledger: deps.ledger, tool, jobId: jobIdOfActivity(), signal }),
    );

  return {
    async planKnowledgeDocument(input: Pick<AddDocumentsInput, 'knowledgeBase' | 'chunking'> & { document: IngestDocument }): Promise<PlannedDocument> {
      return guarded(async () => {
        const { knowledgeBase, chunking, document } = input;
        const text = await deps.blobs.get(document.documentId);
        if (text === undefined) throw ApplicationFailure.nonRetryable(`document ${document.documentId} is no longer stored; send its text again`, 'DocumentNotFound');
        const chunks = chunkDocument(text, { ...chunking, model: modelOf(knowledgeBase) }).chunks.filter((chunk) => chunk.text.trim().length > 0);
        const version = createHash('sha256')
          .update(JSON.stringify([document.documentId, chunking, document.metadata, knowledgeBase.embedding.model]))
          .digest('hex')
          .slice(0, 32);
        const stored = await deps.blobs.put(JSON.stringify(chunks.map((chunk) => chunk.text)));
        const exists = (await deps.vectors.describeCollection(knowledgeBase.collection)) !== undefined;
        const present = exists ? await deps.vectors.count(knowledgeBase.collection, documentFilter(document.key)) : 0;
        const current = present > 0 && present === chunks.length ? await deps.vectors.count(knowledgeBase.collection, documentFilter(document.key, [{ field: VERSION_FIELD, type: 'string', match: { equals: version } }])) : 0;
        return { key: document.key, unchanged: present > 0 && current === chunks.length, existed: present > 0, chunkCount: chunks.length, chunksBlobId: stored.id, version };
      });
    },

    async embedKnowledgeBatch(input: EmbedBatchInput): Promise<EmbedBatchResult> {
      const { knowledgeBase, document, plan } = input;
      const stored = await deps.blobs.get(plan.chunksBlobId);
      if (stored === undefined) throw ApplicationFailure.nonRetryable(`chunks of ${document.key} are no longer stored`, 'DocumentNotFound');
      const texts = (JSON.parse(stored) as string[]).slice(input.start, input.end);
      const embedded = await embed(knowledgeBase, texts, input.tool).catch((error: unknown) => {
        throw storeFailure(error);
      });
      return guarded(async () => {
        const collection = knowledgeBase.collection;
        await deps.vectors.createCollection(collection, embedded.vectors[0]!.length);
        await deps.vectors.ensureFields(collection, { ...knowledgeBase.fields, [VERSION_FIELD]: 'string' });
        await deps.vectors.upsert(
          collection,
          texts.map((text, offset) => ({
            id: pointId(collection, document.key, input.start + offset),
            vector: embedded.vectors[offset]!,
            text,
            documentId: document.key,
            chunkIndex: input.start + offset,
            metadata: { ...document.metadata, [VERSION_FIELD]: plan.version },
          })),
        );
        return { embedded: embedded.embedded, inputTokens: embedded.inputTokens, costUsd: embedded.costUsd };
      });
    },

    /** Removes chunks of an older version that the new one did not overwrite (it has fewer chunks). */
    async finishKnowledgeDocument(input: { knowledgeBase: KnowledgeBaseRef; plan: PlannedDocument }): Promise<void> {
      await guarded(() => deps.vectors.deleteWhere(input.knowledgeBase.collection, documentFilter(input.plan.key, [{ field: 'chunk_index', type: 'number', match: { range: { gte: input.plan.chunkCount } } }])));
    },

    /** Index upkeep once a job has written (see core/vectors/lance-index.ts); searches are not held up by it. */
    async maintainKnowledgeBase(input: { knowledgeBase: KnowledgeBaseRef }): Promise<CollectionMaintenance | undefined> {
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), UPKEEP_HEARTBEAT_MS);
      try {
        const upkeep = await guarded(async () => deps.vectors.maintainCollection?.(input.knowledgeBase.collection));
        if (upkeep) deps.logger.info({ knowledgeBase: input.knowledgeBase.name, ...upkeep }, 'knowledge base index upkeep');
        return upkeep;
      } finally {
        clearInterval(timer);
      }
    },

    async searchKnowledge(input: KnowledgeSearchInput): Promise<Omit<KnowledgeSearchResult, 'job_id'>> {
      const { knowledgeBase } = input;
      const described = await guarded(() => deps.vectors.describeCollection(knowledgeBase.collection));
      if (!described) return { results: [], usage: { input_tokens: 0 }, cost_usd: 0 };
      const embedded = await embed(knowledgeBase, [input.query], input.tool);
      const vector = embedded.vectors[0]!;
      const points = await guarded(async () => {
        if (vector.length !== described.dimension) {
          throw new VectorStoreError(
            `knowledge base "${knowledgeBase.name}" holds vectors of dimension ${described.dimension}, but ${knowledgeBase.embedding.provider}/${knowledgeBase.embedding.model} now returns ${vector.length}: re-create the knowledge base`,
          );
        }
        const options = { topK: input.topK, filter: input.filter };
        return input.mode === 'hybrid'
          ? deps.vectors.hybridSearch(knowledgeBase.collection, vector, input.query, { ...options, semanticWeight: input.semanticWeight ?? 0.5 })
          : deps.vectors.search(knowledgeBase.collection, vector, options);
      });
      const results: KnowledgeHit[] = points
        .filter((point) => input.minScore === undefined || point.score >= input.minScore)
        .map((point) => ({
          id: `${point.documentId}#${point.chunkIndex}`,
          document_id: point.documentId,
          chunk_index: point.chunkIndex,
          text: point.text,
          score: Math.round(point.score * 1e6) / 1e6,
          ...(point.semanticScore !== undefined ? { semantic_score: Math.round(point.semanticScore * 1e6) / 1e6 } : {}),
          ...(point.keywordScore !== undefined ? { keyword_score: Math.round(point.keywordScore * 1e6) / 1e6 } : {}),
          metadata: visibleMetadata(point.metadata),
        }));
      return { results, usage: { input_tokens: embedded.inputTokens }, cost_usd: embedded.costUsd };
    },
  };
}
